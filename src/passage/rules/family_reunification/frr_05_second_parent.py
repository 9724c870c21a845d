# SPDX-License-Identifier: EUPL-1.2
"""FRR-05: an accompanied minor refugee has no right to reunite with a second parent abroad
(a discretionary grant remains possible; 002 §2.2.2 L605–L607)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import accompanying
from passage.rules.kernel.rule import rule

CITATION = Citation(catalogue="FRR-05", seed="002 §2.2.2 L605–L607", legal_act="Law of 18 Jul 2025")


@rule(
    "FRR-05",
    label="Refugees: the second parent of an accompanied minor",
    procedure="family_reunification",
    citation=CITATION,
    facts=("sponsor_age", "sponsor_unaccompanied_minor", "family_members"),
)
def second_parent(k: Any, ms: Any, sponsor_age: Any) -> None:
    rule_ = second_parent.RULE  # type: ignore[attr-defined]

    def member(km: Any, m: Any) -> None:
        if km.value(accompanying(km, m)):
            return
        relationship = km.value(m.relationship)
        if relationship is None:
            km.missing_facts(rule_, "relationship")
        elif relationship == "parent":
            km.check(
                rule_,
                False,
                "second_parent",
                citation=CITATION,
                inputs={"member": m.field, "sponsor_age": sponsor_age},
            )

    ms.each(member)
