# SPDX-License-Identifier: EUPL-1.2
"""Early Warning pages: who sees what, the overview (filters, notes, synthetic flag, query
count), indicator pages (chart, summary, table, CSV, forecast), alerts, the scoreboard and
stakeholder access (request, approval by an administrator, e-mail, audit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from passage.accounts.models import Organisation, Profile, Role
from passage.audit.models import AuditEntry
from passage.monitoring.models import (
    AccessRequestStatus,
    Alert,
    AlertKind,
    AlertRule,
    CrossingProbability,
    Forecast,
    ImportBatch,
    IndicatorValue,
    RefreshRun,
    RunStatus,
    StakeholderAccessRequest,
)

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)
FEBRUARY = dt.date(2026, 2, 1)


# --- fixtures (self-contained: rows written directly) -----------------------------------------


def make_user(username: str, role: str | None, *, region: str = "") -> Any:
    user = get_user_model().objects.create_user(username=username, password="pw-Passage-1")
    if role == Role.EMPLOYER_MEMBER:
        org = Organisation.objects.create(enterprise_number="0403170701", name="Demo NV")
        Profile.objects.create(user=user, role=role, organisation=org)
    elif role is not None:
        Profile.objects.create(user=user, role=role, region=region)
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def monthly(start: dt.date, n: int) -> list[dt.date]:
    out = []
    y, m = start.year, start.month
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def run_with_values(*, synthetic: bool = False) -> RefreshRun:
    """A finished run: occupancy for 15 months ending March 2026 (92.1 → 94.3 %), the waiting
    list, the protection rate with its C-06 note, a regional breakdown and a yearly value."""
    cache.clear()
    if synthetic:
        ImportBatch.objects.create(
            source="synthetic",
            dataset="demo",
            file_name="synthetic",
            file_sha256="0" * 64,
            file_format="generated",
            status="imported",
        )
    run = RefreshRun.objects.create(status=RunStatus.SUCCEEDED, finished_at=timezone.now())
    rows = []
    for i, month in enumerate(monthly(dt.date(2025, 1, 1), 15)):
        occ = Decimal("85.0") + Decimal(i) * Decimal("0.5")
        if month == FEBRUARY:
            occ = Decimal("92.1")
        if month == MARCH:
            occ = Decimal("94.3")
        level = "red" if occ >= 94 else ("amber" if occ >= 90 else "green")
        rows.append(
            IndicatorValue(
                run=run,
                indicator="reception_occupancy",
                granularity="month",
                period_start=month,
                value=occ,
                unit="percent",
                level=level,
            )
        )
        rows.append(
            IndicatorValue(
                run=run,
                indicator="waiting_list",
                granularity="month",
                period_start=month,
                value=Decimal(2400 + 7 * i),
                unit="persons",
                level="red",
            )
        )
    rows.append(
        IndicatorValue(
            run=run,
            indicator="protection_rate",
            granularity="month",
            period_start=MARCH,
            value=Decimal("29.6100"),
            unit="percent",
            level="amber",
            notes=["Stated 28.4 % (F-IP-15) differs from computed 29.6 % — C-06"],
        )
    )
    rows.append(
        IndicatorValue(
            run=run,
            indicator="single_permit_processing_days",
            granularity="month",
            period_start=MARCH,
            dims_key="region=flanders",
            value=Decimal("61"),
            unit="days",
            level="red",
        )
    )
    rows.append(
        IndicatorValue(
            run=run,
            indicator="protection_rate",
            granularity="year",
            period_start=dt.date(2025, 1, 1),
            value=Decimal("29.61"),
            unit="percent",
            level="amber",
        )
    )
    IndicatorValue.objects.bulk_create(rows)
    return run


@pytest.fixture
def run() -> RefreshRun:
    return run_with_values()


@pytest.fixture
def analyst() -> Any:
    return make_user("ana", Role.ANALYST)


@pytest.fixture
def stakeholder() -> Any:
    return make_user("federation@example.org", Role.STAKEHOLDER)


@pytest.fixture
def admin_user() -> Any:
    return make_user("root", Role.ADMINISTRATOR)


def alert_for(run: RefreshRun) -> Alert:
    rule = AlertRule.objects.create(
        code="occupancy-red", indicator="reception_occupancy", kind=AlertKind.LEVEL_CHANGE
    )
    return Alert.objects.create(
        rule=rule,
        run=run,
        indicator="reception_occupancy",
        period_start=MARCH,
        title="Reception occupancy is now critical",
        message="Occupancy rose from 92.1 % to 94.3 % (+2.2 points) in March 2026.",
        previous_value=Decimal("92.1"),
        current_value=Decimal("94.3"),
        previous_level="amber",
        level="red",
        evidence_url="/monitoring/indicators/reception_occupancy/?period=2026-03",
    )


def text_of(response: Any) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- who sees what ---------------------------------------------------------------------------

PAGES = [
    "/monitoring/",
    "/monitoring/indicators/reception_occupancy/",
    "/monitoring/alerts/",
    "/monitoring/access/requests/",
]


class TestAccessMatrix:
    def test_anonymous_is_sent_to_the_login_page(self, run: RefreshRun) -> None:
        for url in PAGES:
            response = Client().get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next=")

    def test_the_access_form_is_public(self) -> None:
        assert Client().get("/monitoring/access/").status_code == 200

    @pytest.mark.parametrize("role", [Role.EMPLOYER_MEMBER, None])
    def test_employers_and_logins_without_a_role_get_403(
        self, run: RefreshRun, role: str | None
    ) -> None:
        client = client_for(make_user("x", role))
        for url in PAGES:
            assert client.get(url).status_code == 403, url

    @pytest.mark.parametrize(
        ("role", "region"),
        [
            (Role.REGIONAL_OFFICER, "flanders"),
            (Role.IMMIGRATION_OFFICER, ""),
            (Role.ANALYST, ""),
        ],
    )
    def test_authorities_see_the_dashboard_and_alerts(
        self, run: RefreshRun, role: str, region: str
    ) -> None:
        client = client_for(make_user("officer", role, region=region))
        for url in PAGES[:3]:
            assert client.get(url).status_code == 200, url
        # Access requests are the administrators' business only.
        assert client.get("/monitoring/access/requests/").status_code == 403

    def test_administrators_see_everything(self, run: RefreshRun, admin_user: Any) -> None:
        client = client_for(admin_user)
        for url in PAGES:
            assert client.get(url).status_code == 200, url

    def test_stakeholders_see_overview_and_indicators_rounded_but_not_alerts(
        self, run: RefreshRun, stakeholder: Any
    ) -> None:
        client = client_for(stakeholder)
        overview = client.get("/monitoring/")
        assert overview.status_code == 200
        text = text_of(overview)
        # waiting list 2 498 in March → 2 500 for stakeholders; percentages to one decimal
        assert "2,500" in text and "2,498" not in text
        assert "29.6" in text and "29.61" not in text
        assert "rounded" in text
        page = client.get("/monitoring/indicators/waiting_list/")
        assert page.status_code == 200
        assert "2,498" not in text_of(page)
        csv_rows = list(
            csv.reader(
                io.StringIO(
                    client.get("/monitoring/indicators/waiting_list/?format=csv").content.decode()
                )
            )
        )
        assert all(int(r[3]) % 10 == 0 for r in csv_rows[1:])
        assert client.get("/monitoring/alerts/").status_code == 403
        assert client.get("/monitoring/access/requests/").status_code == 403
        alert = alert_for(run)
        response = client.post(f"/monitoring/alerts/{alert.pk}/acknowledge/", {"note": "x"})
        assert response.status_code == 403
        alert.refresh_from_db()
        assert alert.acknowledged_at is None
        # no alerts link for them
        assert 'href="/monitoring/alerts/"' not in overview.content.decode()

    def test_login_page_logs_an_analyst_in_and_goes_to_the_overview(
        self, run: RefreshRun, analyst: Any
    ) -> None:
        client = Client()
        page = client.get("/accounts/login/?next=/monitoring/")
        assert page.status_code == 200
        assert b'name="username"' in page.content
        response = client.post(
            "/accounts/login/",
            {"username": "ana", "password": "pw-Passage-1", "next": "/monitoring/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/monitoring/"
        assert client.get("/monitoring/").status_code == 200

    def test_employers_logging_in_go_home_not_to_a_403(self) -> None:
        make_user("emp", Role.EMPLOYER_MEMBER)
        response = Client().post(
            "/accounts/login/", {"username": "emp", "password": "pw-Passage-1"}
        )
        assert response.status_code == 302 and response["Location"] == "/"

    def test_header_has_a_log_in_link(self) -> None:
        page = Client().get("/")
        assert b'href="/accounts/login/"' in page.content


# --- overview --------------------------------------------------------------------------------


class TestOverview:
    def test_every_indicator_with_value_level_word_change_note_and_source(
        self, run: RefreshRun, analyst: Any
    ) -> None:
        response = client_for(analyst).get("/monitoring/")
        assert response.status_code == 200
        html = response.content.decode()
        text = text_of(response)
        assert "Indicators for March 2026" in text
        assert "Reception occupancy" in text
        assert "94.3" in text
        assert "critical" in text  # the level as a word, not only a colour
        assert "+2.2 points" in text
        assert "Stated 28.4 % (F-IP-15) differs from computed 29.6 % — C-06" in text
        assert "Fedasil" in text
        assert 'href="/monitoring/indicators/reception_occupancy/?period=2026-03"' in html
        assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
        assert "Data last refreshed" in text
        assert "Demo data" not in text
        # labels on every filter
        for name in ("period", "region", "operator", "nationality"):
            assert f'<label for="id_{name}"' in html

    def test_filters_by_period_and_region(self, run: RefreshRun, analyst: Any) -> None:
        client = client_for(analyst)
        text = text_of(client.get("/monitoring/?period=2026-02"))
        assert "Indicators for February 2026" in text
        assert "92.1" in text
        regional = text_of(client.get("/monitoring/?period=2026-03&region=flanders"))
        assert "Single-permit processing time" in regional
        assert "61" in regional
        assert "Reception occupancy" not in regional
        yearly = text_of(client.get("/monitoring/?period=2025"))
        assert "Indicators for 2025" in yearly
        assert "29.6" in yearly

    def test_by_default_the_newest_month_with_the_most_indicators(
        self, run: RefreshRun, analyst: Any
    ) -> None:
        # April has only the event-derived waiting list so far: March stays the default.
        IndicatorValue.objects.create(
            run=run,
            indicator="waiting_list",
            granularity="month",
            period_start=dt.date(2026, 4, 1),
            value=Decimal(2510),
            unit="persons",
            level="red",
        )
        IndicatorValue.objects.create(
            run=run,
            indicator="reception_occupancy",
            granularity="month",
            period_start=dt.date(2026, 4, 1),
            value=None,
            unit="percent",
            level="unknown",
        )
        cache.clear()
        client = client_for(analyst)
        assert "Indicators for March 2026" in text_of(client.get("/monitoring/"))
        april = text_of(client.get("/monitoring/?period=2026-04"))
        assert "Indicators for April 2026" in april and "no data" in april
        # The indicator page shows the newest value, not the empty April.
        page = text_of(client.get("/monitoring/indicators/reception_occupancy/"))
        assert "Reception occupancy was 94.3" in page

    def test_a_bad_period_is_a_400_naming_the_field(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get("/monitoring/?period=2026-13")
        assert response.status_code == 400
        assert "Period:" in text_of(response)

    def test_synthetic_data_are_flagged(self, analyst: Any) -> None:
        run_with_values(synthetic=True)
        text = text_of(client_for(analyst).get("/monitoring/"))
        assert "Demo data" in text and "not official statistics" in text

    def test_no_run_yet(self, analyst: Any) -> None:
        cache.clear()
        response = client_for(analyst).get("/monitoring/")
        assert response.status_code == 200
        assert "No refresh has finished yet" in text_of(response)

    def test_a_failed_newer_run_never_feeds_the_page(self, run: RefreshRun, analyst: Any) -> None:
        RefreshRun.objects.create(status=RunStatus.FAILED, finished_at=timezone.now())
        assert "94.3" in text_of(client_for(analyst).get("/monitoring/"))

    def test_no_n_plus_one(self, analyst: Any, django_assert_max_num_queries: Any) -> None:
        run = run_with_values()
        extra = [
            IndicatorValue(
                run=run,
                indicator=f"extra_{i:03d}",
                granularity="month",
                period_start=month,
                value=Decimal(i),
                unit="persons",
                level="green",
            )
            for i in range(20)
            for month in monthly(dt.date(2025, 1, 1), 15)
        ]
        IndicatorValue.objects.bulk_create(extra)
        assert IndicatorValue.objects.filter(run=run).count() > 300
        client = client_for(analyst)
        client.get("/monitoring/")  # warm the per-run filter options
        with django_assert_max_num_queries(6):
            response = client.get("/monitoring/?period=2026-03")
        assert response.status_code == 200
        assert response.content.decode().count('scope="row"') == 23


# --- indicator page --------------------------------------------------------------------------


def forecast_for(run: RefreshRun) -> Forecast:
    points = []
    for i, month in enumerate(monthly(dt.date(2026, 4, 1), 6)):
        mean = 94.5 + 0.3 * i
        points.append(
            {
                "period": month.isoformat(),
                "mean": mean,
                "lo80": mean - 1 - 0.2 * i,
                "hi80": mean + 1 + 0.2 * i,
                "lo95": mean - 2 - 0.3 * i,
                "hi95": mean + 2 + 0.3 * i,
            }
        )
    return Forecast.objects.create(
        run=run,
        series="reception_occupancy",
        model="AutoETS",
        origin=MARCH,
        points=points,
        backtest={
            "folds": 6,
            "horizon": 3,
            "models": {
                "AutoETS": {"mase": 0.71, "coverage80": 0.79, "coverage95": 0.94},
                "SeasonalNaive": {"mase": 1.0, "coverage80": 0.7},
            },
        },
    )


class TestIndicatorPage:
    def test_chart_summary_table_definition(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get("/monitoring/indicators/reception_occupancy/")
        assert response.status_code == 200
        html = response.content.decode()
        text = text_of(response)
        assert "<figure" in html and "<figcaption>" in html
        assert re.search(r'<svg role="img" aria-labelledby="chart-title"', html)
        assert (
            "Reception occupancy was 94.3 % in March 2026, up 2.2 points on February 2026; "
            "level critical (≥ 94 %)." in text.replace("\u00a0", " ")
        )
        assert '<table class="ew-table" id="data-table">' in html
        assert "The values in the chart" in text
        assert 'href="?period=2026-03&amp;format=csv"' in html
        # definition, formula, thresholds, source, catalogue ids
        assert "Occupied reception places" in text
        assert "reception__occupied" in text
        assert "REC-07" in text
        assert "under pressure: ≥ 90" in text.replace("\u00a0", " ")
        assert "Fedasil" in text

    def test_forecast_backtest_and_crossings(self, run: RefreshRun, analyst: Any) -> None:
        forecast_for(run)
        CrossingProbability.objects.create(
            run=run,
            indicator="reception_occupancy",
            threshold=Decimal("0.94"),
            horizon_months=3,
            probability=Decimal("0.62"),
            simulations=10000,
        )
        cache.clear()
        response = client_for(analyst).get("/monitoring/indicators/reception_occupancy/")
        text = text_of(response).replace("\u00a0", " ")
        assert "Model shown: AutoETS" in text
        assert "SeasonalNaive" in text and "0.71" in text
        assert "79 %" in text  # 80 % coverage of the shown model
        assert "P(Reception occupancy ≥ 94 % within 3 months) = 0.62" in text
        assert "Forecast with its 80 % and 95 % intervals" in text
        assert "April 2026" in text

    def test_csv_download(self, run: RefreshRun, analyst: Any) -> None:
        forecast_for(run)
        response = client_for(analyst).get(
            "/monitoring/indicators/reception_occupancy/?period=2026-03&format=csv"
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        observed = [r for r in rows if r["kind"] == "observed"]
        assert len(observed) == 15
        assert observed[-1] == {
            "indicator": "reception_occupancy",
            "period": "2026-03",
            "kind": "observed",
            "value": "94.3",
            "unit": "percent",
            "level": "red",
            "lo80": "",
            "hi80": "",
            "lo95": "",
            "hi95": "",
        }
        assert sum(r["kind"] == "forecast" for r in rows) == 6

    def test_chart_is_cached_per_run(self, run: RefreshRun, analyst: Any, monkeypatch: Any) -> None:
        client = client_for(analyst)
        client.get("/monitoring/indicators/waiting_list/")
        from passage.monitoring import charts

        def boom(*args: Any, **kwargs: Any) -> str:
            raise AssertionError("rendered again")

        monkeypatch.setattr(charts, "svg_render", boom)
        assert client.get("/monitoring/indicators/waiting_list/").status_code == 200

    def test_a_bad_period_is_a_400_with_the_form(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get(
            "/monitoring/indicators/reception_occupancy/?period=1999-01"
        )
        assert response.status_code == 400
        assert "Period:" in text_of(response)

    def test_a_breakdown_without_values(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get(
            "/monitoring/indicators/single_permit_processing_days/?period=2026-03&region=flanders"
        )
        assert response.status_code == 200
        text = text_of(response)
        assert "was 61" in text and "Flemish Region" in text

    def test_unknown_indicator_is_404(self, run: RefreshRun, analyst: Any) -> None:
        assert client_for(analyst).get("/monitoring/indicators/nope/").status_code == 404

    def test_yearly_period(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get("/monitoring/indicators/protection_rate/?period=2025")
        assert response.status_code == 200
        assert "Protection rate (first instance) was 29.6" in text_of(response)

    def test_other_languages(self, run: RefreshRun, analyst: Any) -> None:
        client = client_for(analyst)
        response = client.get("/monitoring/", HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200
        assert '<html lang="nl">' in response.content.decode()


class TestForecastSeriesPage:
    @pytest.fixture
    def series_run(self, run: RefreshRun) -> RefreshRun:
        for i, v in enumerate(
            IndicatorValue.objects.filter(run=run, indicator="reception_occupancy")
        ):
            v.inputs = {"reception.occupied": 31000 + 100 * i, "reception.capacity": 34771}
            v.save(update_fields=["inputs"])
        forecast = forecast_for(run)
        Forecast.objects.create(
            run=run,
            series="reception.occupied",
            model="SeasonalNaive",
            origin=MARCH,
            points=[
                {
                    "period": "2026-04-01",
                    "mean": 32512.4,
                    "lo80": 31900,
                    "hi80": 33100,
                    "lo95": 31500,
                    "hi95": 33500,
                },
            ],
            backtest={
                "folds": 6,
                "horizon": 3,
                "baseline": "SeasonalNaive",
                "selected": "SeasonalNaive",
                "reason": "no candidate beat the baseline",
                "models": {
                    "AutoETS": {"mase": 1.2, "coverage80": 0.7},
                    "SeasonalNaive": {"mase": 1.0, "coverage80": 0.8},
                },
            },
        )
        assert forecast.pk
        cache.clear()
        return run

    def test_history_forecast_backtest_and_csv(self, series_run: RefreshRun, analyst: Any) -> None:
        client = client_for(analyst)
        response = client.get("/monitoring/forecasts/reception.occupied/")
        assert response.status_code == 200
        html = response.content.decode()
        text = text_of(response).replace("\u00a0", " ")
        assert '<svg role="img"' in html and "<figcaption>" in html
        assert "Occupied reception places" in text or "reception" in text.lower()
        assert "forecast for April 2026: 32,512" in text
        assert "no other model beat it" in text
        assert "no candidate beat the baseline" in text
        assert 'id="data-table"' in html and "March 2026" in text
        rows = list(
            csv.DictReader(
                io.StringIO(
                    client.get(
                        "/monitoring/forecasts/reception.occupied/?format=csv"
                    ).content.decode()
                )
            )
        )
        assert rows[-1]["kind"] == "forecast" and rows[-1]["value"].startswith("32512")
        assert rows[0]["kind"] == "observed" and rows[0]["value"] == "31000"

    def test_linked_from_the_overview_and_the_indicator(
        self, series_run: RefreshRun, analyst: Any
    ) -> None:
        client = client_for(analyst)
        overview = client.get("/monitoring/").content.decode()
        assert 'href="/monitoring/forecasts/reception.occupied/"' in overview
        page = client.get("/monitoring/indicators/reception_occupancy/").content.decode()
        assert 'href="/monitoring/forecasts/reception.occupied/"' in page

    def test_stakeholders_see_it_rounded(self, series_run: RefreshRun, stakeholder: Any) -> None:
        text = text_of(client_for(stakeholder).get("/monitoring/forecasts/reception.occupied/"))
        assert "32,510" in text and "32,512" not in text

    def test_unknown_series_is_404(self, run: RefreshRun, analyst: Any) -> None:
        client = client_for(analyst)
        assert client.get("/monitoring/forecasts/nope/").status_code == 404
        assert client.get("/monitoring/forecasts/ip.applications/").status_code == 404


# --- alerts ----------------------------------------------------------------------------------


class TestAlertPage:
    def test_history_filter_and_acknowledgement(self, run: RefreshRun, analyst: Any) -> None:
        alert = alert_for(run)
        client = client_for(analyst)
        page = client.get("/monitoring/alerts/")
        html = page.content.decode()
        assert "Reception occupancy is now critical" in html
        assert "csrfmiddlewaretoken" in html
        assert 'href="/monitoring/indicators/reception_occupancy/?period=2026-03"' in html
        assert "critical" in text_of(page)
        response = client.post(
            f"/monitoring/alerts/{alert.pk}/acknowledge/", {"note": "Extra places opened"}
        )
        assert response.status_code == 302
        alert.refresh_from_db()
        assert alert.acknowledged_by == analyst
        assert alert.acknowledgement_note == "Extra places opened"
        assert "Acknowledged by ana" in text_of(client.get("/monitoring/alerts/?acknowledged=yes"))
        assert "No alerts" in text_of(client.get("/monitoring/alerts/?acknowledged=no"))
        again = client.post(f"/monitoring/alerts/{alert.pk}/acknowledge/", {"note": ""})
        assert again.status_code == 302

    def test_acknowledgement_needs_csrf(self, run: RefreshRun, analyst: Any) -> None:
        alert = alert_for(run)
        client = Client(enforce_csrf_checks=True)
        client.force_login(analyst)
        response = client.post(f"/monitoring/alerts/{alert.pk}/acknowledge/", {"note": "x"})
        assert response.status_code == 403


# --- stakeholder access ----------------------------------------------------------------------


class TestAccessRequest:
    def test_form_errors_name_the_fields(self) -> None:
        response = Client().post(
            "/monitoring/access/",
            {"name": "", "email": "not-an-email", "organisation_name": "", "purpose": "x"},
        )
        assert response.status_code == 400
        text = text_of(response)
        assert "Your name: This field is required." in text
        assert "E-mail address: Enter a valid email address." in text
        assert "Organisation: This field is required." in text
        assert "Purpose: Please describe the purpose" in text
        assert StakeholderAccessRequest.objects.count() == 0

    def test_request_then_approval_creates_a_stakeholder_and_mails_a_link(
        self, admin_user: Any
    ) -> None:
        response = Client().post(
            "/monitoring/access/",
            {
                "name": "Els Peeters",
                "email": "els@voka.example",
                "organisation_name": "Voka",
                "purpose": "Labour-market planning for our members.",
            },
        )
        assert response.status_code == 200
        req = StakeholderAccessRequest.objects.get()
        assert req.status == AccessRequestStatus.PENDING
        admin = client_for(admin_user)
        listing = admin.get("/monitoring/access/requests/")
        assert "Voka" in text_of(listing) and "csrfmiddlewaretoken" in listing.content.decode()
        decided = admin.post(
            f"/monitoring/access/requests/{req.pk}/decision/", {"decision": "approve"}
        )
        assert decided.status_code == 302
        req.refresh_from_db()
        assert req.status == AccessRequestStatus.APPROVED
        assert req.decided_by == admin_user
        user = req.user
        assert user is not None and user.profile.role == Role.STAKEHOLDER
        assert user.email == "els@voka.example"
        assert not user.has_usable_password()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["els@voka.example"]
        link = re.search(r"http://testserver(/accounts/reset/[^/]+/[^/\s]+/)", message.body)
        assert link is not None
        # The link works: Django redirects to the set-password form.
        follow = Client().get(link.group(1), follow=True)
        assert follow.status_code == 200
        assert b"new_password1" in follow.content
        entry = AuditEntry.objects.filter(action="monitoring.access_request.approve").get()
        assert entry.object_id == str(req.pk)
        assert entry.details["user_id"] == user.pk
        # Deciding twice changes nothing.
        admin.post(f"/monitoring/access/requests/{req.pk}/decision/", {"decision": "reject"})
        req.refresh_from_db()
        assert req.status == AccessRequestStatus.APPROVED

    def test_rejection_is_audited_and_sends_nothing(self, admin_user: Any) -> None:
        req = StakeholderAccessRequest.objects.create(
            name="X", email="x@example.org", organisation_name="X", purpose="Curiosity, really."
        )
        client_for(admin_user).post(
            f"/monitoring/access/requests/{req.pk}/decision/", {"decision": "reject"}
        )
        req.refresh_from_db()
        assert req.status == AccessRequestStatus.REJECTED and req.user is None
        assert mail.outbox == []
        assert AuditEntry.objects.filter(action="monitoring.access_request.reject").exists()

    def test_only_administrators_decide(self, analyst: Any) -> None:
        req = StakeholderAccessRequest.objects.create(
            name="X", email="x@example.org", organisation_name="X", purpose="Curiosity, really."
        )
        response = client_for(analyst).post(
            f"/monitoring/access/requests/{req.pk}/decision/", {"decision": "approve"}
        )
        assert response.status_code == 403
        req.refresh_from_db()
        assert req.status == AccessRequestStatus.PENDING


# --- scoreboard ------------------------------------------------------------------------------


def yearly_values(run: RefreshRun) -> None:
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                run=run,
                indicator="reception_occupancy",
                granularity="year",
                period_start=dt.date(year, 1, 1),
                value=value,
                unit="percent",
                level="amber",
            )
            for year, value in ((2024, Decimal("92.13")), (2025, Decimal("93.96")))
        ]
    )
    cache.clear()


class TestScoreboardPage:
    def test_authorities_see_targets_with_status_words_and_downloads(
        self, run: RefreshRun, analyst: Any
    ) -> None:
        yearly_values(run)
        client = client_for(analyst)
        response = client.get("/monitoring/scoreboard/2025/")
        assert response.status_code == 200
        html = response.content.decode()
        text = text_of(response).replace("\u00a0", " ")
        assert "Annual Migration Management Cycle scoreboard 2025" in text
        assert "93.96 %" in text or "94.0 %" in text
        assert '<table class="ew-table" id="scoreboard">' in html and "<caption" in html
        assert 'href="?format=csv"' in html and 'href="?format=pdf"' in html
        assert re.search(r"(met|on track|off track|no data)", text)
        csv_response = client.get("/monitoring/scoreboard/2025/?format=csv")
        assert csv_response.status_code == 200
        assert csv_response["Content-Type"].startswith("text/csv")
        assert "93.96" in csv_response.content.decode()

    def test_pdf_download(self, run: RefreshRun, analyst: Any) -> None:
        response = client_for(analyst).get("/monitoring/scoreboard/2025/?format=pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

    def test_stakeholders_see_it_rounded_everywhere(
        self, run: RefreshRun, stakeholder: Any
    ) -> None:
        yearly_values(run)
        client = client_for(stakeholder)
        text = text_of(client.get("/monitoring/scoreboard/2025/")).replace("\u00a0", " ")
        assert "94.0 %" in text and "93.96" not in text
        body = client.get("/monitoring/scoreboard/2025/?format=csv").content.decode()
        assert "93.96" not in body and "94" in body

    def test_anonymous_and_employers_are_kept_out(self, run: RefreshRun) -> None:
        assert Client().get("/monitoring/scoreboard/2025/").status_code == 302
        employer = client_for(make_user("emp", Role.EMPLOYER_MEMBER))
        assert employer.get("/monitoring/scoreboard/2025/").status_code == 403
