# SPDX-License-Identifier: EUPL-1.2
"""The procedures of issue 9 item 6 over the web: the API decides them, the public /check/ page
(which offers single permit and family reunification only) refuses them as a field error
instead of breaking, and the OpenAPI case describes their facts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from passage.rulebook.openapi import CASE
from passage.rules.engine import COMPUTATIONS, ELIGIBILITY

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "temporary_protection": (
        {
            "date": "2025-10-01",
            "nationality": "UA",
            "resided_in_ukraine_before_invasion": True,
            "present_in_ukraine_on_invasion_date": True,
            "residence_evidence": True,
            "temporary_protection_other_member_state": True,
            "other_member_state_protection_terminated": False,
        },
        "not_eligible",  # TP-04 catalogue test: active protection in Poland on 2025-10-01
    ),
    "immediate_reception": (
        {
            "date": "2025-06-02",
            "single_male_applicant": True,
            "age": 25,
            "exceptionally_vulnerable": False,
            "protection_in_other_member_state": False,
        },
        "not_eligible",  # REC-08 waiting list
    ),
    "naturalisation": (
        {
            "date": "2025-06-02",
            "adult_or_emancipated": True,
            "recognised_stateless": True,
            "legal_residence_start": "2023-06-02",
        },
        "eligible",  # NAT-01 two years on the day
    ),
    "voluntary_return": (
        {"date": "2025-09-01", "order_to_leave_issued": False, "exceptional_case": True},
        "needs_review",  # RET-01 exceptional cases are not described
    ),
    "interview_absence_deadline": (
        {"date": "2025-08-04", "interview_date": "2025-08-04", "examination_procedure": "regular"},
        "computed",
    ),
    "processing_suspension": ({"date": "2025-10-31", "country_of_origin": "SY"}, "computed"),
    "subcontracting_duty_of_care": (
        {
            "date": "2025-06-02",
            "region": "flanders",
            "sector": "cleaning",
            "statement_provided": False,
            "false_documents": False,
        },
        "needs_review",  # EMP-01 reporting duty stated from 2026 only
    ),
    "integration_programme_deadline": (
        {"date": "2025-03-03", "region": "wallonia", "programme_start_date": "2025-03-01"},
        "computed",
    ),
    "reflection_period_end": (
        {"date": "2025-05-02", "reflection_start_date": "2025-05-01"},
        "computed",
    ),
}


def test_every_item_6_procedure_has_an_api_case_here() -> None:
    new = set(ELIGIBILITY) | set(COMPUTATIONS)
    new -= {"single_permit", "family_reunification", "blue_card_mobility", "nationality_fee"}
    new -= {"procedural_deadline", "reception_saturation", "cgrs_backlog"}
    assert new == set(CASES)


@pytest.mark.parametrize("procedure", sorted(CASES))
def test_api_decides_the_procedure(api: Client, procedure: str) -> None:
    facts, outcome = CASES[procedure]
    body = {"procedure": procedure, **facts}
    response = api.post("/api/v1/rules/check", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    decision = response.json()
    assert decision["outcome"] == outcome
    assert decision["procedure"] == procedure
    for key in set(facts) - {"date"}:
        assert key in CASE["properties"], f"{key} missing from the OpenAPI case"


@pytest.mark.parametrize("procedure", sorted(CASES))
def test_api_names_the_field_of_a_bad_case(api: Client, procedure: str) -> None:
    facts, _ = CASES[procedure]
    body = {"procedure": procedure, **facts, "favourite_colour": "blue"}
    response = api.post("/api/v1/rules/check", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["field"] == "favourite_colour"


@pytest.mark.django_db
@pytest.mark.parametrize("procedure", ["temporary_protection", "reflection_period_end"])
def test_check_page_refuses_a_procedure_it_does_not_offer(client: Client, procedure: str) -> None:
    response = Client(raise_request_exception=False).post(
        "/check/", {"procedure": procedure, "date": "2025-10-01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="procedure"' in page
    assert "Select a valid choice" in page
