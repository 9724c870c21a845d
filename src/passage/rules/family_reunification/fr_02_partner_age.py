# SPDX-License-Identifier: EUPL-1.2
"""FR-02: a spouse or partner must be at least 21 (18 before the Law of 18 Jul 2025; 002
§1.1.3 L180, §1.5.2 L337); FRR-06 / FRS-08: 18 for a spouse or registered partner who
accompanied a refugee or a beneficiary of subsidiary protection (002 §2.2.2). FR-03 follows
for partners (fr_03_durable_relationship)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import CONDITIONS, PARTNERS, PROTECTION
from passage.rules.family_reunification.fr_03_durable_relationship import durable_relationship
from passage.rules.kernel.rule import declare, rule

FACTS = ("relationship", "age", "accompanying")
ACCOMPANYING_AGE = CONDITIONS + "accompanying_partner_minimum_age"
FRS_08 = declare(
    "FRS-08",
    label="Subsidiary protection: age of an accompanying spouse",
    procedure="family_reunification",
    citation=Citation(catalogue="FRS-08", seed="002 §2.2.2"),
    facts=FACTS,
    parameters=(ACCOMPANYING_AGE,),
    module=__name__,
)
FRR_06 = declare(
    "FRR-06",
    label="Refugees: age of an accompanying spouse",
    procedure="family_reunification",
    citation=Citation(catalogue="FRR-06", seed="002 §2.2.2"),
    facts=FACTS,
    parameters=(ACCOMPANYING_AGE,),
    module=__name__,
)


@rule(
    "FR-02",
    label="Minimum age of a spouse or partner",
    procedure="family_reunification",
    citation=Citation(catalogue="FR-02", seed="002 §1.1.3 L180; §1.5.2 L337"),
    facts=FACTS,
    parameters=(CONDITIONS + "partner_minimum_age", "interpretation.fr02_age_reference"),
)
def partner_age(k: Any, ms: Any, status: str, rday: Any) -> None:
    rule_ = partner_age.RULE  # type: ignore[attr-defined]
    reference = str(k.param("interpretation.fr02_age_reference", k.day).value)

    def member(km: Any, m: Any) -> None:
        relationship = km.value(m.relationship)
        if relationship is None:
            # Whether a partner's rules apply depends on it.
            km.missing_facts(rule_, "relationship")
            return
        if relationship not in PARTNERS:
            return
        accompanying = km.value(km.otherwise(m.accompanying, False))
        if accompanying and status in PROTECTION and relationship != "partner":
            pv = km.param(ACCOMPANYING_AGE, rday)
            applied = FRS_08 if status == "subsidiary_protection" else FRR_06
        else:
            pv = km.param(CONDITIONS + "partner_minimum_age", rday)
            applied = rule_
        age = m.age
        km.check_given(
            applied,
            {"age": age},
            lambda: age >= pv.value,
            ("age_ok", "age_low"),
            pv=pv,
            value=age,
            inputs={
                "member": m.field,
                "relationship": relationship,
                "age": age,
                "accompanying": accompanying,
            },
            choices={"fr02_age_reference": reference},
            fmt=lambda: {"age": age, "minimum": pv.value, "member": m.field},
        )
        if relationship in {"partner", "registered_partner"}:
            durable_relationship(km, m)

    ms.each(member)
