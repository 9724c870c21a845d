# SPDX-License-Identifier: EUPL-1.2
"""Family reunification with a sponsor in Belgium (002 §1.5, §2.2.2, §4.4, §1.1.4).

The Law of 18 Jul 2025 (in force 18 Aug 2025) changed the requirements; FR-06 keeps the
previous ones for some sponsors until 18 Aug 2027. The engine first picks the regime, then
reads every regime-dependent parameter as of the regime's day: the evaluation date under the
new requirements, the day before the law under the previous ones. Income amounts are indexed
separately, by the date the named choice fr01_indexation_reference picks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.parameters import ParameterNotApplicable, ParameterValue, Rulebook
from passage.rules.procedures.common import add_months, all3
from passage.rules.trace import LocalDate, eur, explain, make_check

SPONSOR_STATUSES = (
    "belgian",
    "third_country_national",
    "permanent_resident",
    "refugee",
    "subsidiary_protection",
    "temporary_protection",
    "single_permit_worker",
    "stateless_person",
)
RELATIONSHIPS = ("spouse", "registered_partner", "partner", "child", "disabled_child", "parent")
PARTNERS = frozenset({"spouse", "registered_partner", "partner"})
#: FR-05, FRS-03, FRT-02: no waiting period when the sponsor brings only minor children or
#: dependent disabled children over 18.
CHILDREN = frozenset({"child", "disabled_child"})
#: FRX-04: single-permit categories presumed to meet the income requirement.
PRESUMED_INCOME_CATEGORIES = (
    "highly_skilled",
    "eu_blue_card",
    "ict_long_term_mobility",
    "researcher",
    "post_doctoral_researcher",
    "professional_athlete_or_coach",
    "international_agreement",
    "other",
)
#: STL-02: recognised stateless persons reunite under the same conditions as refugees.
REFUGEE_LIKE = frozenset({"refugee", "stateless_person"})
PROTECTION = frozenset({"refugee", "stateless_person", "subsidiary_protection"})

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "sponsor_status",
        "sponsor_permit_date",
        "sponsor_status_date",
        "sponsor_age",
        "sponsor_unaccompanied_minor",
        "net_monthly_income",
        "additional_dependants",
        "application_date",
        "family_members",
        "adequate_housing",
        "health_insurance",
        "single_permit_issue_date",
        "single_permit_category",
        "posted_worker",
        "filed_with_single_permit",
        "bond_predates_single_permit",
        "identity_and_bond_proof_date",
    }
)
MEMBER_FACTS = frozenset(
    {
        "relationship",
        "age",
        "accompanying",
        "bond_predates_arrival",
        "born_in_belgium_into_existing_family",
        "durable_relationship",
        "application_fee_paid",
    }
)


class Member:
    __slots__ = (
        "accompanying",
        "age",
        "bond_before",
        "born_here",
        "durable",
        "fee_paid",
        "index",
        "relationship",
    )

    def __init__(self, f: Facts, index: int) -> None:
        self.index = index
        self.relationship = str(f.enum("relationship", RELATIONSHIPS))
        self.age = f.integer("age", minimum=0, maximum=130, required=self.relationship in PARTNERS)
        self.accompanying = bool(f.boolean("accompanying", required=False))
        self.bond_before = f.boolean("bond_predates_arrival", required=False)
        self.born_here = bool(f.boolean("born_in_belgium_into_existing_family", required=False))
        self.durable = f.boolean("durable_relationship", required=False)
        self.fee_paid = f.boolean("application_fee_paid", required=False)

    @property
    def field(self) -> str:
        return f"family_members[{self.index}]"


def evaluate_family_reunification(case: Any, day: dt.date, rb: Rulebook) -> list[Check]:
    f = Facts(case, FACTS)
    status = str(f.enum("sponsor_status", SPONSOR_STATUSES))
    application_date = f.date("application_date")
    assert application_date is not None
    if application_date > day:
        raise InputError("application_date", "must not be after the evaluation date")
    income = f.money("net_monthly_income")
    assert income is not None
    dependants = f.integer("additional_dependants", minimum=0, maximum=50)
    assert dependants is not None
    members = [Member(m, i) for i, m in enumerate(f.records("family_members", MEMBER_FACTS))]
    if not members:
        raise InputError("family_members", "must list at least one family member")
    permit_date = f.date("sponsor_permit_date", required=status != "belgian")
    status_date = f.date(
        "sponsor_status_date",
        required=status
        in {
            "permanent_resident",
            "refugee",
            "stateless_person",
            "subsidiary_protection",
            "temporary_protection",
        },
    )
    sponsor_age = f.integer("sponsor_age", minimum=0, maximum=130, required=False)
    unaccompanied_minor = bool(f.boolean("sponsor_unaccompanied_minor", required=False))
    if status in {"subsidiary_protection", "temporary_protection"}:
        for m in members:
            if m.bond_before is None and not m.accompanying:
                raise InputError(
                    f"family_members[{m.index}].bond_predates_arrival",
                    "is required for this sponsor status",
                )

    proof_date = f.date("identity_and_bond_proof_date", required=False)
    if proof_date is not None and proof_date > day:
        raise InputError("identity_and_bond_proof_date", "must not be after the evaluation date")
    # Facts only some sponsors' rules read are still validated for every sponsor.
    f.enum("single_permit_category", PRESUMED_INCOME_CATEGORIES, required=False)
    f.date("single_permit_issue_date", required=False)
    for name in (
        "posted_worker",
        "filed_with_single_permit",
        "bond_predates_single_permit",
        "adequate_housing",
        "health_insurance",
    ):
        f.boolean(name, required=False)
    checks: list[Check] = []
    new, regime_check = _regime(status, application_date, permit_date, day, rb)
    checks.append(regime_check)
    law_start: dt.date = rb.require("family_reunification.income.new_regime_start", day).value
    rday = day if new else law_start - dt.timedelta(days=1)

    checks.extend(
        _status_specific(
            status,
            members,
            application_date,
            status_date,
            sponsor_age,
            unaccompanied_minor,
            new,
            day,
            rday,
            rb,
        )
    )
    checks.extend(_partner_checks(status, members, rday, day, rb))

    exempt_checks, exempt, subject = _material_exemption(
        status, members, application_date, status_date, new, rday, day, rb
    )
    checks.extend(exempt_checks)
    route: bool | None = None
    if status == "single_permit_worker":
        route_check = _ex_officio_route(f, application_date, day, rb)
        route = route_check.passed
        checks.append(route_check)
    if exempt is not True:
        # The material requirements concern only the members not exempt from them (002 L603,
        # L622: accompanying members are not subject to them): the checks name those members.
        scope = [m.field for m in subject]
        presumption = (
            _income_presumption(f, route, day, rb) if status == "single_permit_worker" else None
        )
        if presumption is not None:
            checks.append(presumption)
        if presumption is None or presumption.passed is not True:
            checks.append(
                _income(
                    status,
                    income,
                    dependants,
                    application_date,
                    new,
                    day,
                    rb,
                    scope,
                    review=exempt is None
                    or (presumption is not None and presumption.passed is None),
                )
            )
        checks.extend(_housing_and_insurance(f, scope))
    if new:
        checks.extend(_fees(status, members, application_date, day, rb))
        if status in REFUGEE_LIKE and proof_date is not None:
            assert status_date is not None
            proof = _bond_proof(status_date, proof_date, day, rb)
            if proof is not None:
                checks.append(proof)
    return _combine_members(checks, members, day, rb)


def _bond_proof(
    status_date: dt.date, proof_date: dt.date, day: dt.date, rb: Rulebook
) -> Check | None:
    """FRR-01 (002 L603): "Proof of identity and family bond must be provided within 6 months
    following the recognition of refugee status." Checked when the date the proof was given
    is stated; what a late proof entails (the exemption lost, or the application refused) is
    not stated, so a late one goes to a caseworker (flag FRR-01-PROOF)."""
    pv = rb.get("family_reunification.conditions.refugee_bond_proof_period", day)
    if pv is None:
        return None
    pv = rb.require(pv.name, day)
    start_choice = str(rb.require("interpretation.exemption_period_start", day).value)
    until = add_months(status_date, pv.value, "sponsor_status_date")
    passed = proof_date <= until
    return make_check(
        "FRR-01",
        passed,
        "bond_proof_in_time" if passed else "bond_proof_late",
        severity="review",
        pv=pv,
        value=proof_date.isoformat(),
        inputs={"sponsor_status_date": status_date, "identity_and_bond_proof_date": proof_date},
        choices={"exemption_period_start": start_choice},
        proof=LocalDate(proof_date),
        until=LocalDate(until),
        months=pv.value,
    )


def _scope(check: Check, everyone: frozenset[str]) -> frozenset[str]:
    """The members a check concerns: the one it names (``member``), the ones it lists
    (``members``), else every member of the application."""
    member = check.inputs.get("member")
    if member is not None:
        return frozenset({member})
    listed = check.inputs.get("members")
    return frozenset(listed) if listed is not None else everyone


def _combine_members(
    checks: list[Check], members: list[Member], day: dt.date, rb: Rulebook
) -> list[Check]:
    """The application's outcome from the members' own results (named choice
    fr_member_outcomes): a member is refused by a blocking check that concerns it. When some
    members are refused and others are not, "per_member" sends the application to a
    caseworker (the refusing checks weigh as review, flagged FR-MEMBERS-DIFFER) and
    "strictest" refuses it; either way an FR-MEMBERS note lists who is refused."""
    if len(members) < 2:
        return checks
    everyone = frozenset(m.field for m in members)
    refusing = [c for c in checks if c.passed is False and c.severity == "blocking"]
    if not refusing:
        return checks
    refused: set[str] = set()
    for c in refusing:
        refused |= _scope(c, everyone)
    if refused >= everyone:
        return checks
    choice = str(rb.require("interpretation.fr_member_outcomes", day).value)
    order = [m.field for m in members]
    refused_list = [f for f in order if f in refused]
    others = [f for f in order if f not in refused]
    if choice == "per_member":
        checks = [
            replace(c, severity="review", flags=(*c.flags, "FR-MEMBERS-DIFFER"))
            if c.passed is False and c.severity == "blocking"
            else c
            for c in checks
        ]
    checks.append(
        make_check(
            "FR-MEMBERS",
            None,
            "members_differ_review" if choice == "per_member" else "members_differ_strictest",
            severity="info",
            citation=Citation(
                catalogue="FRR-02",
                seed="002 §2.2.2 L603; L622; L623",
                legal_act="Law of 18 Jul 2025",
            ),
            inputs={"refused": refused_list, "not_refused": others},
            choices={"fr_member_outcomes": choice},
            refused=", ".join(refused_list),
            others=", ".join(others),
        )
    )
    return checks


def _regime(
    status: str, application_date: dt.date, permit_date: dt.date | None, day: dt.date, rb: Rulebook
) -> tuple[bool, Check]:
    """FR-06: which requirements apply, the new ones (Law of 18 Jul 2025) or the previous."""
    start_pv = rb.require("family_reunification.income.new_regime_start", day)
    end_pv = rb.require("family_reunification.income.transition_end", day)
    law_start: dt.date = start_pv.value
    transition_end: dt.date = end_pv.value
    choices: dict[str, str] = {}
    inputs: dict[str, Any] = {
        "sponsor_status": status,
        "application_date": application_date,
        "sponsor_permit_date": permit_date,
    }
    if application_date < law_start:
        key, new = "fr06_filed_before", False
        if permit_date is not None and permit_date >= law_start:
            precedence = rb.require("interpretation.fr06_precedence", day)
            choices["fr06_precedence"] = str(precedence.value)
            new = precedence.value == "permit_date"
            key = "fr06_conflict_permit" if new else "fr06_filed_before"
    elif permit_date is not None and permit_date >= law_start and status != "belgian":
        key, new = "fr06_permit_after", True
    else:
        # The end of the transition (002 L342): on which date it is judged is the named
        # choice fr06_transition_anchor.
        anchor = rb.require("interpretation.fr06_transition_anchor", day)
        choices["fr06_transition_anchor"] = str(anchor.value)
        judged = application_date if anchor.value == "application_date" else day
        new = judged >= transition_end
        if status == "belgian":
            key = "fr06_belgian_new" if new else "fr06_belgian_old"
        else:
            key = "fr06_permit_before_new" if new else "fr06_permit_before_old"
    return new, make_check(
        "FR-06",
        True,
        key,
        severity="info",
        pv=end_pv,
        threshold=transition_end.isoformat(),
        unit="date",
        inputs=inputs,
        choices=choices,
        regime="new" if new else "previous",
        law_start=LocalDate(law_start),
        transition_end=LocalDate(transition_end),
    )


def _round(amount: Decimal, choice: str) -> Decimal:
    return amount.quantize(
        Decimal("0.01"), rounding=ROUND_DOWN if choice == "truncate" else ROUND_HALF_UP
    )


def income_threshold(
    new: bool, dependants: int, index_day: dt.date, day: dt.date, rb: Rulebook
) -> tuple[Decimal, ParameterValue, dict[str, str]]:
    """The net monthly income the family needs (FR-01/FR-06), and the choices it used."""
    choices: dict[str, str] = {}
    if not new:
        pv = rb.require("family_reunification.income.old_regime", index_day)
        return pv.value, pv, choices
    pv = rb.require("family_reunification.income.new_regime", index_day)
    base: Decimal = pv.value
    if dependants == 0:
        return base, pv, choices
    rate: Decimal = rb.require("family_reunification.income.dependant_supplement_rate", day).value
    method = str(rb.require("interpretation.fr01_supplement_method", day).value)
    rounding = str(rb.require("interpretation.fr01_rounding", day).value)
    choices.update(fr01_supplement_method=method, fr01_rounding=rounding)
    raw = base * (1 + rate * dependants) if method == "linear" else base * (1 + rate) ** dependants
    return _round(raw, rounding), pv, choices


def _income(
    status: str,
    income: Decimal,
    dependants: int,
    application_date: dt.date,
    new: bool,
    day: dt.date,
    rb: Rulebook,
    members: list[str],
    *,
    review: bool,
) -> Check:
    reference = str(rb.require("interpretation.fr01_indexation_reference", day).value)
    index_day = application_date if reference == "application_date" else day
    threshold, pv, choices = income_threshold(new, dependants, index_day, day, rb)
    choices["fr01_indexation_reference"] = reference
    passed: bool | None = income >= threshold
    key = "income_ok" if passed else "income_low"
    if not passed and review:
        passed, key = None, "income_low_exemption_unclear"
    elif not new:
        key += "_previous"  # one amount whatever the dependants (FR-06, 002 L335)
    rule = "FRX-02" if status == "single_permit_worker" else "FR-01"
    # FR-01: failing the amount is not a refusal; an individual needs assessment must follow,
    # with the burden of proof on the applicant.
    return make_check(
        rule,
        passed,
        key,
        severity="review",
        pv=pv,
        threshold=threshold,
        unit="EUR/month net",
        value=income,
        inputs={
            "net_monthly_income": income,
            "additional_dependants": dependants,
            "regime": "new" if new else "previous",
            "members": members,
        },
        choices=choices,
        flags=("FR-01-GROSS-NET", "FR-01-SUPPLEMENT")
        if dependants and new
        else ("FR-01-GROSS-NET",),
        income=eur(income),
        limit=eur(threshold),
        dependants=dependants,
    )


def _income_presumption(f: Facts, route: bool | None, day: dt.date, rb: Rulebook) -> Check | None:
    """FRX-04: for some single-permit categories the income requirement is presumed met.
    002 states it in §1.1.4, the ex-officio route (L190–L198); whether it also holds when
    FRX-03 finds that route closed is the named choice frx04_scope. ``passed`` says whether
    the presumption is applied (None: the route is not known to be open)."""
    category = f.enum("single_permit_category", PRESUMED_INCOME_CATEGORIES, required=False)
    posted = bool(f.boolean("posted_worker", required=False))
    if category is None or category == "other" or (category == "highly_skilled" and posted):
        return None
    scope = str(rb.require("interpretation.frx04_scope", day).value)
    applied = True if scope == "any_route" else route
    key = {True: "frx04_presumed", False: "frx04_route_closed", None: "frx04_route_unknown"}
    return make_check(
        "FRX-04",
        applied,
        key[applied],
        severity="info",
        citation=Citation(
            catalogue="FRX-04", seed="002 §1.1.4 L198", legal_act="Law of 18 Jul 2025"
        ),
        inputs={
            "single_permit_category": category,
            "posted_worker": posted,
            "ex_officio_route": route,
        },
        choices={"frx04_scope": scope},
        flags=("FRX-04-SCOPE",),
        category=category,
    )


def _housing_and_insurance(f: Facts, members: list[str]) -> list[Check]:
    out = []
    for name, rule, seed in (
        ("adequate_housing", "FR-04", "002 §1.1.3 L182; §1.5.2 L339"),
        # Health insurance has no catalogue id of its own: it is one of the material
        # requirements that FRR-01 and FRX-03 (c) name.
        ("health_insurance", "FR-MAT", "002 §2.2.2 L603; §1.1.4 L196"),
    ):
        value = f.boolean(name, required=False)
        key = f"{name}_{'ok' if value else 'missing' if value is None else 'no'}"
        out.append(
            make_check(
                rule,
                value,
                key,
                citation=Citation(catalogue=rule, seed=seed),
                inputs={name: value, "members": members},
            )
        )
    return out


def _fee_due(status: str, m: Member) -> bool | None:
    """Whether member ``m`` owes the application fee: FRR-04 (002 L605) when the bond did not
    exist before the sponsor's arrival, FRS-07 (L627) when it did but the member did not
    accompany the sponsor; never for minors (both bullets: "not applicable to minors"). An
    accompanying member's bond predates the arrival by definition (fn 42 (3), L613–L616)."""
    if m.accompanying or (m.age is not None and m.age < 18):
        return False
    bond = m.bond_before
    if status == "subsidiary_protection":
        if bond is False:
            return False
    elif bond is True:
        return False
    return True if bond is not None and m.age is not None else None


