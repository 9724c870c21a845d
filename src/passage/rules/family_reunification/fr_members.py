# SPDX-License-Identifier: EUPL-1.2
"""FR-MEMBERS: the application's outcome from the members' own results (named choice
fr_member_outcomes; 002 §2.2.2 L603, L622, L623: exceptions apply per member). A member is
refused by a blocking check that concerns it. When some members are refused and others not,
"per_member" sends the application to a caseworker (the refusing checks weigh as review,
flagged FR-MEMBERS-DIFFER) and "strictest" refuses it; either way a note lists who is
refused."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule

CITATION = Citation(
    catalogue="FRR-02", seed="002 §2.2.2 L603; L622; L623", legal_act="Law of 18 Jul 2025"
)


@rule(
    "FR-MEMBERS",
    label="How the members' results combine",
    procedure="family_reunification",
    citation=CITATION,
    facts=("family_members",),
    parameters=("interpretation.fr_member_outcomes",),
    severity="info",
)
def combine_members(k: Any, ms: Any) -> None:
    rule_ = combine_members.RULE  # type: ignore[attr-defined]
    if ms is None:
        return
    refused = k.refused(ms)
    # Rows with two members or more, a blocking failure, and a member it does not refuse:
    # row-wise, so that this last rule does not split the leaves (each split re-runs the
    # whole procedure on both parts).
    rows = k.rows_where(k.all3(ms.count() >= 2, k.any_blocking(), k.not3(ms.every(refused))))
    if not k.anywhere(rows):
        return
    choice = str(k.param("interpretation.fr_member_outcomes", k.day).value)
    if choice == "per_member":
        k.reweigh("FR-MEMBERS-DIFFER", where=rows)

    def fmt() -> dict[str, Any]:
        order = ms.fields
        refused_list = [f for f in order if f in refused]
        others = [f for f in order if f not in refused]
        return {
            "inputs": {"refused": refused_list, "not_refused": others},
            "refused": ", ".join(refused_list),
            "others": ", ".join(others),
        }

    k.check(
        rule_,
        None,
        "members_differ_review" if choice == "per_member" else "members_differ_strictest",
        severity="info",
        citation=CITATION,
        choices={"fr_member_outcomes": choice},
        fmt=fmt,
    )
