# SPDX-License-Identifier: EUPL-1.2
"""`refresh_run`: PostgreSQL → Parquet snapshot → indicators, forecasts, alerts, per run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from passage.monitoring import forecasting, refresh, selectors
from passage.monitoring.catalogue import dims_key, metrics
from passage.monitoring.models import (
    CaseEvent,
    CrossingProbability,
    Forecast,
    ImportBatch,
    IndicatorValue,
    Observation,
    RefreshRun,
    RunStatus,
)
from passage.monitoring.refresh import refresh_run, refresh_task

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The monitoring migration is not written yet (models.py is another engineer's): create
    the app's tables from the models when they are missing. A no-op once it exists."""
    from django.apps import apps
    from django.db import connection

    with django_db_blocker.unblock():
        if "monitoring_refreshrun" in connection.introspection.table_names():
            return
        with connection.schema_editor() as editor:
            for model in apps.get_app_config("monitoring").get_models():
                editor.create_model(model)


def batch() -> ImportBatch:
    return ImportBatch.objects.create(
        source="emn_report",
        dataset="test",
        file_name="test.yaml",
        file_sha256="0" * 64,
        file_format="yaml",
        status="imported",
    )


def observe(
    b: ImportBatch,
    metric: str,
    granularity: str,
    start: dt.date,
    value: float,
    dims: dict[str, str] | None = None,
    citation: str = "",
) -> Observation:
    end = {
        "year": D(start.year, 12, 31),
        "instant": start,
    }.get(granularity)
    if end is None:
        following = D(start.year + start.month // 12, start.month % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
    return Observation.objects.create(
        metric=metric,
        granularity=granularity,
        period_start=start,
        period_end=end,
        dims=dims or {},
        dims_key=dims_key(dims or {}),
        value=Decimal(str(value)),
        unit=metrics()[metric].unit,
        batch=b,
        citation=citation,
    )


@pytest.fixture
def official_2025() -> ImportBatch:
    b = batch()
    observe(b, "cgrs.workload_dossiers", "instant", D(2025, 12, 31), 24406, citation="F-IP-21")
    observe(
        b, "cgrs.structural_backlog_stated", "instant", D(2025, 12, 31), 17906, citation="F-IP-23"
    )
    observe(b, "cgrs.decisions_final", "year", D(2025, 1, 1), 30352, citation="F-IP-13")
    observe(b, "cgrs.grants_refugee", "year", D(2025, 1, 1), 8369, citation="F-IP-17")
    observe(b, "cgrs.grants_subsidiary", "year", D(2025, 1, 1), 618, citation="F-IP-18")
    observe(b, "cgrs.protection_rate_stated", "year", D(2025, 1, 1), 28.4, citation="F-IP-15")
    observe(b, "reception.entries", "year", D(2025, 1, 1), 25003, citation="F-REC-01")
    observe(b, "reception.exits", "year", D(2025, 1, 1), 26602, citation="F-REC-02")
    return b


def test_a_refresh_stores_the_indicators_of_a_succeeded_run(
    official_2025: ImportBatch, tmp_path: Path
) -> None:
    steps: list[tuple[str, int, int]] = []
    run = refresh_run(
        snapshot_dir=tmp_path / "snap",
        forecasts=False,
        progress=lambda step, done, total: steps.append((step, done, total)),
    )
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.finished_at is not None
    assert set(run.timings) == {"snapshot", "series", "indicators", "alerts", "total"}
    assert (tmp_path / "snap" / "observations.parquet").exists()
    assert selectors.run_latest() == run

    backlog = IndicatorValue.objects.get(
        run=run, indicator="cgrs_structural_backlog", granularity="year", period_start=D(2025, 1, 1)
    )
    assert (backlog.value, backlog.level, backlog.unit) == (
        Decimal(17906),
        "red",
        "dossiers",
    )  # C-07
    rate = IndicatorValue.objects.get(
        run=run, indicator="protection_rate", granularity="year", period_start=D(2025, 1, 1)
    )
    assert rate.value == Decimal("29.6093")  # C-06
    assert rate.inputs["cgrs.grants_refugee"] == 8369
    assert any("28.4 %" in note for note in rate.notes)
    net = IndicatorValue.objects.get(
        run=run, indicator="reception_net_flow", granularity="year", period_start=D(2025, 1, 1)
    )
    assert net.value == Decimal(-1599)  # C-15
    # Four steps, each reported at its start and its end.
    assert steps[0] == ("snapshot", 0, 4) and steps[-1] == ("alerts", 4, 4)


def test_breakdowns_by_operator_and_nationality_come_from_events(tmp_path: Path) -> None:
    b = batch()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                event_type="reception_entry",
                occurred_on=D(2025, 3, 3),
                case_ref=i,
                operator="fedasil",
                nationality="AF",
                batch=b,
            )
            for i in range(5)
        ]
        + [
            CaseEvent(
                event_type="reception_exit",
                occurred_on=D(2025, 3, 9),
                case_ref=10 + i,
                operator="croix_rouge",
                nationality="ER",
                batch=b,
            )
            for i in range(2)
        ]
    )
    run = refresh_run(snapshot_dir=tmp_path / "snap", forecasts=False)
    assert run.status == RunStatus.SUCCEEDED, run.error
    values = {
        v.dims_key: v.value
        for v in IndicatorValue.objects.filter(
            run=run, indicator="reception_net_flow", granularity="month", period_start=D(2025, 3, 1)
        )
    }
    assert values == {
        "": Decimal(3),
        "operator=fedasil": Decimal(5),
        "operator=croix_rouge": Decimal(-2),
        "nationality=AF": Decimal(5),
        "nationality=ER": Decimal(-2),
    }
    assert "operator=fedasil" in selectors.dims_keys(run, "month")


