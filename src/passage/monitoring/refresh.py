# SPDX-License-Identifier: EUPL-1.2
# Celery's task decorator carries no type annotations; mypy would flag it.
# mypy: disable-error-code="untyped-decorator"
"""One Early Warning refresh: snapshot → indicators → forecasts → alerts, as a RefreshRun.

Pages and `passage monitor status` read what a *succeeded* run stored
(``selectors.run_latest``); a run that fails keeps its partial rows out of sight and records
its error, so the last good figures stay on screen."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from passage.celery import app
from passage.monitoring import analytics, forecasting
from passage.monitoring.models import (
    CrossingProbability,
    Forecast,
    IndicatorValue,
    RefreshRun,
    RunStatus,
)

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

# Breakdowns the dashboard filters by (issue #5, "Filters: period, region, operator,
# nationality"); each indicator is computed by those it declares.
BREAKDOWNS = ("region", "operator", "nationality")
# Monthly series forecast per run (issue #5, "Forecasts"): applications, decisions, pending
# cases, reception entries and exits, and occupancy for the crossing probability.
FORECAST_SERIES = (
    "ip.applications",
    "cgrs.decisions_final",
    "cgrs.workload_dossiers",
    "reception.entries",
    "reception.exits",
    "reception.occupied",
)
CROSSING_INDICATOR = "reception_occupancy"
CROSSING_HORIZONS = (1, 3, 6)
FORECAST_HORIZON = 12
# Snapshots of runs other than the current one and the last succeeded ones are removed: a
# 20-million-event snapshot is a few hundred megabytes.
SNAPSHOTS_KEPT = 2
STEPS = ("snapshot", "series", "indicators", "forecasts", "alerts")


def _var_dir() -> Path:
    # As passage.accounts.services: PASSAGE_VAR_DIR, else ./var.
    return Path(os.environ.get("PASSAGE_VAR_DIR", Path.cwd() / "var"))


def snapshots_root() -> Path:
    return _var_dir() / "monitoring" / "snapshots"


class _Clock:
    def __init__(self, run: RefreshRun, progress: Progress | None, steps: Sequence[str]) -> None:
        self.run = run
        self.progress = progress
        self.steps = list(steps)
        self.done = 0

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress(name, self.done, len(self.steps))
        started = time.perf_counter()
        yield
        self.run.timings[name] = round(time.perf_counter() - started, 3)
        self.done += 1
        if self.progress is not None:
            self.progress(name, self.done, len(self.steps))


def _indicator_rows(run: RefreshRun, snap: analytics.Snapshot) -> list[IndicatorValue]:
    rows: list[IndicatorValue] = []
    for granularity in analytics.GRANULARITIES:
        for result in analytics.indicators_compute(snap, granularity=granularity, by=BREAKDOWNS):
            rows.append(
                IndicatorValue(
                    run=run,
                    indicator=result.indicator,
                    granularity=result.granularity,
                    period_start=result.period_start,
                    dims_key=result.dims_key,
                    value=result.value,
                    unit=result.unit,
                    level=result.level,
                    inputs=result.inputs,
                    notes=result.notes,
                )
            )
    return rows


def _forecast_rows(
    run: RefreshRun, history: dict[tuple[str, str], list[tuple[Any, float]]]
) -> list[Forecast]:
    forecasts = forecasting.forecast_many(history, horizon=FORECAST_HORIZON)
    return [
        Forecast(
            run=run,
            series=f.series,
            dims_key=f.dims_key,
            model=f.model,
            origin=f.origin,
            points=f.points,
            backtest=f.backtest,
        )
        for f in forecasts
    ]


def _crossing_rows(
    run: RefreshRun, history: dict[tuple[str, str], list[tuple[Any, float]]], capacity: float | None
) -> list[CrossingProbability]:
    occupied = history.get(("reception.occupied", ""))
    # The simulation draws (entries, exits) of the same month together: pair them by month.
    entries = dict(history.get(("reception.entries", ""), []))
    exits = dict(history.get(("reception.exits", ""), []))
    months = sorted(entries.keys() & exits.keys())
    inflow = [entries[m] for m in months]
    outflow = [exits[m] for m in months]
    if not occupied or capacity is None or not months:
        logger.info("No crossing probability: occupancy, capacity or flows are missing")
        return []
    # The same 94 % as the indicator's red level, from the rules engine (REC-07).
    ratio = analytics.indicator_definitions()[CROSSING_INDICATOR].thresholds["red"] / 100
    rows = []
    for horizon in CROSSING_HORIZONS:
        result = forecasting.crossing_probability(
            occupied=occupied[-1][1],
            capacity=capacity,
            threshold_ratio=float(ratio),
            inflow_history=inflow,
            outflow_history=outflow,
            horizon_months=horizon,
        )
        rows.append(
            CrossingProbability(
                run=run,
                indicator=CROSSING_INDICATOR,
                threshold=ratio,
                horizon_months=horizon,
                probability=Decimal(repr(result.probability)).quantize(Decimal("0.0001")),
                simulations=result.simulations,
                details={
                    **result.details,
                    "occupied": occupied[-1][1],
                    "occupied_month": occupied[-1][0].isoformat(),
                    "capacity": capacity,
                },
            )
        )
    return rows


def _latest_capacity(snap: analytics.Snapshot) -> float | None:
    latest = analytics.latest_value(snap, "reception.capacity")
    return None if latest is None else latest[1]


def _snapshots_prune(current: RefreshRun) -> None:
    root = snapshots_root()
    if not root.is_dir():
        return
    keep = {str(current.pk)} | {
        str(pk)
        for pk in RefreshRun.objects.filter(status=RunStatus.SUCCEEDED)
        .order_by("-finished_at")
        .values_list("pk", flat=True)[:SNAPSHOTS_KEPT]
    }
    for child in root.iterdir():
        # Only the run-id directories refresh itself wrote; anything else is left alone.
        if child.is_dir() and child.name.isdigit() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def refresh_run(
    *,
    snapshot_dir: Path | None = None,
    progress: Progress | None = None,
    forecasts: bool = True,
) -> RefreshRun:
    """Snapshot PostgreSQL, compute every indicator (month and year; total and by region,
    operator, nationality), forecast, evaluate the alerts. Returns the run, succeeded or
    failed (with its error); never raises for a failure inside the run."""
    from passage.monitoring.alerts import alerts_evaluate
    from passage.monitoring.snapshot import snapshot_write

    run = RefreshRun.objects.create(status=RunStatus.RUNNING, timings={})
    directory = Path(snapshot_dir) if snapshot_dir is not None else snapshots_root() / str(run.pk)
    run.snapshot_dir = str(directory)
    run.save(update_fields=["snapshot_dir"])
    steps = [s for s in STEPS if forecasts or s != "forecasts"]
    clock = _Clock(run, progress, steps)
    started = time.perf_counter()
    try:
        with clock.step("snapshot"):
            paths = snapshot_write(directory)
        with clock.step("series"):
            snap = analytics.Snapshot(paths, dims=BREAKDOWNS)
        try:
            with clock.step("indicators"):
                values = _indicator_rows(run, snap)
                with transaction.atomic():
                    IndicatorValue.objects.bulk_create(values, batch_size=2000)
            if forecasts:
                with clock.step("forecasts"):
                    history = analytics.monthly_history(snap, FORECAST_SERIES)
                    with transaction.atomic():
                        Forecast.objects.bulk_create(_forecast_rows(run, history))
                        CrossingProbability.objects.bulk_create(
                            _crossing_rows(run, history, _latest_capacity(snap))
                        )
        finally:
            snap.close()
        with clock.step("alerts"):
            alerts_evaluate(run)
    except Exception as exc:
        logger.exception("Early Warning refresh %s failed", run.pk)
        run.status = RunStatus.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
    else:
        run.status = RunStatus.SUCCEEDED
    run.timings["total"] = round(time.perf_counter() - started, 3)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "timings", "finished_at"])
    if run.status == RunStatus.SUCCEEDED and snapshot_dir is None:
        _snapshots_prune(run)
    return run


@app.task(name="passage.monitoring.refresh", expires=3600)
def refresh_task(forecasts: bool = True) -> dict[str, Any]:
    """`passage monitor refresh` from a worker (e.g. after an import). Safe to repeat: each
    call is a new run and pages show the newest succeeded one."""
    run = refresh_run(forecasts=forecasts)
    return {"run": run.pk, "status": run.status, "timings": run.timings, "error": run.error}
