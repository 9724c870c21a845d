# SPDX-License-Identifier: EUPL-1.2
"""TP-02: temporary protection for persons displaced from Ukraine runs until the day the Council
last extended it to: 4 Mar 2026 (extension decided in 2024), then 4 Mar 2027 (Council
Implementing Decision (EU) 2025/1460 of 15 Jul 2025) (002 Ch.4 L889, fn 66 L901).

Checked: whether temporary protection is in force on the evaluation date, and until when. The
extension in force is picked by the evaluation date, so a day after 4 Mar 2026 evaluated before
15 Jul 2025 is never asked (a decision is taken on its own day). After the last known end the
seeds describe no further extension: undecided, never "ended", since a later Council decision
may exist. Whether the last day itself is covered is the named choice ``tp02_end_day``.
"""

from __future__ import annotations

import datetime as dt

from passage.rules.decision import Check
from passage.rules.parameters import Rulebook
from passage.rules.trace import LocalDate, make_check

PARAMETER = "temporary_protection.duration.end_date"


def check_duration(day: dt.date, rb: Rulebook) -> Check:
    pv = rb.require(PARAMETER, day)
    reading = rb.require("interpretation.tp02_end_day", day)
    end: dt.date = pv.value
    in_force = day <= end if reading.value == "inclusive" else day < end
    return make_check(
        "TP-02",
        True if in_force else None,
        "tp02_in_force" if in_force else "tp02_no_extension_known",
        pv=pv,
        threshold=end.isoformat(),
        value=day.isoformat(),
        inputs={"date": day},
        choices={"tp02_end_day": str(reading.value)},
        end=LocalDate(end),
    )
