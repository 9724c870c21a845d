# SPDX-License-Identifier: EUPL-1.2
"""Exemption from the material requirements (income, housing, health insurance).

FRR-01: a refugee's (or recognised stateless person's, STL-02) family is exempt when the
application falls within the exemption period after recognition; proof of identity and bond
within 6 months (002 §2.2.2 L603). FRR-02 / FRS-02's exception: a member who accompanied the
sponsor is never subject to them (002 L603, L622). FRS-02: the subsidiary-protection
exemption, abolished and that abolition suspended by Decision 24/2026 (fn 43)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import (
    CONDITIONS,
    PROTECTION,
    accompanying,
    any_status,
    exemption_period,
)
from passage.rules.kernel.rule import Rule, declare, rule
from passage.rules.trace import LocalDate

FRR_02 = declare(
    "FRR-02",
    label="Refugees: accompanying members have no material requirements",
    procedure="family_reunification",
    citation=Citation(catalogue="FRR-02", seed="002 §2.2.2 L603"),
    facts=("accompanying",),
    module=__name__,
)
FRS_02 = declare(
    "FRS-02",
    label="Subsidiary protection: exemption from the material requirements",
    procedure="family_reunification",
    citation=Citation(catalogue="FRS-02", seed="002 §2.2.2 L622"),
    facts=("accompanying", "sponsor_status_date", "application_date"),
    parameters=(CONDITIONS + "subsidiary_exemption_period",),
    module=__name__,
)
PROOF_PERIOD = CONDITIONS + "refugee_bond_proof_period"


@rule(
    "FRR-01",
    label="Refugees: exemption period and proof of identity and bond",
    procedure="family_reunification",
    citation=Citation(catalogue="FRR-01", seed="002 §2.2.2 L603"),
    facts=("sponsor_status_date", "application_date", "identity_and_bond_proof_date"),
    parameters=(
        CONDITIONS + "refugee_exemption_period",
        PROOF_PERIOD,
        "interpretation.exemption_period_start",
    ),
)
def material_exemption(
    k: Any, x: Any, ms: Any, status: str, application_date: Any, new: bool, rday: dt.date
) -> Any:
    """Whether the members still subject to the material requirements are exempt: True,
    False, None (for a caseworker), or "missing" (a fact not given decides it: named)."""
    rule_ = material_exemption.RULE  # type: ignore[attr-defined]
    day = k.day
    if status not in PROTECTION:
        return False
    sub = status == "subsidiary_protection"
    own: Rule = FRS_02 if sub else FRR_02
    if ms is None:
        k.missing_facts(own, "family_members")
        return "missing"
    period = CONDITIONS + ("subsidiary_exemption_period" if sub else "refugee_exemption_period")
    if k.test(ms.some(accompanying)):
        pv = any_status(k, period, rday)
        k.check(
            own,
            True,
            "exempt_accompanying",
            severity="info",
            pv=pv,
            threshold=None,
            inputs={"accompanying": True, "members": ms.subset(accompanying).fields},
        )
    if k.test(ms.every(accompanying)):
        return True
    status_date = x.sponsor_status_date
    checked: Rule = FRS_02 if sub else rule_
    if not k.given(status_date):
        k.missing_facts(checked, "sponsor_status_date")
        return "missing"
    start_choice = str(k.param("interpretation.exemption_period_start", day).value)
    if not sub:
        pv = k.param(period, rday)
        until = k.add_months(status_date, pv.value, "sponsor_status_date")
        exempt = application_date <= until
        flags = ("FRR-01-START",) if new else ()
        exemption_period(
            k, rule_, exempt, pv, until, status_date, application_date, start_choice, flags
        )
        return k.value(exempt)
    pv = any_status(k, period, rday)
    if pv.status == "suspended":
        # FRS-02's abolition is suspended (Constitutional Court 24/2026); whether the former
        # one-year exemption revives is for a caseworker, and matters only within that year.
        law_start: dt.date = k.param("family_reunification.income.new_regime_start", day).value
        former = k.param(period, law_start - dt.timedelta(days=1))
        until = k.add_months(status_date, former.value, "sponsor_status_date")
        outside = k.value(application_date > until)
        k.check(
            FRS_02,
            False if outside else None,
            "frs02_suspended_outside" if outside else "frs02_suspended_within",
            severity="info",
            pv=pv,
            threshold=former.value,
            inputs={"sponsor_status_date": status_date, "application_date": application_date},
            fmt=lambda: {"until": LocalDate(until)},
        )
        return False if outside else None
    until = k.add_months(status_date, pv.value, "sponsor_status_date")
    exempt = k.all3(pv.value > 0, application_date <= until)
    exemption_period(k, FRS_02, exempt, pv, until, status_date, application_date, start_choice)
    return k.value(exempt)


def bond_proof(k: Any, x: Any) -> None:
    """FRR-01 (002 L603): "Proof of identity and family bond must be provided within 6
    months following the recognition of refugee status." Checked when the date the proof was
    given is stated; what a late proof entails is not stated, so a late one goes to a
    caseworker (flag FRR-01-PROOF)."""
    rule_ = material_exemption.RULE  # type: ignore[attr-defined]
    day = k.day
    proof = x.identity_and_bond_proof_date
    if not k.given(proof):
        return
    if k.get(PROOF_PERIOD, day) is None:
        return
    status_date = x.sponsor_status_date
    if not k.given(status_date):
        k.missing_facts(rule_, "sponsor_status_date", severity="review")
        return
    pv = k.param(PROOF_PERIOD, day)
    start_choice = str(k.param("interpretation.exemption_period_start", day).value)
    until = k.add_months(status_date, pv.value, "sponsor_status_date")
    k.check(
        rule_,
        proof <= until,
        ("bond_proof_in_time", "bond_proof_late"),
        severity="review",
        pv=pv,
        inputs={"sponsor_status_date": status_date, "identity_and_bond_proof_date": proof},
        choices={"exemption_period_start": start_choice},
        fmt=lambda: {
            "value": proof.isoformat(),
            "proof": LocalDate(proof),
            "until": LocalDate(until),
            "months": pv.value,
        },
    )
