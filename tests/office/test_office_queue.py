# SPDX-License-Identifier: EUPL-1.2
"""The back office's queues (issue 11): scope, urgency order, countdowns, filters, pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from casework_factories import ApplicationFactory
from django.utils import timezone
from office_support import login

from passage.office.selectors import PAGE_SIZE, QueueFilters, application_queue, countdown

TODAY = timezone.localdate()


def _queued(**fields: Any) -> Any:
    """A submitted application arranged directly (its clock set by hand)."""
    fields.setdefault("state", "submitted")
    fields.setdefault("submitted_at", timezone.now())
    return ApplicationFactory(**fields)


def _references(html: str) -> list[str]:
    return re.findall(r'href="/office/cases/([^/]+)/"', html)


@pytest.mark.django_db
class TestQueueScope:
    def test_a_regional_officer_sees_their_regions_submitted_applications_only(
        self, flemish_officer: Any, draft: Any
    ) -> None:
        mine = _queued(region="flanders")
        _queued(region="wallonia", workplace_postcode="5000")
        response = login(flemish_officer).get("/office/")
        assert response.status_code == 200
        assert _references(response.content.decode()) == [mine.reference]
        assert draft.reference not in response.content.decode()

    def test_the_immigration_office_sees_the_residence_part_only(
        self, immigration_officer: Any
    ) -> None:
        _queued(region="flanders")
        started = _queued(region="wallonia", state="granted", residence_state="federal_assessment")
        response = login(immigration_officer).get("/office/")
        assert _references(response.content.decode()) == [started.reference]

    def test_an_employer_gets_403_and_a_visitor_the_login(self, employer: Any, client: Any) -> None:
        assert login(employer).get("/office/").status_code == 403
        response = client.get("/office/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_officers_find_the_back_office_in_the_header(
        self, flemish_officer: Any, employer: Any
    ) -> None:
        assert 'href="/office/"' in login(flemish_officer).get("/check/").content.decode()
        assert 'href="/office/"' not in login(employer).get("/check/").content.decode()


@pytest.mark.django_db
class TestQueueOrder:
    def test_running_clocks_by_due_date_then_paused_then_closed(self, flemish_officer: Any) -> None:
        closed = _queued(state="refused", sla_due_on=TODAY - dt.timedelta(days=90))
        paused = _queued(
            state="information_requested",
            sla_due_on=TODAY - dt.timedelta(days=30),
            sla_paused_since=timezone.now(),
        )
        later = _queued(sla_due_on=TODAY + dt.timedelta(days=20))
        overdue = _queued(sla_due_on=TODAY - dt.timedelta(days=3))
        soon = _queued(sla_due_on=TODAY + dt.timedelta(days=2))
        html = login(flemish_officer).get("/office/").content.decode()
        assert _references(html) == [
            overdue.reference,
            soon.reference,
            later.reference,
            paused.reference,
            closed.reference,
        ]
        assert "3 days overdue" in html
        assert "2 days left" in html


@pytest.mark.django_db
class TestCountdown:
    def test_a_paused_clock_stands_still_and_counts_its_paused_days(self) -> None:
        app = _queued(
            state="information_requested",
            sla_due_on=TODAY + dt.timedelta(days=10),
            sla_paused_since=timezone.now() - dt.timedelta(days=4),
            sla_paused_days=2,
        )
        clock = countdown(app, TODAY)
        assert clock.paused is True
        assert clock.days_left == 14  # frozen on the day it paused, four days ago
        assert clock.paused_days == 6

    def test_the_queue_shows_the_paused_days(self, flemish_officer: Any) -> None:
        _queued(
            state="information_requested",
            sla_due_on=TODAY + dt.timedelta(days=10),
            sla_paused_since=timezone.now(),
            sla_paused_days=5,
        )
        html = login(flemish_officer).get("/office/").content.decode()
        assert "paused: the employer owes information" in html
        assert "5 days paused" in html

    def test_a_decided_application_has_no_countdown(self) -> None:
        app = _queued(state="granted", sla_due_on=TODAY - dt.timedelta(days=3))
        assert countdown(app, TODAY).days_left is None


@pytest.mark.django_db
class TestQueueFilter:
    def test_filters_state_overdue_at_risk_and_reference(self, flemish_officer: Any) -> None:
        overdue = _queued(sla_due_on=TODAY - dt.timedelta(days=1))
        # Flanders' single-permit policy flags a clock at risk some days before it is due.
        at_risk = _queued(state="regional_assessment", sla_due_on=TODAY + dt.timedelta(days=1))
        relaxed = _queued(sla_due_on=TODAY + dt.timedelta(days=59))
        client = login(flemish_officer)
        assert _references(client.get("/office/?overdue=1").content.decode()) == [overdue.reference]
        assert _references(client.get("/office/?at_risk=1").content.decode()) == [at_risk.reference]
        assert _references(client.get("/office/?state=regional_assessment").content.decode()) == [
            at_risk.reference
        ]
        assert _references(
            client.get(f"/office/?q={relaxed.reference.lower()}").content.decode()
        ) == [relaxed.reference]

    def test_an_unknown_state_or_page_is_ignored_not_an_error(self, flemish_officer: Any) -> None:
        _queued()
        client = login(flemish_officer)
        for query in ("state=draft", "state=%00", "page=abc", "page=-4", "q=" + "x" * 500):
            assert client.get(f"/office/?{query}").status_code == 200, query

    def test_the_selector_never_lists_drafts_even_when_asked(
        self, flemish_officer: Any, draft: Any
    ) -> None:
        rows = application_queue(flemish_officer, QueueFilters(state="draft"), today=TODAY)
        assert draft not in list(rows)


@pytest.mark.django_db
class TestQueuePage:
    def test_pages_of_fifty_with_the_filters_kept(self, flemish_officer: Any) -> None:
        apps = [_queued(sla_due_on=TODAY + dt.timedelta(days=i)) for i in range(PAGE_SIZE + 1)]
        client = login(flemish_officer)
        first = client.get("/office/?state=submitted").content.decode()
        assert _references(first) == [a.reference for a in apps[:PAGE_SIZE]]
        assert "state=submitted&amp;page=2" in first
        second = client.get("/office/?state=submitted&page=2").content.decode()
        assert _references(second) == [apps[-1].reference]

    def test_the_rows_fragment_for_htmx(self, flemish_officer: Any) -> None:
        app = _queued()
        response = login(flemish_officer).get(
            "/office/?fragment=rows", headers={"HX-Request": "true"}
        )
        html = response.content.decode()
        assert app.reference in html
        assert "<html" not in html


def _statements(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
class TestQueueStatements:
    def test_the_statements_do_not_grow_with_the_rows(self, flemish_officer: Any) -> None:
        client = login(flemish_officer)
        for _ in range(2):
            _queued(sla_due_on=TODAY)
        few = _statements(client, "/office/?overdue=1&at_risk=1")
        for _ in range(20):
            _queued(sla_due_on=TODAY)
        assert _statements(client, "/office/?overdue=1&at_risk=1") == few