def _fees(
    status: str, members: list[Member], application_date: dt.date, day: dt.date, rb: Rulebook
) -> list[Check]:
    """FRR-04 and FRS-07: the application fee, per member who owes it. The seeds give no
    amount, so the check is whether it was paid (``application_fee_paid``); a missing or
    unpaid fee goes to a caseworker, as the seeds do not say what non-payment entails.
    FRS-07 is suspended by Decision 24/2026 (fn 46, L638); FRR-04 has no such footnote."""
    if status in REFUGEE_LIKE:
        rule, name = "FRR-04", "refugee_application_fee_required_from"
    elif status == "subsidiary_protection":
        rule, name = "FRS-07", "subsidiary_application_fee_required_from"
    else:
        return []
    pv = _any_status(rb, "family_reunification.conditions." + name, day)
    start: dt.date = pv.value
    if application_date < start:
        return []
    out: list[Check] = []
    for m in members:
        due = _fee_due(status, m)
        if due is False:
            continue
        inputs = {
            "member": m.field,
            "bond_predates_arrival": m.bond_before,
            "age": m.age,
            "application_fee_paid": m.fee_paid,
        }
        if pv.status == "suspended":
            check = make_check(
                rule,
                True,
                "suspended_not_applied",
                severity="info",
                pv=pv,
                threshold=start.isoformat(),
                inputs=inputs,
            )
        elif due is None:
            check = make_check(
                rule,
                None,
                "fee_maybe_due",
                severity="info",
                pv=pv,
                threshold=start.isoformat(),
                inputs=inputs,
                member=m.field,
            )
        else:
            paid = m.fee_paid
            check = make_check(
                rule,
                paid,
                "fee_paid" if paid else "fee_unpaid" if paid is False else "fee_payment_unknown",
                severity="review",
                pv=pv,
                threshold=start.isoformat(),
                inputs=inputs,
                member=m.field,
            )
        out.append(check)
    return out


