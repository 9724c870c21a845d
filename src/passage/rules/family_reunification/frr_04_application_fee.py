# SPDX-License-Identifier: EUPL-1.2
"""FRR-04 (002 L605) and FRS-07 (L627): the application fee, per member who owes it. The seeds
give no amount, so the check is whether it was paid; a missing or unpaid fee goes to a
caseworker, as the seeds do not say what non-payment entails. FRS-07 is suspended by
Decision 24/2026 (fn 46, L638); FRR-04 has no such footnote.

Owed by a member whose bond did not exist before the sponsor's arrival (FRR-04) or did but
who did not accompany the sponsor (FRS-07); never by minors ("not applicable to minors"). An
accompanying member's bond predates the arrival by definition (fn 42 (3), L613–L616)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import (
    CONDITIONS,
    REFUGEE_LIKE,
    accompanying,
    any_status,
)
from passage.rules.kernel.rule import Rule, declare, rule

FACTS = ("accompanying", "age", "bond_predates_arrival", "application_fee_paid")
FRS_07 = declare(
    "FRS-07",
    label="Subsidiary protection: application fee",
    procedure="family_reunification",
    citation=Citation(catalogue="FRS-07", seed="002 §2.2.2 L627"),
    facts=FACTS,
    parameters=(CONDITIONS + "subsidiary_application_fee_required_from",),
    severity="review",
    module=__name__,
)


@rule(
    "FRR-04",
    label="Refugees: application fee",
    procedure="family_reunification",
    citation=Citation(catalogue="FRR-04", seed="002 §2.2.2 L605"),
    facts=FACTS,
    parameters=(CONDITIONS + "refugee_application_fee_required_from",),
    severity="review",
)
def application_fee(k: Any, ms: Any, status: str, application_date: Any) -> None:
    if status in REFUGEE_LIKE:
        rule_: Rule = application_fee.RULE  # type: ignore[attr-defined]
        name = "refugee_application_fee_required_from"
    elif status == "subsidiary_protection":
        rule_, name = FRS_07, "subsidiary_application_fee_required_from"
    else:
        return
    pv = any_status(k, CONDITIONS + name, k.day)
    start = pv.value
    if ms is None or k.test(application_date < start):
        return
    sub = status == "subsidiary_protection"

    def member(km: Any, m: Any) -> None:
        age = m.age
        minor = km.otherwise(km.ifgiven(age, lambda a: a < 18), False)
        if km.value(km.any3(accompanying(km, m), minor)):
            return
        bond = km.value(m.bond_predates_arrival)
        if (sub and bond is False) or (not sub and bond is True):
            return
        inputs = {
            "member": m.field,
            "bond_predates_arrival": bond,
            "age": age,
            "application_fee_paid": m.application_fee_paid,
        }
        if pv.status == "suspended":
            km.check(
                rule_,
                True,
                "suspended_not_applied",
                severity="info",
                pv=pv,
                threshold=start.isoformat(),
                inputs=inputs,
            )
        elif bond is None or not km.given(age):
            km.check(
                rule_,
                None,
                "fee_maybe_due",
                severity="info",
                pv=pv,
                threshold=start.isoformat(),
                inputs=inputs,
                member=m.field,
            )
        else:
            paid = m.application_fee_paid
            km.check(
                rule_,
                paid,
                ("fee_paid", "fee_unpaid", "fee_payment_unknown"),
                severity="review",
                pv=pv,
                threshold=start.isoformat(),
                inputs=inputs,
                member=m.field,
                missing=["application_fee_paid"],
            )

    ms.each(member)
