# SPDX-License-Identifier: EUPL-1.2
"""Writes: employer organisations, people with a role, and the demo logins."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from passage.accounts.models import (
    Organisation,
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


@transaction.atomic
def organisation_create(*, enterprise_number: str, name: str, actor: Any) -> Organisation:
    """Register an employer. The enterprise number may be given in any printed form
    ('BE0123.456.749'); it is stored as ten digits once its mod-97 check digits hold."""
    number = normalise_enterprise_number(str(enterprise_number))
    if not enterprise_number_is_valid(number):
        raise ValidationError(
            {
                "enterprise_number": ValidationError(
                    "%(value)s is not a valid Belgian enterprise number "
                    "(ten digits starting 0 or 1; the last two are 97 minus the first eight "
                    "modulo 97)",
                    params={"value": enterprise_number},
                    code="invalid_enterprise_number",
                )
            }
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "must not be empty"})
    if Organisation.objects.filter(enterprise_number=number).exists():
        raise ValidationError(
            {"enterprise_number": f"an organisation with enterprise number {number} exists"}
        )
    organisation = Organisation(enterprise_number=number, name=name)
    organisation.full_clean()
    with pghistory.context(actor=_actor_id(actor), action="organisation.create"):
        organisation.save()
    audit_record(
        actor=actor,
        action="organisation.create",
        object_type="organisation",
        object_id=organisation.pk,
        details={"enterprise_number": number},
    )
    return organisation


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    role: str,
    organisation: Organisation | None = None,
    region: str | None = None,
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
    profile = Profile(user=user, role=role, organisation=organisation, region=region)
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
