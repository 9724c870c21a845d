# SPDX-License-Identifier: EUPL-1.2
"""The Early Warning dashboard in a real browser (Debian's Chromium driven by Playwright):
log in as an analyst, read the overview, change a filter, open an indicator page and check
the chart, its caption and data table, and that levels are conveyed by text. Full-page
screenshots go to var/screenshots/ for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made here (fixtures)
# are still synchronous, so Django's async-unsafe guard must not trip on them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Acknowledging an alert commits an audit entry: the log is emptied before the closing flush.
from passage.audit.testing import audit_log_emptied_after  # noqa: E402, F401

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
)


def _months(n: int) -> list[dt.date]:
    return [dt.date(2025 + (i // 12), i % 12 + 1, 1) for i in range(n)]


@pytest.fixture
def dashboard_data(audit_log_emptied_after: Any) -> Any:  # noqa: F811 (the fixture)
    """A finished run from synthetic data: 15 months of occupancy (amber 92.1 % in February
    2026, red 94.3 % in March), the waiting list, the protection rate with its C-06 note,
    a forecast with its backtest and a crossing probability; and an analyst."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.utils import timezone

    from passage.accounts.models import Profile, Role
    from passage.monitoring.models import (
        Alert,
        AlertRule,
        CrossingProbability,
        Forecast,
        ImportBatch,
        IndicatorValue,
        RefreshRun,
    )

    cache.clear()
    ImportBatch.objects.create(
        source="synthetic",
        dataset="demo",
        file_name="synthetic",
        file_sha256="0" * 64,
        file_format="generated",
        status="imported",
    )
    run = RefreshRun.objects.create(status="succeeded", finished_at=timezone.now())
    months = _months(15)
    rows = []
    for i, month in enumerate(months):
        occ = {13: Decimal("92.1"), 14: Decimal("94.3")}.get(i, Decimal("85") + Decimal(i) / 2)
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
                inputs={
                    "reception.occupied": round(float(occ) * 347.71),
                    "reception.capacity": 34771,
                },
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
            period_start=months[-1],
            value=Decimal("29.61"),
            unit="percent",
            level="amber",
            notes=["Stated 28.4 % (F-IP-15) differs from computed 29.6 % — C-06"],
        )
    )
    rows.append(
        IndicatorValue(
            run=run,
            indicator="protection_rate",
            granularity="month",
            period_start=months[-2],
            value=Decimal("31.2"),
            unit="percent",
            level="amber",
        )
    )
    IndicatorValue.objects.bulk_create(rows)
    points = [
        {
            "period": dt.date(2026, 4 + i, 1).isoformat(),
            "mean": 94.5 + 0.3 * i,
            "lo80": 93.5 + 0.1 * i,
            "hi80": 95.5 + 0.5 * i,
            "lo95": 92.5,
            "hi95": 96.5 + 0.6 * i,
        }
        for i in range(6)
    ]
    Forecast.objects.create(
        run=run,
        series="reception_occupancy",
        model="AutoETS",
        origin=months[-1],
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
    Forecast.objects.create(
        run=run,
        series="reception.occupied",
        model="AutoTheta",
        origin=months[-1],
        points=[
            {
                "period": dt.date(2026, 4 + i, 1).isoformat(),
                "mean": 32860 + 90 * i,
                "lo80": 32400 - 60 * i,
                "hi80": 33300 + 240 * i,
                "lo95": 32100 - 120 * i,
                "hi95": 33600 + 330 * i,
            }
            for i in range(6)
        ],
        backtest={
            "folds": 6,
            "horizon": 3,
            "baseline": "SeasonalNaive",
            "reason": "lowest MASE of the candidates that beat the baseline",
            "models": {
                "AutoTheta": {"mase": 0.64, "coverage80": 0.81, "coverage95": 0.95},
                "AutoETS": {"mase": 0.77, "coverage80": 0.76, "coverage95": 0.93},
                "SeasonalNaive": {"mase": 1.0, "coverage80": 0.69, "coverage95": 0.9},
            },
        },
    )
    CrossingProbability.objects.create(
        run=run,
        indicator="reception_occupancy",
        threshold=Decimal("0.94"),
        horizon_months=3,
        probability=Decimal("0.62"),
        simulations=10000,
    )
    rule = AlertRule.objects.create(
        code="occupancy-red", indicator="reception_occupancy", kind="level_change"
    )
    Alert.objects.create(
        rule=rule,
        run=run,
        indicator="reception_occupancy",
        period_start=months[-1],
        title="Reception occupancy is now critical",
        message="Occupancy rose from 92.1 % to 94.3 % (+2.2 points) in March 2026.",
        previous_value=Decimal("92.1"),
        current_value=Decimal("94.3"),
        previous_level="amber",
        level="red",
        evidence_url="/monitoring/indicators/reception_occupancy/?period=2026-03",
    )
    user = get_user_model().objects.create_user(username="ana", password="pw-Passage-1")
    Profile.objects.create(user=user, role=Role.ANALYST)
    return run


def test_analyst_reads_the_dashboard(live_server: Any, browser: Any, dashboard_data: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.set_default_timeout(20_000)

    page.goto(f"{live_server.url}/monitoring/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("pw-Passage-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/monitoring/$"))

    table = page.locator("table#indicators")
    assert table.locator("caption").inner_text().startswith("Every indicator for March 2026")
    occupancy = table.locator("tr", has=page.get_by_role("link", name="Reception occupancy"))
    row_text = occupancy.inner_text()
    assert "94.3" in row_text and "critical" in row_text  # the level in words
    assert "C-06" in table.inner_text()
    assert "demo data" in page.locator(".ew-banner").inner_text().lower()
    page.screenshot(path=str(SCREENSHOTS / "monitoring-overview.png"), full_page=True)

    # Change a filter: February 2026.
    page.get_by_label("Period").select_option("2026-02")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"period=2026-02"))
    assert "February 2026" in page.locator("h2#indicators-title").inner_text()
    assert "92.1" in page.locator("table#indicators").inner_text()

    page.locator("table#indicators").get_by_role("link", name="Reception occupancy").click()
    page.wait_for_url(re.compile(r"/monitoring/indicators/reception_occupancy/"))
    figure = page.locator("figure.ew-figure")
    svg = figure.locator("svg[role=img]")
    assert svg.count() == 1
    assert svg.locator("path, line, symbol, text").count() > 10
    assert "over time" in figure.locator("#chart-title").inner_text()
    summary = figure.locator("#chart-summary").inner_text()
    assert summary.startswith("Reception occupancy was 92.1")
    assert "level under pressure" in summary
    data = page.locator("table#data-table")
    assert data.locator("caption").inner_text() == "The values in the chart"
    assert data.locator("tbody tr").count() == 15
    assert "critical" in data.inner_text() and "under pressure" in data.inner_text()
    assert page.get_by_text(re.compile(r"P\(Reception occupancy ≥ 94\s%")).count() == 1
    page.screenshot(path=str(SCREENSHOTS / "monitoring-indicator.png"), full_page=True)

    # A forecast series, from the indicator it feeds.
    page.get_by_role("link", name="Occupied reception places").click()
    page.wait_for_url(re.compile(r"/monitoring/forecasts/reception.occupied/"))
    assert page.locator("figure svg[role=img]").count() == 1
    assert "forecast for April 2026" in page.locator("#chart-summary").inner_text()
    assert page.locator("table#backtest tbody tr").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "monitoring-forecast.png"), full_page=True)

    # Alerts: acknowledge through the real form (CSRF token included by the page).
    page.get_by_role("link", name="Alerts").click()
    page.wait_for_url(re.compile(r"/monitoring/alerts/"))
    alerts = page.locator("table#alerts")
    assert "critical" in alerts.inner_text() and "was under pressure" in alerts.inner_text()
    page.get_by_label("Note (what was done)").fill("Emergency places opened in Brussels")
    page.get_by_role("button", name=re.compile("^Acknowledge")).click()
    page.wait_for_url(re.compile(r"/monitoring/alerts/"))
    assert "Alert acknowledged" in page.locator(".ew-messages").inner_text()
    assert "Acknowledged by ana" in page.locator("table#alerts").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "monitoring-alerts.png"), full_page=True)

    # The public access form, with its field errors, after logging out.
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/monitoring/access/")
    page.get_by_label("Your name").fill("Els Peeters")
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_role("button", name="Send the request").click()
    assert "Enter a valid email address" in page.locator(".error-summary").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "monitoring-access.png"), full_page=True)
