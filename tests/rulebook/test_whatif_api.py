# SPDX-License-Identifier: EUPL-1.2
"""What-if through POST /api/v1/rules/check (issue 9 item 8): ``{"proposal": [...], "case"
| "cases": ...}`` answers the decisions under the rules in force and under the proposal, with
the cases whose outcome changes; a bad proposal is a problem naming the field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rulebook_cases import SINGLE

from passage.rulebook import openapi
from passage.rulebook.services import parameter_override_create
from passage.rules import evaluate, evaluate_batch
from passage.rules.parameters import MAX_PROPOSAL_CHANGES, default_rulebook

URL = "/api/v1/rules/check"
PROBLEM_KEYS = {"type", "title", "status", "detail", "field"}
HS_FLANDERS = "single_permit.salary.flanders.highly_skilled"
#: SAL-03 (002 L224): the Flemish 2026 thresholds are pending. Today's SAL-02 value is
#: € 48 912 (002 L213–L214); the proposal raises it from 2026-07-01.
RAISE_HS = {
    "parameter": HS_FLANDERS,
    "start": "2026-07-01",
    "value": "50000",
    "label": "Flemish 2026 thresholds (SAL-03)",
}
#: SAL-01: the GMMI, € 2 111.89 from 1 Feb 2025 (002 L208), indexed in the proposal.
INDEX_GMMI = {"parameter": "single_permit.gmmi", "start": "2026-03-01", "value": "2154.13"}


def hs(salary: str, day: str = "2026-07-01", **facts: Any) -> dict[str, Any]:
    return {
        "procedure": "single_permit",
        "date": day,
        "region": "flanders",
        "category": "highly_skilled",
        "gross_salary": salary,
        "salary_period": "year",
        "age": 35,
        "application_type": "first",
        "application_date": "2026-06-01",
        **facts,
    }


def other(salary: str, day: str = "2026-03-01") -> dict[str, Any]:
    return {
        "procedure": "single_permit",
        "date": day,
        "region": "wallonia",
        "category": "other",
        "gross_salary": salary,
        "salary_period": "month",
        "labour_market_test_passed": True,
    }


def post(client: Client, body: Any, query: str = "") -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL + query, data=data, content_type="application/json")


def problem(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    doc = json.loads(response.content)
    assert set(doc) == PROBLEM_KEYS
    assert b"Traceback" not in response.content
    return doc


def test_one_case_under_todays_rules_and_the_proposal(api: Client) -> None:
    response = post(api, {"proposal": [RAISE_HS], "case": {"id": "acme-7", **hs("49000")}})
    assert response.status_code == 200, response.content
    doc = response.json()
    assert set(doc) == {"baseline", "proposal", "changed"}
    assert doc["baseline"]["outcome"] == "eligible"
    assert doc["proposal"]["outcome"] == "not_eligible"
    assert doc["proposal"]["id"] == "acme-7"
    sal02 = next(c for c in doc["proposal"]["checks"] if c["rule"] == "SAL-02")
    assert sal02["threshold"] == "50000"
    assert sal02["effective_date"] == "2026-07-01"
    assert sal02["citation"]["seed"] == "proposal: Flemish 2026 thresholds (SAL-03)"
    assert "PROPOSAL" in sal02["flags"]
    base = default_rulebook().version
    assert doc["baseline"]["rulebook_version"] == base
    assert doc["proposal"]["rulebook_version"].startswith(f"{base}+proposal:")
    assert doc["changed"] == [
        {
            "index": 0,
            "id": "acme-7",
            "baseline": {"outcome": "eligible", "failed_rules": []},
            "proposal": {"outcome": "not_eligible", "failed_rules": ["SAL-02"]},
        }
    ]


def test_the_baseline_is_exactly_the_answer_without_a_proposal(api: Client) -> None:
    cases = [hs(s) for s in ("48911.99", "48912", "49999.99", "50000")]
    plain = post(api, cases)
    assert plain.status_code == 200
    doc = post(api, {"proposal": [RAISE_HS], "cases": cases}).json()
    assert doc["baseline"] == plain.json()
    assert [d["outcome"] for d in doc["baseline"]] == [
        "not_eligible",
        "eligible",
        "eligible",
        "eligible",
    ]
    assert [d["outcome"] for d in doc["proposal"]] == ["not_eligible"] * 3 + ["eligible"]
    assert [c["index"] for c in doc["changed"]] == [1, 2]
    # The single-case answer is unchanged by the what-if machinery too.
    assert post(api, cases[1]).json() == evaluate(cases[1]).to_dict()


def test_gmmi_indexation_changes_sal01_outcomes(api: Client) -> None:
    cases = [other(s) for s in ("2111.88", "2111.89", "2154.12", "2154.13")]
    doc = post(api, {"proposal": [INDEX_GMMI], "cases": cases}).json()
    assert [c["index"] for c in doc["changed"]] == [1, 2]
    assert all(c["baseline"]["outcome"] == "eligible" for c in doc["changed"])
    assert all(c["proposal"]["failed_rules"] == ["SAL-01"] for c in doc["changed"])
    proposed = default_rulebook().with_proposal([INDEX_GMMI])
    assert [d["outcome"] for d in doc["proposal"]] == [
        d.outcome for d in evaluate_batch(cases, proposed)
    ]


def test_a_proposal_starting_after_the_evaluation_date_changes_nothing(api: Client) -> None:
    cases = [hs(s, day="2026-06-30", application_date="2026-06-01") for s in ("48912", "49000")]
    doc = post(api, {"proposal": [RAISE_HS], "cases": cases}).json()
    assert doc["changed"] == []
    assert [d["outcome"] for d in doc["proposal"]] == ["eligible", "eligible"]


def test_summary_detail_under_the_proposal(api: Client) -> None:
    cases = [{"id": f"c{i}", **hs(s)} for i, s in enumerate(("48912", "49000", "50000"))]
    doc = post(api, {"proposal": [RAISE_HS], "cases": cases}, "?detail=summary").json()
    assert doc["baseline"] == [
        {"id": f"c{i}", "outcome": "eligible", "failed_rules": []} for i in range(3)
    ]
    assert [d["outcome"] for d in doc["proposal"]] == ["not_eligible", "not_eligible", "eligible"]
    assert [c["id"] for c in doc["changed"]] == ["c0", "c1"]


def test_the_proposal_applies_on_top_of_administrators_verified_values(api: Client) -> None:
    """AMB-SAL-2: the German-speaking Community's Blue Card cell needs review; an overlay
    verifies it from 2025-01-01, and a proposal raises it from 2026-01-01."""
    user = get_user_model().objects.create_user("clerk")
    name = "single_permit.salary.german_speaking_community.eu_blue_card"
    parameter_override_create(
        parameter=name,
        start=dt.date(2025, 1, 1),
        value="63586",
        reference="test reference",
        entered_by=user,
    )
    case = {
        "procedure": "single_permit",
        "date": "2026-03-01",
        "region": "german_speaking_community",
        "category": "eu_blue_card",
        "gross_salary": "64000",
        "salary_period": "year",
    }
    change = {"parameter": name, "start": "2026-01-01", "value": "65000"}
    doc = post(api, {"proposal": [change], "case": case}).json()
    assert doc["baseline"]["outcome"] == "eligible"
    assert doc["proposal"]["outcome"] == "not_eligible"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"proposal": [{**RAISE_HS, "parameter": "single_permit.gmmii"}], "case": hs("1")},
            "proposal[0].parameter",
            "did you mean single_permit.gmmi",
        ),
        (
            {"proposal": [{**RAISE_HS, "value": [50000]}], "case": hs("1")},
            "proposal[0].value",
            "not a decimal",
        ),
        (
            {"proposal": [{**RAISE_HS, "value": "50000.001"}], "case": hs("1")},
            "proposal[0].value",
            "below the cent",
        ),
        (
            {"proposal": [{**RAISE_HS, "value": True}], "case": hs("1")},
            "proposal[0].value",
            "not a decimal",
        ),
        (
            {"proposal": [{**RAISE_HS, "start": "01/07/2026"}], "case": hs("1")},
            "proposal[0].start",
            "YYYY-MM-DD",
        ),
        (
            {"proposal": [{**RAISE_HS, "until": "2027-01-01"}], "case": hs("1")},
            "proposal[0].until",
            "not a key",
        ),
        (
            {"proposal": [RAISE_HS] * (MAX_PROPOSAL_CHANGES + 1), "case": hs("1")},
            "proposal",
            "limit is 50",
        ),
        ({"proposal": [], "case": hs("1")}, "proposal", "is empty"),
        ({"proposal": None, "case": hs("1")}, "proposal", "JSON array"),
        ({"proposal": {"parameter": HS_FLANDERS}, "case": hs("1")}, "proposal", "JSON array"),
        ({"proposal": [RAISE_HS]}, "body", "either case"),
        ({"proposal": [RAISE_HS], "case": hs("1"), "cases": [hs("1")]}, "body", "either case"),
        ({"proposal": [RAISE_HS], "case": hs("1"), "label": "x"}, "label", "not a member"),
        ({**hs("1"), "proposal": [RAISE_HS]}, "procedure", "not a member"),
        ({"proposal": [RAISE_HS], "case": [hs("1")]}, "case", "JSON object"),
        ({"proposal": [RAISE_HS], "cases": hs("1")}, "cases", "JSON array"),
        ({"proposal": [RAISE_HS], "cases": [hs("1"), 7]}, "cases[1]", "JSON object"),
        ({"proposal": [RAISE_HS], "case": hs("-1")}, "case.gross_salary", "negative"),
        (
            {"proposal": [RAISE_HS], "cases": [hs("1"), hs("-1")]},
            "cases[1].gross_salary",
            "negative",
        ),
    ],
)
def test_bad_what_if_requests_are_problems_naming_the_field(
    api: Client, body: dict[str, Any], field: str, message: str
) -> None:
    doc = problem(post(api, body))
    assert doc["field"] == field
    assert message in doc["detail"]
    assert doc["type"] == "urn:passage:problem:invalid-input"


def test_bad_case_in_summary_mode_is_named_inside_cases(api: Client) -> None:
    body = {"proposal": [RAISE_HS], "cases": [hs("1"), hs("1", region="mars")]}
    doc = problem(post(api, body, "?detail=summary"))
    assert doc["field"] == "cases[1].region"


def test_batch_limit_and_detail_apply_to_what_if(api: Client, settings: Any) -> None:
    settings.PASSAGE_MAX_BATCH = 2
    doc = problem(post(api, {"proposal": [RAISE_HS], "cases": [hs("1")] * 3}), 413)
    assert doc["field"] == "cases"
    doc = problem(post(api, {"proposal": [RAISE_HS], "cases": [hs("1")]}, "?detail=some"))
    assert doc["field"] == "detail"


def test_a_case_with_a_proposal_fact_in_json_lines_is_refused(api: Client) -> None:
    """JSON Lines carry cases only: a proposal there is an unknown fact of the case."""
    line = json.dumps({**SINGLE, "proposal": [RAISE_HS]})
    response = api.post(URL, data=line + "\n" + line + "\n", content_type="application/x-ndjson")
    assert problem(response)["field"] == "[0].proposal"


def test_schema_describes_the_what_if_request_and_answer(api: Client) -> None:
    doc = api.get("/api/schema/", {"format": "json"}).json()
    components = doc["components"]["schemas"]
    assert {"WhatIfRequest", "WhatIf", "ProposedChange"} <= set(components)
    assert components["WhatIfRequest"]["properties"]["proposal"]["maxItems"] == MAX_PROPOSAL_CHANGES
    assert components["ProposedChange"]["additionalProperties"] is False
    request = doc["paths"]["/api/v1/rules/check"]["post"]["requestBody"]["content"]
    assert {"$ref": "#/components/schemas/WhatIfRequest"} in request["application/json"]["schema"][
        "oneOf"
    ]


def test_what_if_example_is_what_the_api_answers(api: Client) -> None:
    answer = post(api, openapi._WHAT_IF_REQUEST).json()
    assert answer == json.loads(json.dumps(openapi._WHAT_IF_EXAMPLE, default=str))
    assert [c["index"] for c in answer["changed"]] == [0]


def test_proposed_amounts_as_json_numbers_are_exact(api: Client) -> None:
    """2154.13 as a JSON number is read as the decimal 2154.13, never as a binary float: a
    wage of 2154.12 fails the proposed GMMI by one cent, 2154.13 reaches it."""
    body = json.dumps(
        {"proposal": [{**INDEX_GMMI, "value": "X"}], "cases": [other("2154.12"), other("2154.13")]}
    ).replace('"X"', "2154.13")
    doc = post(api, body).json()
    assert [d["outcome"] for d in doc["proposal"]] == ["not_eligible", "eligible"]
    sal01 = next(c for c in doc["proposal"][0]["checks"] if c["rule"] == "SAL-01")
    assert sal01["threshold"] == "2154.13"
