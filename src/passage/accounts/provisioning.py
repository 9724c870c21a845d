# SPDX-License-Identifier: EUPL-1.2
"""Provisioners for the OpenID login (``PASSAGE_IDENTITY_PROVISIONERS``): given the national
register number the provider vouched for (claim ``egovNRN``) and the other claims, return the
user to log in, or None to let the next provisioner try (docs/access.md, "Workers").

The number itself is never stored or logged here: workers are found by its keyed pseudonym
(``passage.casework.crypto.nrn_pseudonymise``), and the login's username is derived from that
pseudonym.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from passage.accounts.models import Profile, Role

logger = logging.getLogger(__name__)

#: Usernames of worker logins: a prefix and the first characters of the pseudonym.
USERNAME_PREFIX = "worker-"
_USERNAME_PSEUDONYM_CHARS = 24


def _name(claims: dict[str, Any], key: str) -> str:
    value = claims.get(key)
    return value.strip()[:150] if isinstance(value, str) else ""


@transaction.atomic
def worker_user_for_nrn(nrn: str, claims: dict[str, Any]) -> Any:
    """The ``worker`` login of the person with this national register number, created on
    first use, if a casework worker with that number is in an application that was submitted
    (not a draft: a draft is still the employer's business); None otherwise.

    The login is linked to the worker of the most recent such application. A person whose
    employers filed for them under several worker records sees that record's applications
    (one record per employer; see docs/access.md, "Limits")."""
    from passage.casework.crypto import nrn_is_valid, nrn_normalise, nrn_pseudonymise
    from passage.casework.models import Application, State

    number = nrn_normalise(nrn) if isinstance(nrn, str) else ""
    if not nrn_is_valid(number):
        return None
    pseudonym = nrn_pseudonymise(number)
    existing = (
        Profile.objects.select_related("user")
        .filter(role=Role.WORKER, worker__national_register_pseudonym=pseudonym)
        .order_by("-worker_id")
        .first()
    )
    if existing is not None:
        return existing.user if existing.user.is_active else None
    application = (
        Application.objects.filter(worker__national_register_pseudonym=pseudonym)
        .exclude(state=State.DRAFT)
        .select_related("worker")
        .order_by("-submitted_at", "-id")
        .first()
    )
    if application is None:
        return None
    from passage.accounts.services import user_create_with_role

    user = user_create_with_role(
        username=f"{USERNAME_PREFIX}{pseudonym[:_USERNAME_PSEUDONYM_CHARS]}",
        role=Role.WORKER,
        worker=application.worker,
        actor=None,
    )
    user_model: Any = get_user_model()
    given, family = _name(claims, "givenName"), _name(claims, "surname")
    if given or family:
        user_model.objects.filter(pk=user.pk).update(first_name=given, last_name=family)
    logger.info("worker login %s provisioned", user.pk)
    return user_model.objects.select_related("profile").get(pk=user.pk)
