# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/rules/check and GET /api/v1/rules/parameters: decisions and problems."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from rest_framework.exceptions import ValidationError as DRFValidationError
from rulebook_cases import FAMILY, GSC_CASE, SINGLE

from passage.api.problems import problem_exception_handler
from passage.rulebook import api as rules_api
from passage.rulebook.views import server_error
from passage.rules import evaluate_batch, loads_cases

URL = "/api/v1/rules/check"
PROBLEM_KEYS = {"type", "title", "status", "detail", "field"}


def post(client: Client, body: Any, content_type: str = "application/json") -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    doc = json.loads(response.content)
    assert set(doc) == PROBLEM_KEYS
    assert doc["status"] == status
    assert b"Traceback" not in response.content
    return doc


class TestSingleCase:
    def test_one_case_gives_one_decision_with_its_trace(self, api: Client) -> None:
        response = post(api, {"id": "acme-1", **SINGLE})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        doc = response.json()
        assert doc["id"] == "acme-1"
        assert doc["outcome"] == "eligible"
        assert doc["procedure"] == "single_permit"
        check = doc["checks"][0]
        assert check["rule"] == "SAL-02"
        assert check["threshold"] == "48912"
        assert check["unit"] == "EUR/year gross"
        assert check["effective_date"] == "2025-01-01"
        assert set(check["explanation"]) == {"en", "nl", "fr", "de"}
        assert check["citation"]["catalogue"] == "SAL-02"

    def test_no_id_no_id_key(self, api: Client) -> None:
        assert "id" not in post(api, SINGLE).json()

    @pytest.mark.parametrize(
        ("salary", "outcome", "passed"),
        [
            ("48911.99", "not_eligible", False),
            ("48912", "eligible", True),
            ("48912.00", "eligible", True),
            # A float parser would round this up to 48912.0 and wrongly pass it.
            ("48911.9999999999999", "not_eligible", False),
        ],
    )
    def test_exact_cent_boundary_with_json_numbers(
        self, api: Client, salary: str, outcome: str, passed: bool
    ) -> None:
        """SAL-02, Flanders, highly skilled, 2025-03-01: € 48 912 a year; the amount is sent as
        a JSON number, so exactness depends on our parser, not on the client quoting it."""
        body = json.dumps({**SINGLE, "gross_salary": "X"}).replace('"X"', salary)
        doc = post(api, body).json()
        assert doc["outcome"] == outcome
        assert doc["checks"][0]["passed"] is passed
        assert doc["checks"][0]["value"] == salary

    def test_doubtful_parameter_needs_review(self, api: Client) -> None:
        doc = post(api, GSC_CASE).json()
        assert doc["outcome"] == "needs_review"
        assert doc["reasons"][0].startswith("SAL-02")