def _material_exemption(
    status: str,
    members: list[Member],
    application_date: dt.date,
    status_date: dt.date | None,
    new: bool,
    rday: dt.date,
    day: dt.date,
    rb: Rulebook,
) -> tuple[list[Check], bool | None, list[Member]]:
    """Exemption from the material requirements (income, housing, health insurance) for
    refugees (FRR-01, FRR-02) and subsidiary protection (FRS-02, suspended by 24/2026).

    Per member: one who accompanied the sponsor is never subject to them (FRR-02, 002 L603;
    FRS-02's exception, L622); the others are exempt when the application falls within the
    sponsor's exemption period. Returns the checks, whether the members still subject are
    exempt (None: for a caseworker) and those members."""
    if status not in PROTECTION:
        return [], False, members
    subject = [m for m in members if not m.accompanying]
    accompanying = [m for m in members if m.accompanying]
    out: list[Check] = []
    if accompanying:
        rule = "FRS-02" if status == "subsidiary_protection" else "FRR-02"
        pv = _any_status(
            rb,
            "family_reunification.conditions.subsidiary_exemption_period"
            if status == "subsidiary_protection"
            else "family_reunification.conditions.refugee_exemption_period",
            rday,
        )
        out.append(
            make_check(
                rule,
                True,
                "exempt_accompanying",
                severity="info",
                pv=pv,
                threshold=None,
                inputs={"accompanying": True, "members": [m.field for m in accompanying]},
            )
        )
    if not subject:
        return out, True, subject
    assert status_date is not None
    start_choice = str(rb.require("interpretation.exemption_period_start", day).value)
    if status in REFUGEE_LIKE:
        pv = rb.require("family_reunification.conditions.refugee_exemption_period", rday)
        until = add_months(status_date, pv.value, "sponsor_status_date")
        exempt = application_date <= until
        flags = ("FRR-01-START",) if new else ()
        out.append(
            _exemption_period(
                "FRR-01", exempt, pv, until, status_date, application_date, start_choice, flags
            )
        )
        return out, exempt, subject
    pv = _any_status(rb, "family_reunification.conditions.subsidiary_exemption_period", rday)
    if pv.status == "suspended":
        # FRS-02's abolition is suspended (Constitutional Court 24/2026); whether the former
        # one-year exemption revives is for a caseworker, and matters only within that year.
        law_start: dt.date = rb.require("family_reunification.income.new_regime_start", day).value
        former = rb.require(
            "family_reunification.conditions.subsidiary_exemption_period",
            law_start - dt.timedelta(days=1),
        )
        until = add_months(status_date, former.value, "sponsor_status_date")
        outside = application_date > until
        out.append(
            make_check(
                "FRS-02",
                False if outside else None,
                "frs02_suspended_outside" if outside else "frs02_suspended_within",
                severity="info",
                pv=pv,
                threshold=former.value,
                inputs={"sponsor_status_date": status_date, "application_date": application_date},
                until=LocalDate(until),
            )
        )
        return out, (False if outside else None), subject
    until = add_months(status_date, pv.value, "sponsor_status_date")
    exempt = pv.value > 0 and application_date <= until
    out.append(
        _exemption_period("FRS-02", exempt, pv, until, status_date, application_date, start_choice)
    )
    return out, exempt, subject


