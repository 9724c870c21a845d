# SPDX-License-Identifier: EUPL-1.2
"""The AMMC scoreboard: yearly values, trend and status, CSV and PDF exports."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import timezone

from passage.monitoring import scoreboard
from passage.monitoring.catalogue import metrics
from passage.monitoring.models import (
    ImportBatch,
    IndicatorValue,
    Observation,
    RefreshRun,
    RunStatus,
)
from passage.monitoring.scoreboard import (
    Target,
    scoreboard_build,
    scoreboard_csv,
    scoreboard_html,
    scoreboard_pdf,
    target_status,
    targets,
    targets_load,
    trend_word,
)

DEFINITIONS = Path(scoreboard.__file__).parent / "definitions"
GENERATED = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


# --- fixtures ---------------------------------------------------------------------------------


def make_run(status: str = RunStatus.SUCCEEDED) -> RefreshRun:
    return RefreshRun.objects.create(status=status, finished_at=timezone.now())


def year_value(run: RefreshRun, indicator: str, year: int, amount: str, unit: str) -> None:
    IndicatorValue.objects.create(
        run=run,
        indicator=indicator,
        granularity="year",
        period_start=dt.date(year, 1, 1),
        value=Decimal(amount),
        unit=unit,
        level="green",
    )


def observation(
    batch: ImportBatch,
    metric: str,
    period: dt.date,
    amount: int,
    *,
    granularity: str = "year",
    dims_key: str = "",
    unit: str = "persons",
) -> Observation:
    return Observation.objects.create(
        metric=metric,
        granularity=granularity,
        period_start=period,
        period_end=dt.date(period.year, 12, 31) if granularity == "year" else period,
        dims_key=dims_key,
        value=Decimal(amount),
        unit=unit,
        batch=batch,
    )


@pytest.fixture
def batch(db: None) -> ImportBatch:
    return ImportBatch.objects.create(
        source="emn_report",
        dataset="reference",
        file_name="official_2025.yaml",
        file_sha256="0" * 64,
        file_format="yaml",
        status="imported",
    )


@pytest.fixture
def figures(batch: ImportBatch) -> RefreshRun:
    """2025 and 2026 values for every default target."""
    run = make_run()
    year_value(run, "single_permit_processing_days", 2025, "63", "days")
    year_value(run, "single_permit_processing_days", 2026, "52.5", "days")
    year_value(run, "reception_occupancy", 2025, "94.1", "percent")
    year_value(run, "reception_occupancy", 2026, "95.3", "percent")
    year_value(run, "cgrs_workload_ratio", 2025, "3.75", "ratio")
    year_value(run, "cgrs_workload_ratio", 2026, "3.1", "ratio")
    # Capacity: counted on days; the year's last count is the year's value (F-REC-08).
    observation(batch, "reception.capacity", dt.date(2025, 1, 1), 36211, granularity="instant")
    observation(batch, "reception.capacity", dt.date(2025, 12, 31), 34771, granularity="instant")
    observation(batch, "reception.capacity", dt.date(2026, 6, 30), 35900, granularity="instant")
    observation(batch, "reception.capacity", dt.date(2026, 12, 31), 35500, granularity="instant")
    # Counselling: published by channel only in 2025 (F-RET-07/08), a total in 2026.
    for key, amount in (
        ("channel=icam_partners", 1000),
        ("channel=conex", 7643),
        ("channel=order_to_leave", 23258),
    ):
        observation(batch, "returns.counselling_reached", dt.date(2025, 1, 1), amount, dims_key=key)
    observation(batch, "returns.counselling_reached", dt.date(2026, 1, 1), 9100)
    return run


def row_of(sb: scoreboard.Scoreboard, target_id: str) -> scoreboard.ScoreboardRow:
    (row,) = [row for row in sb.rows if row.target.id == target_id]
    return row


def a_target(**changes: Any) -> Target:
    base = Target(
        id="t",
        label="A target",
        indicator="x",
        metric="",
        breakdowns=(),
        unit="days",
        baseline_year=2025,
        baseline_value=Decimal(70),
        baseline_citation="",
        value=Decimal(56),
        direction="below",
        deadline=None,
        citation="",
        verification="verified",
    )
    return dataclasses.replace(base, **changes)


# --- definitions ------------------------------------------------------------------------------


class TestDefinitions:
    def test_the_issue_targets_are_there_with_their_verification(self) -> None:
        by_id = {t.id: t for t in targets()}
        permit = by_id["single_permit_8_weeks"]
        assert (permit.indicator, permit.value, permit.direction) == (
            "single_permit_processing_days",
            Decimal(56),
            "below",
        )
        assert permit.verification == "unverified"
        assert "F-SEC-04" in permit.citation
        beds = by_id["reception_beds_plus_1500"]
        assert beds.value - (beds.baseline_value or 0) == 1500
        assert beds.deadline == dt.date(2026, 3, 31)
        assert beds.verification == "unverified"
        assert by_id["return_counselling_more"].metric == "returns.counselling_reached"

    def test_measures_exist_in_the_indicator_and_metric_definitions(self) -> None:
        indicators_file = DEFINITIONS / "indicators.yaml"
        if not indicators_file.exists():
            pytest.skip("indicators.yaml not written yet")
        indicators = yaml.safe_load(indicators_file.read_text(encoding="utf-8"))["indicators"]
        alert_rules = yaml.safe_load((DEFINITIONS / "alerts.yaml").read_text(encoding="utf-8"))
        for target in targets():
            if target.indicator:
                assert target.indicator in indicators, target.id
                assert indicators[target.indicator]["unit"] == target.unit, target.id
            else:
                assert target.metric in metrics(), target.id
        for rule in alert_rules["rules"]:
            assert rule["indicator"] in indicators, rule["code"]

    def test_a_bad_definition_names_the_target(self, tmp_path: Path) -> None:
        path = tmp_path / "scoreboard.yaml"
        path.write_text(
            "targets:\n  - id: broken\n    label: x\n    unit: days\n"
            "    measure: {indicator: a, metric: b}\n"
        )
        with pytest.raises(ValueError, match="broken"):
            targets_load(path)


# --- status and trend -------------------------------------------------------------------------


class TestStatus:
    @pytest.mark.parametrize(
        ("changes", "current", "previous", "expected"),
        [
            ({}, None, Decimal(60), "no data"),
            ({}, Decimal("55.9"), Decimal(60), "met"),
            ({}, Decimal(56), Decimal(60), "on track"),  # below is strict: 56 is not < 56
            ({"direction": "at_most"}, Decimal(56), Decimal(60), "met"),
            ({"direction": "at_least", "value": Decimal(100)}, Decimal(100), None, "met"),
            ({"direction": "above", "value": Decimal(100)}, Decimal(100), Decimal(90), "on track"),
            ({}, Decimal(62), Decimal(60), "off track"),  # moving away
            ({}, Decimal(60), Decimal(60), "off track"),  # not moving
            # No previous year: the baseline (2025, 70) is the reference.
            ({}, Decimal(60), None, "on track"),
            ({"baseline_value": None, "baseline_year": None}, Decimal(60), None, "no data"),
            # The baseline of the same year is no reference for progress.
            ({"baseline_year": 2026}, Decimal(60), None, "no data"),
            # Deadline passed by the end of the year and not met.
            ({"deadline": dt.date(2026, 3, 31)}, Decimal(57), Decimal(70), "off track"),
            # Pace 4 days a year, 2 years left: 60 → 52, met in time.
            ({"deadline": dt.date(2028, 12, 31)}, Decimal(60), Decimal(64), "on track"),
            # Pace 1 day a year, 2 years left: 60 → 58, still missed.
            ({"deadline": dt.date(2028, 12, 31)}, Decimal(60), Decimal(61), "off track"),
        ],
    )
    def test_each_case(
        self,
        changes: dict[str, Any],
        current: Decimal | None,
        previous: Decimal | None,
        expected: str,
    ) -> None:
        status, reason = target_status(a_target(**changes), 2026, current, previous)
        assert status == expected
        assert reason

    @pytest.mark.parametrize(
        ("current", "previous", "expected"),
        [
            (Decimal(110), Decimal(100), "rising"),
            (Decimal(90), Decimal(100), "falling"),
            (Decimal("100.9"), Decimal(100), "stable"),
            (Decimal(0), Decimal(0), "stable"),
            (Decimal(5), Decimal(0), "rising"),
            (Decimal(5), None, "no data"),
            (None, Decimal(5), "no data"),
        ],
    )
    def test_trend(self, current: Decimal | None, previous: Decimal | None, expected: str) -> None:
        assert trend_word(current, previous) == expected


# --- build ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestBuild:
    def test_values_change_trend_and_status(self, figures: RefreshRun) -> None:
        sb = scoreboard_build(2026, run=figures, generated_at=GENERATED)

        assert sb.year == 2026
        assert sb.run_id == figures.pk
        permit = row_of(sb, "single_permit_8_weeks")
        assert (permit.current, permit.previous) == (Decimal("52.5"), Decimal(63))
        assert permit.change == Decimal("-10.5")
        assert permit.trend == "falling"
        assert permit.status == "met"
        occupancy = row_of(sb, "reception_occupancy_below_saturation")
        assert occupancy.trend == "rising"
        assert occupancy.status == "off track"
        workload = row_of(sb, "cgrs_workload_standard_capacity")
        assert workload.status == "on track"  # falling towards 1, no deadline
        beds = row_of(sb, "reception_beds_plus_1500")
        assert (beds.current, beds.previous) == (Decimal(35500), Decimal(34771))
        assert beds.status == "off track"  # 36 271 not reached by March 2026
        counselling = row_of(sb, "return_counselling_more")
        # 2025 by channel: ICAM partners + CONEX, the order to leave is information only.
        assert counselling.previous == Decimal(8643)
        assert counselling.current == Decimal(9100)
        assert counselling.status == "met"

    def test_missing_previous_year_is_no_data_not_a_crash(self, batch: ImportBatch) -> None:
        run = make_run()
        year_value(run, "reception_occupancy", 2026, "92.0", "percent")

        sb = scoreboard_build(2026, run=run)

        occupancy = row_of(sb, "reception_occupancy_below_saturation")
        assert occupancy.previous is None
        assert occupancy.change is None
        assert occupancy.change_percent is None
        assert occupancy.trend == "no data"
        assert occupancy.status == "met"
        permit = row_of(sb, "single_permit_8_weeks")
        assert (permit.current, permit.trend, permit.status) == (None, "no data", "no data")
        # Exports of a scoreboard full of gaps work too.
        assert scoreboard_csv(sb).count("\r\n") == len(sb.rows) + 1
        assert "no data" in scoreboard_html(sb)

    def test_a_partial_breakdown_is_no_data(self, batch: ImportBatch) -> None:
        observation(
            batch,
            "returns.counselling_reached",
            dt.date(2025, 1, 1),
            7643,
            dims_key="channel=conex",
        )
        sb = scoreboard_build(2025, run=None)
        assert row_of(sb, "return_counselling_more").current is None

    def test_without_a_run_uses_the_latest_successful_one(self, figures: RefreshRun) -> None:
        make_run(status=RunStatus.FAILED)
        sb = scoreboard_build(2026)
        assert sb.run_id == figures.pk
        assert row_of(sb, "single_permit_8_weeks").current == Decimal("52.5")

    def test_superseded_observations_are_ignored(self, batch: ImportBatch) -> None:
        old = observation(
            batch, "reception.capacity", dt.date(2026, 12, 31), 40000, granularity="instant"
        )
        new = observation(
            batch, "reception.capacity", dt.date(2026, 12, 30), 35000, granularity="instant"
        )
        old.superseded_at = timezone.now()
        old.superseded_by = new
        old.save()
        sb = scoreboard_build(2026)
        assert row_of(sb, "reception_beds_plus_1500").current == Decimal(35000)


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestExports:
    def test_demo_data_is_flagged_in_every_export(self, figures: RefreshRun) -> None:
        official = scoreboard_build(2026, run=figures, generated_at=GENERATED)
        assert not official.synthetic
        assert "DEMO DATA" not in scoreboard.scoreboard_html(official)

        ImportBatch.objects.create(
            source="synthetic",
            dataset="demo_monthly",
            file_name="demo",
            file_sha256="1" * 64,
            file_format="generated",
            status="imported",
        )
        later = make_run()
        demo = scoreboard_build(2026, run=later, generated_at=GENERATED)
        assert demo.synthetic
        assert "DEMO DATA" in scoreboard.scoreboard_html(demo)

    def test_csv_parses_back_with_the_values(self, figures: RefreshRun) -> None:
        sb = scoreboard_build(2026, run=figures, generated_at=GENERATED)

        text = scoreboard_csv(sb)

        text.encode("utf-8")  # the caller serves it as UTF-8
        rows = {row["target_id"]: row for row in csv.DictReader(io.StringIO(text))}
        assert set(rows) == {t.id for t in targets()}
        permit = rows["single_permit_8_weeks"]
        assert permit["year"] == "2026"
        assert permit["value"] == "52.5"
        assert permit["previous_year_value"] == "63"
        assert permit["change"] == "-10.5"
        assert permit["change_percent"] == "-16.7"
        assert permit["trend"] == "falling"
        assert permit["status"] == "met"
        assert permit["target_direction"] == "below"
        assert permit["target_value"] == "56"
        assert permit["verification"] == "unverified"
        beds = rows["reception_beds_plus_1500"]
        assert (beds["baseline_year"], beds["baseline_value"]) == ("2025", "34771")
        assert beds["target_deadline"] == "2026-03-31"
        assert beds["value"] == "35500"
        assert (
            "«approximately 94%»"
            in rows["reception_occupancy_below_saturation"]["baseline_citation"]
        )

    def test_html_of_the_pdf_has_labels_values_and_unverified_notes(
        self, figures: RefreshRun
    ) -> None:
        sb = scoreboard_build(2026, run=figures, generated_at=GENERATED)

        html = scoreboard_html(sb)

        assert "Annual Migration Management Cycle scoreboard 2026" in html
        assert "generated 2026-11-23 09:30 UTC" in html
        for target in targets():
            assert target.label in html
        assert "52.5 days" in html
        assert "35 500 places" in html
        assert "95.3 %" in html
        assert "3.10" in html
        assert "−10.5 days, −16.7 %" in html
        assert "UNVERIFIED" in html
        assert "conflicts in direction with the official report" in html
        assert "http://" not in html and "https://" not in html

    def test_pdf_is_a_pdf(self, figures: RefreshRun) -> None:
        sb = scoreboard_build(2026, run=figures, generated_at=GENERATED)
        pdf = scoreboard_pdf(sb)
        assert pdf.startswith(b"%PDF")
        assert len(pdf) > 1000


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()


def test_the_pdf_fetcher_refuses_the_network(http_server: tuple[str, list[str]]) -> None:
    from weasyprint import HTML

    base, requested = http_server
    html = f'<link rel="stylesheet" href="{base}/font.css"><img src="{base}/logo.png"><p>x</p>'

    pdf = HTML(string=html, url_fetcher=scoreboard._refuse_fetch()).write_pdf()

    assert pdf is not None and pdf.startswith(b"%PDF")
    assert requested == []


@pytest.mark.django_db
def test_the_official_2025_figures_feed_the_metric_targets(reference_loaded: Any) -> None:
    sb = scoreboard_build(2025, run=None)

    beds = row_of(sb, "reception_beds_plus_1500")
    assert beds.current == Decimal(34771)  # F-REC-08, end of 2025
    assert beds.status == "no data"  # the baseline year itself: nothing to measure against
    counselling = row_of(sb, "return_counselling_more")
    assert counselling.current == Decimal(8643)  # F-RET-07 ICAM partners + F-RET-08 CONEX
    assert counselling.current == counselling.target.baseline_value
