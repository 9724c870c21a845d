# SPDX-License-Identifier: EUPL-1.2
"""Writes: administrators' verified parameter values and occupation codes, reference data."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from passage.rulebook.models import (
    DECIMAL_TEXT_REGEX,
    OccupationListEntry,
    OverrideStatus,
    ParameterOverride,
)
from passage.rulebook.selectors import rulebook_current, rulebook_invalidate
from passage.rules import ParameterOverlay, RulebookError, default_rulebook, load_rulebook

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD_ENV = "PASSAGE_ADMIN_PASSWORD"  # noqa: S105 (the variable's name, not a password)


def _decimal_text(value: object) -> str:
    """The value as the plain decimal text the engine's overlay takes, or ValidationError."""
    text = str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError({"value": f"{value!r} is not a decimal number"}) from None
    if not number.is_finite():
        raise ValidationError({"value": f"{value!r} is not a decimal number"})
    if number < 0:
        raise ValidationError({"value": "must not be negative"})
    # Plain notation ("1E+3" → "1000"): the model's check constraint and the YAML both use it.
    plain = format(number, "f")
    if not re.fullmatch(DECIMAL_TEXT_REGEX, plain):
        raise ValidationError({"value": f"{value!r} is not a plain decimal number"})
    return plain


def parameter_override_validate(
    *, parameter: str, start: dt.date, value: object, status: str
) -> str:
    """Check an override before it is stored; returns the value as decimal text.

    Raises ValidationError naming the field. The check asks the packaged rulebook itself, so
    a value that the engine could not apply never reaches the table (where it would make
    every later rulebook build skip it)."""
    base = default_rulebook()
    if parameter not in base.names:
        raise ValidationError({"parameter": f"{parameter!r} is not a rulebook parameter"})
    unit = base.values[parameter][-1].unit
    # Overlays carry decimal text, which the engine accepts for amounts and ratios only
    # (whole-number units such as days would need an int; dates, lists and choices text).
    if not (unit.startswith("EUR") or unit == "ratio"):
        raise ValidationError(
            {"parameter": f"{parameter!r} is measured in {unit!r}; only amounts can be overridden"}
        )
    if status not in OverrideStatus.values:
        raise ValidationError({"status": f"{status!r} is not one of {OverrideStatus.values}"})
    text = _decimal_text(value)
    try:
        load_rulebook(
            [ParameterOverlay(parameter, start, text, status, "validation", "validation")]
        )
    except RulebookError as exc:
        raise ValidationError({"value": str(exc)}) from None
    if ParameterOverride.objects.filter(parameter=parameter, start=start).exists():
        raise ValidationError(
            {"start": f"{parameter} already has a verified value from {start.isoformat()}"}
        )
    return text


@transaction.atomic
def parameter_override_create(
    *,
    parameter: str,
    start: dt.date,
    value: object,
    reference: str,
    entered_by: User,
    status: str = OverrideStatus.IN_FORCE,
) -> ParameterOverride:
    """Store an administrator's verified value; the rulebook uses it from the next request."""
    if not reference or not reference.strip():
        raise ValidationError({"reference": "say which act or publication verifies the value"})
    text = parameter_override_validate(parameter=parameter, start=start, value=value, status=status)
    override = ParameterOverride(
        parameter=parameter,
        start=start,
        value=text,
        status=status,
        reference=reference.strip(),
        entered_by=entered_by,
    )
    override.full_clean()
    override.save()
    transaction.on_commit(rulebook_invalidate)
    return override


def occupation_list_entry_validate(*, list_id: str, code: str) -> str:
    """Check an occupation code before it is stored; returns the code, stripped."""
    if list_id not in default_rulebook().occupation_lists:
        known = ", ".join(sorted(default_rulebook().occupation_lists))
        raise ValidationError({"list_id": f"{list_id!r} is not one of: {known}"})
    code = code.strip()
    if not code:
        raise ValidationError({"code": "must not be empty"})
    if OccupationListEntry.objects.filter(list_id=list_id, code=code).exists():
        raise ValidationError({"code": f"{code!r} is already on {list_id}"})
    return code


@transaction.atomic
def occupation_list_entry_create(
    *, list_id: str, code: str, added_by: User, label: str = ""
) -> OccupationListEntry:
    """Add one occupation to a bottleneck list (BNP-*); once a list version holds as many
    codes as the seeds say it has, the engine can conclude "not on the list"."""
    code = occupation_list_entry_validate(list_id=list_id, code=code)
    entry = OccupationListEntry(list_id=list_id, code=code, label=label.strip(), added_by=added_by)
    entry.full_clean()
    entry.save()
    transaction.on_commit(rulebook_invalidate)
    return entry


def _var_dir() -> Path:
    # The same place as the embedded database and collected static files (settings).
    return Path(os.environ.get("PASSAGE_VAR_DIR", Path.cwd() / "var"))


def _write_secret(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    # O_CREAT's mode does not apply to a file that already existed.
    path.chmod(0o600)


@transaction.atomic
def admin_account_ensure() -> tuple[bool, Path | None]:
    """Create the ``admin`` superuser when the installation has no administrator.

    Returns (created, password file or None). The password comes from PASSAGE_ADMIN_PASSWORD,
    or is generated and written to var/admin-password.txt (0600); it is never logged."""
    user_model: Any = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        return False, None
    password = os.environ.get(ADMIN_PASSWORD_ENV, "")
    password_file: Path | None = None
    if not password:
        password = secrets.token_urlsafe(18)
        password_file = _var_dir() / "admin-password.txt"
        _write_secret(password_file, password)
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user_model.objects.create_superuser(ADMIN_USERNAME, email="", password=password)
    else:
        # An "admin" account without rights (made by hand): promote it, with a known password.
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
    return True, password_file


def reference_data_load() -> str:
    """Everything ``passage data load`` does; safe to run again. Returns a short summary."""
    created, password_file = admin_account_ensure()
    rulebook = rulebook_current()
    lines = [
        f"Rulebook {rulebook.version}: "
        f"{ParameterOverride.objects.count()} verified parameter value(s), "
        f"{OccupationListEntry.objects.count()} loaded occupation code(s).",
    ]
    if created and password_file is not None:
        lines.append(
            f"Administrator account '{ADMIN_USERNAME}' created; its password is in "
            f"{password_file} (readable only by you). Log in at /admin/."
        )
    elif created:
        lines.append(
            f"Administrator account '{ADMIN_USERNAME}' created with the password in "
            f"${ADMIN_PASSWORD_ENV}. Log in at /admin/."
        )
    else:
        hint = _var_dir() / "admin-password.txt"
        where = f" (a generated password is in {hint})" if hint.exists() else ""
        lines.append(f"Administrator account exists{where}. Log in at /admin/.")
    return "\n".join(lines)