def _exemption_period(
    rule: str,
    exempt: bool,
    pv: ParameterValue,
    until: dt.date,
    status_date: dt.date,
    application_date: dt.date,
    start_choice: str,
    flags: tuple[str, ...] = (),
) -> Check:
    return make_check(
        rule,
        exempt,
        # FRS-02 (002 L622): a period of 0 months is the abolished exemption.
        "exempt_period_in"
        if exempt
        else "exempt_abolished"
        if pv.value == 0
        else "exempt_period_out",
        severity="info",
        pv=pv,
        value=application_date.isoformat(),
        inputs={"sponsor_status_date": status_date, "application_date": application_date},
        choices={"exemption_period_start": start_choice},
        flags=flags,
        until=LocalDate(until),
        months=pv.value,
    )


def _partner_checks(
    status: str, members: list[Member], rday: dt.date, day: dt.date, rb: Rulebook
) -> list[Check]:
    out: list[Check] = []
    reference = str(rb.require("interpretation.fr02_age_reference", day).value)
    for m in members:
        if m.relationship not in PARTNERS:
            continue
        field = f"family_members[{m.index}]"
        if (
            m.accompanying
            and status in PROTECTION
            and m.relationship in {"spouse", "registered_partner"}
        ):
            pv = rb.require(
                "family_reunification.conditions.accompanying_partner_minimum_age", rday
            )
            rule = "FRS-08" if status == "subsidiary_protection" else "FRR-06"
        else:
            pv = rb.require("family_reunification.conditions.partner_minimum_age", rday)
            rule = "FR-02"
        assert m.age is not None
        passed = m.age >= pv.value
        out.append(
            make_check(
                rule,
                passed,
                "age_ok" if passed else "age_low",
                pv=pv,
                value=m.age,
                inputs={
                    "member": field,
                    "relationship": m.relationship,
                    "age": m.age,
                    "accompanying": m.accompanying,
                },
                choices={"fr02_age_reference": reference},
                age=m.age,
                minimum=pv.value,
                member=field,
            )
        )
        if m.relationship in {"partner", "registered_partner"}:
            out.append(
                make_check(
                    "FR-03",
                    m.durable,
                    f"durable_{'ok' if m.durable else 'missing' if m.durable is None else 'no'}",
                    citation=Citation(
                        catalogue="FR-03",
                        seed="002 §1.1.3 L181; §1.5.2 L338",
                        legal_act="Law of 18 Jul 2025",
                    ),
                    inputs={"member": field, "durable_relationship": m.durable},
                    member=field,
                )
            )
    return out


