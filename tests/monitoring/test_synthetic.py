# SPDX-License-Identifier: EUPL-1.2
"""Synthetic data: calibrated to the official 2025 figures, deterministic, labelled synthetic."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from passage.monitoring.models import CaseEvent, ImportBatch, Observation
from passage.monitoring.snapshot import EVENT_SCHEMA
from passage.monitoring.synthetic import (
    DEMO_EVENT_COUNT,
    EVENT_MIX,
    demo_load,
    events_write_parquet,
    monthly_series,
)

END_2025 = dt.date(2025, 12, 31)
END_2024 = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def series() -> list[dict[str, Any]]:
    return monthly_series(seed=0)


def _monthly(
    series: list[dict[str, Any]], metric: str, dims: dict[str, str] | None = None
) -> dict[dt.date, int]:
    return {
        r["period_start"]: r["value"]
        for r in series
        if r["metric"] == metric and r["granularity"] == "month" and r["dims"] == (dims or {})
    }


def _instant(series: list[dict[str, Any]], metric: str) -> dict[dt.date, int]:
    return {r["period_start"]: r["value"] for r in series if r["metric"] == metric}


class TestMonthlySeries:
    @pytest.mark.parametrize(
        ("metric", "total"),
        [
            ("ip.applications", 34439),  # F-IP-01
            ("cgrs.decisions_final", 30352),  # F-IP-13
            ("cgrs.grants_refugee", 8369),  # F-IP-17
            ("cgrs.grants_subsidiary", 618),  # F-IP-18
            ("ip.transfers_to_cgrs", 26625),  # F-IP-09
            ("reception.entries", 25003),  # F-REC-01
            ("reception.exits", 26602),  # F-REC-02
            ("call.appeals", 11438),  # F-CALL-01
            ("call.judgments", 7699),  # F-CALL-02
            ("returns.voluntary", 3122),  # F-RET-01
            ("returns.forced", 3472),  # F-RET-11
        ],
    )
    def test_2025_months_sum_to_the_official_year(
        self, series: list[dict[str, Any]], metric: str, total: int
    ) -> None:
        months = {d: v for d, v in _monthly(series, metric).items() if d.year == 2025}
        assert len(months) == 12
        assert sum(months.values()) == total

    def test_2024_anchors(self, series: list[dict[str, Any]]) -> None:
        applications = _monthly(series, "ip.applications")
        assert sum(v for d, v in applications.items() if d.year == 2024) == 39615  # F-IP-02
        forced = _monthly(series, "returns.forced")
        assert sum(v for d, v in forced.items() if d.year == 2024) == 3270  # F-RET-11

    def test_applications_peak_and_low_of_2025(self, series: list[dict[str, Any]]) -> None:
        months = {d: v for d, v in _monthly(series, "ip.applications").items() if d.year == 2025}
        assert months[dt.date(2025, 1, 1)] == 3540 == max(months.values())  # F-IP-04
        assert months[dt.date(2025, 11, 1)] == 2257 == min(months.values())
        others = [v for d, v in months.items() if d.month not in (1, 11)]
        assert all(2257 < v < 3540 for v in others)

    def test_application_types_add_up(self, series: list[dict[str, Any]]) -> None:
        total = _monthly(series, "ip.applications")
        first = _monthly(series, "ip.applications", {"application_type": "first"})
        subsequent = _monthly(series, "ip.applications", {"application_type": "subsequent"})
        assert set(total) == set(first) == set(subsequent)
        for month, value in total.items():
            assert first[month] + subsequent[month] == value
        assert sum(v for d, v in subsequent.items() if d.year == 2025) == 6865  # F-IP-06

    def test_grants_never_exceed_final_decisions(self, series: list[dict[str, Any]]) -> None:
        final = _monthly(series, "cgrs.decisions_final")
        refugee = _monthly(series, "cgrs.grants_refugee")
        subsidiary = _monthly(series, "cgrs.grants_subsidiary")
        for month, decided in final.items():
            assert refugee[month] + subsidiary[month] <= decided

    def test_stocks_pinned_to_the_official_instants(self, series: list[dict[str, Any]]) -> None:
        capacity = _instant(series, "reception.capacity")
        waiting = _instant(series, "reception.waiting_list")
        assert (capacity[END_2024], capacity[END_2025]) == (36211, 34771)  # F-REC-08
        assert (waiting[END_2024], waiting[END_2025]) == (2947, 1708)  # F-REC-13
        assert _instant(series, "cgrs.workload_dossiers")[END_2025] == 24406  # F-IP-21
        # Month ends only, every month from 2019-01 to 2025-12.
        assert len(capacity) == 84
        assert all(
            d == (d + dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1) for d in capacity
        )
        assert all(
            r["granularity"] == "instant" for r in series if r["metric"] == "reception.capacity"
        )

    def test_workload_is_the_running_balance(self, series: list[dict[str, Any]]) -> None:
        workload = _instant(series, "cgrs.workload_dossiers")
        transfers = _monthly(series, "ip.transfers_to_cgrs")
        final = _monthly(series, "cgrs.decisions_final")
        days = sorted(workload)
        for before, after in itertools.pairwise(days):
            month = after.replace(day=1)
            assert workload[after] - workload[before] == transfers[month] - final[month]

    def test_occupancy_between_90_and_96_percent(self, series: list[dict[str, Any]]) -> None:
        capacity = _instant(series, "reception.capacity")
        occupied = _instant(series, "reception.occupied")
        rates = [occupied[d] / capacity[d] for d in capacity]
        assert all(0.899 <= r <= 0.961 for r in rates)

    def test_labelled_synthetic_non_negative_whole_numbers(
        self, series: list[dict[str, Any]]
    ) -> None:
        assert {r["source"] for r in series} == {"synthetic"}
        assert all(isinstance(r["value"], int) and r["value"] >= 0 for r in series)

    def test_deterministic_by_seed(self, series: list[dict[str, Any]]) -> None:
        assert monthly_series(seed=0) == series
        other = monthly_series(seed=1)
        assert other != series
        # Calibration holds for every seed.
        assert (
            sum(v for d, v in _monthly(other, "reception.exits").items() if d.year == 2025) == 26602
        )


class TestEventsParquet:
    def test_schema_chunks_and_range(self, tmp_path: Path) -> None:
        path = events_write_parquet(tmp_path / "e.parquet", 25_000, seed=3, chunk=10_000)
        file = pq.ParquetFile(path)
        assert file.schema_arrow.equals(EVENT_SCHEMA)
        assert file.schema_arrow.metadata[b"passage.source"] == b"synthetic"
        assert file.metadata.num_row_groups == 3
        table = file.read()
        assert table.num_rows == 25_000
        assert table["event_id"].to_pylist() == list(range(1, 25_001))
        low, high = pc.min_max(table["occurred_on"]).values()
        assert low.as_py() >= dt.date(2026, 1, 1)
        assert high.as_py() <= dt.date(2026, 10, 31)

    def test_mix_calibrated_to_2025(self, tmp_path: Path) -> None:
        n = 400_000
        table = pq.read_table(events_write_parquet(tmp_path / "e.parquet", n, seed=1))
        rows = table.select(["event_type", "nationality", "application_type", "decision_type"])
        types = Counter(rows["event_type"].to_pylist())
        expected_total = sum(EVENT_MIX.values())
        for event_type, count in EVENT_MIX.items():
            share = count / expected_total
            sd = (share * (1 - share) / n) ** 0.5
            assert abs(types[event_type] / n - share) < 5 * sd + 1e-9, event_type

        lodged = table.filter(pc.equal(table["event_type"].cast("string"), "application_lodged"))
        kinds = Counter(lodged["application_type"].to_pylist())
        assert abs(kinds["subsequent"] / lodged.num_rows - 6865 / 34439) < 0.01  # F-IP-06
        nationalities = Counter(lodged["nationality"].to_pylist())
        assert nationalities.most_common(2)[0][0] == "ZZ"
        assert nationalities.most_common(2)[1][0] == "AF"  # Table 1: Afghanistan first
        moldova = Counter(
            lodged.filter(pc.equal(lodged["nationality"].cast("string"), "MD"))[
                "application_type"
            ].to_pylist()
        )
        # Table 1: Moldova is the one nationality with more subsequent than first applications
        # (415 vs 403); the overall share is 20 %, so a type drawn apart from nationality fails.
        assert abs(moldova["subsequent"] / moldova.total() - 415 / 818) < 0.05

        decisions = table.filter(pc.equal(table["event_type"].cast("string"), "cgrs_decision"))
        by_type = Counter(decisions["decision_type"].to_pylist())
        assert abs(by_type["refugee_status"] / decisions.num_rows - 8369 / 31457) < 0.01
        refugee = decisions.filter(
            pc.equal(decisions["decision_type"].cast("string"), "refugee_status")
        )
        assert Counter(refugee["nationality"].to_pylist()).most_common(2)[1][0] == "AF"  # F-IP-19

    def test_breakdowns_only_where_they_apply(self, tmp_path: Path) -> None:
        table = pq.read_table(
            events_write_parquet(tmp_path / "e.parquet", 50_000, seed=2)
        ).to_pylist()
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in table:
            by_type[row["event_type"]].append(row)
        assert all(
            r["application_type"] is None
            for t, rs in by_type.items()
            if t != "application_lodged"
            for r in rs
        )
        assert all(
            r["decision_type"] is None
            for t, rs in by_type.items()
            if t not in ("cgrs_decision", "single_permit_decided")
            for r in rs
        )
        assert all(
            r["duration_days"] is None
            for t, rs in by_type.items()
            if t != "single_permit_decided"
            for r in rs
        )
        permits = by_type["single_permit_decided"]
        assert permits and all(r["duration_days"] >= 0 and r["region"] for r in permits)
        assert {r["shortage_occupation"] for r in permits} == {True, False}
        assert all(r["operator"] and r["place_type"] for r in by_type["reception_entry"])
        assert {r["nationality"] for r in by_type["tp_grant"]} == {"UA"}

    def test_deterministic_by_seed(self, tmp_path: Path) -> None:
        a = pq.read_table(events_write_parquet(tmp_path / "a.parquet", 5_000, seed=7))
        b = pq.read_table(events_write_parquet(tmp_path / "b.parquet", 5_000, seed=7))
        c = pq.read_table(events_write_parquet(tmp_path / "c.parquet", 5_000, seed=8))
        assert a.equals(b)
        assert not a.equals(c)

    def test_cli_generate_events(self, tmp_path: Path) -> None:
        from typer.testing import CliRunner

        from passage.cli import app

        out = tmp_path / "bench" / "events.parquet"
        result = CliRunner().invoke(
            app, ["monitor", "generate-events", str(out), "--events", "1234", "--seed", "5"]
        )
        assert result.exit_code == 0, result.output
        assert "1234 synthetic events written" in result.output
        assert pq.read_metadata(out).num_rows == 1234
        refused = CliRunner().invoke(
            app, ["monitor", "generate-events", str(out), "--events", "-1"]
        )
        assert refused.exit_code == 2


class TestDemoLoad:
    def test_loads_once_labelled_synthetic(self, db: Any) -> None:
        first = demo_load()
        assert "synthetic" in first
        batches = ImportBatch.objects.filter(source="synthetic")
        assert set(batches.values_list("dataset", flat=True)) == {"demo_monthly", "demo_events"}
        assert CaseEvent.objects.count() == DEMO_EVENT_COUNT
        assert (
            CaseEvent.objects.filter(
                occurred_on__gte=dt.date(2026, 1, 1), occurred_on__lte=dt.date(2026, 10, 31)
            ).count()
            == DEMO_EVENT_COUNT
        )
        count = Observation.objects.count()
        assert count == len(monthly_series(seed=0))
        assert not Observation.objects.exclude(batch__source="synthetic").exists()

        demo_load()
        assert ImportBatch.objects.count() == 2
        assert Observation.objects.count() == count
        assert CaseEvent.objects.count() == DEMO_EVENT_COUNT

    def test_never_replaces_a_published_figure(self, reference_loaded: ImportBatch) -> None:
        from passage.monitoring.reference import reference_load

        demo_load()
        waiting = Observation.objects.get(
            metric="reception.waiting_list", period_start=END_2025, superseded_at__isnull=True
        )
        assert waiting.batch.source == "emn_report"
        assert not Observation.objects.filter(superseded_at__isnull=False).exists()
        # And loading the reference after the demo: the published figure takes over.
        assert reference_load().pk == reference_loaded.pk
