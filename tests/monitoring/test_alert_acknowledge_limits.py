# SPDX-License-Identifier: EUPL-1.2
"""The alert-acknowledge API took 50 MB bodies and ignored unknown fields (issue 12): now a
body over its own limit is a 413 before it is read, an unknown field a 400 naming it, and
nothing is acknowledged by a refused request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from passage.monitoring.models import Alert, RefreshRun

from .test_api import BASE, problem
from .test_views import alert_for, client_for, make_user, run_with_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert() -> Alert:
    run: RefreshRun = run_with_values()
    return alert_for(run)


@pytest.fixture
def analyst() -> Any:
    from passage.accounts.models import Role

    return make_user("ana", Role.ANALYST)


def _acknowledged(alert: Alert) -> bool:
    alert.refresh_from_db()
    return alert.acknowledged_at is not None


def test_a_large_body_is_refused_before_reading(alert: Alert, analyst: Any) -> None:
    body = json.dumps({"note": "x" * (5 * 1024 * 1024)})
    response = client_for(analyst).post(
        f"{BASE}/alerts/{alert.pk}/acknowledge/", body, "application/json"
    )
    assert response.status_code == 413
    doc = problem(response)
    assert doc["field"] == "body" and "at most 16384 bytes" in doc["detail"]
    assert not _acknowledged(alert)


def test_an_unknown_field_is_named(alert: Alert, analyst: Any) -> None:
    response = client_for(analyst).post(
        f"{BASE}/alerts/{alert.pk}/acknowledge/",
        {"note": "ok", "level": "green"},
        "application/json",
    )
    assert response.status_code == 400
    doc = problem(response)
    assert doc["field"] == "level" and "note" in doc["detail"]
    assert not _acknowledged(alert)


def test_a_body_that_is_not_an_object_is_refused(alert: Alert, analyst: Any) -> None:
    response = client_for(analyst).post(
        f"{BASE}/alerts/{alert.pk}/acknowledge/", ["note"], "application/json"
    )
    assert response.status_code == 400
    assert problem(response)["field"] == "body"
    assert not _acknowledged(alert)


def test_a_plain_note_still_acknowledges(alert: Alert, analyst: Any) -> None:
    response = client_for(analyst).post(
        f"{BASE}/alerts/{alert.pk}/acknowledge/", {"note": "é" * 2000}, "application/json"
    )
    assert response.status_code == 200
    assert _acknowledged(alert)