def _only_children(members: list[Member]) -> bool:
    return all(
        m.relationship in CHILDREN
        and (m.relationship == "disabled_child" or (m.age is not None and m.age < 18))
        for m in members
    )


def _status_specific(
    status: str,
    members: list[Member],
    application_date: dt.date,
    status_date: dt.date | None,
    sponsor_age: int | None,
    unaccompanied_minor: bool,
    new: bool,
    day: dt.date,
    rday: dt.date,
    rb: Rulebook,
) -> list[Check]:
    out: list[Check] = []
    start_choice = {
        "waiting_period_start": str(rb.require("interpretation.waiting_period_start", day).value)
    }
    only_children = _only_children(members)
    if not new:
        tp_wait = rb.get("family_reunification.conditions.temporary_protection_waiting_period", day)
        if status == "temporary_protection" and tp_wait is not None and status_date is not None:
            tp_wait = rb.require(tp_wait.name, day)
            # 002 §4.4.2 says the two-year wait applies "from 18 August 2025", while FR-06
            # keeps the previous requirements for sponsors whose permit predates that day.
            # Which prevails is not stated: undecided only when the wait is not yet over.
            check = _waiting(
                "FRT-02", tp_wait, status_date, application_date, only_children, start_choice
            )
            if check.passed is False:
                check = _undecided(check, "FRT-02-VS-FR-06", "frt02_regime_unclear")
            out.append(check)
        return out
    minor_sponsor = unaccompanied_minor and (sponsor_age is None or sponsor_age < 18)

    if status == "permanent_resident":
        assert status_date is not None
        # FR-05: one year if the relationship existed before the sponsor's arrival, else two.
        prior: bool | None = all3(*(m.bond_before for m in members))
        short = rb.require(
            "family_reunification.conditions.permanent_resident_waiting_period_prior_bond", rday
        )
        long = rb.require("family_reunification.conditions.permanent_resident_waiting_period", rday)
        check = _waiting(
            "FR-05",
            short if prior else long,
            status_date,
            application_date,
            only_children,
            start_choice,
        )
        if prior is None and not only_children:
            # Unknown bond: decided only if both periods agree.
            other = _waiting("FR-05", short, status_date, application_date, False, start_choice)
            if other.passed != check.passed:
                check = make_check(
                    "FR-05",
                    None,
                    "waiting_bond_unknown",
                    pv=long,
                    inputs=dict(check.inputs),
                    choices=start_choice,
                    short=short.value,
                    months=long.value,
                )
        out.append(check)

    if status in {"subsidiary_protection", "temporary_protection"}:
        rule = "FRS-01" if status == "subsidiary_protection" else "FRT-01"
        bond_pv = rb.require(
            "family_reunification.conditions.bond_predates_arrival_required_from", rday
        )
        for m in members:
            if m.accompanying:
                continue
            ok = bool(m.bond_before) or (m.relationship == "child" and m.born_here)
            out.append(
                make_check(
                    rule,
                    ok,
                    "bond_ok" if ok else "bond_after_arrival",
                    pv=bond_pv,
                    threshold=None,
                    inputs={
                        "member": f"family_members[{m.index}]",
                        "bond_predates_arrival": m.bond_before,
                        "born_in_belgium_into_existing_family": m.born_here,
                    },
                    member=f"family_members[{m.index}]",
                )
            )
        if any(m.relationship == "parent" for m in members) and minor_sponsor:
            rule = "FRS-05" if status == "subsidiary_protection" else "FRT-03"
            seed = "002 §2.2.2 L625" if status == "subsidiary_protection" else "002 §4.4.3"
            out.append(
                make_check(
                    rule,
                    False,
                    "parents_of_uam",
                    citation=Citation(catalogue=rule, seed=seed, legal_act="Law of 18 Jul 2025"),
                    inputs={
                        "sponsor_unaccompanied_minor": True,
                        "members": [m.field for m in members if m.relationship == "parent"],
                    },
                )
            )

    if status == "subsidiary_protection":
        assert status_date is not None
        pv = _any_status(rb, "family_reunification.conditions.subsidiary_waiting_period", day)
        # FRS-03 (002 L623): the wait does not apply to the members who accompanied the
        # sponsor; it concerns the others only.
        waiting = [m for m in members if not m.accompanying]
        if not waiting:
            pass
        elif pv.status == "suspended":
            out.append(
                make_check(
                    "FRS-03",
                    True,
                    "suspended_not_applied",
                    severity="info",
                    pv=pv,
                    inputs={"sponsor_status_date": status_date},
                )
            )
        else:
            which = str(rb.require("interpretation.frs03_children_exception_members", day).value)
            children = _only_children(members if which == "all_members" else waiting)
            out.append(
                _waiting(
                    "FRS-03",
                    pv,
                    status_date,
                    application_date,
                    children,
                    {**start_choice, "frs03_children_exception_members": which},
                    [m.field for m in waiting],
                )
            )

    if status == "temporary_protection":
        assert status_date is not None
        pv = rb.require("family_reunification.conditions.temporary_protection_waiting_period", rday)
        # FRT-02 (002 §4.4.2 L987) is not suspended: Decision 24/2026 (fn 43–46, L632–L638)
        # covers only the subsidiary-protection rules, so the wait applies after 26 Feb 2026.
        out.append(
            _waiting("FRT-02", pv, status_date, application_date, only_children, start_choice)
        )

    if (
        status in REFUGEE_LIKE
        and minor_sponsor is False
        and sponsor_age is not None
        and sponsor_age < 18
    ):
        # FRR-05: an accompanied minor refugee has no right to reunite with a second parent
        # abroad (a discretionary grant remains possible).
        for m in members:
            if m.relationship == "parent" and not m.accompanying:
                out.append(
                    make_check(
                        "FRR-05",
                        False,
                        "second_parent",
                        citation=Citation(
                            catalogue="FRR-05",
                            seed="002 §2.2.2 L605–L607",
                            legal_act="Law of 18 Jul 2025",
                        ),
                        inputs={"member": f"family_members[{m.index}]", "sponsor_age": sponsor_age},
                    )
                )
    return out