class TestBatch:
    def test_array_in_array_out_in_order(self, api: Client) -> None:
        cases = [
            {"id": 1, **SINGLE},
            {"id": 2, **SINGLE, "gross_salary": "48911.99"},
            {"id": 3, **FAMILY},
        ]
        response = post(api, cases)
        assert response.status_code == 200
        docs = response.json()
        assert [d["id"] for d in docs] == [1, 2, 3]
        assert [d["outcome"] for d in docs] == ["eligible", "not_eligible", "eligible"]
        assert docs[2]["procedure"] == "family_reunification"

    def test_array_of_one_is_still_a_batch(self, api: Client) -> None:
        docs = post(api, [SINGLE]).json()
        assert isinstance(docs, list)
        assert docs[0]["outcome"] == "eligible"

    @pytest.mark.parametrize("media_type", ["application/x-ndjson", "application/jsonl"])
    def test_json_lines_in_json_lines_out(self, api: Client, media_type: str) -> None:
        body = "\n".join(json.dumps({"id": i, **SINGLE}) for i in range(3)) + "\n"
        response = post(api, body, media_type)
        assert response.status_code == 200
        assert response["Content-Type"] == media_type
        lines = response.content.decode().splitlines()
        assert len(lines) == 3
        assert [json.loads(line)["id"] for line in lines] == [0, 1, 2]

    def test_json_lines_with_a_single_line(self, api: Client) -> None:
        response = post(api, json.dumps(SINGLE), "application/x-ndjson")
        assert response.status_code == 200
        lines = response.content.decode().splitlines()
        assert len(lines) == 1
        assert json.loads(lines[0])["outcome"] == "eligible"

    def test_json_lines_with_a_charset_parameter(self, api: Client) -> None:
        body = json.dumps(SINGLE) + "\n" + json.dumps(FAMILY) + "\n"
        response = post(api, body, "application/x-ndjson; charset=utf-8")
        assert response.status_code == 200
        assert len(response.content.splitlines()) == 2

    def test_one_bad_case_rejects_the_batch_naming_it(self, api: Client) -> None:
        cases = [SINGLE, SINGLE, {**SINGLE, "gross_salary": "-1"}, SINGLE]
        doc = problem(post(api, cases), 400)
        assert doc["field"] == "[2].gross_salary"
        assert "outcome" not in doc

    def test_one_bad_line_rejects_the_batch(self, api: Client) -> None:
        body = json.dumps(SINGLE) + "\n" + json.dumps({**SINGLE, "region": "mars"}) + "\n"
        doc = problem(post(api, body, "application/x-ndjson"), 400)
        assert doc["field"] == "[1].region"

    def test_malformed_line_is_named(self, api: Client) -> None:
        body = json.dumps(SINGLE) + "\n{not json\n"
        doc = problem(post(api, body, "application/jsonl"), 400)
        assert doc["field"] == "line 2"

    def test_batch_over_the_limit_is_413(self, api: Client, settings: Any) -> None:
        settings.PASSAGE_MAX_BATCH = 2
        doc = problem(post(api, [SINGLE] * 3), 413)
        assert doc["field"] == "body"
        assert "2" in doc["detail"]
        assert post(api, [SINGLE] * 2).status_code == 200

    def test_body_over_the_byte_limit_is_413(self, api: Client, settings: Any) -> None:
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
        doc = problem(post(api, [SINGLE] * 3), 413)
        assert doc["field"] == "body"

    def test_a_twenty_thousand_case_batch_answers_every_case_in_order(self, api: Client) -> None:
        """The batch path at the size the benchmark times (its speed is measured by
        `make bench`, not asserted here): every case answered, in order, exact at the cent."""
        cases = [{"id": i, **SINGLE, "gross_salary": str(40000 + i)} for i in range(20_000)]
        response = post(api, orjson.dumps(cases))
        assert response.status_code == 200
        docs = orjson.loads(response.content)
        assert len(docs) == 20_000
        assert [d["id"] for d in docs[:3]] == [0, 1, 2]
        assert docs[-1]["id"] == 19_999
        assert docs[8912]["outcome"] == "eligible"
        assert docs[8911]["outcome"] == "not_eligible"
        expected = [d.outcome for d in evaluate_batch(loads_cases(orjson.dumps(cases[:500])))]
        assert [d["outcome"] for d in docs[:500]] == expected


BAD_INPUT = [
    ("malformed JSON", '{"procedure": "single_permit",', "body"),
    ("not an object", '"single_permit"', "body"),
    ("unknown procedure", {**SINGLE, "procedure": "asylum_lottery"}, "procedure"),
    ("missing procedure", {k: v for k, v in SINGLE.items() if k != "procedure"}, "procedure"),
    ("unknown region", {**SINGLE, "region": "luxembourg"}, "region"),
    ("negative salary", {**SINGLE, "gross_salary": "-48912"}, "gross_salary"),
    ("non-numeric salary", {**SINGLE, "gross_salary": "a lot"}, "gross_salary"),
    ("salary true", {**SINGLE, "gross_salary": True}, "gross_salary"),
    ("missing field", {k: v for k, v in SINGLE.items() if k != "date"}, "date"),
    ("date before the rulebook", {**SINGLE, "date": "2024-12-31"}, "date"),
    ("not a date", {**SINGLE, "date": "01/03/2025"}, "date"),
    ("misspelt fact", {**SINGLE, "gross_salry": "1"}, "gross_salry"),
    (
        "bad family member",
        {**FAMILY, "family_members": [{"relationship": "cousin"}]},
        "family_members[0].relationship",
    ),
]


