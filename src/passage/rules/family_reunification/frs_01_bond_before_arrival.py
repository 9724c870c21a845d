# SPDX-License-Identifier: EUPL-1.2
"""FRS-01 / FRT-01: for a sponsor with subsidiary (002 §2.2.2 L619) or temporary protection
(002 §4.4.1), each family member who did not accompany the sponsor needs a bond that predates
the sponsor's arrival, or is a child born in Belgium into the existing family."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import CONDITIONS, accompanying
from passage.rules.kernel.rule import Rule, declare, rule

FACTS = ("bond_predates_arrival", "born_in_belgium_into_existing_family", "accompanying")
PARAMETER = CONDITIONS + "bond_predates_arrival_required_from"
FRT_01 = declare(
    "FRT-01",
    label="Temporary protection: the family bond predates the arrival",
    procedure="family_reunification",
    citation=Citation(catalogue="FRT-01", seed="002 §4.4.1"),
    facts=FACTS,
    parameters=(PARAMETER,),
    module=__name__,
)


@rule(
    "FRS-01",
    label="Subsidiary protection: the family bond predates the arrival",
    procedure="family_reunification",
    citation=Citation(catalogue="FRS-01", seed="002 §2.2.2 L619"),
    facts=FACTS,
    parameters=(PARAMETER,),
)
def bond_before_arrival(k: Any, ms: Any, status: str, rday: Any) -> None:
    rule_: Rule = (
        bond_before_arrival.RULE  # type: ignore[attr-defined]
        if status == "subsidiary_protection"
        else FRT_01
    )
    pv = k.param(PARAMETER, rday)

    def member(km: Any, m: Any) -> None:
        if km.value(accompanying(km, m)):
            return
        bond = m.bond_predates_arrival
        born_here = km.otherwise(m.born_in_belgium_into_existing_family, False)
        ok = km.any3(bond, km.all3(km.isin(m.relationship, ("child",)), born_here))
        km.check(
            rule_,
            ok,
            ("bond_ok", "bond_after_arrival", "facts_missing"),
            pv=pv,
            threshold=None,
            inputs={
                "member": m.field,
                "bond_predates_arrival": bond,
                "born_in_belgium_into_existing_family": born_here,
            },
            member=m.field,
            missing=[
                ("bond_predates_arrival", km.absent(bond)),
                ("relationship", km.absent(m.relationship)),
            ],
            fmt=lambda: {"facts": "bond_predates_arrival"},
        )

    ms.each(member)
