# SPDX-License-Identifier: EUPL-1.2
"""Lists (pagination, filters, pinned query counts), the officers' queue, overdue and at-risk,
and the detail view's personal data (audited; never the national register number)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from casework_api_support import problem
from django.utils import timezone
from test_idempotency_and_etag import new_application_body

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.models import Application


def _submitted(world: Any, region: str, *, days_ago: int, org: str = "a") -> Application:
    app = world.application(org, region)
    return services.application_submit(
        actor=world.employer_for(app),
        application=app,
        today=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def _all_pages(api: Any, url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


class TestPagination:
    def test_pages_cover_everything_once_newest_first(self, world: Any, api_as: Any) -> None:
        apps = [world.application("a", "flanders") for _ in range(7)]
        admin = api_as(world.users["administrator"])
        first = admin.get("/api/v1/applications?page_size=3").json()
        assert len(first["results"]) == 3
        assert first["next"].startswith("http://testserver/api/v1/applications?")
        rows = _all_pages(admin, "/api/v1/applications?page_size=3")
        assert [r["reference"] for r in rows] == [a.reference for a in reversed(apps)]

    def test_default_and_maximum_page_size(self, world: Any, api_as: Any) -> None:
        admin = api_as(world.users["administrator"])
        assert admin.get("/api/v1/applications?page_size=100").status_code == 200
        response = admin.get("/api/v1/applications?page_size=101")
        assert response.status_code == 400
        assert problem(response)["field"] == "page_size"

    def test_lists_never_carry_personal_data(self, world: Any, api_as: Any) -> None:
        world.application("a", "flanders")
        row = api_as(world.users["administrator"]).get("/api/v1/applications").json()["results"][0]
        assert "worker" not in row
        text = str(row)
        assert "Haddad" not in text and "national_register" not in text


class TestFilters:
    def test_state_region_category_enterprise(self, world: Any, api_as: Any) -> None:
        draft_fl = world.application("a", "flanders")
        sub_wa = world.application("a", "wallonia", "submitted")
        sub_bru = world.application("b", "brussels", "submitted")
        admin = api_as(world.users["administrator"])

        def refs(query: str) -> set[str]:
            return {r["reference"] for r in _all_pages(admin, f"/api/v1/applications?{query}")}

        assert refs("state=submitted") == {sub_wa.reference, sub_bru.reference}
        assert refs("state=submitted&state=draft") == {
            draft_fl.reference,
            sub_wa.reference,
            sub_bru.reference,
        }
        assert refs("region=wallonia") == {sub_wa.reference}
        assert refs("category=highly_skilled&region=brussels") == {sub_bru.reference}
        assert refs("category=executive") == set()
        assert refs("enterprise_number=BE0888.999.357") == {sub_bru.reference}
        today = timezone.localdate().isoformat()
        assert refs(f"submitted_from={today}&submitted_to={today}") == {
            sub_wa.reference,
            sub_bru.reference,
        }
        # Filters narrow the scope, never widen it.
        officer = api_as(world.officer_for("wallonia"))
        rows = _all_pages(officer, "/api/v1/applications?region=brussels")
        assert rows == []

    def test_overdue_filter_and_list(self, world: Any, api_as: Any) -> None:
        late = _submitted(world, "flanders", days_ago=90)
        fresh = _submitted(world, "flanders", days_ago=1)
        officer = api_as(world.officer_for("flanders"))
        overdue = _all_pages(officer, "/api/v1/applications/overdue")
        assert [r["reference"] for r in overdue] == [late.reference]
        flagged = _all_pages(officer, "/api/v1/applications?overdue=true")
        assert [r["reference"] for r in flagged] == [late.reference]
        not_flagged = _all_pages(officer, "/api/v1/applications?overdue=false")
        assert [r["reference"] for r in not_flagged] == [fresh.reference]
        # Another region's officer sees none of it.
        other = api_as(world.officer_for("wallonia"))
        assert _all_pages(other, "/api/v1/applications/overdue") == []

    def test_at_risk(self, world: Any, api_as: Any) -> None:
        # Flanders: 60 days, at risk in the last 10.
        close = _submitted(world, "flanders", days_ago=55)
        _submitted(world, "flanders", days_ago=5)
        _submitted(world, "flanders", days_ago=90)
        officer = api_as(world.officer_for("flanders"))
        rows = _all_pages(officer, "/api/v1/applications/at-risk")
        assert [r["reference"] for r in rows] == [close.reference]


class TestRegionalQueue:
    def test_own_region_queue_states_in_sla_order(self, world: Any, api_as: Any) -> None:
        middle = _submitted(world, "flanders", days_ago=20)
        oldest = _submitted(world, "flanders", days_ago=40)
        newest = _submitted(world, "flanders", days_ago=2)
        world.application("a", "flanders")  # a draft: not in the queue
        _submitted(world, "wallonia", days_ago=30)  # another region
        checking = world.advance(world.application("a", "flanders"), "completeness_check")
        officer = api_as(world.officer_for("flanders"))
        rows = _all_pages(officer, "/api/v1/queues/regional?page_size=2")
        assert [r["reference"] for r in rows] == [
            oldest.reference,
            middle.reference,
            newest.reference,
            checking.reference,
        ]
        due = [r["sla_due_on"] for r in rows]
        assert due == sorted(due)

    def test_undated_rows_come_last_and_page_through(self, world: Any, api_as: Any) -> None:
        # Wallonia has no general SLA policy: no clock, no due date.
        undated = [_submitted(world, "wallonia", days_ago=1) for _ in range(3)]
        officer = api_as(world.officer_for("wallonia"))
        rows = _all_pages(officer, "/api/v1/queues/regional?page_size=2")
        assert [r["reference"] for r in rows] == [a.reference for a in undated]

    @pytest.mark.parametrize(
        "role", ["employer_a", "immigration_officer", "administrator", "analyst"]
    )
    def test_only_regional_officers_have_a_queue(self, world: Any, api_as: Any, role: str) -> None:
        assert api_as(world.users[role]).get("/api/v1/queues/regional").status_code == 403


class TestQueryCounts:
    """Pinned: a page costs the same number of queries for 2 rows as for 12."""

    #: session, user with its profile, SAVEPOINT, set_config (role + settings), the page, the
    #: reset of the settings, RELEASE SAVEPOINT (the test's own transaction makes it a
    #: savepoint).
    LIST_QUERIES = 7
    #: The queue's last page also asks for the rows without a due date (they sort last).
    QUEUE_QUERIES = LIST_QUERIES + 1

    @pytest.mark.parametrize("n", [2, 12])
    def test_list(self, world: Any, api_as: Any, django_assert_num_queries: Any, n: int) -> None:
        for _ in range(n):
            world.application("a", "flanders", "submitted")
        officer = api_as(world.officer_for("flanders"))
        with django_assert_num_queries(self.LIST_QUERIES):
            response = officer.get("/api/v1/applications?page_size=25")
        assert len(response.json()["results"]) == n

    @pytest.mark.parametrize("n", [2, 12])
    def test_queue(self, world: Any, api_as: Any, django_assert_num_queries: Any, n: int) -> None:
        for _ in range(n):
            world.application("a", "flanders", "submitted")
        officer = api_as(world.officer_for("flanders"))
        with django_assert_num_queries(self.QUEUE_QUERIES):
            response = officer.get("/api/v1/queues/regional?page_size=25")
        assert len(response.json()["results"]) == n


class TestDetail:
    def test_personal_data_read_is_audited(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders", "submitted")
        before = AuditEntry.objects.filter(action="personal_data.read").count()
        body = (
            api_as(world.officer_for("flanders"))
            .get(f"/api/v1/applications/{app.reference}")
            .json()
        )
        assert body["worker"] == {
            "given_name": "Amina",
            "family_name": "Haddad",
            "birth_date": "1990-04-02",
            "nationality": "MA",
        }
        entries = AuditEntry.objects.filter(action="personal_data.read").order_by("id")
        assert entries.count() == before + 1
        entry = entries.last()
        assert entry is not None
        assert entry.object_type == "worker"
        assert entry.object_id == str(app.worker_id)
        assert entry.actor_label == "officer_fl"
        assert "Haddad" not in str(entry.details)

    def test_no_personal_data_read_no_audit_on_refusal(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders", "submitted")
        before = AuditEntry.objects.count()
        for role in ("analyst", "officer_wallonia", "employer_b"):
            response = api_as(world.users[role]).get(f"/api/v1/applications/{app.reference}")
            assert response.status_code in (403, 404)
            assert b"Haddad" not in response.content
        assert AuditEntry.objects.count() == before

    def test_the_national_register_number_is_never_returned(self, world: Any, api_as: Any) -> None:
        employer = api_as(world.users["employer_a"])
        nrn = "90040212345"
        # A valid number: the last two digits are 97 - (first nine mod 97).
        nrn = f"{nrn[:9]}{97 - int(nrn[:9]) % 97:02d}"
        body = new_application_body()
        body["worker"]["national_register_number"] = nrn
        created = employer.post("/api/v1/applications", body)
        assert created.status_code == 201, created.content
        reference = created.json()["reference"]
        responses = [
            created,
            employer.get(f"/api/v1/applications/{reference}"),
            employer.get("/api/v1/applications"),
            employer.get(f"/api/v1/applications/{reference}/events"),
        ]
        for response in responses:
            assert nrn.encode() not in response.content
            assert b"national_register" not in response.content
        detail = responses[1].json()
        assert detail["worker"]["family_name"] == "Haddad"
        assert detail["eligibility_decision"]["outcome"] == detail["eligibility_outcome"]


class TestCreateAndWorkflow:
    def test_create_then_the_whole_path(self, world: Any, api_as: Any) -> None:
        employer = api_as(world.users["employer_a"])
        officer = api_as(world.officer_for("flanders"))
        federal = api_as(world.users["immigration_officer"])
        created = employer.post(
            "/api/v1/applications", new_application_body(enterprise_number="0403.170.701")
        )
        assert created.status_code == 201, created.content
        ref = created.json()["reference"]
        assert created.json()["region"] == "flanders"
        url = f"/api/v1/applications/{ref}"

        def step(api: Any, action: str, body: Any = None, **headers: str) -> dict[str, Any]:
            etag = api.get(url)["ETag"]
            response = api.post(f"{url}/{action}", body, **{"If-Match": etag, **headers})
            assert response.status_code == 200, response.content
            assert response["ETag"] == f'W/"{response.json()["version"]}"'
            return dict(response.json())

        assert step(employer, "submit", **{"Idempotency-Key": "s-1"})["state"] == "submitted"
        assert step(officer, "completeness-check")["state"] == "completeness_check"
        assert step(officer, "mark-incomplete", {"reason": "No diploma"})["state"] == "incomplete"
        requested = step(
            officer, "request-information", {"message": "Send the diploma", "due_on": "2026-12-31"}
        )
        assert requested["state"] == "information_requested"
        assert requested["sla_paused_since"] is not None
        assert step(employer, "resubmit", {"answer": "Attached"})["state"] == "resubmitted"
        assert step(officer, "completeness-check")["state"] == "completeness_check"
        assert step(officer, "start-regional-assessment")["state"] == "regional_assessment"
        granted = step(officer, "decide-regional", {"outcome": "granted"})
        assert granted["residence_state"] == "federal_assessment"
        done = step(federal, "decide-federal", {"outcome": "granted"})
        assert (done["state"], done["residence_state"]) == ("granted", "granted")

        events = employer.get(f"{url}/events").json()
        assert [e["kind"] for e in events] == [
            "create",
            "submit",
            "start_completeness_check",
            "mark_incomplete",
            "request_information",
            "resubmit",
            "start_completeness_check",
            "start_regional_assessment",
            "decide_regional",
            "decide_federal",
        ]

        renewal = employer.post(
            "/api/v1/applications",
            {k: v for k, v in new_application_body(renewal_of=ref).items() if k != "worker"},
        )
        assert renewal.status_code == 201, renewal.content
        assert renewal.json()["application_type"] == "renewal"

    def test_withdraw(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders", "submitted")
        response = api_as(world.users["employer_a"]).post(
            f"/api/v1/applications/{app.reference}/withdraw", {"reason": "Hired elsewhere"}
        )
        assert response.status_code == 200
        assert response.json()["state"] == "withdrawn"

    def test_only_employers_create(self, world: Any, api_as: Any) -> None:
        for role in ("officer_flanders", "immigration_officer", "analyst", "administrator"):
            response = api_as(world.users[role]).post(
                "/api/v1/applications", new_application_body()
            )
            assert response.status_code == 403
        assert Application.objects.count() == 0


def test_openapi_schema_lists_the_casework_endpoints(world: Any, api_as: Any) -> None:
    response = api_as(None).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/applications",
        "/api/v1/applications/{reference}",
        "/api/v1/applications/{reference}/submit",
        "/api/v1/applications/{reference}/decide-federal",
        "/api/v1/queues/regional",
        "/api/v1/applications/overdue",
    ):
        assert path in paths, path


def test_a_superuser_administrator_is_held_to_the_rules(world: Any, api_as: Any) -> None:
    """Django grants a superuser every permission; the API asks the rules themselves, so the
    administrator role (a superuser, as user_create_with_role makes it) has no regional queue
    and files no applications, yet reads everything."""
    admin = world.users["administrator"]
    admin.is_superuser = admin.is_staff = True
    admin.save()
    app = world.application("b", "brussels", "submitted")
    client = api_as(admin)
    assert client.get("/api/v1/queues/regional").status_code == 403
    assert client.post("/api/v1/applications", new_application_body()).status_code == 403
    assert client.get(f"/api/v1/applications/{app.reference}").status_code == 200
