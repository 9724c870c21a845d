# SPDX-License-Identifier: EUPL-1.2
"""The JSON contract (docs/rules/*.schema.json) holds: every YAML case input is a valid case,
every decision the engine gives is a valid decision, and the schemas reject what the engine
refuses where a schema can say so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from case_files import all_cases, as_json_case, rulebook_for
from hypothesis import given
from jsonschema import Draft202012Validator
from test_properties import SETTINGS, any_case

from passage.rules import InputError, evaluate, loads_case

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
CASE_SCHEMA = json.loads((DOCS / "case.schema.json").read_text(encoding="utf-8"))
DECISION_SCHEMA = json.loads((DOCS / "decision.schema.json").read_text(encoding="utf-8"))
CASE = Draft202012Validator(CASE_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
DECISION = Draft202012Validator(DECISION_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

GOOD_CASES = [c for c in all_cases() if "error" not in c["output"]]


def _errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(doc)
    ]


@pytest.mark.parametrize("schema", [CASE_SCHEMA, DECISION_SCHEMA], ids=["case", "decision"])
def test_schemas_are_valid_draft_2020_12_with_a_licence(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$comment"].startswith("SPDX-License-Identifier: EUPL-1.2")


@pytest.mark.parametrize("case", GOOD_CASES, ids=[c["name"] for c in GOOD_CASES])
def test_yaml_case_input_follows_the_case_schema(case: dict[str, Any]) -> None:
    assert _errors(CASE, json.loads(as_json_case(case))) == []


def test_every_yaml_decision_follows_the_decision_schema() -> None:
    problems = {}
    for case in GOOD_CASES:
        decision = evaluate(loads_case(as_json_case(case)), rulebook_for(case)).to_dict()
        errors = _errors(DECISION, json.loads(json.dumps(decision)))
        if errors:
            problems[case["name"]] = errors
    assert problems == {}


@SETTINGS
@given(case=any_case)
def test_generated_cases_and_decisions_follow_the_contract(case: dict[str, Any]) -> None:
    try:
        decision = evaluate(case)
    except InputError:
        return
    assert _errors(CASE, case) == [], case
    assert _errors(DECISION, json.loads(json.dumps(decision.to_dict()))) == []


_SP = {
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "wallonia",
    "category": "other",
    "gross_salary": "2111.89",
    "salary_period": "month",
}


@pytest.mark.parametrize(
    "change",
    [
        {"procedure": "work_visa"},
        {"region": "luxembourg"},
        {"category": "astronaut"},
        {"gross_salary": "-1"},
        {"gross_salary": "lots"},
        {"gross_salary": -5},
        {"salary_period": "week"},
        {"date": "01/03/2025"},
        {"favourite_colour": "blue"},
        {"region": "flanders", "category": "bottleneck", "occupation": "7126", "fte": "1.5"},
    ],
    ids=lambda c: ",".join(c),
)
def test_case_schema_rejects_what_the_engine_refuses(change: dict[str, Any]) -> None:
    case = {k: v for k, v in {**_SP, **change}.items() if v is not None}
    with pytest.raises(InputError):
        evaluate(case)
    assert _errors(CASE, case) != []


@pytest.mark.parametrize(
    "case",
    [
        {"procedure": "cgrs_backlog", "date": "2025-12-31", "workload": -1},
        {"procedure": "reception_saturation", "date": "2025-12-31", "occupied_places": 1, "capacity": 0},
        {"procedure": "procedural_deadline", "date": "2025-09-02", "transfer_date": "2025-09-02", "country_of_origin": "ALB"},
        {"procedure": "nationality_fee", "date": "2025-09-02"},
        {"procedure": "blue_card_mobility", "date": "2025-09-02", "region": "brussels", "resides_in_other_member_state": True, "stays": []},
        {
            "procedure": "family_reunification",
            "date": "2025-10-15",
            "sponsor_status": "belgian",
            "application_date": "2025-10-01",
            "family_members": [{"relationship": "cousin", "age": 30}],
        },
        {
            "procedure": "family_reunification",
            "date": "2025-10-15",
            "sponsor_status": "belgian",
            "application_date": "2025-10-01",
            "family_members": [{"relationship": "spouse", "age": 131}],
        },
        {
            "procedure": "family_reunification",
            "date": "2025-10-15",
            "sponsor_status": "belgian",
            "family_members": [],
        },
    ],
    ids=["workload", "capacity", "country", "payment", "stays", "relationship", "spouse-age", "no-members"],
)  # fmt: skip
def test_case_schema_rejects_bad_computation_and_family_cases(case: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        evaluate(case)
    assert _errors(CASE, case) != []


@pytest.mark.parametrize(
    "case",
    [
        {"procedure": "temporary_protection", "date": "2025-10-01", "nationality": "UA", "resided_in_ukraine_before_invasion": True, "present_in_ukraine_on_invasion_date": True, "temporary_protection_other_member_state": True},
        {"procedure": "temporary_protection", "date": "2025-10-01", "nationality": "UKR", "resided_in_ukraine_before_invasion": True, "present_in_ukraine_on_invasion_date": True, "temporary_protection_other_member_state": False},
        {"procedure": "immediate_reception", "date": "2025-06-02", "single_male_applicant": True, "protection_in_other_member_state": False},
        {"procedure": "naturalisation", "date": "2025-06-02", "adult_or_emancipated": True, "recognised_stateless": True},
        {"procedure": "voluntary_return", "date": "2025-09-01", "order_to_leave": True},
        {"procedure": "interview_absence_deadline", "date": "2025-09-01", "interview_date": "2025-09-01", "examination_procedure": "border"},
        {"procedure": "processing_suspension", "date": "2025-06-02", "country_of_origin": "PS"},
        {"procedure": "processing_suspension", "date": "2025-06-02", "country_of_origin": "PS", "from_west_bank": True},
        {"procedure": "subcontracting_duty_of_care", "date": "2026-03-02", "region": "flanders", "sector": "mining", "statement_provided": True, "false_documents": False},
        {"procedure": "integration_programme_deadline", "date": "2025-03-03", "region": "wallonia", "programme_start_date": "2025-03-01", "detention_days": -1},
        {"procedure": "reflection_period_end", "date": "2025-05-02"},
    ],
    ids=["tp-terminated", "tp-nationality", "rec08-age", "nat01-residence", "ret01-fact", "ip03-procedure", "ip07-west-bank", "ip07-unrwa", "emp01-sector", "intwa01-detention", "thb03-start"],
)  # fmt: skip
def test_case_schema_rejects_bad_cases_of_the_item_6_procedures(case: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        evaluate(case)
    assert _errors(CASE, case) != []


@pytest.mark.parametrize(
    ("case", "missing"),
    [
        (
            {
                "procedure": "family_reunification",
                "date": "2025-10-15",
                "sponsor_status": "third_country_national",
                "application_date": "2025-10-01",
                "net_monthly_income": "3000",
                "additional_dependants": 0,
                "family_members": [{"relationship": "spouse", "age": 30}],
                "adequate_housing": True,
                "health_insurance": True,
            },
            ["sponsor_permit_date"],
        ),
        (
            {
                "procedure": "family_reunification",
                "date": "2025-10-15",
                "sponsor_status": "belgian",
                "application_date": "2025-10-01",
                "net_monthly_income": "3000",
                "additional_dependants": 0,
                "family_members": [{"relationship": "child", "age": 4}, {"relationship": "spouse"}],
                "adequate_housing": True,
                "health_insurance": True,
            },
            ["family_members[1].age"],
        ),
    ],
    ids=["permit-date", "spouse-age"],
)
def test_a_partial_family_case_is_valid_and_incomplete(
    case: dict[str, Any], missing: list[str]
) -> None:
    """Issue 9 item 4 for family reunification: what was "is required" is now a fact still
    missing, named (a member's after the member), and the case follows the schema."""
    decision = evaluate(case)
    assert decision.outcome == "incomplete"
    assert list(decision.missing_facts) == missing
    assert _errors(CASE, case) == []


def test_the_single_permit_schema_is_generated_from_the_facts_declaration() -> None:
    """Facts declared once (issue 9 item 3): the committed schema is what the declaration
    gives; regenerate with ``python -m passage.rules.schemas``."""
    from passage.rules.schemas import case_schema

    assert case_schema(CASE_SCHEMA) == CASE_SCHEMA


@pytest.mark.parametrize(
    "change", [{"region": None}, {"category": None}, {"gross_salary": None}], ids=str
)
def test_a_partial_single_permit_case_is_valid_and_incomplete(change: dict[str, Any]) -> None:
    case = {k: v for k, v in {**_SP, **change}.items() if v is not None}
    decision = evaluate(case)
    assert decision.outcome == "incomplete" and decision.missing_facts
    assert _errors(CASE, case) == []
    assert _errors(DECISION, json.loads(json.dumps(decision.to_dict()))) == []