def _undecided(check: Check, flag: str, key: str) -> Check:
    """A failed check the seeds leave open: undecided, with the flag and the reason."""
    return replace(check, passed=None, flags=(*check.flags, flag), explanation=explain(key, {}))


def _any_status(rb: Rulebook, name: str, day: dt.date) -> ParameterValue:
    """A value whatever its status, for rules that treat a suspension themselves (FRS-02,
    FRS-03: a suspended provision is reported and not applied)."""
    found = rb.get(name, day)
    if found is None:
        raise ParameterNotApplicable(name, day, None)
    return found


def _waiting(
    rule: str,
    pv: ParameterValue,
    start: dt.date,
    application_date: dt.date,
    only_children: bool,
    choices: dict[str, str],
    members: list[str] | None = None,
) -> Check:
    scope = {} if members is None else {"members": members}
    if only_children:
        return make_check(
            rule,
            True,
            "waiting_children_exception",
            severity="info",
            pv=pv,
            inputs={"only_minor_or_disabled_children": True, **scope},
            choices=choices,
        )
    until = add_months(start, pv.value, "sponsor_status_date")
    passed = application_date >= until
    return make_check(
        rule,
        passed,
        "waiting_ok" if passed else "waiting_short",
        pv=pv,
        value=application_date.isoformat(),
        inputs={"sponsor_status_date": start, "application_date": application_date, **scope},
        choices=choices,
        until=LocalDate(until),
        months=pv.value,
    )


