# SPDX-License-Identifier: EUPL-1.2
"""PLACEHOLDER (being written): monthly forecasts, rolling-origin backtests, crossing
probabilities. The signatures are the contract; see docs/monitoring.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SeriesForecast:
    series: str
    dims_key: str
    # The model shown: the best candidate that beat seasonal naive in the backtest, else
    # "SeasonalNaive" itself.
    model: str
    origin: dt.date  # the last observed month
    # [{"period": "2026-01-01", "mean": .., "lo80": .., "hi80": .., "lo95": .., "hi95": ..}]
    points: list[dict[str, Any]]
    # {"folds": n, "horizon": h, "models": {"AutoETS": {"mase": .., "coverage80": .., ...}}}
    backtest: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CrossingResult:
    probability: float
    simulations: int
    horizon_months: int
    threshold: float
    details: dict[str, Any] = field(default_factory=dict)


def forecast_many(
    history: Mapping[tuple[str, str], Sequence[tuple[dt.date, float]]],
    *,
    horizon: int = 12,
    levels: Sequence[int] = (80, 95),
    folds: int = 6,
    season_length: int = 12,
    n_jobs: int = 1,
) -> list[SeriesForecast]:
    """One forecast per (series, dims_key) key of ``history`` (monthly points, oldest first)."""
    return []


def crossing_probability(
    *,
    occupied: float,
    capacity: float | Sequence[float],
    threshold_ratio: float,
    inflow_history: Sequence[float],
    outflow_history: Sequence[float],
    horizon_months: int,
    simulations: int = 10_000,
    seed: int = 0,
) -> CrossingResult:
    """P(occupied / capacity >= threshold_ratio in any of the next ``horizon_months``)."""
    raise NotImplementedError