@pytest.mark.parametrize(("case", "body", "field"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_a_400_problem_naming_the_field(
    api: Client, case: str, body: Any, field: str
) -> None:
    doc = problem(post(api, body), 400)
    assert doc["field"] == field
    assert doc["type"] == "urn:passage:problem:invalid-input"
    assert doc["detail"]


def test_empty_body(api: Client) -> None:
    assert problem(post(api, ""), 400)["field"] == "body"


def test_unsupported_media_type(api: Client) -> None:
    doc = problem(post(api, "procedure=single_permit", "text/plain"), 415)
    assert doc["field"] == "Content-Type"
    assert "application/x-ndjson" in doc["detail"]


def test_get_on_check_is_a_405_problem(api: Client) -> None:
    response = api.get(URL)
    doc = problem(response, 405)
    assert "POST" in response["Allow"]
    assert doc["field"] is None


def test_accept_header_does_not_cause_406(api: Client) -> None:
    response = api.post(
        URL, data=json.dumps(SINGLE), content_type="application/json", HTTP_ACCEPT="text/csv"
    )
    assert response.status_code == 200


def test_unknown_api_path_is_a_404_problem(api: Client) -> None:
    doc = problem(api.get("/api/v1/rules/nothing-here"), 404)
    assert "/api/v1/rules/nothing-here" in doc["detail"]


def test_unexpected_error_is_a_500_problem_without_details(
    api: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal state")

    monkeypatch.setattr(rules_api, "evaluate", broken)
    response = post(api, SINGLE)
    problem(response, 500)
    assert b"secret internal state" not in response.content


@pytest.mark.parametrize(
    ("exc", "status", "field"),
    [
        (DRFValidationError({"date": ["bad"]}), 400, "date"),
        (DjangoValidationError({"value": "must not be negative"}), 400, "value"),
        (DjangoValidationError("plain"), 400, None),
        (Http404("gone"), 404, None),
        (PermissionDenied(), 403, None),
    ],
)
def test_exception_handler_maps_other_errors(
    exc: Exception, status: int, field: str | None
) -> None:
    doc = problem(problem_exception_handler(exc, {}), status)
    assert doc["field"] == field


def test_plain_django_500_under_api_is_a_problem() -> None:
    response = server_error(RequestFactory().get("/api/v1/anything"))
    problem(response, 500)


def test_plain_django_500_elsewhere_is_a_page() -> None:
    response = server_error(RequestFactory().get("/check/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"Server error" in response.content


class TestParameters:
    def test_parameters_in_force_on_a_date(self, api: Client) -> None:
        response = api.get("/api/v1/rules/parameters", {"date": "2025-03-01"})
        assert response.status_code == 200
        doc = response.json()
        assert doc["date"] == "2025-03-01"
        by_name = {p["parameter"]: p for p in doc["parameters"]}
        flanders = by_name["single_permit.salary.flanders.highly_skilled"]
        assert flanders["value"] == "48912"
        assert flanders["unit"] == "EUR/year gross"
        assert flanders["citation"]["catalogue"] == "SAL-02"

    def test_without_date_uses_today(self, api: Client) -> None:
        from django.utils import timezone

        doc = api.get("/api/v1/rules/parameters").json()
        assert doc["date"] == timezone.localdate().isoformat()

    @pytest.mark.parametrize("raw", ["yesterday", "2025-02-30", "2025-3-1", "20250301"])
    def test_bad_date_is_a_400_problem(self, api: Client, raw: str) -> None:
        doc = problem(api.get("/api/v1/rules/parameters", {"date": raw}), 400)
        assert doc["field"] == "date"

    def test_post_is_405(self, api: Client) -> None:
        problem(api.post("/api/v1/rules/parameters"), 405)


@pytest.mark.parametrize(
    "amount", ['"1e100000000"', "1e999999999", "9" * 5001, '"' + "9" * 5001 + '"']
)
def test_amounts_out_of_bounds_are_a_400_naming_the_field(api: Client, amount: str) -> None:
    """Issue 9 item 7: bounded where parsed (was 2.1 GB of memory, or a 500)."""
    case = {
        "procedure": "single_permit",
        "date": "2025-03-01",
        "region": "flanders",
        "category": "highly_skilled",
        "gross_salary": "@",
        "salary_period": "year",
    }
    doc = problem(post(api, json.dumps(case).replace('"@"', amount)), 400)
    assert doc["field"] == "gross_salary"


def test_deeply_nested_body_is_a_400(api: Client) -> None:
    doc = problem(post(api, "[" * 20_000 + "]" * 20_000), 400)
    assert doc["field"] == "body"
