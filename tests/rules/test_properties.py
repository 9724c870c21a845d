# SPDX-License-Identifier: EUPL-1.2
"""Properties of the per-case path, checked with hypothesis on generated cases that sit on
the thresholds and effective dates of the rulebook."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passage.rules import InputError, evaluate, explain_text, loads_case
from passage.rules.decision import LANGUAGES
from passage.rules.single_permit import CATEGORIES, REGIONS, SALARY_CATEGORIES

OUTCOMES = {"eligible", "not_eligible", "needs_review", "incomplete", "computed"}
# A rising wage never lowers the outcome; incomplete (a fact the wage cannot supply) ranks
# with review, between a refusal and a grant.
RANK = {"not_eligible": 0, "needs_review": 1, "incomplete": 1, "eligible": 2}
START = dt.date(2025, 1, 1)
END = dt.date(2027, 12, 31)
#: Every effective date in the rulebook, with the day before it.
EDGES = [
    dt.date(2025, 1, 31),
    dt.date(2025, 2, 1),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),
    dt.date(2025, 7, 9),
    dt.date(2025, 7, 10),
    dt.date(2025, 7, 28),
    dt.date(2025, 7, 29),
    dt.date(2025, 8, 17),
    dt.date(2025, 8, 18),
    dt.date(2025, 8, 31),
    dt.date(2025, 9, 1),
    dt.date(2025, 9, 30),
    dt.date(2025, 10, 1),
    dt.date(2025, 12, 14),
    dt.date(2025, 12, 15),
    dt.date(2025, 12, 31),
    dt.date(2026, 1, 1),
    dt.date(2026, 2, 25),
    dt.date(2026, 2, 26),
    dt.date(2026, 2, 28),
    dt.date(2026, 3, 1),
    dt.date(2026, 3, 31),
    dt.date(2026, 4, 1),
    dt.date(2026, 8, 31),
    dt.date(2026, 9, 1),
    dt.date(2026, 9, 30),
    dt.date(2026, 10, 1),
    dt.date(2027, 8, 17),
    dt.date(2027, 8, 18),
]
#: Thresholds of SAL-01 and SAL-02 in the period they are stated, with the monthly and
#: annual equivalents the engine compares (12 months, named choice salary_months_per_year).
THRESHOLDS = [
    "2070.48", "2111.89", "24845.76", "25342.68", "48912", "39129.60", "78259", "63586",
    "101019", "42313", "53220", "42576", "88790", "68815", "55052", "44396", "55053", "34408",
    "3703.44", "6647.20", "4748", "88320", "7360", "3086.20", "5460.20", "4510.60", "2611.40",
    "52773", "88045", "44023", "68896", "55117", "34449", "4076", "3699.67",
]  # fmt: skip
CENT = Decimal("0.01")

dates = st.one_of(st.sampled_from(EDGES), st.dates(min_value=START, max_value=END))
cents = st.decimals(min_value=0, max_value=250_000, places=2, allow_nan=False, allow_infinity=False)
edge_wages = st.builds(
    lambda t, d: max(Decimal(0), Decimal(t) + d * CENT),
    st.sampled_from(THRESHOLDS),
    st.integers(min_value=-1, max_value=1),
)
wages = st.one_of(edge_wages, cents)
maybe_bool = st.sampled_from([None, True, False])


def _drop_none(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in case.items() if v is not None}


@st.composite
def single_permit_facts(draw: st.DrawFn, categories: tuple[str, ...] = CATEGORIES) -> dict:
    day = draw(dates)
    region = draw(st.sampled_from(REGIONS))
    category = draw(st.sampled_from(categories))
    application = draw(
        st.one_of(
            st.none(), st.dates(min_value=max(START, day - dt.timedelta(days=60)), max_value=day)
        )
    )
    application_type = draw(st.sampled_from(["first", "renewal"]))
    return _drop_none(
        {
            "procedure": "single_permit",
            "date": day.isoformat(),
            "region": region,
            "category": category,
            "salary_period": draw(st.sampled_from(["month", "year"])),
            "age": draw(st.integers(min_value=18, max_value=70)),
            "junior": draw(maybe_bool) if category == "eu_blue_card" else None,
            "application_type": application_type,
            "application_date": application.isoformat() if application else None,
            "same_employer": draw(st.booleans()) if application_type == "renewal" else None,
            "same_occupation": draw(st.booleans()) if application_type == "renewal" else None,
            "occupation": draw(st.sampled_from(["2512", "7233", "9999"])),
            "sector": draw(st.sampled_from(["agriculture", "hospitality", "construction"])),
            "fte": draw(st.sampled_from([None, "0.79", "0.8", "1"])),
            "relevant_qualifications": draw(maybe_bool),
            "profile_screened": draw(maybe_bool),
            "long_term_resident_other_member_state": draw(maybe_bool),
            "labour_market_test_passed": draw(maybe_bool),
        }
    )


@st.composite
def family_reunification_cases(draw: st.DrawFn) -> dict:
    day = draw(dates)
    application = draw(st.dates(min_value=max(START, day - dt.timedelta(days=800)), max_value=day))
    status = draw(
        st.sampled_from(
            [
                "belgian",
                "third_country_national",
                "permanent_resident",
                "refugee",
                "subsidiary_protection",
                "temporary_protection",
                "single_permit_worker",
                "stateless_person",
            ]
        )
    )
    sponsor_dates = st.one_of(st.sampled_from(EDGES), st.dates(dt.date(2022, 1, 1), day))
    members = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "relationship": st.sampled_from(
                        [
                            "spouse",
                            "registered_partner",
                            "partner",
                            "child",
                            "disabled_child",
                            "parent",
                        ]
                    ),
                    "age": st.integers(min_value=0, max_value=80),
                    "accompanying": st.booleans(),
                    "bond_predates_arrival": st.booleans(),
                    "born_in_belgium_into_existing_family": st.booleans(),
                    "durable_relationship": maybe_bool,
                    "application_fee_paid": maybe_bool,
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    members = [_drop_none(m) for m in members]
    return _drop_none(
        {
            "procedure": "family_reunification",
            "date": day.isoformat(),
            "sponsor_status": status,
            "sponsor_permit_date": draw(sponsor_dates).isoformat(),
            "sponsor_status_date": draw(sponsor_dates).isoformat(),
            "sponsor_age": draw(st.one_of(st.none(), st.integers(min_value=14, max_value=70))),
            "sponsor_unaccompanied_minor": draw(maybe_bool),
            "application_date": application.isoformat(),
            "net_monthly_income": str(
                draw(
                    st.one_of(
                        cents,
                        st.sampled_from(
                            [Decimal(x) for x in ("2131.28", "2173.88", "2323.07", "2408.79")]
                        ),
                    )
                )
            ),
            "additional_dependants": draw(st.integers(min_value=0, max_value=5)),
            "family_members": members,
            "adequate_housing": draw(maybe_bool),
            "health_insurance": draw(maybe_bool),
            "single_permit_issue_date": draw(sponsor_dates).isoformat(),
            "single_permit_category": draw(
                st.sampled_from(
                    [
                        None,
                        "highly_skilled",
                        "eu_blue_card",
                        "researcher",
                        "international_agreement",
                        "other",
                    ]
                )
            ),
            "posted_worker": draw(maybe_bool),
            "filed_with_single_permit": draw(maybe_bool),
            "bond_predates_single_permit": draw(maybe_bool),
            "identity_and_bond_proof_date": draw(
                st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), day).map(dt.date.isoformat))
            ),
        }
    )


@st.composite
def other_cases(draw: st.DrawFn) -> dict:
    day = draw(dates)
    before = st.dates(min_value=START, max_value=day).map(dt.date.isoformat)
    kind = draw(st.integers(min_value=0, max_value=4))
    if kind == 0:
        start = draw(st.dates(min_value=START, max_value=END))
        length = draw(st.integers(min_value=0, max_value=120))
        return {
            "procedure": "blue_card_mobility",
            "date": day.isoformat(),
            "region": draw(st.sampled_from(REGIONS)),
            "resides_in_other_member_state": draw(st.booleans()),
            "stays": [
                {"start": start.isoformat(), "end": (start + dt.timedelta(days=length)).isoformat()}
            ],
        }
    if kind == 1:
        return {
            "procedure": "nationality_fee",
            "date": day.isoformat(),
            "payment_date": draw(before),
        }
    if kind == 2:
        return {
            "procedure": "procedural_deadline",
            "date": day.isoformat(),
            "transfer_date": draw(before),
            "country_of_origin": draw(st.sampled_from(["AL", "MA", "IN", "GE", "SY", "xk"])),
        }
    if kind == 3:
        capacity = draw(st.integers(min_value=1, max_value=40_000))
        return {
            "procedure": "reception_saturation",
            "date": day.isoformat(),
            "capacity": capacity,
            "occupied_places": draw(st.integers(min_value=0, max_value=capacity)),
        }
    return {
        "procedure": "cgrs_backlog",
        "date": day.isoformat(),
        "workload": draw(st.integers(min_value=0, max_value=40_000)),
    }


any_case = st.one_of(
    single_permit_facts().flatmap(lambda f: wages.map(lambda w: {**f, "gross_salary": str(w)})),
    family_reunification_cases(),
    other_cases(),
)
#: Derandomised: the same examples on every run, so a run is reproducible (the edges above
#: are what make the examples interesting, not fresh randomness).
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _evaluate(case: dict[str, Any]) -> Any:
    try:
        return evaluate(case)
    except InputError:
        return None  # a generated combination the contract refuses (e.g. a stay after 2027)


# --- family members are judged one by one (002 L603, L622, L623) ------------------------------

_PROTECTED = {"refugee", "stateless_person", "subsidiary_protection"}


def _scope(check: Any, everyone: set[str]) -> set[str]:
    if "member" in check.inputs:
        return {check.inputs["member"]}
    return set(check.inputs["members"]) if "members" in check.inputs else everyone


@SETTINGS
@given(case=family_reunification_cases())
def test_accompanying_members_are_never_subject_to_material_requirements_or_the_wait(
    case: dict[str, Any],
) -> None:
    decision = _evaluate(case)
    if decision is None:
        return
    members = case["family_members"]
    everyone = {f"family_members[{i}]" for i in range(len(members))}
    accompanying = {f"family_members[{i}]" for i, m in enumerate(members) if m.get("accompanying")}
    for check in decision.checks:
        if case["sponsor_status"] in _PROTECTED and check.rule in {"FR-01", "FR-04", "FR-MAT"}:
            assert "members" in check.inputs and not accompanying & set(check.inputs["members"])
        if check.rule == "FRS-03" and check.severity == "blocking":
            assert not accompanying & set(check.inputs["members"])
    refused: set[str] = set()
    for check in decision.checks:
        if check.passed is False and check.severity == "blocking":
            refused |= _scope(check, everyone)
    # fr_member_outcomes = per_member: refused only when every member is.
    if decision.outcome == "not_eligible":
        assert refused == everyone
    downgraded = [c for c in decision.checks if "FR-MEMBERS-DIFFER" in c.flags]
    assert all(c.passed is False and c.severity == "review" for c in downgraded)
    assert bool(downgraded) == any(c.rule == "FR-MEMBERS" for c in decision.checks)


# --- eligibility never decreases as the wage rises ------------------------------------------


@SETTINGS
@given(
    facts=single_permit_facts(categories=(*sorted(SALARY_CATEGORIES), "other", "seasonal")),
    low=wages,
    high=wages,
)
def test_eligibility_never_decreases_as_the_wage_rises(
    facts: dict[str, Any], low: Decimal, high: Decimal
) -> None:
    low, high = min(low, high), max(low, high)
    a = evaluate({**facts, "gross_salary": str(low)})
    b = evaluate({**facts, "gross_salary": str(high)})
    assert RANK[a.outcome] <= RANK[b.outcome], (low, high, a.failed_rules, b.failed_rules)
    wage = {c.rule: c.passed for c in a.checks if c.rule in {"SAL-01", "SAL-02"}}
    wage_b = {c.rule: c.passed for c in b.checks if c.rule in {"SAL-01", "SAL-02"}}
    assert wage.keys() == wage_b.keys()
    for rule, passed in wage.items():
        if passed is True:
            assert wage_b[rule] is True, (rule, low, high)


# --- the shape of every decision --------------------------------------------------------------


@SETTINGS
@given(case=any_case)
def test_decision_is_well_formed(case: dict[str, Any]) -> None:
    decision = _evaluate(case)
    if decision is None:
        return
    assert decision.outcome in OUTCOMES
    computation = case["procedure"] in {
        "nationality_fee",
        "procedural_deadline",
        "reception_saturation",
        "cgrs_backlog",
    }
    assert (
        (decision.outcome in {"computed", "needs_review"})
        if computation
        else (decision.outcome != "computed")
    )
    rules = [c.rule for c in decision.checks]
    assert decision.checks, case
    assert set(decision.failed_rules) <= set(rules)
    if decision.outcome == "eligible":
        assert decision.failed_rules == ()
    if decision.outcome == "not_eligible":
        assert any(c.passed is False and c.severity == "blocking" for c in decision.checks)
        assert decision.missing_facts == ()  # a refusal is final: nothing is asked
    # Incomplete exactly when facts are still needed, and each needed fact is a declared one
    # the case does not give (issue 9 item 4).
    assert (decision.outcome == "incomplete") == bool(decision.missing_facts)
    for name in decision.missing_facts:
        assert case.get(name) is None, (name, case)
    day = dt.date.fromisoformat(case["date"])
    for check in decision.checks:
        assert check.severity in {"blocking", "review", "info"}
        assert check.citation.catalogue.strip() and check.citation.seed.strip(), check.rule
        assert set(check.explanation) == set(LANGUAGES) == {"en", "nl", "fr", "de"}
        for lang in LANGUAGES:
            text = check.explanation[lang]
            assert text.strip() and "{" not in text, (check.rule, lang, text)
        if check.parameter is not None:
            assert check.effective_date is not None, check.rule
            assert check.effective_date <= day, (check.rule, check.parameter, check.effective_date)
    for lang in LANGUAGES:
        assert explain_text(decision, lang).strip()


@SETTINGS
@given(case=any_case)
def test_to_dict_round_trips_through_json(case: dict[str, Any]) -> None:
    decision = _evaluate(case)
    if decision is None:
        return
    doc = decision.to_dict()
    assert json.loads(json.dumps(doc)) == doc
    assert doc["failed_rules"] == list(decision.failed_rules)
    # The JSON text evaluates to the same decision.
    again = evaluate(loads_case(json.dumps(case)))
    assert again.to_dict() == doc


# --- money: string, Decimal, integer, JSON number ---------------------------------------------


@SETTINGS
@given(facts=single_permit_facts(), wage=wages)
def test_money_as_string_decimal_or_number_gives_the_same_decision(
    facts: dict[str, Any], wage: Decimal
) -> None:
    as_string = _evaluate({**facts, "gross_salary": str(wage)})
    if as_string is None:
        return
    as_decimal = evaluate({**facts, "gross_salary": wage})
    as_json_number = evaluate(
        loads_case(json.dumps({**facts, "gross_salary": "@"}).replace('"@"', str(wage)))
    )
    assert as_decimal.to_dict() == as_string.to_dict()
    assert as_json_number.to_dict() == as_string.to_dict()
    whole = wage.to_integral_value()
    as_int = evaluate({**facts, "gross_salary": int(whole)})
    as_int_string = evaluate({**facts, "gross_salary": str(int(whole))})
    assert as_int.to_dict() == as_int_string.to_dict()
    assert as_int.outcome == evaluate({**facts, "gross_salary": whole}).outcome


@SETTINGS
@given(case=family_reunification_cases())
def test_income_as_string_decimal_or_number_gives_the_same_decision(case: dict[str, Any]) -> None:
    as_string = _evaluate(case)
    if as_string is None:
        return
    income = Decimal(case["net_monthly_income"])
    assert evaluate({**case, "net_monthly_income": income}).to_dict() == as_string.to_dict()
    text = json.dumps({**case, "net_monthly_income": "@"}).replace('"@"', str(income))
    assert evaluate(loads_case(text)).to_dict() == as_string.to_dict()
    whole = int(income.to_integral_value())
    assert (
        evaluate({**case, "net_monthly_income": whole}).to_dict()
        == evaluate({**case, "net_monthly_income": str(whole)}).to_dict()
    )
