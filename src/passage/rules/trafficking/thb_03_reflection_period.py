# SPDX-License-Identifier: EUPL-1.2
"""THB-03: the reflection period for presumed victims of trafficking in human beings is
45 days; Myria asks for a legal basis to extend it to three months for victims who have
suffered severe trauma, a recommendation and not law (002 Ch.11 L1615).

Computed: the last day of the reflection period, 45 days after the day it starts (the day itself
not counted, as IP-05 counts; the start event is not stated, THB-03-START). Calendar or working
days is the named choice ``thb03_day_count``. For a severely traumatised victim the proposal is
reported (``info``) and never applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.holidays import add_working_days
from passage.rules.parameters import RULEBOOK_START, Rulebook
from passage.rules.trace import LocalDate, make_check

FACTS = frozenset({"procedure", "date", "id", "reflection_start_date", "severe_trauma"})
_P = "trafficking.reflection_period."


def evaluate_reflection_period_end(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, FACTS)
    start = f.date("reflection_start_date")
    trauma = f.boolean("severe_trauma", required=False)
    assert start is not None
    if start < RULEBOOK_START:
        raise InputError(
            "reflection_start_date", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})"
        )
    pv = rb.require(_P + "duration", start)
    count = rb.require("interpretation.thb03_day_count", day)
    if count.value == "working":
        end = add_working_days(start, pv.value)
    else:
        end = start + dt.timedelta(days=pv.value)
    checks = [
        make_check(
            "THB-03",
            True,
            "thb03_end",
            severity="info",
            pv=pv,
            value=end.isoformat(),
            inputs={"reflection_start_date": start, "severe_trauma": trauma},
            choices={"thb03_day_count": str(count.value)},
            n=pv.value,
            end=LocalDate(end),
        )
    ]
    if trauma:
        proposal = rb.get(_P + "severe_trauma_duration", day)
        assert proposal is not None
        # Reported, not applied: a proposal (status policy) never reaches the computation.
        checks.append(
            make_check(
                "THB-03",
                False,
                "thb03_proposal_not_law",
                severity="info",
                pv=proposal,
                inputs={"severe_trauma": trauma},
                months=proposal.value,
            )
        )
    return checks, {"end": end, "days": pv.value, "day_count": str(count.value)}
