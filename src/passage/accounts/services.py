# SPDX-License-Identifier: EUPL-1.2
"""Writes: employer organisations, people with a role, and the demo logins."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passage.accounts.models import (
    Mandate,
    MandateService,
    MemberRole,
    Organisation,
    PortalRole,
    Profile,
    Region,
    Role,
    enterprise_number_is_valid,
    normalise_enterprise_number,
)
from passage.audit.services import audit_record

DEMO_PASSWORD_ENV = "PASSAGE_DEMO_PASSWORD"  # noqa: S105 (the variable's name, not a password)
DEMO_LOGINS_FILE = "demo-logins.txt"


def _actor_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _invalid_enterprise_number(value: Any) -> ValidationError:
    return ValidationError(
        {
            "enterprise_number": ValidationError(
                "%(value)s is not a valid Belgian enterprise number "
                "(ten digits starting 0 or 1; the last two are 97 minus the first eight "
                "modulo 97)",
                params={"value": value},
                code="invalid_enterprise_number",
            )
        }
    )


@transaction.atomic
def organisation_create(
    *,
    enterprise_number: str | None = None,
    name: str,
    actor: Any,
    country: str = "BE",
    foreign_identifier: str = "",
) -> Organisation:
    """Register an employer or an agent. The enterprise number may be given in any printed
    form ('BE0123.456.749'); it is stored as ten digits once its mod-97 check digits hold.

    A foreign employer without a Belgian enterprise number gives its ``country`` (ISO 3166-1
    alpha-2, not BE) and its home register's ``foreign_identifier`` instead; it files only
    through a mandate (Working in Belgium; docs/access.md)."""
    number: str | None = None
    if enterprise_number not in (None, ""):
        number = normalise_enterprise_number(str(enterprise_number))
        if not enterprise_number_is_valid(number):
            raise _invalid_enterprise_number(enterprise_number)
    country = (country or "").strip().upper()
    foreign_identifier = " ".join((foreign_identifier or "").split())
    if len(country) != 2 or not country.isascii() or not country.isalpha():
        raise ValidationError({"country": f"{country!r} is not an ISO 3166-1 alpha-2 code"})
    if number is None:
        if country == "BE":
            raise ValidationError(
                {"enterprise_number": "a Belgian organisation needs its enterprise number"}
            )
        if not foreign_identifier:
            raise ValidationError(
                {
                    "foreign_identifier": "an organisation without a Belgian enterprise number "
                    "needs its home country's company identifier"
                }
            )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "must not be empty"})
    if number is not None and Organisation.objects.filter(enterprise_number=number).exists():
        raise ValidationError(
            {"enterprise_number": f"an organisation with enterprise number {number} exists"}
        )
    if (
        foreign_identifier
        and Organisation.objects.filter(
            country=country, foreign_identifier=foreign_identifier
        ).exists()
    ):
        raise ValidationError(
            {"foreign_identifier": f"an organisation {country} {foreign_identifier} exists"}
        )
    organisation = Organisation(
        enterprise_number=number,
        name=name,
        country=country,
        foreign_identifier=foreign_identifier,
    )
    organisation.full_clean()
    with pghistory.context(actor=_actor_id(actor), action="organisation.create"):
        organisation.save()
    audit_record(
        actor=actor,
        action="organisation.create",
        object_type="organisation",
        object_id=organisation.pk,
        details=(
            {"enterprise_number": number}
            if number is not None
            else {"country": country, "foreign_identifier": foreign_identifier}
        ),
    )
    return organisation


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    role: str,
    organisation: Organisation | None = None,
    region: str | None = None,
    worker: Any = None,
    password: str | None = None,
    actor: Any = None,
) -> Any:
    """Create a login with its role. Employer members need an ``organisation``, regional
    officers a ``region``; other roles have neither. Administrators get Django's staff and
    superuser rights (the admin site). Without ``password`` the login cannot sign in until one
    is set. Raises ValidationError naming the field."""
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not one of {', '.join(Role.values)}"})
    region = region or ""
    if region and region not in Region.values:
        raise ValidationError({"region": f"{region!r} is not one of {', '.join(Region.values)}"})
    user_model: Any = get_user_model()
    user = user_model(username=username)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    # full_clean checks the username (characters, length, uniqueness) and names the field.
    user.full_clean(exclude=["password"])
    profile = Profile(user=user, role=role, organisation=organisation, region=region, worker=worker)
    profile.full_clean(exclude=["user"])
    with pghistory.context(actor=_actor_id(actor), action="user.create"):
        user.save()
        profile.user = user
        profile.save()
    audit_record(
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.pk,
        details={
            "role": role,
            "region": region,
            "organisation_id": organisation.pk if organisation else None,
            **({"worker_id": worker.pk} if worker is not None else {}),
        },
    )
    return user


# Two demo employers with real-looking enterprise numbers (check digits computed, not
# registered to any real company as far as the demo is concerned).
DEMO_ORGANISATIONS = (
    ("0403170701", "Demo Logistics NV"),
    ("0888999357", "Demo Software BV"),
)


def _demo_accounts() -> list[dict[str, Any]]:
    accounts: list[dict[str, Any]] = [
        {"username": f"demo-employer-{index}", "role": Role.EMPLOYER_MEMBER, "organisation": n}
        for index, (n, _) in enumerate(DEMO_ORGANISATIONS, start=1)
    ]
    accounts += [
        {
            "username": f"demo-officer-{region.value.replace('_', '-')}",
            "role": Role.REGIONAL_OFFICER,
            "region": region.value,
        }
        for region in Region
    ]
    accounts += [
        {"username": "demo-immigration-officer", "role": Role.IMMIGRATION_OFFICER},
        {"username": "demo-analyst", "role": Role.ANALYST},
        {"username": "demo-administrator", "role": Role.ADMINISTRATOR},
        {"username": "demo-stakeholder", "role": Role.STAKEHOLDER},
    ]
    return accounts


def _var_dir() -> Path:
    # The same place as the embedded database and the admin password (rulebook services).
    return Path(os.environ.get("PASSAGE_VAR_DIR", Path.cwd() / "var"))


def _append_secret_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write("".join(line + "\n" for line in lines))
    # O_CREAT's mode does not apply to a file that already existed.
    path.chmod(0o600)


@dataclass
class DemoUsersSummary:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    password_file: Path | None = None

    def __str__(self) -> str:
        lines = [f"Demo logins: {len(self.created)} created, {len(self.existing)} already there."]
        if self.created and self.password_file is not None:
            lines.append(f"Their passwords are in {self.password_file} (readable only by you).")
        elif self.created:
            lines.append(f"Their password is the one in ${DEMO_PASSWORD_ENV}.")
        return "\n".join(lines)


@transaction.atomic
def demo_users_load() -> DemoUsersSummary:
    """One demo login per role: an employer member for each of two organisations, a regional
    officer per region, an Immigration Office officer, an analyst and an administrator.

    Safe to run again: existing logins are left as they are. Passwords come from
    PASSAGE_DEMO_PASSWORD (the same for all), or are generated and appended to
    var/demo-logins.txt (mode 0600); they are never logged or printed."""
    organisations = {}
    for number, name in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(enterprise_number=number).first()
        if organisation is None:
            organisation = organisation_create(enterprise_number=number, name=name, actor=None)
        organisations[number] = organisation

    shared_password = os.environ.get(DEMO_PASSWORD_ENV, "")
    summary = DemoUsersSummary()
    generated: list[str] = []
    user_model: Any = get_user_model()
    for account in _demo_accounts():
        username = account["username"]
        if user_model.objects.filter(username=username).exists():
            summary.existing.append(username)
            continue
        password = shared_password or secrets.token_urlsafe(12)
        user_create_with_role(
            username=username,
            role=account["role"],
            organisation=organisations.get(account.get("organisation", "")),
            region=account.get("region"),
            password=password,
        )
        summary.created.append(username)
        if not shared_password:
            generated.append(f"{username}\t{password}\t{account['role']}")
    if generated:
        summary.password_file = _var_dir() / DEMO_LOGINS_FILE
        # Written before the commit: if writing fails, the logins are rolled back too, rather
        # than left with passwords nobody knows. (A later rollback leaves stale lines; a rerun
        # appends fresh ones, and the last line for a login is the one that counts.)
        _append_secret_lines(summary.password_file, generated)
    return summary


# --- access management: members' portal roles ----------------------------------------------------


class MandateRequired(PermissionDenied):
    """The user may not act for that organisation today (no membership, no active mandate)."""

    field = "organisation_id"


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _is_administrator(actor: Any) -> bool:
    """An administrator, or the system itself (``actor=None``: commands and the demo loader,
    never a request, whose actor is always its user)."""
    from passage.accounts.predicates import user_role

    return actor is None or user_role(actor) == Role.ADMINISTRATOR


def _access_manager_of(actor: Any, organisation_id: int, day: dt.date) -> bool:
    from passage.accounts.selectors import employer_scope

    scope = employer_scope(actor, on=day)
    return scope.home_id == organisation_id and scope.is_access_manager


def _check_dates(valid_from: Any, valid_until: Any) -> None:
    if not isinstance(valid_from, dt.date):
        raise ValidationError({"valid_from": "must be a date (YYYY-MM-DD)"})
    if valid_until is not None and not isinstance(valid_until, dt.date):
        raise ValidationError({"valid_until": "must be a date (YYYY-MM-DD) or empty"})
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": "must not be before valid_from"})


def _overlapping(qs: Any, valid_from: dt.date, valid_until: dt.date | None) -> Any:
    """Unrevoked grants of ``qs`` whose period meets [valid_from, valid_until]."""
    qs = qs.filter(revoked_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
    )
    return qs if valid_until is None else qs.filter(valid_from__lte=valid_until)


def _grant_row(row: Any, *, actor: Any, action: str, details: dict[str, Any]) -> None:
    row.full_clean()
    with pghistory.context(actor=_actor_id(actor), action=action):
        row.save()
    audit_record(
        actor=actor,
        action=action,
        object_type=row._meta.model_name,
        object_id=row.pk,
        details=details,
    )


@transaction.atomic
def member_role_grant(
    *,
    actor: Any,
    organisation: Organisation,
    user: Any,
    role: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    today: dt.date | None = None,
) -> MemberRole:
    """Give a member of ``organisation`` a portal role for a period (CSAM's access management).

    Who: the organisation's access manager (on ``today``), or an administrator — the only one
    who can designate an organisation's first access manager. That first grant puts the
    organisation under access management: its members then hold only the roles granted, so
    every member without a grant gets ``filer`` in the same transaction, which is what they
    had (the access manager may revoke it). Raises PermissionDenied or ValidationError naming
    the field."""
    day = _today(today)
    if not (_is_administrator(actor) or _access_manager_of(actor, organisation.pk, day)):
        raise PermissionDenied("only the organisation's access manager grants its roles")
    if role not in PortalRole.values:
        raise ValidationError({"role": f"{role!r} is not one of {', '.join(PortalRole.values)}"})
    _check_dates(valid_from, valid_until)
    profile = getattr(user, "profile", None) if user is not None else None
    if (
        profile is None
        or profile.role != Role.EMPLOYER_MEMBER
        or profile.organisation_id != organisation.pk
    ):
        raise ValidationError({"user": "is not a member of this organisation"})
    grants = MemberRole.objects.filter(organisation=organisation)
    if _overlapping(grants.filter(user=user, role=role), valid_from, valid_until).exists():
        raise ValidationError({"role": f"the member already holds {role} in that period"})
    becomes_managed = (
        role == PortalRole.ACCESS_MANAGER
        and not grants.filter(role=PortalRole.ACCESS_MANAGER).exists()
    )
    now = timezone.now()
    grant = MemberRole(
        organisation=organisation,
        user=user,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
        granted_by=actor if _actor_id(actor) else None,
        granted_at=now,
    )
    _grant_row(
        grant,
        actor=actor,
        action="member_role.grant",
        details={
            "organisation_id": organisation.pk,
            "user_id": user.pk,
            "role": role,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    if becomes_managed:
        granted = set(grants.values_list("user_id", flat=True))
        members = Profile.objects.filter(
            organisation=organisation, role=Role.EMPLOYER_MEMBER
        ).exclude(user_id__in=granted)
        for member in members.select_related("user"):
            _grant_row(
                MemberRole(
                    organisation=organisation,
                    user=member.user,
                    role=PortalRole.FILER,
                    valid_from=day,
                    granted_by=actor if _actor_id(actor) else None,
                    granted_at=now,
                ),
                actor=actor,
                action="member_role.grant",
                details={
                    "organisation_id": organisation.pk,
                    "user_id": member.user_id,
                    "role": PortalRole.FILER.value,
                    "valid_from": day.isoformat(),
                    "valid_until": None,
                    "carried_over": True,
                },
            )
    return grant


def _revoke(row: Any, *, actor: Any, action: str, reason: str) -> None:
    if row.revoked_at is not None:
        raise ValidationError({"revoked_at": "is already revoked"})
    row.revoked_at = timezone.now()
    row.revoked_by = actor if _actor_id(actor) else None
    if hasattr(row, "revocation_reason"):
        row.revocation_reason = reason[:500]
    with pghistory.context(actor=_actor_id(actor), action=action):
        row.save(
            update_fields=[
                "revoked_at",
                "revoked_by",
                *(["revocation_reason"] if hasattr(row, "revocation_reason") else []),
            ]
        )
    audit_record(
        actor=actor,
        action=action,
        object_type=row._meta.model_name,
        object_id=row.pk,
        details={"reason": reason[:500]} if reason else None,
    )


@transaction.atomic
def member_role_revoke(
    *, actor: Any, member_role: MemberRole, reason: str = "", today: dt.date | None = None
) -> MemberRole:
    """End a portal role now (immediately: the member's next request no longer has it)."""
    day = _today(today)
    grant = MemberRole.objects.select_for_update().get(pk=member_role.pk)
    if not (_is_administrator(actor) or _access_manager_of(actor, grant.organisation_id, day)):
        raise PermissionDenied("only the organisation's access manager revokes its roles")
    _revoke(grant, actor=actor, action="member_role.revoke", reason=reason)
    return grant


# --- mandates ----------------------------------------------------------------------------------


@transaction.atomic
def mandate_grant(
    *,
    actor: Any,
    principal: Organisation,
    agent: Organisation,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    service: str = MandateService.SINGLE_PERMIT,
    today: dt.date | None = None,
) -> Mandate:
    """The principal lets the agent act for it in ``service`` from ``valid_from`` (to
    ``valid_until``, inclusive). Granted by the principal's access manager, or an
    administrator (e.g. for a foreign employer's mandate verified on paper). The agent is a
    Belgian organisation (it has an enterprise number); the principal may be a foreign
    employer without one. Raises PermissionDenied or ValidationError naming the field."""
    day = _today(today)
    if not (_is_administrator(actor) or _access_manager_of(actor, principal.pk, day)):
        raise PermissionDenied("only the principal's access manager grants its mandates")
    if service not in MandateService.values:
        raise ValidationError(
            {"service": f"{service!r} is not one of {', '.join(MandateService.values)}"}
        )
    if agent.pk == principal.pk:
        raise ValidationError({"agent": "an organisation does not hold a mandate for itself"})
    if not agent.enterprise_number:
        raise ValidationError({"agent": "an agent is a Belgian organisation (enterprise number)"})
    _check_dates(valid_from, valid_until)
    existing = Mandate.objects.filter(principal=principal, agent=agent, service=service)
    if _overlapping(existing, valid_from, valid_until).exists():
        raise ValidationError(
            {"valid_from": "the agent already holds a mandate of this principal in that period"}
        )
    mandate = Mandate(
        principal=principal,
        agent=agent,
        service=service,
        valid_from=valid_from,
        valid_until=valid_until,
        granted_by=actor if _actor_id(actor) else None,
        granted_at=timezone.now(),
    )
    _grant_row(
        mandate,
        actor=actor,
        action="mandate.grant",
        details={
            "principal_id": principal.pk,
            "agent_id": agent.pk,
            "service": service,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return mandate


@transaction.atomic
def mandate_revoke(
    *, actor: Any, mandate: Mandate, reason: str = "", today: dt.date | None = None
) -> Mandate:
    """End a mandate now: the agent's next request no longer reaches the principal's files."""
    day = _today(today)
    row = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if not (_is_administrator(actor) or _access_manager_of(actor, row.principal_id, day)):
        raise PermissionDenied("only the principal's access manager revokes its mandates")
    _revoke(row, actor=actor, action="mandate.revoke", reason=reason)
    return row


@transaction.atomic
def principal_switch(
    *, session: Any, user: Any, organisation_id: Any, today: dt.date | None = None
) -> Organisation:
    """Act for ``organisation_id`` from now on in this session (key ``passage_principal_id``):
    the user's own organisation, or a principal of a mandate active today. Anything else is
    refused (``MandateRequired``) and the session keeps its current choice."""
    from passage.accounts.selectors import PRINCIPAL_SESSION_KEY, employer_scope

    try:
        target = int(organisation_id)
    except (TypeError, ValueError):
        raise ValidationError({"organisation_id": "must be an organisation id"}) from None
    scope = employer_scope(user, on=_today(today))
    if target not in scope.viewable:
        raise MandateRequired("you hold no active mandate for this organisation")
    organisation = Organisation.objects.get(pk=target)
    session[PRINCIPAL_SESSION_KEY] = target
    audit_record(
        actor=user,
        action="principal.switch",
        object_type="organisation",
        object_id=target,
        details={"mandated": target != scope.home_id},
    )
    return organisation


# --- demo: access management and mandates ------------------------------------------------------

#: A law firm (Belgian, it holds the mandates) and a foreign employer without a Belgian
#: enterprise number (it files only through its mandate). Check digits computed; fictitious.
DEMO_LAW_FIRM = ("0766766786", "Demo Law & Migration BV")
DEMO_FOREIGN_EMPLOYER = ("DE", "HRB 123456", "Demo Maschinenbau GmbH")
DEMO_ACCESS_MANAGER = "demo-access-manager"
DEMO_LAW_FIRM_AGENT = "demo-lawfirm-agent"


@dataclass
class DemoAccessSummary:
    created: list[str] = field(default_factory=list)
    mandates: int = 0
    password_file: Path | None = None

    def __str__(self) -> str:
        return (
            f"Demo access management: {len(self.created)} logins created, "
            f"{self.mandates} mandates granted."
        )


def _demo_login(
    username: str, organisation: Organisation, summary: DemoAccessSummary, lines: list[str]
) -> Any:
    user_model: Any = get_user_model()
    found = user_model.objects.select_related("profile").filter(username=username).first()
    if found is not None:
        return found
    password = os.environ.get(DEMO_PASSWORD_ENV, "") or secrets.token_urlsafe(12)
    user = user_create_with_role(
        username=username, role=Role.EMPLOYER_MEMBER, organisation=organisation, password=password
    )
    summary.created.append(username)
    if not os.environ.get(DEMO_PASSWORD_ENV, ""):
        lines.append(f"{username}\t{password}\t{Role.EMPLOYER_MEMBER.value}")
    return user_model.objects.select_related("profile").get(pk=user.pk)


@transaction.atomic
def demo_access_load(*, today: dt.date | None = None) -> DemoAccessSummary:
    """The demo of access management and mandates (docs/access.md, "Demo"), after
    ``demo_users_load``: ``demo-access-manager``, access manager of demo employer 1 (whose
    other members keep their filer role); a law firm whose ``demo-lawfirm-agent`` holds
    single-permit mandates of demo employer 1 (granted by its access manager) and of a German
    employer without a Belgian enterprise number (entered by the system, as an administrator
    would after checking the paper mandate). Safe to run again."""
    day = _today(today)
    demo_users_load()
    summary = DemoAccessSummary()
    lines: list[str] = []
    employer = Organisation.objects.get(enterprise_number=DEMO_ORGANISATIONS[0][0])
    number, name = DEMO_LAW_FIRM
    law_firm = Organisation.objects.filter(enterprise_number=number).first() or (
        organisation_create(enterprise_number=number, name=name, actor=None)
    )
    country, identifier, foreign_name = DEMO_FOREIGN_EMPLOYER
    foreign = Organisation.objects.filter(
        country=country, foreign_identifier=identifier
    ).first() or organisation_create(
        name=foreign_name, country=country, foreign_identifier=identifier, actor=None
    )
    manager = _demo_login(DEMO_ACCESS_MANAGER, employer, summary, lines)
    _demo_login(DEMO_LAW_FIRM_AGENT, law_firm, summary, lines)
    if not MemberRole.objects.filter(user=manager, role=PortalRole.ACCESS_MANAGER).exists():
        member_role_grant(
            actor=None,
            organisation=employer,
            user=manager,
            role=PortalRole.ACCESS_MANAGER,
            valid_from=day,
            today=day,
        )
        member_role_grant(
            actor=manager,
            organisation=employer,
            user=manager,
            role=PortalRole.VIEWER,
            valid_from=day,
            today=day,
        )
    for principal, actor in ((employer, manager), (foreign, None)):
        if not Mandate.objects.filter(principal=principal, agent=law_firm).exists():
            mandate_grant(
                actor=actor,
                principal=principal,
                agent=law_firm,
                valid_from=day,
                valid_until=day + dt.timedelta(days=365),
                today=day,
            )
            summary.mandates += 1
    if lines:
        summary.password_file = _var_dir() / DEMO_LOGINS_FILE
        _append_secret_lines(summary.password_file, lines)
    return summary
