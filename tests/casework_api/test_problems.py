# SPDX-License-Identifier: EUPL-1.2
"""Bad input is a 4xx RFC 9457 problem naming the field, never a 500, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from casework_api_support import problem
from test_idempotency_and_etag import new_application_body

from passage.audit.models import AuditEntry
from passage.casework.models import Application, Worker


@pytest.fixture
def employer(world: Any, api_as: Any) -> Any:
    return api_as(world.users["employer_a"])


def _nothing_written() -> None:
    assert Application.objects.count() == 0
    assert Worker.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"gross_salary": "a lot"}, "gross_salary"),  # wrong type
        ({"gross_salary": [1]}, "gross_salary"),
        ({"start_date": "01/09/2026"}, "start_date"),
        ({"start_date": 20260901}, "start_date"),
        ({"fte": "1.5"}, "fte"),
        ({"permit_type": "forever"}, "permit_type"),  # unknown enum value
        ({"salary_period": "week"}, "salary_period"),
        ({"application_type": "third"}, "application_type"),
        ({"workplace_postcode": "20000"}, "workplace_postcode"),
        ({"enterprise_number": "0403170702"}, "enterprise_number"),  # check digits wrong
        ({"enterprise_number": "BE 12"}, "enterprise_number"),
        ({"enterprise_number": "0888999357"}, "enterprise_number"),  # valid, someone else's
        ({"gross_salry": "1"}, "gross_salry"),  # unknown field
        ({"facts": {"shoe_size": 44}}, "facts"),  # unknown fact (the service says so)
        ({"category": "astronaut"}, "category"),  # unknown category (the engine says so)
    ],
)
def test_create_bad_fields(employer: Any, body: dict[str, Any], field: str) -> None:
    response = employer.post("/api/v1/applications", new_application_body(**body))
    assert 400 <= response.status_code < 500, response.content
    assert problem(response)["field"] == field
    _nothing_written()


@pytest.mark.parametrize(
    ("worker", "field"),
    [
        (
            {"given_name": "A", "family_name": "B", "birth_date": "x", "nationality": "MA"},
            "worker.birth_date",
        ),
        (
            {
                "given_name": "A",
                "family_name": "B",
                "birth_date": "1990-01-01",
                "nationality": "Morocco",
            },
            "worker.nationality",
        ),
        (
            {"given_name": "A", "birth_date": "1990-01-01", "nationality": "MA"},
            "worker.family_name",
        ),
        (
            {
                "given_name": "A",
                "family_name": "B",
                "birth_date": "1990-01-01",
                "nationality": "MA",
                "national_register_number": "12345678901",
            },
            "national_register_number",
        ),
    ],
)
def test_create_bad_worker(employer: Any, worker: dict[str, Any], field: str) -> None:
    response = employer.post("/api/v1/applications", new_application_body(worker=worker))
    assert response.status_code == 400, response.content
    assert problem(response)["field"] == field
    _nothing_written()


def test_a_failure_after_the_worker_was_written_leaves_nothing(employer: Any) -> None:
    """The worker service succeeds, the application service then refuses the category: the
    request's transaction takes the worker (and its audit entry) back with it."""
    audit_before = AuditEntry.objects.count()
    response = employer.post("/api/v1/applications", new_application_body(category="astronaut"))
    assert response.status_code == 400
    _nothing_written()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    ("data", "content_type", "status", "field"),
    [
        (b'{"permit_type": "fixed_term",', "application/json", 400, "body"),  # malformed
        (b"[1, 2]", "application/json", 400, "body"),  # not an object
        (b'{"gross_salary": NaN}', "application/json", 400, "body"),
        (b"\xff\xfe", "application/json", 400, "body"),
        (b"permit_type=fixed_term", "application/x-www-form-urlencoded", 415, "Content-Type"),
        (b'{"x": "' + b"a" * 70_000 + b'"}', "application/json", 413, "body"),  # oversized
    ],
)
def test_create_bad_bodies(
    employer: Any, data: bytes, content_type: str, status: int, field: str
) -> None:
    response = employer.raw("post", "/api/v1/applications", data, content_type)
    assert response.status_code == status, response.content
    assert problem(response)["field"] == field
    _nothing_written()


def test_patch_refuses_fields_that_are_not_facts(world: Any, api_as: Any) -> None:
    app = world.application("a", "flanders")
    response = api_as(world.users["employer_a"]).patch(
        f"/api/v1/applications/{app.reference}",
        {"state": "granted"},
        **{"If-Match": f'W/"{app.version}"'},
    )
    assert response.status_code == 400
    assert problem(response)["field"] == "state"
    assert Application.objects.get(pk=app.pk).state == "draft"


def test_refusal_without_motivation_names_it(world: Any, api_as: Any) -> None:
    app = world.application("a", "flanders", "regional_assessment")
    response = api_as(world.officer_for("flanders")).post(
        f"/api/v1/applications/{app.reference}/decide-regional",
        {"outcome": "refused"},
        **{"If-Match": f'W/"{app.version}"'},
    )
    assert response.status_code == 400
    assert problem(response)["field"] == "motivation"
    assert Application.objects.get(pk=app.pk).state == "regional_assessment"


def test_unknown_decision_outcome(world: Any, api_as: Any) -> None:
    app = world.application("a", "flanders", "regional_assessment")
    response = api_as(world.officer_for("flanders")).post(
        f"/api/v1/applications/{app.reference}/decide-regional",
        {"outcome": "maybe"},
        **{"If-Match": f'W/"{app.version}"'},
    )
    assert response.status_code == 400
    assert problem(response)["field"] == "outcome"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("state=pending", "state"),
        ("region=atlantis", "region"),
        ("submitted_from=yesterday", "submitted_from"),
        ("overdue=maybe", "overdue"),
        ("enterprise_number=0403170702", "enterprise_number"),
        ("page_size=1000", "page_size"),
        ("page_size=abc", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_list_bad_parameters(world: Any, api_as: Any, query: str, field: str) -> None:
    response = api_as(world.users["administrator"]).get(f"/api/v1/applications?{query}")
    assert response.status_code == 400, response.content
    assert problem(response)["field"] == field


def test_anonymous_and_unknown(world: Any, api_as: Any) -> None:
    assert api_as(None).get("/api/v1/applications").status_code == 403
    response = api_as(world.users["administrator"]).get("/api/v1/applications/SP2026-NOPE")
    assert response.status_code == 404
    assert problem(response)["title"] == "Not Found"
