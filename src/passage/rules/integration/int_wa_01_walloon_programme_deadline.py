# SPDX-License-Identifier: EUPL-1.2
"""INT-WA-01: the time limit for completing the Walloon integration programme went from
18 months to three years with amendments in force in January 2025; for a third-country national
detained in a penitentiary institution it "could be extended by the duration of the detention"
(002 §7.2 L1227).

Computed: the last day to complete the programme, three years after the day the time limit
starts (an event the seed does not name: the caller gives it, INT-WA-01-START), and, when days of
detention are given, the day extended by them (whether the extension is automatic is not
stated: both days are given, INT-WA-01-DETENTION). A programme whose time limit started before
January 2025 is undecided: the seeds give no transitional rule between 18 months and three
years. Only the Walloon Region's programme is described with a time limit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.facts import Facts
from passage.rules.parameters import Rulebook
from passage.rules.procedures.common import add_months
from passage.rules.single_permit import REGIONS
from passage.rules.terms import region_term
from passage.rules.trace import LocalDate, Number, make_check

FACTS = frozenset({"procedure", "date", "id", "region", "programme_start_date", "detention_days"})
PARAMETER = "integration.wallonia.programme_time_limit"
CITATION = Citation(catalogue="INT-WA-01", seed="002 §7.2 L1227")


def evaluate_integration_programme_deadline(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, FACTS)
    region = f.enum("region", REGIONS)
    start = f.date("programme_start_date")
    detention = f.integer("detention_days", minimum=0, maximum=36_500, required=False)
    assert region is not None and start is not None
    inputs: dict[str, Any] = {
        "region": region,
        "programme_start_date": start,
        "detention_days": detention,
    }
    if region != "wallonia":
        check = make_check(
            "INT-WA-01",
            None,
            "intwa01_other_region",
            citation=CITATION,
            inputs=inputs,
            region=region_term(region),
        )
        return [check], {}
    pv = rb.get(PARAMETER, start)
    if pv is None:
        check = make_check(
            "INT-WA-01",
            None,
            "intwa01_started_before",
            pv=rb.values[PARAMETER][0],
            inputs=inputs,
            start=LocalDate(start),
        )
        return [check], {}
    pv = rb.require(PARAMETER, start)
    deadline = add_months(start, pv.value, "programme_start_date")
    checks = [
        make_check(
            "INT-WA-01",
            True,
            "intwa01_deadline",
            severity="info",
            pv=pv,
            value=deadline.isoformat(),
            inputs=inputs,
            months=pv.value,
            deadline=LocalDate(deadline),
        )
    ]
    result: dict[str, Any] = {"deadline": deadline, "months": pv.value}
    if detention:
        extended = deadline + dt.timedelta(days=detention)
        checks.append(
            make_check(
                "INT-WA-01",
                True,
                "intwa01_detention",
                severity="info",
                pv=pv,
                value=extended.isoformat(),
                inputs=inputs,
                flags=("INT-WA-01-DETENTION",),
                days=Number(detention),
                deadline=LocalDate(extended),
            )
        )
        result["deadline_extended_by_detention"] = extended
    return checks, result
