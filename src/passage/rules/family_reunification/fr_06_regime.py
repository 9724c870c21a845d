# SPDX-License-Identifier: EUPL-1.2
"""FR-06: which requirements apply, the new ones (Law of 18 Jul 2025, in force 18 Aug 2025)
or the previous ones, kept for some sponsors until 18 Aug 2027 (002 §1.5.2 L335–L342)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule
from passage.rules.trace import LocalDate

LAW_START = "family_reunification.income.new_regime_start"
TRANSITION_END = "family_reunification.income.transition_end"


@rule(
    "FR-06",
    label="Family reunification: the new or the previous requirements",
    procedure="family_reunification",
    citation=Citation(catalogue="FR-06", seed="002 §1.5.2 L335–L342"),
    facts=("sponsor_status", "application_date", "sponsor_permit_date"),
    parameters=(
        LAW_START,
        TRANSITION_END,
        "interpretation.fr06_precedence",
        "interpretation.fr06_transition_anchor",
    ),
)
def regime(k: Any, x: Any, status: str, application_date: Any) -> bool | None:
    """True under the new requirements, False under the previous; None when a fact that
    decides it is not given (named by the check)."""
    rule_ = regime.RULE  # type: ignore[attr-defined]
    day: dt.date = k.day
    start_pv = k.param(LAW_START, day)
    end_pv = k.param(TRANSITION_END, day)
    law_start: dt.date = start_pv.value
    transition_end: dt.date = end_pv.value
    permit = x.sponsor_permit_date
    choices: dict[str, str] = {}
    permit_after = k.test(k.otherwise(k.ifgiven(permit, lambda p: p >= law_start), False))
    new: bool
    if k.test(application_date < law_start):
        key, new = "fr06_filed_before", False
        if permit_after or (status != "belgian" and not k.given(permit)):
            precedence = k.param("interpretation.fr06_precedence", day)
            if not permit_after:
                # The permit date decides only when it can prevail.
                if precedence.value == "permit_date":
                    k.missing_facts(rule_, "sponsor_permit_date")
                    return None
            else:
                choices["fr06_precedence"] = str(precedence.value)
                new = precedence.value == "permit_date"
                key = "fr06_conflict_permit" if new else "fr06_filed_before"
    elif permit_after and status != "belgian":
        key, new = "fr06_permit_after", True
    else:
        # The end of the transition (002 L342): on which date it is judged is the named
        # choice fr06_transition_anchor.
        anchor = k.param("interpretation.fr06_transition_anchor", day)
        choices["fr06_transition_anchor"] = str(anchor.value)
        if anchor.value == "application_date":
            new = k.test(application_date >= transition_end)
        else:
            new = day >= transition_end
        if status == "belgian":
            key = "fr06_belgian_new" if new else "fr06_belgian_old"
        else:
            if not new and not k.given(permit):
                k.missing_facts(rule_, "sponsor_permit_date")
                return None
            key = "fr06_permit_before_new" if new else "fr06_permit_before_old"
    k.check(
        rule_,
        True,
        key,
        severity="info",
        pv=end_pv,
        threshold=transition_end.isoformat(),
        unit="date",
        inputs={
            "sponsor_status": status,
            "application_date": application_date,
            "sponsor_permit_date": permit,
        },
        choices=choices,
        regime="new" if new else "previous",
        law_start=LocalDate(law_start),
        transition_end=LocalDate(transition_end),
    )
    return new
