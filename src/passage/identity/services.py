# SPDX-License-Identifier: EUPL-1.2
"""Writes: linking federal identities to users, recording logins, logouts and refusals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from passage.audit.services import audit_record
from passage.casework.crypto import nrn_pseudonymise, nrn_validate
from passage.identity.demo import DEMO_IDENTITIES
from passage.identity.models import FederalIdentity, LoginReplayGuard
from passage.identity.selectors import federal_identity_get

#: Codes live a minute and ID tokens minutes: after a day their own expiry refuses them.
REPLAY_GUARD_KEEP = dt.timedelta(days=1)


def replay_guard_claim(*, kind: str, digest: str) -> bool:
    """Record that a code or ID token (by digest) is used; False when it already was.

    Called outside the request's other writes, in autocommit: the row stays even when the
    login is refused afterwards, because the code is spent at the provider too."""
    now = timezone.now()
    try:
        with transaction.atomic():
            LoginReplayGuard.objects.create(kind=kind, digest=digest, used_at=now)
    except IntegrityError:
        return False
    if kind == LoginReplayGuard.Kind.CODE:
        # Once per login (each has one code) is enough to keep the table to a day's logins.
        LoginReplayGuard.objects.filter(used_at__lt=now - REPLAY_GUARD_KEEP).delete()
    return True


@transaction.atomic
def federal_identity_link(
    *, user: Any, nrn: str, fedid: str = "", actor: Any = None
) -> FederalIdentity:
    """Link the person with national register number ``nrn`` to ``user`` (idempotent for the
    same user). Raises ValidationError naming ``national_register_number`` for a bad number,
    ValueError when the number is linked to another user."""
    number = nrn_validate(nrn)
    pseudonym = nrn_pseudonymise(number)
    existing = FederalIdentity.objects.filter(nrn_pseudonym=pseudonym).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise ValueError("this national register number is linked to another user")
        return existing
    identity = FederalIdentity.objects.create(user=user, nrn_pseudonym=pseudonym, fedid=fedid)
    audit_record(
        actor=actor,
        action="identity.link",
        object_type="user",
        object_id=user.pk,
        details={"federal_identity_id": identity.pk},
    )
    return identity


@transaction.atomic
def federal_login_resolve(*, nrn: str, claims: dict[str, Any]) -> Any:
    """The active user this federal login is, or None (the no-access page). A person unknown
    to Passage is offered to each of ``PASSAGE_IDENTITY_PROVISIONERS`` in turn."""
    pseudonym = nrn_pseudonymise(nrn)
    identity = federal_identity_get(nrn_pseudonym=pseudonym)
    fedid = str(claims.get("fedid") or "")[:128]
    if identity is None:
        user = None
        for path in settings.PASSAGE_IDENTITY_PROVISIONERS:
            user = import_string(path)(nrn, claims)
            if user is not None:
                break
        if user is None:
            return None
        identity = federal_identity_link(user=user, nrn=nrn, fedid=fedid)
    identity.last_login_at = timezone.now()
    if fedid:
        identity.fedid = fedid
    identity.save(update_fields=["last_login_at", "fedid"])
    user = identity.user
    # The name the federal login vouches for is the one pages show (the header, who acted);
    # kept as the register has it, updated when it changes there.
    given = str(claims.get("givenName") or "")[:150]
    surname = str(claims.get("surname") or "")[:150]
    if given and surname and (user.first_name, user.last_name) != (given, surname):
        user.first_name, user.last_name = given, surname
        user.save(update_fields=["first_name", "last_name"])
    return user if user.is_active else None


def login_event_record(
    *, actor: Any, action: str, user_id: int | None = None, details: dict[str, Any] | None = None
) -> None:
    """One audit entry for a login, logout or refusal (no tokens, codes or numbers)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=action,
            object_type="user" if user_id is not None else "login",
            object_id=user_id if user_id is not None else "federal",
            details=details or {},
        )


@dataclass
class DemoLinkSummary:
    linked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        line = f"Federal login: {len(self.linked)} demo identities linked to their logins"
        if self.missing:
            line += f"; no login yet for {', '.join(self.missing)}"
        return line + "."


@transaction.atomic
def demo_identities_link() -> DemoLinkSummary:
    """Link each demo identity of the local provider to its demo login, where the login
    exists (``passage data demo``; safe to run again)."""
    user_model: Any = get_user_model()
    users = {
        u.username: u
        for u in user_model.objects.filter(
            username__in=[d.username for d in DEMO_IDENTITIES if d.username]
        )
    }
    summary = DemoLinkSummary()
    for demo in DEMO_IDENTITIES:
        if demo.username is None:
            continue
        user = users.get(demo.username)
        if user is None:
            summary.missing.append(demo.username)
            continue
        federal_identity_link(user=user, nrn=demo.nrn, fedid=demo.fedid)
        summary.linked.append(demo.username)
    return summary
