# SPDX-License-Identifier: EUPL-1.2
"""Reads: who a federal login is."""

from __future__ import annotations

from passage.identity.models import FederalIdentity


def federal_identity_get(*, nrn_pseudonym: str) -> FederalIdentity | None:
    return (
        FederalIdentity.objects.select_related("user", "user__profile")
        .filter(nrn_pseudonym=nrn_pseudonym)
        .first()
    )


def federal_identity_list_for_user(*, user_id: int) -> list[FederalIdentity]:
    return list(FederalIdentity.objects.filter(user_id=user_id).order_by("created_at"))
