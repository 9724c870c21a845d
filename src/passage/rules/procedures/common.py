# SPDX-License-Identifier: EUPL-1.2
"""Small pieces shared by the procedures: three-valued logic, dates, occupation lists."""

from __future__ import annotations

import calendar
import datetime as dt

from passage.rules.errors import InputError
from passage.rules.parameters import APPLICABLE_STATUSES, OccupationListVersion, Rulebook


def all3(*values: bool | None) -> bool | None:
    """Kleene AND: False if any is False, None (undecided) if any is None, else True."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def any3(*values: bool | None) -> bool | None:
    """Kleene OR: True if any is True, None (undecided) if any is None, else False."""
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def add_months(day: dt.date, months: int, field: str = "date") -> dt.date:
    """The same calendar day ``months`` later, clamped to the month's end (31 Aug + 6 → 28 Feb).
    A date so late that the result passes the year 9999 is bad input naming ``field``."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    if year > dt.MAXYEAR:
        raise InputError(field, "is too far in the future")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ListMembership:
    """Whether an occupation is on a dated list: True, False, or None with the reason."""

    __slots__ = ("list_id", "on_list", "reason", "version")

    def __init__(
        self, list_id: str, on_list: bool | None, reason: str, version: OccupationListVersion | None
    ) -> None:
        self.list_id = list_id
        self.on_list = on_list
        self.reason = reason
        self.version = version


def list_membership(
    rb: Rulebook, list_id: str, day: dt.date, occupation: str | None
) -> ListMembership:
    version = rb.occupation_list(list_id, day)
    if version is None:
        return ListMembership(list_id, None, "no_list_in_force", None)
    if version.status not in APPLICABLE_STATUSES:
        return ListMembership(list_id, None, "list_unverified", version)
    if occupation is None:
        return ListMembership(list_id, False, "no_occupation", version)
    if occupation in version.codes:
        return ListMembership(list_id, True, "on_list", version)
    if version.complete:
        return ListMembership(list_id, False, "not_on_list", version)
    return ListMembership(list_id, None, "list_not_loaded", version)
