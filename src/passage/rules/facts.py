# SPDX-License-Identifier: EUPL-1.2
"""Reading the facts of a case: strict, with errors that name the field.

Fact names are a public contract (employers' HR systems call it), so a misspelt fact is an
error rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from passage.rules.errors import InputError

_MISSING = object()


class Facts:
    """A case's facts with typed, validated accessors."""

    __slots__ = ("_case", "_prefix")

    def __init__(self, case: Mapping[str, Any], allowed: Collection[str], prefix: str = "") -> None:
        if not isinstance(case, Mapping):
            raise InputError(prefix.rstrip(".") or "body", "must be a JSON object")
        for key in case:
            if key not in allowed:
                raise InputError(
                    f"{prefix}{key}",
                    f"unknown fact; expected one of: {', '.join(sorted(allowed))}",
                )
        self._case = case
        self._prefix = prefix

    def has(self, name: str) -> bool:
        return self._case.get(name) is not None

    def _raw(self, name: str, required: bool) -> Any:
        raw = self._case.get(name, _MISSING)
        if raw is _MISSING or raw is None:
            if required:
                raise InputError(self._prefix + name, "is required")
            return None
        return raw

    def enum(self, name: str, allowed: Collection[str], *, required: bool = True) -> str | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        if not isinstance(raw, str) or raw not in allowed:
            raise InputError(
                self._prefix + name, f"{raw!r} is not one of: {', '.join(sorted(allowed))}"
            )
        return raw

    def money(self, name: str, *, required: bool = True) -> Decimal | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        value = _decimal(raw, self._prefix + name)
        if value < 0:
            raise InputError(self._prefix + name, "must not be negative")
        return value

    def decimal(
        self, name: str, *, minimum: Decimal, maximum: Decimal, required: bool = True
    ) -> Decimal | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        value = _decimal(raw, self._prefix + name)
        if not minimum <= value <= maximum:
            raise InputError(self._prefix + name, f"must be between {minimum} and {maximum}")
        return value

    def integer(
        self, name: str, *, minimum: int = 0, maximum: int = 10**9, required: bool = True
    ) -> int | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        if isinstance(raw, bool):
            raise InputError(self._prefix + name, "must be a whole number")
        if isinstance(raw, Decimal | float):
            # int() of a huge exponent would allocate every digit: bound it first.
            small = (
                raw.is_finite() and (not raw or raw.adjusted() < 15)
                if isinstance(raw, Decimal)
                else -1e15 < raw < 1e15
            )
            if not small or raw != int(raw):
                raise InputError(self._prefix + name, "must be a whole number")
            raw = int(raw)
        if isinstance(raw, str):
            try:
                raw = int(raw)
            except ValueError:
                raise InputError(self._prefix + name, f"{raw!r} is not a whole number") from None
        if not isinstance(raw, int):
            raise InputError(self._prefix + name, "must be a whole number")
        if not minimum <= raw <= maximum:
            raise InputError(self._prefix + name, f"must be between {minimum} and {maximum}")
        return raw

    def boolean(self, name: str, *, required: bool = True) -> bool | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        if not isinstance(raw, bool):
            raise InputError(self._prefix + name, "must be true or false")
        return raw

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        return parse_date(raw, self._prefix + name)

    def string(self, name: str, *, required: bool = True, max_length: int = 64) -> str | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw.strip() or len(raw) > max_length:
            raise InputError(
                self._prefix + name, f"must be a non-empty text of at most {max_length} characters"
            )
        return raw.strip()

    def records(
        self, name: str, allowed: Collection[str], *, required: bool = True, max_items: int = 50
    ) -> list[Facts]:
        raw = self._raw(name, required)
        if raw is None:
            return []
        if not isinstance(raw, list | tuple):
            raise InputError(self._prefix + name, "must be a list")
        if len(raw) > max_items:
            raise InputError(self._prefix + name, f"must have at most {max_items} items")
        return [Facts(item, allowed, f"{self._prefix}{name}[{i}].") for i, item in enumerate(raw)]


def parse_date(raw: Any, field: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str) or len(raw) != 10:
        raise InputError(field, f"{raw!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(field, f"{raw!r} is not a date in the form YYYY-MM-DD") from None


#: Amounts are bounded where they are read, before any arithmetic or formatting: an amount
#: such as "1e100000000" is one short string but, written out in a trace, 100 million digits
#: (issue 9: 2.1 GB for one anonymous request). Every Belgian threshold lies far inside.
AMOUNT_LIMIT = Decimal(10) ** 13
AMOUNT_MAX_DECIMALS = 20
AMOUNT_MAX_CHARS = 40


def bounded_decimal(raw: Any, field: str) -> Decimal:
    """A finite Decimal below ``AMOUNT_LIMIT`` in size with at most ``AMOUNT_MAX_DECIMALS``
    decimals, or ``InputError`` naming ``field``; the one reader of amounts (per case, JSON
    batches and bulk columns), so every path refuses the same values."""
    if isinstance(raw, bool):
        raise InputError(field, "must be an amount in euros, not true/false")
    if isinstance(raw, float):
        # A float has already lost exactness; its shortest repr is what the caller wrote.
        raw = repr(raw)
    if isinstance(raw, int):
        raw = Decimal(raw) if -AMOUNT_LIMIT < raw < AMOUNT_LIMIT else None
        if raw is None:
            raise InputError(field, _too_large())
    if not isinstance(raw, Decimal):
        text = str(raw).strip()
        if len(text) > AMOUNT_MAX_CHARS:
            raise InputError(
                field, f"is too long to be an amount (at most {AMOUNT_MAX_CHARS} characters)"
            )
        try:
            raw = Decimal(text)
        except InvalidOperation:
            raise InputError(field, f"{text!r} is not an amount in euros") from None
    value: Decimal = raw
    if not value.is_finite():
        raise InputError(field, f"{value!r} is not an amount in euros")
    if value and value.adjusted() >= 13:
        raise InputError(field, _too_large())
    sign_digits_exponent = value.as_tuple()
    exponent = sign_digits_exponent.exponent
    if value and isinstance(exponent, int) and exponent < -AMOUNT_MAX_DECIMALS:
        # Trailing zeros are harmless ("2111.890…0"); a digit that far down is not a euro amount.
        digits = sign_digits_exponent.digits
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if exponent + trailing < -AMOUNT_MAX_DECIMALS:
            raise InputError(field, f"must have at most {AMOUNT_MAX_DECIMALS} decimals")
    return value


def _too_large() -> str:
    return "must be less than 10 000 000 000 000 euros"


def _decimal(raw: Any, field: str) -> Decimal:
    return bounded_decimal(raw, field)
