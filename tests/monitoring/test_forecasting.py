# SPDX-License-Identifier: EUPL-1.2
"""Forecasts, their backtests and the crossing probability (passage.monitoring.forecasting).

No database. The expensive fits run once per module (module-scoped fixtures); the synthetic
series are seeded, so every figure here is reproducible."""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from passage.bench.monitoring import run_monitoring_benchmark, synthetic_history
from passage.monitoring.forecasting import (
    CrossingResult,
    SeriesForecast,
    backtest,
    crossing_probability,
    forecast_many,
)

START = dt.date(2019, 1, 1)
History = dict[tuple[str, str], list[tuple[dt.date, float]]]


def _months(values: Sequence[float], start: dt.date = START) -> list[tuple[dt.date, float]]:
    first = start.year * 12 + start.month - 1
    return [
        (dt.date((first + i) // 12, (first + i) % 12 + 1, 1), float(v))
        for i, v in enumerate(values)
    ]


def _seasonal(rng: np.random.Generator, n: int, *, level: float, sd: float) -> np.ndarray:
    """Level + a fixed monthly pattern (±20 % of the level) + Gaussian noise of known sd."""
    pattern = level * 0.2 * np.sin(2 * np.pi * np.arange(12) / 12 + rng.uniform(0, 2 * np.pi))
    return np.asarray(level + np.resize(pattern, n) + rng.normal(0, sd, n))


def _bounds_ordered(point: Mapping[str, Any]) -> bool:
    return bool(point["lo95"] <= point["lo80"] <= point["mean"] <= point["hi80"] <= point["hi95"])


def _rule_choice(report: Mapping[str, Any]) -> str:
    """The selection rule, restated from the backtest numbers alone."""
    baseline = report["baseline"]
    scores = report["models"]
    metric = "mase" if all(s["mase"] is not None for s in scores.values()) else "mae"
    better = {
        name: s[metric]
        for name, s in scores.items()
        if name != baseline and s[metric] < scores[baseline][metric]
    }
    return min(better, key=lambda name: better[name]) if better else baseline


@pytest.fixture(scope="module")
def seasonal_results() -> list[SeriesForecast]:
    """Eight seasonal series with Gaussian noise (sd 5 % of the level), 72 months each."""
    rng = np.random.default_rng(20260501)
    history: History = {
        (f"seasonal_{i}", ""): _months(_seasonal(rng, 72, level=level, sd=level * 0.05))
        for i, level in enumerate(rng.uniform(200, 5000, 8))
    }
    return forecast_many(history, horizon=12, folds=6)


@pytest.fixture(scope="module")
def random_walk_results() -> list[SeriesForecast]:
    """Six Gaussian random walks around 1 000, 72 months each (no seasonality)."""
    rng = np.random.default_rng(7)
    history: History = {
        (f"walk_{i}", "region=flanders"): _months(1000 + np.cumsum(rng.normal(0, 40, 72)))
        for i in range(6)
    }
    return forecast_many(history, horizon=12, folds=6)


@pytest.fixture(scope="module")
def coverage_results() -> list[SeriesForecast]:
    """Thirty seasonal series with known Gaussian noise (sd 10), for the interval coverage."""
    rng = np.random.default_rng(99)
    history: History = {
        (f"cover_{i}", ""): _months(_seasonal(rng, 66, level=200.0, sd=10.0)) for i in range(30)
    }
    return forecast_many(history, horizon=6, folds=6)


# --- forecasts --------------------------------------------------------------------------------


def test_forecast_shape_periods_and_backtest_report(
    seasonal_results: list[SeriesForecast],
) -> None:
    """One forecast per key, in order; 12 months after the origin; the report is complete."""
    assert [f.series for f in seasonal_results] == [f"seasonal_{i}" for i in range(8)]
    first = seasonal_results[0]
    assert first.origin == dt.date(2024, 12, 1)
    assert [p["period"] for p in first.points] == [f"2025-{m:02d}-01" for m in range(1, 13)]
    report = first.backtest
    assert report["folds"] == 6 and report["horizon"] == 12
    assert report["origins"][0] == "2023-07-01" and report["origins"][-1] == "2023-12-01"
    assert set(report["models"]) == {"AutoETS", "AutoTheta", "SeasonalNaive"}
    for scores in report["models"].values():
        assert scores["points"] == 6 * 12
        assert 0 <= scores["coverage80"] <= scores["coverage95"] <= 1
        assert scores["mase"] > 0
    assert report["selected"] == first.model
    assert report["methods"]["AutoETS"].startswith("ETS(")
    # No undamped additive trend in the model space (see _RestrictedETS).
    assert all(",A," not in f.backtest["methods"]["AutoETS"] for f in seasonal_results)


def test_ets_error_type_follows_the_data(seasonal_results: list[SeriesForecast]) -> None:
    """Positive counts: multiplicative errors; a series with a zero: additive ones."""
    assert all(f.backtest["methods"]["AutoETS"].startswith("ETS(M,") for f in seasonal_results)
    rng = np.random.default_rng(8)
    values = np.maximum(_seasonal(rng, 40, level=20, sd=4), 0)
    values[[3, 17]] = 0
    (f,) = forecast_many({("zeros", ""): _months(values)}, horizon=3, folds=2)
    assert f.backtest["methods"]["AutoETS"].startswith("ETS(A,")


def test_seasonal_series_a_model_beats_or_equals_seasonal_naive(
    seasonal_results: list[SeriesForecast],
) -> None:
    """With known seasonality and noise, the shown model is never worse than seasonal naive in
    the backtest, the rule picks what the numbers say, and a candidate wins most series
    (seasonal naive carries a year-old noise term into every forecast)."""
    for f in seasonal_results:
        scores = f.backtest["models"]
        assert f.model == _rule_choice(f.backtest)
        assert scores[f.model]["mase"] <= scores["SeasonalNaive"]["mase"]
    shown = [f.model for f in seasonal_results]
    assert sum(m != "SeasonalNaive" for m in shown) >= len(shown) // 2, shown


def test_random_walk_the_rule_picks_what_the_backtest_says(
    random_walk_results: list[SeriesForecast],
) -> None:
    for f in random_walk_results:
        assert f.dims_key == "region=flanders"
        assert f.model == _rule_choice(f.backtest), f.backtest
        if f.model == "SeasonalNaive":
            assert f.backtest["reason"].startswith("no candidate beat SeasonalNaive")
        else:
            assert "beats SeasonalNaive" in f.backtest["reason"]


def test_selection_falls_back_to_seasonal_naive_when_it_is_exact() -> None:
    """An exactly repeating pattern: seasonal naive has zero error, nothing beats it, and the
    undefined MASE (zero in-sample seasonal error) is reported as None, MAE deciding."""
    pattern = [100, 120, 90, 80, 110, 130, 150, 140, 100, 95, 105, 115]
    (f,) = forecast_many({("exact", ""): _months(pattern * 5)}, folds=3)
    assert f.model == "SeasonalNaive"
    assert f.backtest["models"]["SeasonalNaive"]["mase"] is None
    assert f.backtest["models"]["SeasonalNaive"]["mae"] == 0
    assert [p["mean"] for p in f.points] == pytest.approx(pattern)


def test_interval_coverage_on_known_gaussian_noise(
    coverage_results: list[SeriesForecast],
) -> None:
    """The shown model's 80 % interval, pooled over 30 series × 6 folds × 6 months, covers
    the actuals in a sensible band around 80 % (the issue aims for 75–85 %; 0.82 measured
    with these seeds when written: AutoETS 0.79, AutoTheta 0.70, seasonal naive 0.84), and the 95 % interval covers more."""
    cover80 = np.mean([f.backtest["models"][f.model]["coverage80"] for f in coverage_results])
    cover95 = np.mean([f.backtest["models"][f.model]["coverage95"] for f in coverage_results])
    assert 0.65 <= cover80 <= 0.95, cover80
    assert cover80 < cover95 <= 1.0


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    values=st.lists(
        st.one_of(
            st.just(0.0),
            st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
        ),
        min_size=1,
        max_size=40,
    ),
    horizon=st.integers(min_value=1, max_value=12),
)
# Long enough for the backtest and the candidates (27 = 2 seasons + 3 folds), nasty on purpose.
@example(values=[0.0] * 30 + [1e6] * 10, horizon=12)
@example(values=[float(i % 12) for i in range(40)], horizon=5)
@example(values=[7.0] * 35, horizon=3)
def test_intervals_ordered_and_never_negative(values: list[float], horizon: int) -> None:
    """Any non-negative history (zeros, spikes, flat, 1 to 40 months): no crash, ``horizon``
    points, bounds ordered lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95 and never below 0."""
    (f,) = forecast_many({("any", ""): _months(values)}, horizon=horizon, folds=3)
    assert len(f.points) == horizon
    for point in f.points:
        assert point["mean"] >= 0 and math.isfinite(point["mean"])
        if len(values) > 1:
            assert _bounds_ordered(point), point
            assert point["lo95"] >= 0
        else:
            assert point["lo80"] is None and point["hi95"] is None


def test_other_levels_nest_too() -> None:
    rng = np.random.default_rng(12)
    history: History = {("x", ""): _months(_seasonal(rng, 30, level=80, sd=8))}
    (f,) = forecast_many(history, horizon=4, folds=3, levels=(99, 50, 90))
    for p in f.points:
        assert p["lo99"] <= p["lo90"] <= p["lo50"] <= p["mean"] <= p["hi50"] <= p["hi90"]
        assert p["hi90"] <= p["hi99"]
    assert set(f.backtest["models"]["SeasonalNaive"]) >= {"coverage50", "coverage90"}


def test_trending_series_lower_bounds_clipped_at_zero() -> None:
    """A count falling towards zero: the intervals would go negative; they stop at 0."""
    rng = np.random.default_rng(3)
    values = np.maximum(np.linspace(400, 5, 48) + rng.normal(0, 15, 48), 0)
    (f,) = forecast_many({("falling", ""): _months(values)}, folds=3)
    assert min(p["lo95"] for p in f.points) == 0.0
    assert all(_bounds_ordered(p) for p in f.points)


def test_short_series_get_a_baseline_and_a_note() -> None:
    history: History = {
        ("twenty", ""): _months(np.arange(20) + 50.0),  # < 2 seasons + folds, > 1 season
        ("five", ""): _months([5, 6, 7, 6, 5]),
        ("one", ""): _months([42]),
    }
    twenty, five, one = forecast_many(history, horizon=3, folds=6)
    assert twenty.model == "SeasonalNaive"
    assert "short series: 20 months < 30" in twenty.backtest["notes"][0]
    assert twenty.backtest["selected"] == twenty.backtest["baseline"] == "SeasonalNaive"
    assert [p["mean"] for p in twenty.points] == [58.0, 59.0, 60.0]  # the same months last year
    assert five.model == five.backtest["baseline"] == "Naive"
    assert [p["mean"] for p in five.points] == [5.0, 5.0, 5.0]
    assert all(_bounds_ordered(p) for p in five.points)
    assert one.model == "Naive" and one.points[0]["mean"] == 42.0
    assert one.points[0]["lo80"] is None
    assert "one observation" in one.backtest["notes"][0]


def test_missing_months_are_interpolated_with_a_note() -> None:
    points = _months(np.linspace(10, 20, 14))
    del points[5:7]
    (f,) = forecast_many({("gappy", ""): points}, horizon=2, folds=6)
    assert f.origin == dt.date(2020, 2, 1)
    assert "2 missing month(s)" in f.backtest["notes"][0]


def test_refit_false_forecasts_with_the_backtested_fit(
    random_walk_results: list[SeriesForecast],
) -> None:
    """The backtest does not depend on ``refit``; the forecast shown is the first origin's fit
    updated to the last month, so it differs from a refit one but is just as well-formed."""
    rng = np.random.default_rng(7)
    history: History = {
        (f"walk_{i}", "region=flanders"): _months(1000 + np.cumsum(rng.normal(0, 40, 72)))
        for i in range(6)
    }
    updated = forecast_many(history, horizon=12, folds=6, refit=False)
    for new, old in zip(updated, random_walk_results, strict=True):
        assert new.backtest["models"] == old.backtest["models"]
        assert new.model == old.model
        assert all(_bounds_ordered(p) for p in new.points)
        if new.model == "SeasonalNaive":
            assert new.points == old.points
        else:
            assert "refit=False" in new.backtest["notes"][-1]


def test_folds_zero_fits_without_backtest_and_shows_the_baseline() -> None:
    rng = np.random.default_rng(5)
    (f,) = forecast_many({("x", ""): _months(_seasonal(rng, 36, level=100, sd=5))}, folds=0)
    assert f.model == "SeasonalNaive"
    assert "models" not in f.backtest
    assert f.backtest["reason"] == "no backtest"
    assert set(f.backtest["methods"]) == {"AutoETS"}


def test_parallel_workers_give_the_same_forecasts() -> None:
    rng = np.random.default_rng(11)
    history: History = {
        (f"p{i}", ""): _months(_seasonal(rng, 40, level=300, sd=20)) for i in range(3)
    }
    history[("short", "")] = _months([1, 2, 3])
    one = forecast_many(history, horizon=4, folds=2, n_jobs=1)
    two = forecast_many(history, horizon=4, folds=2, n_jobs=2)
    assert one == two
    assert backtest(history, horizon=4, folds=2)[("p0", "")] == one[0].backtest


def _forecast_in_daemon(queue: Any) -> None:
    history: History = {("a", ""): _months([1, 2, 3]), ("b", ""): _months([4, 5, 6])}
    queue.put([f.points[0]["mean"] for f in forecast_many(history, horizon=1, n_jobs=2)])


def test_parallel_request_in_a_daemonic_worker_runs_in_process() -> None:
    """A Celery prefork worker is daemonic and may not start a process pool."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_forecast_in_daemon, args=(queue,), daemon=True)
    worker.start()
    try:
        assert queue.get(timeout=60) == [3.0, 6.0]
    finally:
        worker.join(10)


def test_global_random_state_left_alone() -> None:
    """statsforecast's Theta reseeds numpy's global generator; forecast_many restores it."""
    rng = np.random.default_rng(4)
    history: History = {("x", ""): _months(_seasonal(rng, 40, level=50, sd=3))}
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    forecast_many(history, horizon=2, folds=2)
    assert np.random.random() == expected


def test_negative_values_need_nonnegative_false() -> None:
    values = [-5.0, 3.0, -2.0, 4.0, 1.0, -1.0]
    with pytest.raises(ValueError, match="nonnegative=False"):
        forecast_many({("net_flow", ""): _months(values)})
    (f,) = forecast_many({("net_flow", ""): _months(values)}, nonnegative=False, horizon=2)
    assert f.points[0]["lo95"] < 0


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"horizon": 0}, "horizon"),
        ({"folds": -1}, "folds"),
        ({"season_length": 0}, "season_length"),
        ({"n_jobs": 0}, "n_jobs"),
        ({"levels": (80, 100)}, "levels"),
        ({"levels": ()}, "levels"),
    ],
)
def test_forecast_bad_arguments_name_the_argument(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(ValueError, match=f"^{argument}:"):
        forecast_many({("x", ""): _months([1, 2, 3])}, **kwargs)


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([], "no observations"),
        ([(dt.date(2025, 1, 1), 1.0), (dt.date(2025, 1, 15), 2.0)], "strictly increasing"),
        ([(dt.date(2025, 1, 1), 1.0), (dt.date(2025, 2, 1), math.nan)], "finite"),
    ],
)
def test_forecast_bad_series_name_the_series(
    points: list[tuple[dt.date, float]], message: str
) -> None:
    with pytest.raises(ValueError, match=rf"^history\[\('bad', ''\)\]: .*{message}"):
        forecast_many({("bad", ""): points})


# --- crossing probability ---------------------------------------------------------------------


def _crossing(**overrides: Any) -> CrossingResult:
    arguments: dict[str, Any] = {
        "occupied": 30_000.0,
        "capacity": 35_000.0,
        "threshold_ratio": 0.94,
        "inflow_history": [2_000.0] * 12,
        "outflow_history": [1_800.0] * 12,
        "horizon_months": 6,
    }
    return crossing_probability(**(arguments | overrides))


def test_crossing_certain_when_inflow_exceeds_outflow_enough() -> None:
    """30 000 + 6 × 200 = 31 200 < 32 900; + 6 × 500 = 33 000 ≥ 32 900: must cross."""
    assert _crossing().probability == 0.0
    result = _crossing(inflow_history=[2_300.0] * 12)
    assert result.probability == 1.0
    assert result.details["cumulative"] == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    assert result.threshold == 0.94 and result.horizon_months == 6
    assert result.simulations == 10_000


def test_crossing_impossible_far_below_with_tiny_noise() -> None:
    rng = np.random.default_rng(1)
    result = _crossing(
        occupied=20_000.0,
        inflow_history=list(1_000 + rng.normal(0, 2, 24)),
        outflow_history=list(1_000 + rng.normal(0, 2, 24)),
    )
    assert result.probability == 0.0
    assert result.details["occupancy_p90"][-1] < 20_100


def test_crossing_symmetric_step_one_below_threshold_is_one_half() -> None:
    """Net flow +1 or −1 with equal chance, one place below the threshold, one month: 1/2."""
    result = crossing_probability(
        occupied=93,
        capacity=100,
        threshold_ratio=0.94,
        inflow_history=[1, 0] * 6,
        outflow_history=[0, 1] * 6,
        horizon_months=1,
        simulations=20_000,
        seed=3,
    )
    assert abs(result.probability - 0.5) < 4 * 0.5 / math.sqrt(20_000)
    assert result.details["standard_error"] == pytest.approx(0.0035, abs=1e-4)


def test_crossing_two_months_of_a_symmetric_walk() -> None:
    """Two independent ±1 months from 93: it reaches 94 only by going up first (down then up
    ends at 93), so the answer is still exactly 1/2."""
    result = crossing_probability(
        occupied=93,
        capacity=100,
        threshold_ratio=0.94,
        inflow_history=[1, 0] * 6,
        outflow_history=[0, 1] * 6,
        horizon_months=2,
        block_months=1,
        simulations=20_000,
    )
    assert abs(result.probability - 0.5) < 0.015


def test_crossing_reproducible_with_the_same_seed() -> None:
    rng = np.random.default_rng(2)
    noisy = {
        "inflow_history": list(rng.poisson(2_000, 18).astype(float)),
        "outflow_history": list(rng.poisson(1_950, 18).astype(float)),
        "occupied": 32_500.0,
    }
    first = _crossing(**noisy, seed=42)
    assert first == _crossing(**noisy, seed=42)
    assert 0 < first.probability < 1
    assert _crossing(**noisy, seed=43).probability == pytest.approx(first.probability, abs=0.05)


def test_crossing_capacity_path_and_already_over() -> None:
    """Planned extra places push the ratio down; the path is read month by month."""
    flat = _crossing(inflow_history=[2_300.0] * 12)
    assert flat.probability == 1.0
    growing = _crossing(
        inflow_history=[2_300.0] * 12,
        capacity=[35_000, 35_000, 35_000, 36_000, 37_000, 38_000, 99_999],
    )
    assert growing.probability == 0.0
    assert growing.details["threshold_places"][3] == pytest.approx(0.94 * 36_000)
    over_now = _crossing(occupied=34_000.0, outflow_history=[2_000.0] * 12)
    assert over_now.probability == 1.0 and over_now.details["ratio_now"] > 0.94


def test_occupancy_never_negative_in_simulation() -> None:
    result = _crossing(occupied=10.0, inflow_history=[0.0] * 6, outflow_history=[500.0] * 6)
    assert result.probability == 0.0
    assert result.details["occupancy_p10"] == [0.0] * 6


@pytest.mark.parametrize(
    ("overrides", "argument"),
    [
        ({"capacity": -1.0}, "capacity"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": [35_000.0, 35_000.0]}, "capacity"),
        ({"horizon_months": 0}, "horizon_months"),
        ({"inflow_history": []}, "inflow_history"),
        ({"outflow_history": []}, "outflow_history"),
        ({"outflow_history": [1.0] * 5}, "outflow_history"),
        ({"inflow_history": [1.0, -2.0] * 6}, "inflow_history"),
        ({"occupied": -1.0}, "occupied"),
        ({"occupied": math.nan}, "occupied"),
        ({"threshold_ratio": 0.0}, "threshold_ratio"),
        ({"simulations": 0}, "simulations"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_crossing_bad_arguments_name_the_argument(overrides: dict[str, Any], argument: str) -> None:
    with pytest.raises(ValueError, match=f"^{argument}:"):
        _crossing(**overrides)


# --- the benchmark (a small run; the real one is `passage bench monitoring`) -----------------


def test_bench_monitoring_small_run(tmp_path: Any) -> None:
    """The forecast and crossing parts write their figures; unselected parts say so."""
    history = synthetic_history(3, 40)
    assert len(history) == 3
    assert all(v >= 0 for points in history.values() for _, v in points)
    output = tmp_path / "monitoring.json"
    report = run_monitoring_benchmark(
        series=3,
        months=40,
        repeats=1,
        jobs=(1,),
        crossing_repeats=2,
        parts=("forecasts", "crossing"),
        output=output,
        quiet=True,
    )
    assert output.exists()
    runs = report["forecasts"]["runs"]
    assert set(runs) == {
        "forecast_jobs1",
        "forecast_backtest_jobs1",
        "forecast_backtest_norefit_jobs1",
    }
    assert all(r["wall_s_median"] > 0 for r in runs.values())
    assert report["forecasts"]["backtest"]["series"] == 3
    assert report["crossing"]["10000x6"]["ms_median"] > 0
    results = report["results"]
    assert results["forecast_s"]["met"] is None  # 3 series prove nothing about 100
    assert results["crossing_ms"]["value"] > 0
    assert report["dashboard"]["reason"].startswith("not measured")
    assert report["machine"]["cpu_count"]
    with pytest.raises(ValueError, match=r"^parts:"):
        run_monitoring_benchmark(parts=("nope",), output=output, quiet=True)
