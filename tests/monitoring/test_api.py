# SPDX-License-Identifier: EUPL-1.2
"""The Early Warning API: indicator values and history, alerts and their acknowledgement,
the role matrix (stakeholders get rounded values and no alerts), problem+json errors naming
the field, and the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from passage.accounts.models import Role
from passage.monitoring.models import RefreshRun

from .test_views import alert_for, client_for, make_user, run_with_values

pytestmark = pytest.mark.django_db

BASE = "/api/v1/monitoring"


@pytest.fixture
def run() -> RefreshRun:
    return run_with_values()


@pytest.fixture
def analyst() -> Any:
    return make_user("ana", Role.ANALYST)


def problem(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/problem+json"
    return dict(response.json())


class TestIndicators:
    def test_latest_month_by_default(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get(f"{BASE}/indicators/")
        assert response.status_code == 200
        body = response.json()
        ids = [d["id"] for d in body]
        assert ids[:2] == ["reception_occupancy", "waiting_list"]
        occupancy = body[0]
        assert occupancy == {
            "id": "reception_occupancy",
            "label": "Reception occupancy",
            "period": "2026-03",
            "granularity": "month",
            "dims": "",
            "value": 94.3,
            "unit": "percent",
            "level": "red",
            "source": "fedasil",
            "notes": [],
        }
        rate = next(d for d in body if d["id"] == "protection_rate")
        assert rate["notes"] == ["Stated 28.4 % (F-IP-15) differs from computed 29.6 % — C-06"]
        assert rate["value"] == 29.61

    def test_period_granularity_and_dims(self, run: RefreshRun, analyst: Any) -> None:
        client = client_for(analyst)
        feb = client.get(f"{BASE}/indicators/", {"period": "2026-02"}).json()
        assert {d["period"] for d in feb} == {"2026-02"}
        year = client.get(f"{BASE}/indicators/", {"granularity": "year"}).json()
        assert [(d["id"], d["period"]) for d in year] == [("protection_rate", "2025")]
        regional = client.get(
            f"{BASE}/indicators/", {"period": "2026-03", "dims": "region=flanders"}
        ).json()
        assert [(d["id"], d["value"]) for d in regional] == [
            ("single_permit_processing_days", 61.0)
        ]

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"period": "2026-13"}, "period"),
            ({"period": "March"}, "period"),
            ({"granularity": "week"}, "granularity"),
            ({"period": "2026", "granularity": "month"}, "granularity"),
            ({"dims": "planet=mars"}, "dims"),
            ({"dims": "region"}, "dims"),
        ],
    )
    def test_bad_parameters_are_problems_naming_the_field(
        self, run: RefreshRun, analyst: Any, params: dict[str, str], field: str
    ) -> None:
        response = client_for(analyst).get(f"{BASE}/indicators/", params)
        assert response.status_code == 400
        assert problem(response)["field"] == field

    def test_history(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get(f"{BASE}/indicators/reception_occupancy/history/")
        assert response.status_code == 200
        body = response.json()
        assert len(body) == 15
        assert body[0]["period"] == "2025-01" and body[-1]["period"] == "2026-03"
        assert body[-1]["level"] == "red"

    def test_history_of_an_unknown_indicator_is_404(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get(f"{BASE}/indicators/nope/history/")
        assert response.status_code == 404
        problem(response)

    def test_no_refresh_yet_is_a_404_problem(self, analyst: Any) -> None:
        response = client_for(analyst).get(f"{BASE}/indicators/")
        assert response.status_code == 404
        assert "refresh" in problem(response)["detail"]


class TestRoles:
    def test_anonymous_is_refused(self, run: RefreshRun) -> None:
        response = Client().get(f"{BASE}/indicators/")
        assert response.status_code in (401, 403)
        problem(response)

    @pytest.mark.parametrize("role", [Role.EMPLOYER_MEMBER, None])
    def test_employers_and_users_without_a_role_get_403(
        self, run: RefreshRun, role: str | None
    ) -> None:
        client = client_for(make_user("x", role))
        for url in (f"{BASE}/indicators/", f"{BASE}/alerts/"):
            response = client.get(url)
            assert response.status_code == 403
            problem(response)

    def test_stakeholders_get_rounded_values_and_no_alerts(self, run: RefreshRun) -> None:
        client = client_for(make_user("fed@example.org", Role.STAKEHOLDER))
        body = client.get(f"{BASE}/indicators/").json()
        values = {d["id"]: d["value"] for d in body}
        assert values["waiting_list"] == 2500  # 2 498 to the nearest 10
        assert values["protection_rate"] == 29.6
        history = client.get(f"{BASE}/indicators/waiting_list/history/").json()
        assert all(d["value"] % 10 == 0 for d in history)
        assert client.get(f"{BASE}/alerts/").status_code == 403
        alert = alert_for(run)
        response = client.post(f"{BASE}/alerts/{alert.pk}/acknowledge/", {}, "application/json")
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("role", "region"),
        [
            (Role.REGIONAL_OFFICER, "wallonia"),
            (Role.IMMIGRATION_OFFICER, ""),
            (Role.ADMINISTRATOR, ""),
        ],
    )
    def test_authorities_see_everything(self, run: RefreshRun, role: str, region: str) -> None:
        client = client_for(make_user("o", role, region=region))
        assert client.get(f"{BASE}/indicators/").status_code == 200
        assert client.get(f"{BASE}/alerts/").status_code == 200


class TestAlerts:
    def test_list_filter_and_acknowledge(self, run: RefreshRun, analyst: Any) -> None:
        alert = alert_for(run)
        client = client_for(analyst)
        body = client.get(f"{BASE}/alerts/").json()
        assert body["next"] is None
        (doc,) = body["results"]
        assert doc["id"] == alert.pk and doc["level"] == "red"
        assert doc["evidence_url"] == "/monitoring/indicators/reception_occupancy/?period=2026-03"
        assert doc["acknowledged_at"] is None
        response = client.post(
            f"{BASE}/alerts/{alert.pk}/acknowledge/",
            {"note": "More places opened"},
            "application/json",
        )
        assert response.status_code == 200
        assert response.json()["acknowledged_by"] == "ana"
        assert response.json()["acknowledgement_note"] == "More places opened"
        assert client.get(f"{BASE}/alerts/", {"acknowledged": "false"}).json()["results"] == []
        assert len(client.get(f"{BASE}/alerts/", {"acknowledged": "true"}).json()["results"]) == 1
        again = client.post(f"{BASE}/alerts/{alert.pk}/acknowledge/", {}, "application/json")
        assert again.status_code == 409
        assert problem(again)["field"] == "acknowledged_at"

    def test_bad_filter_and_unknown_alert(self, run: RefreshRun, analyst: Any) -> None:
        client = client_for(analyst)
        response = client.get(f"{BASE}/alerts/", {"acknowledged": "maybe"})
        assert response.status_code == 400
        assert problem(response)["field"] == "acknowledged"
        missing = client.post(f"{BASE}/alerts/999999/acknowledge/", {}, "application/json")
        assert missing.status_code == 404
        problem(missing)

    def test_note_too_long_names_the_field(self, run: RefreshRun, analyst: Any) -> None:
        alert = alert_for(run)
        response = client_for(analyst).post(
            f"{BASE}/alerts/{alert.pk}/acknowledge/", {"note": "x" * 2001}, "application/json"
        )
        assert response.status_code == 400
        assert problem(response)["field"] == "note"


def test_schema_documents_the_monitoring_endpoints(analyst: Any) -> None:
    response = client_for(analyst).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/monitoring/indicators/",
        "/api/v1/monitoring/indicators/{indicator_id}/history/",
        "/api/v1/monitoring/alerts/",
        "/api/v1/monitoring/alerts/{id}/acknowledge/",
    ):
        assert path in paths, path