def test_forecasts_and_crossing_probabilities_are_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = batch()
    for month in range(1, 13):
        start = D(2025, month, 1)
        observe(b, "reception.entries", "month", start, 2000 + month)
        observe(b, "reception.exits", "month", start, 1900)
    observe(b, "reception.occupied", "instant", D(2025, 1, 1), 30000)
    observe(b, "reception.capacity", "instant", D(2026, 1, 1), 34771)
    seen: dict[str, Any] = {}

    def forecast_many(
        history: Any, *, horizon: int = 12, **_: Any
    ) -> list[forecasting.SeriesForecast]:
        seen["history"] = history
        seen["horizon"] = horizon
        return [
            forecasting.SeriesForecast(
                series=series,
                dims_key=key,
                model="SeasonalNaive",
                origin=points[-1][0],
                points=[{"period": "2026-01-01", "mean": 1.0}],
            )
            for (series, key), points in history.items()
        ]

    def crossing_probability(**kwargs: Any) -> forecasting.CrossingResult:
        seen.setdefault("crossing", []).append(kwargs)
        return forecasting.CrossingResult(
            probability=0.25 * kwargs["horizon_months"] / 6,
            simulations=100,
            horizon_months=kwargs["horizon_months"],
            threshold=kwargs["threshold_ratio"],
        )

    monkeypatch.setattr(forecasting, "forecast_many", forecast_many)
    monkeypatch.setattr(forecasting, "crossing_probability", crossing_probability)
    run = refresh_run(snapshot_dir=tmp_path / "snap")
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert "forecasts" in run.timings
    assert seen["horizon"] == 12
    assert ("reception.entries", "") in seen["history"]
    # Occupied: the 1 January instant (December's closing) plus the 2025 balance.
    occupied = seen["history"][("reception.occupied", "")]
    assert occupied[-1] == (D(2025, 12, 1), 30000.0 + sum(100 + m for m in range(1, 13)))
    assert {f.series for f in Forecast.objects.filter(run=run)} == {
        "reception.entries",
        "reception.exits",
        "reception.occupied",
    }
    crossings = list(CrossingProbability.objects.filter(run=run).order_by("horizon_months"))
    assert [c.horizon_months for c in crossings] == [1, 3, 6]
    assert crossings[0].threshold == Decimal("0.94")
    assert crossings[2].probability == Decimal("0.25")
    assert seen["crossing"][0]["capacity"] == 34771.0
    assert seen["crossing"][0]["occupied"] == occupied[-1][1]


def test_a_failed_run_keeps_the_last_good_one(
    official_2025: ImportBatch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = refresh_run(snapshot_dir=tmp_path / "good", forecasts=False)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("DuckDB ran out of memory")

    monkeypatch.setattr(refresh.analytics, "indicators_compute", broken)
    bad = refresh_run(snapshot_dir=tmp_path / "bad", forecasts=False)
    assert bad.status == RunStatus.FAILED
    assert bad.error == "RuntimeError: DuckDB ran out of memory"
    assert "snapshot" in bad.timings and "indicators" not in bad.timings
    assert selectors.run_latest() == good
    assert not IndicatorValue.objects.filter(run=bad).exists()


def test_the_default_snapshot_directory_is_under_var_and_old_ones_are_pruned(
    official_2025: ImportBatch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
    runs = [refresh_run(forecasts=False) for _ in range(4)]
    root = tmp_path / "monitoring" / "snapshots"
    assert runs[-1].snapshot_dir == str(root / str(runs[-1].pk))
    assert sorted(p.name for p in root.iterdir()) == sorted(str(r.pk) for r in runs[-2:])


def test_the_celery_task_runs_a_refresh(
    official_2025: ImportBatch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
    result = refresh_task.run(forecasts=False)
    assert result["status"] == "succeeded"
    assert RefreshRun.objects.get(pk=result["run"]).status == RunStatus.SUCCEEDED


def test_a_refresh_with_the_real_forecasting(tmp_path: Path) -> None:
    b = batch()
    for i in range(36):
        start = D(2023 + i // 12, i % 12 + 1, 1)
        observe(b, "reception.entries", "month", start, 2000 + 150 * (i % 12 in (0, 1, 9, 10)) + i)
        observe(b, "reception.exits", "month", start, 2030)
    observe(b, "reception.occupied", "instant", D(2023, 1, 1), 32000)
    observe(b, "reception.capacity", "instant", D(2026, 1, 1), 34771)  # F-REC-08
    run = refresh_run(snapshot_dir=tmp_path / "snap")
    assert run.status == RunStatus.SUCCEEDED, run.error
    forecasts = {f.series: f for f in Forecast.objects.filter(run=run)}
    assert set(forecasts) == {"reception.entries", "reception.exits", "reception.occupied"}
    assert len(forecasts["reception.entries"].points) == 12
    assert forecasts["reception.entries"].origin == D(2025, 12, 1)
    crossings = list(CrossingProbability.objects.filter(run=run).order_by("horizon_months"))
    assert [c.horizon_months for c in crossings] == [1, 3, 6]
    probabilities = [c.probability for c in crossings]
    assert probabilities == sorted(probabilities)
    assert all(Decimal(0) <= p <= Decimal(1) for p in probabilities)
