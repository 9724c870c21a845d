# SPDX-License-Identifier: EUPL-1.2
"""Read queries for the pages, the API and `passage monitor status`: stored results only."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from passage.monitoring.models import (
    CrossingProbability,
    Forecast,
    IndicatorValue,
    RefreshRun,
    RunStatus,
)


def run_latest() -> RefreshRun | None:
    """The newest refresh that finished; a failed or running one never feeds a page."""
    return RefreshRun.objects.filter(status=RunStatus.SUCCEEDED).order_by("-finished_at").first()


def indicator_values(
    run: RefreshRun,
    *,
    granularity: str,
    period_start: dt.date | None = None,
    indicator: str | None = None,
    dims_key: str = "",
) -> QuerySet[IndicatorValue]:
    qs = IndicatorValue.objects.filter(run=run, granularity=granularity, dims_key=dims_key)
    if period_start is not None:
        qs = qs.filter(period_start=period_start)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator", "period_start")


def indicator_history(
    run: RefreshRun, indicator: str, *, granularity: str = "month", dims_key: str = ""
) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(
            run=run, indicator=indicator, granularity=granularity, dims_key=dims_key
        ).order_by("period_start")
    )


def periods(run: RefreshRun, granularity: str) -> list[dt.date]:
    """Periods with at least one value, newest first."""
    return list(
        IndicatorValue.objects.filter(run=run, granularity=granularity)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()
    )


def dims_keys(run: RefreshRun, granularity: str) -> list[str]:
    """Breakdowns computed in this run (for the region / operator / nationality filters)."""
    return list(
        IndicatorValue.objects.filter(run=run, granularity=granularity)
        .exclude(dims_key="")
        .order_by("dims_key")
        .values_list("dims_key", flat=True)
        .distinct()
    )


def forecasts(run: RefreshRun) -> QuerySet[Forecast]:
    return Forecast.objects.filter(run=run).order_by("series", "dims_key")


def crossings(run: RefreshRun) -> QuerySet[CrossingProbability]:
    return CrossingProbability.objects.filter(run=run).order_by("indicator", "horizon_months")
