# SPDX-License-Identifier: EUPL-1.2
"""FRS-05 / FRT-03: an unaccompanied minor with subsidiary (002 §2.2.2 L625) or temporary
protection (002 §4.4.3) cannot reunite with parents under these rules (humanitarian visa)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import Rule, declare, rule

FRT_03 = declare(
    "FRT-03",
    label="Temporary protection: parents of an unaccompanied minor",
    procedure="family_reunification",
    citation=Citation(catalogue="FRT-03", seed="002 §4.4.3", legal_act="Law of 18 Jul 2025"),
    facts=("sponsor_unaccompanied_minor", "sponsor_age", "family_members"),
    module=__name__,
)


def is_parent(k: Any, m: Any) -> Any:
    return k.isin(m.relationship, ("parent",))


@rule(
    "FRS-05",
    label="Subsidiary protection: parents of an unaccompanied minor",
    procedure="family_reunification",
    citation=Citation(catalogue="FRS-05", seed="002 §2.2.2 L625", legal_act="Law of 18 Jul 2025"),
    facts=("sponsor_unaccompanied_minor", "sponsor_age", "family_members"),
)
def parents_of_unaccompanied_minor(k: Any, ms: Any, status: str, minor_sponsor: Any) -> None:
    rule_: Rule = (
        parents_of_unaccompanied_minor.RULE  # type: ignore[attr-defined]
        if status == "subsidiary_protection"
        else FRT_03
    )
    applies = k.value(k.all3(ms.some(is_parent), minor_sponsor))
    if applies is False:
        return
    parents = ms.subset(is_parent)
    k.check(
        rule_,
        False if applies else None,
        ("parents_of_uam", "parents_of_uam", "facts_missing"),
        inputs={"sponsor_unaccompanied_minor": True, "members": parents.fields},
        missing=ms.lacking("relationship"),
        concerns=parents,
        fmt=lambda: {"facts": "relationship"},
    )
