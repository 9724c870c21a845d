# SPDX-License-Identifier: EUPL-1.2
"""FRS-03: two years' wait for a sponsor with subsidiary protection, suspended by
Constitutional Court Decision 24/2026 (fn 44); it does not apply to the members who
accompanied the sponsor (002 §2.2.2 L623)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import (
    CONDITIONS,
    accompanying,
    any_status,
    minor_or_disabled_child,
    waiting,
)
from passage.rules.kernel.rule import rule

PARAMETER = CONDITIONS + "subsidiary_waiting_period"


@rule(
    "FRS-03",
    label="Subsidiary protection: two years' wait",
    procedure="family_reunification",
    citation=Citation(catalogue="FRS-03", seed="002 §2.2.2 L623"),
    facts=("sponsor_status_date", "application_date", "family_members"),
    parameters=(PARAMETER, "interpretation.frs03_children_exception_members"),
)
def subsidiary_waiting(
    k: Any, x: Any, ms: Any, application_date: Any, start_choice: dict[str, str]
) -> None:
    rule_ = subsidiary_waiting.RULE  # type: ignore[attr-defined]
    day = k.day
    pv = any_status(k, PARAMETER, day)
    if ms is None:
        k.missing_facts(rule_, "family_members")
        return
    if k.test(ms.every(accompanying)):
        return
    waiting_members = ms.subset(lambda km, m: km.recode(accompanying(km, m), False, True, None))
    status_date = x.sponsor_status_date
    if pv.status == "suspended":
        k.check(
            rule_,
            True,
            "suspended_not_applied",
            severity="info",
            pv=pv,
            inputs={"sponsor_status_date": status_date},
        )
        return
    if not k.given(status_date):
        k.missing_facts(rule_, "sponsor_status_date", concerns=waiting_members)
        return
    which = str(k.param("interpretation.frs03_children_exception_members", day).value)
    if which == "all_members":
        children = ms.every(minor_or_disabled_child)
    else:
        children = ms.every(
            lambda km, m: km.any3(accompanying(km, m), minor_or_disabled_child(km, m))
        )
    waiting(
        k,
        rule_,
        pv,
        status_date,
        application_date,
        children,
        {**start_choice, "frs03_children_exception_members": which},
        members=waiting_members.fields,
        lacking=ms.lacking("relationship"),
        concerns=waiting_members,
    )