def _ex_officio_route(f: Facts, application_date: dt.date, day: dt.date, rb: Rulebook) -> Check:
    """FRX-03: the ex-officio visa needs the bond before the permit and an application with
    the single permit or within six months of its issue; otherwise the regular procedure."""
    pv = rb.require("family_reunification.conditions.ex_officio_window", day)
    issued = f.date("single_permit_issue_date", required=False)
    together = bool(f.boolean("filed_with_single_permit", required=False))
    bond = f.boolean("bond_predates_single_permit", required=False)
    choice = str(rb.require("interpretation.frx03_window_end", day).value)
    if together:
        in_window: bool | None = True
    elif issued is None:
        in_window = None
    else:
        end = add_months(issued, pv.value, "single_permit_issue_date")
        in_window = (
            issued <= application_date <= end
            if choice == "inclusive"
            else issued <= application_date < end
        )
    ok = all3(in_window, bond)
    key = "frx_route_ok" if ok else ("frx_route_unknown" if ok is None else "frx_route_regular")
    return make_check(
        "FRX-03",
        ok,
        key,
        severity="info",
        pv=pv,
        value=application_date.isoformat(),
        inputs={
            "single_permit_issue_date": issued,
            "filed_with_single_permit": together,
            "bond_predates_single_permit": bond,
        },
        choices={"frx03_window_end": choice},
    )
