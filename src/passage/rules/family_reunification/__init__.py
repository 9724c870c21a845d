# SPDX-License-Identifier: EUPL-1.2
"""Family reunification with a sponsor in Belgium (002 §1.5, §2.2.2, §4.4, §1.1.4).

The Law of 18 Jul 2025 (in force 18 Aug 2025) changed the requirements; FR-06 keeps the
previous ones for some sponsors until 18 Aug 2027. The procedure first picks the regime, then
reads every regime-dependent parameter as of the regime's day: the evaluation date under the
new requirements, the day before the law under the previous ones. Then, in this order: the
conditions of the sponsor's status (FR-05; FRS-01/FRT-01, FRS-05/FRT-03, FRS-03, FRT-02;
FRR-05), the partners' (FR-02/FRS-08/FRR-06, FR-03), the exemption from the material
requirements (FRR-01, FRR-02, FRS-02), the single-permit route (FRX-03, FRX-04), income
(FR-01/FRX-02), housing (FR-04) and health insurance (FR-MAT), the fees (FRR-04, FRS-07),
FRR-01's proof, and how the members' results combine (FR-MEMBERS). One module per rule; the
members' rules run per member on both backends (``kernel.members``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.family_reunification.common import (
    PROTECTION,
    REFUGEE_LIKE,
    accompanying,
)
from passage.rules.family_reunification.facts import (
    FACT_SHEET,
    MEMBER_SHEET,
    PRESUMED_INCOME_CATEGORIES,
    RELATIONSHIPS,
    SPONSOR_STATUSES,
)
from passage.rules.family_reunification.fr_01_income import income, income_threshold
from passage.rules.family_reunification.fr_02_partner_age import partner_age
from passage.rules.family_reunification.fr_04_housing import housing
from passage.rules.family_reunification.fr_05_permanent_resident_waiting import (
    permanent_resident_waiting,
)
from passage.rules.family_reunification.fr_06_regime import LAW_START, regime
from passage.rules.family_reunification.fr_mat_health_insurance import health_insurance
from passage.rules.family_reunification.fr_members import combine_members
from passage.rules.family_reunification.frr_01_material_exemption import (
    bond_proof,
    material_exemption,
)
from passage.rules.family_reunification.frr_04_application_fee import application_fee
from passage.rules.family_reunification.frr_05_second_parent import second_parent
from passage.rules.family_reunification.frs_01_bond_before_arrival import bond_before_arrival
from passage.rules.family_reunification.frs_03_subsidiary_waiting import subsidiary_waiting
from passage.rules.family_reunification.frs_05_parents_of_unaccompanied_minor import (
    parents_of_unaccompanied_minor,
)
from passage.rules.family_reunification.frt_02_temporary_waiting import temporary_waiting
from passage.rules.family_reunification.frx_03_ex_officio_route import ex_officio_route
from passage.rules.family_reunification.frx_04_income_presumption import (
    ABSENT,
    income_presumption,
)

PROCEDURE = "family_reunification"
FACTS = FACT_SHEET.names


def family_reunification(k: Any, x: Any) -> None:
    """The procedure, on either backend (see ``passage.rules.kernel``)."""
    day: dt.date = k.day
    application_date = x.application_date
    k.fail_if(
        k.ifgiven(application_date, lambda d: d > day),
        "application_date",
        "must not be after the evaluation date",
    )
    k.fail_if(
        k.ifgiven(x.identity_and_bond_proof_date, lambda d: d > day),
        "identity_and_bond_proof_date",
        "must not be after the evaluation date",
    )
    status = k.value(x.sponsor_status)
    if status is None or not k.given(application_date):
        missing = [n for n in ("sponsor_status", "application_date") if not k.given(getattr(x, n))]
        k.missing_facts(regime.RULE, *missing)  # type: ignore[attr-defined]
        return
    new = regime(k, x, status, application_date)
    if new is None:
        return
    law_start: dt.date = k.param(LAW_START, day).value
    rday = day if new else law_start - dt.timedelta(days=1)
    ms = k.members(x.family_members) if k.given(x.family_members) else None
    start_choice = {
        "waiting_period_start": str(k.param("interpretation.waiting_period_start", day).value)
    }

    # --- the sponsor's status
    if not new:
        if status == "temporary_protection":
            temporary_waiting(k, x, ms, application_date, False, start_choice)
    else:
        if status == "permanent_resident":
            permanent_resident_waiting(k, x, ms, application_date, rday, start_choice)
        if status in {"subsidiary_protection", "temporary_protection"}:
            if ms is None:
                k.missing_facts(bond_before_arrival.RULE, "family_members")  # type: ignore[attr-defined]
            else:
                bond_before_arrival(k, ms, status, rday)
                parents_of_unaccompanied_minor(k, ms, status, _minor_sponsor(k, x))
        if status == "subsidiary_protection":
            subsidiary_waiting(k, x, ms, application_date, start_choice)
        if status == "temporary_protection":
            temporary_waiting(k, x, ms, application_date, True, start_choice)
        if status in REFUGEE_LIKE and ms is not None:
            sponsor_age = x.sponsor_age
            accompanied_minor = k.all3(
                k.recode(_minor_sponsor(k, x), False, True, None),
                k.otherwise(k.ifgiven(sponsor_age, lambda a: a < 18), False),
            )
            if k.test(accompanied_minor):
                second_parent(k, ms, sponsor_age)

    # --- partners: who applies decides them (FR-02, FR-03)
    if ms is not None:
        partner_age(k, ms, status, rday)
    else:
        k.missing_facts(partner_age.RULE, "family_members")  # type: ignore[attr-defined]

    # --- exemption from the material requirements, then the material requirements for the
    # members not exempt (002 L603, L622: accompanying members are not subject to them)
    exempt = material_exemption(k, x, ms, status, application_date, new, rday)
    route: Any = None
    if status == "single_permit_worker":
        route = ex_officio_route(k, x, application_date)
    if exempt is not True and exempt != "missing":
        if status in PROTECTION and ms is not None:
            subject = ms.subset(lambda km, m: km.recode(accompanying(km, m), False, True, None))
            scope, concerns = subject.fields, subject
        else:
            scope, concerns = (ms.fields if ms is not None else []), None
        presumption = (
            income_presumption(k, x, route) if status == "single_permit_worker" else ABSENT
        )
        if presumption is not True:
            review = exempt is None or presumption is None
            income(k, x, status, application_date, new, scope, review)
        housing(k, x, scope, concerns)
        health_insurance(k, x, scope, concerns)
    if new:
        application_fee(k, ms, status, application_date)
        if status in REFUGEE_LIKE:
            bond_proof(k, x)
    combine_members(k, ms)


def _minor_sponsor(k: Any, x: Any) -> Any:
    """An unaccompanied minor sponsor: said so, and not stated to be 18 or over."""
    return k.all3(
        k.otherwise(x.sponsor_unaccompanied_minor, False),
        k.otherwise(k.ifgiven(x.sponsor_age, lambda a: a < 18), True),
    )


__all__ = [
    "FACTS",
    "FACT_SHEET",
    "MEMBER_SHEET",
    "PRESUMED_INCOME_CATEGORIES",
    "PROCEDURE",
    "RELATIONSHIPS",
    "SPONSOR_STATUSES",
    "family_reunification",
    "income_threshold",
]
