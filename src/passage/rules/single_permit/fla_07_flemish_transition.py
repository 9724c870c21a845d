# SPDX-License-Identifier: EUPL-1.2
"""FLA-07: from 1 Jan 2026 first applications follow the Flemish reform's new rules;
renewals for the same profession and the same employer follow the old ones (002 §1.2.4
L285). Which rules govern a first application filed before and pending on that date is not
stated: the open choice fla07_pending_rules, under which the case is judged both ways."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule

REFORM_START = "single_permit.labour_market.flemish_reform_start"


@rule(
    "FLA-07",
    label="Flanders: which rules govern an application across the 2026 reform",
    procedure="single_permit",
    citation=Citation(catalogue="FLA-07", seed="002 §1.2.4 L285"),
    facts=("region", "application_type", "application_date", "same_employer", "same_occupation"),
    parameters=(REFORM_START, "interpretation.fla07_pending_rules"),
)
def flemish_transition(k: Any, x: Any, application_date: Any) -> dt.date | None:
    """The day whose rules apply to a Flemish case, or None when facts are missing (then
    named by the check)."""
    rule_ = flemish_transition.RULE  # type: ignore[attr-defined]
    day: dt.date = k.day
    reform = k.param(REFORM_START, day)
    start: dt.date = reform.value
    old_day = start - dt.timedelta(days=1)
    if day < start:
        return day
    application_type = k.value(x.application_type)
    if application_type is None:
        k.missing_facts(rule_, "application_type")
        return None
    shown = {"pv": reform, "threshold": start.isoformat()}
    if k.test(application_date < start):
        inputs = {"application_type": application_type, "application_date": application_date}
        if application_type == "first":
            reading = k.choice(
                "fla07_pending_rules",
                day,
                rule_.id,
                check={**shown, "inputs": inputs, "flags": ("FLA-07-PENDING",)},
            )
            return day if reading.value == "new_rules" else old_day
        k.check(rule_, True, "fla07_filed_before", severity="info", inputs=inputs, **shown)
        return old_day
    if application_type == "renewal":
        same_employer = k.value(x.same_employer)
        same_occupation = k.value(x.same_occupation)
        if same_employer is False or same_occupation is False:
            old = False
        else:
            missing = [
                name
                for name, v in (
                    ("same_employer", same_employer),
                    ("same_occupation", same_occupation),
                )
                if v is None
            ]
            if missing:
                k.missing_facts(rule_, *missing)
                return None
            old = True
        k.check(
            rule_,
            True,
            "fla07_renewal_old" if old else "fla07_renewal_new",
            severity="info",
            inputs={
                "application_type": application_type,
                "same_employer": same_employer,
                "same_occupation": same_occupation,
            },
            **shown,
        )
        return old_day if old else day
    k.check(
        rule_,
        True,
        "fla07_first",
        severity="info",
        inputs={"application_type": application_type},
        **shown,
    )
    return day
