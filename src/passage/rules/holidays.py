# SPDX-License-Identifier: EUPL-1.2
"""Belgian public holidays and working-day arithmetic (for IP-05's time limits).

The ten legal public holidays (Royal Decree of 18 Apr 1974): New Year, Easter Monday, Labour
Day, Ascension, Whit Monday, the National Day (21 Jul), Assumption (15 Aug), All Saints,
Armistice (11 Nov) and Christmas. Easter is computed (anonymous Gregorian algorithm).
"""

from __future__ import annotations

import datetime as dt
import functools


def easter(year: int) -> dt.date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


@functools.cache
def public_holidays(year: int) -> frozenset[dt.date]:
    e = easter(year)
    return frozenset(
        {
            dt.date(year, 1, 1),
            e + dt.timedelta(days=1),
            dt.date(year, 5, 1),
            e + dt.timedelta(days=39),
            e + dt.timedelta(days=50),
            dt.date(year, 7, 21),
            dt.date(year, 8, 15),
            dt.date(year, 11, 1),
            dt.date(year, 11, 11),
            dt.date(year, 12, 25),
        }
    )


def is_working_day(day: dt.date, *, exclude_public_holidays: bool = True) -> bool:
    if day.weekday() >= 5:
        return False
    return not (exclude_public_holidays and day in public_holidays(day.year))


def add_working_days(start: dt.date, n: int, *, exclude_public_holidays: bool = True) -> dt.date:
    """The n-th working day after ``start`` (the start day itself is not counted)."""
    day = start
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, exclude_public_holidays=exclude_public_holidays):
            counted += 1
    return day
