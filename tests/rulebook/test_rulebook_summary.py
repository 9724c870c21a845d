# SPDX-License-Identifier: EUPL-1.2
"""``POST /api/v1/rules/check?detail=summary``: the column-wise answer equals the per-case one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import orjson
import pytest
from django.test import Client

from passage.bench.rules import _cases, generate_cases
from passage.rules import evaluate_batch, loads_cases

URL = "/api/v1/rules/check"


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2025-08-18", "2026-01-10", "2026-04-01", "2027-12-31"])
def test_summary_equals_the_per_case_path(client: Client, day: str) -> None:
    table = generate_cases(1500, seed=7, day=dt.date.fromisoformat(day))
    cases = [{**c, "date": day, "id": i} for i, c in enumerate(_cases(table, 0, 1500))]
    body = orjson.dumps(cases, default=_default)
    response = client.post(f"{URL}?detail=summary", body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    docs = orjson.loads(response.content)
    expected = evaluate_batch(loads_cases(body))
    assert [d["id"] for d in docs] == list(range(1500))
    assert [(d["outcome"], d["failed_rules"]) for d in docs] == [
        (e.outcome, list(e.failed_rules)) for e in expected
    ]
    assert set(docs[0]) == {"id", "outcome", "failed_rules"}


@pytest.mark.django_db
def test_summary_of_a_mixed_batch_falls_back_and_names_a_bad_case(client: Client) -> None:
    good = {
        "procedure": "single_permit",
        "date": "2025-03-01",
        "region": "wallonia",
        "category": "other",
        "gross_salary": "2111.89",
        "salary_period": "month",
        "labour_market_test_passed": True,
    }
    fee = {"procedure": "nationality_fee", "date": "2026-02-01", "payment_date": "2025-07-29"}
    ok = client.post(
        f"{URL}?detail=summary",
        orjson.dumps([good, fee, {**good, "gross_salary": 2111.88}]),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert [d["outcome"] for d in orjson.loads(ok.content)] == [
        "eligible",
        "computed",
        "not_eligible",
    ]
    bad = client.post(
        f"{URL}?detail=summary",
        orjson.dumps([good, {**good, "region": "mars"}]),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    assert orjson.loads(bad.content)["field"] == "[1].region"
    unknown = client.post(
        f"{URL}?detail=everything", orjson.dumps([good]), content_type="application/json"
    )
    assert unknown.status_code == 400
    assert orjson.loads(unknown.content)["field"] == "detail"
