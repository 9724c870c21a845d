# SPDX-License-Identifier: EUPL-1.2
"""Synthetic Early Warning data: monthly series and case events, deterministic by seed.

Everything made here is labelled ``source = "synthetic"``; it exists so the pages, the refresh
and the forecasts have something realistic to work on, never to stand in for a published figure.

Monthly series (``monthly_series``)
    Counts are Poisson-lognormal: a yearly level × a monthly seasonal profile × lognormal noise
    (σ 0.08), then a Poisson draw. Calibration to the official 2025 figures (catalogue Part 2):

    * the twelve 2025 months of every flow sum exactly to the 2025 annual figure
      (ip.applications 34 439 F-IP-01, of which 6 865 subsequent F-IP-06; cgrs.decisions_final
      30 352 F-IP-13; grants 8 369 / 618 F-IP-17/18; ip.transfers_to_cgrs 26 625 F-IP-09;
      reception entries 25 003 / exits 26 602 F-REC-01/02; call appeals 11 438 / judgments
      7 699 F-CALL-01/02; returns voluntary 3 122 F-RET-01, forced 3 472 F-RET-11), and the
      2024 months sum to 39 615 applications (F-IP-02) and 3 270 forced returns (F-RET-11);
    * ip.applications January 2025 is 3 540 (the year's peak) and November 2025 is 2 257 (the
      low), F-IP-04: those two months are set, the ten others share the rest within the range;
    * a largest-remainder rounding keeps the months whole numbers that still add up exactly;
    * stocks are month-end instants. reception.capacity passes through 36 211 on 2024-12-31
      (the "start of 2025" of F-REC-08) and 34 771 on 2025-12-31; reception.waiting_list
      through 2 947 and 1 708 (F-REC-13); between pinned points the path is a Brownian bridge.
      cgrs.workload_dossiers is the running balance of transfers in minus final decisions out
      (its metrics.yaml event definition), ending on 24 406 on 2025-12-31 (F-IP-21).
      reception.occupied is capacity × an occupancy rate kept within 90–96 %, around the
      stated ≈94 % average (F-REC-10);
    * levels before 2024 are not in the catalogue: they follow a seeded random walk from the
      2025 level (±12 % a year). Seasonal profiles are assumptions (winter peak for
      applications, a summer dip for decisions and judgments).

Case events (``events_write_parquet``)
    The event-type mix is the 2025 annual count of each type (F-IP-01, -09, -10, -11, -12 with
    decision types F-IP-14, -17, -18, -24 and refusals the rest of F-IP-13; F-CALL-01/02;
    F-REC-01/02/04; waiting-list exits 2 350 = 2 947 + 1 111 − 1 708 so the stock reconciles
    (F-REC-13); F-RET-01, -08, -11; F-UAM-01; F-TP-02). Applicants' nationalities and
    first/subsequent follow Table 1 row by row (so 80/20 overall), refugee grants F-IP-19,
    forced returns F-RET-14, UAM sex F-UAM-02. Not in the catalogue and assumed: single-permit
    decisions (2 400 a year; 85 % granted; 40 % shortage occupations; durations gamma-distributed
    around 50 days), other_final (2 % of the non-protection final decisions), sex and age
    shares of adults, reception operators and place types. Dates follow the seasonal profile
    with quieter weekends. Rows are generated and written chunk by chunk (dictionary-encoded
    columns built directly from integer codes), so memory stays flat whatever ``n_events``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

SOURCE = "synthetic"

_EPOCH = dt.date(1970, 1, 1)

# --- calibration targets (catalogue Part 2) -------------------------------------------------

# Flows: {metric: {year: official total}}.
FLOW_TOTALS: dict[str, dict[int, int]] = {
    "ip.applications": {2025: 34439, 2024: 39615},  # F-IP-01, F-IP-02
    "cgrs.decisions_final": {2025: 30352},  # F-IP-13
    "cgrs.grants_refugee": {2025: 8369},  # F-IP-17
    "cgrs.grants_subsidiary": {2025: 618},  # F-IP-18
    "ip.transfers_to_cgrs": {2025: 26625},  # F-IP-09
    "reception.entries": {2025: 25003},  # F-REC-01
    "reception.exits": {2025: 26602},  # F-REC-02
    "call.appeals": {2025: 11438},  # F-CALL-01
    "call.judgments": {2025: 7699},  # F-CALL-02
    "returns.voluntary": {2025: 3122},  # F-RET-01
    "returns.forced": {2025: 3472, 2024: 3270},  # F-RET-11
}
APPLICATIONS_SUBSEQUENT_2025 = 6865  # F-IP-06
SUBSEQUENT_SHARE_2024 = 0.163  # F-IP-07
APPLICATIONS_PEAK_2025 = (1, 3540)  # F-IP-04, January
APPLICATIONS_LOW_2025 = (11, 2257)  # F-IP-04, November

# Stocks pinned at month ends: {metric: {date: value}}.
STOCK_PINS: dict[str, dict[dt.date, int]] = {
    # F-REC-08: 36 211 "at the beginning of" 2025, 34 771 at its end.
    "reception.capacity": {dt.date(2024, 12, 31): 36211, dt.date(2025, 12, 31): 34771},
    # F-REC-13: 2 947 at the beginning of 2025, 1 708 at its end.
    "reception.waiting_list": {dt.date(2024, 12, 31): 2947, dt.date(2025, 12, 31): 1708},
}
WORKLOAD_END_2025 = 24406  # F-IP-21
WORKLOAD_PIN = dt.date(2025, 12, 31)
OCCUPANCY_RANGE = (0.90, 0.96)
OCCUPANCY_MEAN = 0.94  # F-REC-10 "approximately 94%"

# Monthly seasonal profiles (Jan..Dec, mean 1). Assumptions, not published.
_SEASONAL: dict[str, tuple[float, ...]] = {
    "winter": (1.16, 1.02, 1.04, 0.98, 0.97, 0.95, 0.98, 1.00, 1.03, 1.02, 0.86, 0.99),
    "office": (1.02, 1.02, 1.05, 1.00, 1.01, 1.00, 0.86, 0.84, 1.05, 1.07, 1.05, 1.03),
    "flat": (1.0,) * 12,
}
_PROFILE = {
    "ip.applications": "winter",
    "ip.transfers_to_cgrs": "winter",
    "reception.entries": "winter",
    "reception.exits": "office",
    "cgrs.decisions_final": "office",
    "cgrs.grants_refugee": "office",
    "cgrs.grants_subsidiary": "office",
    "call.appeals": "office",
    "call.judgments": "office",
    "returns.voluntary": "flat",
    "returns.forced": "office",
}

_UNITS = {
    "ip.applications": "persons",
    "cgrs.decisions_final": "persons",
    "cgrs.grants_refugee": "persons",
    "cgrs.grants_subsidiary": "persons",
    "ip.transfers_to_cgrs": "applications",
    "reception.entries": "persons",
    "reception.exits": "persons",
    "reception.capacity": "places",
    "reception.occupied": "places",
    "reception.waiting_list": "persons",
    "cgrs.workload_dossiers": "dossiers",
    "call.appeals": "appeals",
    "call.judgments": "judgments",
    "returns.voluntary": "persons",
    "returns.forced": "persons",
}


# --- helpers ---------------------------------------------------------------------------------


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    out = []
    current = dt.date(start.year, start.month, 1)
    while current <= end:
        out.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def _month_end(month: dt.date) -> dt.date:
    return dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def allocate(
    total: int,
    weights: np.ndarray,
    *,
    lo: np.ndarray | float | None = None,
    hi: np.ndarray | float | None = None,
) -> np.ndarray:
    """Whole numbers proportional to ``weights``, summing exactly to ``total``, within
    [lo, hi] where given (largest-remainder rounding after clipping and re-spreading)."""
    w = np.asarray(weights, dtype=float)
    # Counts: never below zero unless a floor is given.
    lo_a = np.zeros(w.shape) if lo is None else np.broadcast_to(lo, w.shape).astype(float)
    hi_a = np.full(w.shape, np.inf) if hi is None else np.broadcast_to(hi, w.shape).astype(float)
    x = total * w / w.sum()
    for _ in range(50):
        clipped = np.clip(x, lo_a, hi_a)
        free = (clipped > lo_a) & (clipped < hi_a)
        gap = total - clipped.sum()
        if abs(gap) < 1e-9 or not free.any():
            x = clipped
            break
        clipped[free] += gap * w[free] / w[free].sum()
        x = clipped
    out: np.ndarray = np.floor(x).astype(np.int64)
    remainder = int(total - out.sum())
    order = np.argsort(-(x - out), kind="stable")
    i = 0
    while remainder != 0 and i < 10 * len(out) + 10:
        k = order[i % len(out)]
        step = 1 if remainder > 0 else -1
        if lo_a[k] <= out[k] + step <= hi_a[k]:
            out[k] += step
            remainder -= step
        i += 1
    if remainder != 0:
        raise ValueError(f"cannot allocate {total} within the bounds")
    return out


def _poisson_lognormal(
    rng: np.random.Generator, mean: np.ndarray, sigma: float = 0.08
) -> np.ndarray:
    lam = mean * np.exp(sigma * rng.standard_normal(mean.shape) - sigma**2 / 2)
    return rng.poisson(lam).astype(np.int64)


def _year_levels(rng: np.random.Generator, years: Sequence[int], anchor: float) -> dict[int, float]:
    """Level per year: ``anchor`` in 2025, a ±12 % random walk going back (not published)."""
    levels = {2025: anchor}
    level = anchor
    for year in range(2024, min(years) - 1, -1):
        level = level * float(np.exp(rng.normal(0.0, 0.12)))
        levels[year] = level
    for year in years:
        if year > 2025:
            levels[year] = levels[2025]
    return levels


def _bridge(rng: np.random.Generator, n: int, start: float, end: float, sd: float) -> np.ndarray:
    """``n`` + 1 points from ``start`` to ``end``: a line plus a Brownian bridge (pinned ends)."""
    steps = rng.normal(0.0, sd, n)
    walk = np.concatenate([[0.0], np.cumsum(steps)])
    t = np.linspace(0.0, 1.0, n + 1)
    path: np.ndarray = start + (end - start) * t + walk - t * walk[-1]
    return path


# --- monthly series --------------------------------------------------------------------------


def monthly_series(
    *, start: dt.date = dt.date(2019, 1, 1), end: dt.date = dt.date(2025, 12, 1), seed: int = 0
) -> list[dict[str, Any]]:
    """Synthetic observations (see the module docstring): monthly flows, month-end stocks."""
    rng = np.random.default_rng(seed)
    months = _months(start, end)
    years = sorted({m.year for m in months})
    month_no = np.array([m.month for m in months])
    year_of = np.array([m.year for m in months])
    series: dict[tuple[str, str], np.ndarray] = {}

    def flow(metric: str, anchor: float | None = None) -> np.ndarray:
        totals = FLOW_TOTALS.get(metric, {})
        level = _year_levels(rng, years, float(anchor if anchor is not None else totals[2025]))
        for year, total in totals.items():
            level[year] = float(total)
        seasonal = np.array(_SEASONAL[_PROFILE[metric]])[month_no - 1]
        mean = np.array([level[y] / 12 for y in year_of]) * seasonal
        values = _poisson_lognormal(rng, mean)
        for year, total in totals.items():
            idx = np.flatnonzero(year_of == year)
            if len(idx) == 12:
                values[idx] = allocate(total, np.maximum(values[idx], 1))
        return values

    applications = flow("ip.applications")
    idx_2025 = np.flatnonzero(year_of == 2025)
    if len(idx_2025) == 12:
        # F-IP-04: January is the peak (3 540), November the low (2 257).
        (peak_month, peak), (low_month, low) = APPLICATIONS_PEAK_2025, APPLICATIONS_LOW_2025
        others = idx_2025[(month_no[idx_2025] != peak_month) & (month_no[idx_2025] != low_month)]
        applications[idx_2025[peak_month - 1]] = peak
        applications[idx_2025[low_month - 1]] = low
        applications[others] = allocate(
            FLOW_TOTALS["ip.applications"][2025] - peak - low,
            np.maximum(applications[others], 1),
            lo=low + 1,
            hi=peak - 1,
        )
    series[("ip.applications", "")] = applications

    share = np.where(
        year_of >= 2025,
        APPLICATIONS_SUBSEQUENT_2025 / FLOW_TOTALS["ip.applications"][2025],
        np.where(year_of == 2024, SUBSEQUENT_SHARE_2024, 0.15),
    )
    share = np.clip(share * np.exp(rng.normal(0.0, 0.1, len(months))), 0.05, 0.4)
    subsequent = rng.binomial(applications, share).astype(np.int64)
    if len(idx_2025) == 12:
        subsequent[idx_2025] = allocate(
            APPLICATIONS_SUBSEQUENT_2025,
            np.maximum(applications[idx_2025] * share[idx_2025], 1e-6),
            lo=0,
            hi=applications[idx_2025],
        )
    series[("ip.applications", "application_type=subsequent")] = subsequent
    series[("ip.applications", "application_type=first")] = applications - subsequent

    for metric in (
        "cgrs.decisions_final",
        "ip.transfers_to_cgrs",
        "reception.entries",
        "reception.exits",
        "call.appeals",
        "call.judgments",
        "returns.voluntary",
        "returns.forced",
    ):
        series[(metric, "")] = flow(metric)

    # Grants are a part of final decisions: never more than the decisions of the month.
    final = series[("cgrs.decisions_final", "")]
    for metric in ("cgrs.grants_refugee", "cgrs.grants_subsidiary"):
        ratio = FLOW_TOTALS[metric][2025] / FLOW_TOTALS["cgrs.decisions_final"][2025]
        values = rng.binomial(
            final, np.clip(ratio * np.exp(rng.normal(0, 0.1, len(months))), 0, 0.6)
        )
        if len(idx_2025) == 12:
            values[idx_2025] = allocate(
                FLOW_TOTALS[metric][2025],
                np.maximum(final[idx_2025] * ratio, 1e-6),
                lo=0,
                hi=final[idx_2025] * 0.6,
            )
        series[(metric, "")] = values.astype(np.int64)

    month_ends = [_month_end(m) for m in months]
    stocks: dict[str, np.ndarray] = {}
    for metric, pins in STOCK_PINS.items():
        stocks[metric] = _pinned_path(rng, metric, month_ends, pins)
    # CGRS workload: opening stock + transfers in − final decisions out (metrics.yaml events),
    # counted back from the 24 406 dossiers of 2025-12-31 (F-IP-21).
    balance = series[("ip.transfers_to_cgrs", "")] - final
    cumulative = balance.cumsum()
    pin = month_ends.index(WORKLOAD_PIN) if WORKLOAD_PIN in month_ends else len(month_ends) - 1
    workload = WORKLOAD_END_2025 + cumulative - cumulative[pin]
    stocks["cgrs.workload_dossiers"] = np.maximum(workload, 0)
    rate = np.clip(
        OCCUPANCY_MEAN + 0.01 * rng.standard_normal(len(months)).cumsum() / np.sqrt(len(months)),
        *OCCUPANCY_RANGE,
    )
    stocks["reception.occupied"] = np.round(stocks["reception.capacity"] * rate).astype(np.int64)

    out: list[dict[str, Any]] = []
    for (metric, dims_key), values in series.items():
        dims = dict([dims_key.split("=")]) if dims_key else {}
        for month, value in zip(months, values, strict=True):
            out.append(_row(metric, "month", month, _month_end(month), dims, int(value)))
    for metric, values in stocks.items():
        for day, value in zip(month_ends, values, strict=True):
            out.append(_row(metric, "instant", day, day, {}, int(value)))
    return out


def _pinned_path(
    rng: np.random.Generator, metric: str, days: Sequence[dt.date], pins: Mapping[dt.date, int]
) -> np.ndarray:
    """Month-end stock through the pinned values; before the first pin, a drift back to an
    assumed earlier level (capacity 28 000 in 2019; no waiting list before autumn 2021)."""
    index = {d: i for i, d in enumerate(days)}
    points = sorted((index[d], v) for d, v in pins.items() if d in index)
    if metric == "reception.capacity":
        points = [(0, 28000), *points] if points and points[0][0] > 0 else points
        sd = 350.0
    else:
        start_i = next((i for i, d in enumerate(days) if d >= dt.date(2021, 9, 30)), 0)
        points = [(start_i, 0), *points] if points and points[0][0] > start_i else points
        sd = 180.0
    values = np.zeros(len(days))
    if not points:
        return np.zeros(len(days), dtype=np.int64)
    for (i, a), (j, b) in itertools.pairwise(points):
        values[i : j + 1] = _bridge(rng, j - i, a, b, sd)
    first_i, first_v = points[0]
    values[:first_i] = first_v if metric == "reception.capacity" else 0
    last_i, last_v = points[-1]
    if last_i < len(days) - 1:
        values[last_i:] = _bridge(rng, len(days) - 1 - last_i, last_v, last_v, sd)
    return np.maximum(np.round(values), 0).astype(np.int64)


def _row(
    metric: str, granularity: str, start: dt.date, end: dt.date, dims: dict[str, str], value: int
) -> dict[str, Any]:
    return {
        "metric": metric,
        "granularity": granularity,
        "period_start": start,
        "period_end": end,
        "dims": dims,
        "value": value,
        "unit": _UNITS[metric],
        "qualifier": "exact",
        "source": SOURCE,
    }


# --- case events -----------------------------------------------------------------------------

# Event types and their 2025 counts (see the module docstring for each figure's id).
_FINAL_OTHER = 30352 - 8369 - 618 - 7444  # F-IP-13 minus the typed final decisions
EVENT_MIX: dict[str, int] = {
    "application_lodged": 34439,
    "transferred_to_cgrs": 26625,
    "dublin_refusal": 6690,
    "technical_refusal": 3871,
    "cgrs_decision": 31457,
    "appeal_lodged": 11438,
    "appeal_judgment": 7699,
    "reception_entry": 25003,
    "reception_exit": 26602,
    "waiting_list_entry": 1111,
    "waiting_list_exit": 2947 + 1111 - 1708,
    "return_voluntary": 3122,
    "return_forced": 3472,
    "return_counselling": 7643,
    "uam_report": 3328,
    "tp_grant": 8756,
    "single_permit_decided": 2400,  # assumption: no published count (catalogue 2.N)
}
DECISION_MIX: dict[str, int] = {
    "refugee_status": 8369,  # F-IP-17
    "subsidiary_protection": 618,  # F-IP-18
    "inadmissible": 7444,  # F-IP-24
    "refusal": _FINAL_OTHER - round(_FINAL_OTHER * 0.02),
    "other_final": round(_FINAL_OTHER * 0.02),  # assumption
    "admissibility_intermediate": 1105,  # F-IP-14
}
# Table 1 (002 L455–L469): nationality → (first-time, subsequent).
TABLE_1: dict[str, tuple[int, int]] = {
    "AF": (2398, 1549),
    "PS": (2814, 581),
    "ER": (2592, 79),
    "CD": (2121, 301),
    "TR": (2104, 266),
    "BI": (1436, 65),
    "SY": (1278, 176),
    "CM": (1135, 216),
    "GN": (1084, 250),
    "MD": (403, 415),
    "ZZ": (10209, 2967),
}
REFUGEE_NATIONALITY = {"AF": 1432, "PS": 1266, "ER": 1209, "TR": 668, "ZZ": 8369 - 4575}  # F-IP-19
SUBSIDIARY_NATIONALITY = {"YE": 292, "ZZ": 618 - 292}  # F-IP-20
FORCED_NATIONALITY = {  # F-RET-14
    "AL": 439,
    "MA": 390,
    "RO": 246,
    "DZ": 198,
    "GE": 163,
    "ZZ": 3472 - 1436,
}
ADULT_SEX = {"M": 0.70, "F": 0.29, "X": 0.01}  # assumption
UAM_SEX = {"M": 0.80, "F": 0.20}  # F-UAM-02
AGE_MIX = {"0-11": 0.14, "12-17": 0.11, "18-34": 0.50, "35-64": 0.24, "65+": 0.01}  # assumption
UAM_AGE = {"0-11": 0.06, "12-17": 0.94}  # F-UAM-02: 94 % declared 11–17
OPERATORS = {"fedasil": 0.45, "red_cross_fl": 0.2, "croix_rouge": 0.2, "partners": 0.15}
PLACE_TYPES = {"collective": 0.8, "individual": 0.15, "emergency": 0.05}
REGIONS = {"flanders": 0.6, "wallonia": 0.2, "brussels": 0.18, "german_speaking_community": 0.02}

_PERSON_EVENTS = frozenset(
    {
        "application_lodged",
        "transferred_to_cgrs",
        "dublin_refusal",
        "technical_refusal",
        "cgrs_decision",
        "appeal_lodged",
        "appeal_judgment",
        "reception_entry",
        "reception_exit",
        "waiting_list_entry",
        "waiting_list_exit",
        "return_forced",
        "uam_report",
    }
)
_TABLE_1_NATIONALITY = frozenset(
    {
        "application_lodged",
        "transferred_to_cgrs",
        "dublin_refusal",
        "technical_refusal",
        "appeal_lodged",
        "appeal_judgment",
        "reception_entry",
        "reception_exit",
        "waiting_list_entry",
        "waiting_list_exit",
        "uam_report",
    }
)


class _Column:
    """One dictionary-encoded string column: a fixed dictionary and int32 codes (-1 = null)."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = list(values)
        self.code = {v: i for i, v in enumerate(self.values)}
        self.dictionary = pa.array(self.values, pa.string())

    def draw(self, rng: np.random.Generator, shares: Mapping[str, float], n: int) -> np.ndarray:
        p = np.array(list(shares.values()), dtype=float)
        cdf = np.cumsum(p / p.sum())
        cdf[-1] = 1.0
        codes = np.array([self.code[k] for k in shares], dtype=np.int32)
        return codes[np.searchsorted(cdf, rng.random(n), side="right")]

    def array(self, codes: np.ndarray) -> pa.Array:
        mask = codes < 0
        indices = pa.array(
            np.where(mask, 0, codes).astype(np.int32), mask=mask if mask.any() else None
        )
        return pa.DictionaryArray.from_arrays(indices, self.dictionary)


def _day_weights(start: dt.date, months: int) -> tuple[np.ndarray, np.ndarray]:
    """Days (as days since 1970) and their weights: seasonal month profile, quieter weekends."""
    first = dt.date(start.year, start.month, 1)
    month_list = [
        dt.date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
        for k in range(months)
    ]
    days, weights = [], []
    seasonal = _SEASONAL["winter"]
    for month in month_list:
        length = calendar.monthrange(month.year, month.month)[1]
        for d in range(length):
            day = month + dt.timedelta(days=d)
            days.append((day - _EPOCH).days)
            weights.append(
                seasonal[month.month - 1] / length * (0.35 if day.weekday() >= 5 else 1.0)
            )
    w = np.array(weights)
    return np.array(days, dtype=np.int32), w / w.sum()


def _events_chunk(
    rng: np.random.Generator,
    n: int,
    first_id: int,
    case_refs: int,
    days: np.ndarray,
    day_cdf: np.ndarray,
    columns: Mapping[str, _Column],
) -> pa.Table:
    from passage.monitoring.snapshot import EVENT_SCHEMA, EVENT_STRING_COLUMNS

    types = list(EVENT_MIX)
    counts = rng.multinomial(
        n, np.array(list(EVENT_MIX.values()), dtype=float) / sum(EVENT_MIX.values())
    )
    # Rows are laid out by event type (contiguous slices), so every breakdown is drawn once
    # per type on a slice, with no per-row Python and no masks over the whole chunk.
    event_codes = np.repeat(np.arange(len(types), dtype=np.int32), counts)
    occurred = days[np.searchsorted(day_cdf, rng.random(n), side="right").clip(0, len(days) - 1)]
    codes = {name: np.full(n, -1, dtype=np.int32) for name in EVENT_STRING_COLUMNS}
    duration = np.zeros(n, dtype=np.int32)
    duration_valid = np.zeros(n, dtype=bool)
    shortage = np.zeros(n, dtype=bool)
    shortage_valid = np.zeros(n, dtype=bool)

    offset = 0
    for event_type, k in zip(types, counts, strict=True):
        s = slice(offset, offset + int(k))
        offset += int(k)
        if k == 0:
            continue
        nat = columns["nationality"]
        if event_type == "application_lodged":
            pairs = {
                f"{c}/{t}": v
                for c, (f, sub) in TABLE_1.items()
                for t, v in (("first", f), ("subsequent", sub))
            }
            keys = list(pairs)
            p = np.array(list(pairs.values()), float)
            pick = np.searchsorted(np.cumsum(p / p.sum()), rng.random(k), side="right").clip(
                0, len(keys) - 1
            )
            nat_codes = np.array([nat.code[key.split("/")[0]] for key in keys], np.int32)
            app_codes = np.array(
                [columns["application_type"].code[key.split("/")[1]] for key in keys], np.int32
            )
            codes["nationality"][s] = nat_codes[pick]
            codes["application_type"][s] = app_codes[pick]
        elif event_type in _TABLE_1_NATIONALITY:
            codes["nationality"][s] = nat.draw(
                rng, {c: f + sub for c, (f, sub) in TABLE_1.items()}, k
            )
        elif event_type == "cgrs_decision":
            decision = columns["decision_type"].draw(rng, DECISION_MIX, k)
            codes["decision_type"][s] = decision
            nationality = nat.draw(rng, {c: f + sub for c, (f, sub) in TABLE_1.items()}, k)
            for kind, mix in (
                ("refugee_status", REFUGEE_NATIONALITY),
                ("subsidiary_protection", SUBSIDIARY_NATIONALITY),
            ):
                hit = decision == columns["decision_type"].code[kind]
                nationality[hit] = nat.draw(rng, mix, int(hit.sum()))
            codes["nationality"][s] = nationality
        elif event_type == "return_forced":
            codes["nationality"][s] = nat.draw(rng, FORCED_NATIONALITY, k)
        elif event_type == "tp_grant":
            codes["nationality"][s] = nat.code["UA"]
        if event_type in _PERSON_EVENTS:
            uam = event_type == "uam_report"
            codes["sex"][s] = columns["sex"].draw(rng, UAM_SEX if uam else ADULT_SEX, k)
            codes["age_group"][s] = columns["age_group"].draw(rng, UAM_AGE if uam else AGE_MIX, k)
        if event_type in ("reception_entry", "reception_exit"):
            codes["operator"][s] = columns["operator"].draw(rng, OPERATORS, k)
            codes["place_type"][s] = columns["place_type"].draw(rng, PLACE_TYPES, k)
        if event_type == "single_permit_decided":
            codes["region"][s] = columns["region"].draw(rng, REGIONS, k)
            codes["decision_type"][s] = columns["decision_type"].draw(
                rng, {"granted": 0.85, "refused": 0.15}, k
            )
            listed = rng.random(k) < 0.4
            shortage[s], shortage_valid[s] = listed, True
            # Shortage occupations have the 8-week target (SEC-001-1): faster on average.
            duration[s] = np.round(rng.gamma(4.0, np.where(listed, 10.0, 14.0))).astype(np.int32)
            duration_valid[s] = True

    arrays = [
        pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
        pa.array(rng.integers(1, case_refs + 1, n, dtype=np.int64)),
        columns["event_type"].array(event_codes),
        pa.array(occurred, pa.int32()).view(pa.date32()),
        *(columns[name].array(codes[name]) for name in EVENT_STRING_COLUMNS),
        pa.array(duration, mask=~duration_valid),
        pa.array(shortage, mask=~shortage_valid),
    ]
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)


def _event_columns() -> dict[str, _Column]:
    nationalities = sorted(
        {*TABLE_1, *REFUGEE_NATIONALITY, *SUBSIDIARY_NATIONALITY, *FORCED_NATIONALITY, "UA"}
    )
    return {
        "event_type": _Column(list(EVENT_MIX)),
        "nationality": _Column(nationalities),
        "sex": _Column(["F", "M", "X"]),
        "age_group": _Column(list(AGE_MIX)),
        "region": _Column(list(REGIONS)),
        "operator": _Column(list(OPERATORS)),
        "place_type": _Column(list(PLACE_TYPES)),
        "application_type": _Column(["first", "subsequent"]),
        "decision_type": _Column([*DECISION_MIX, "granted", "refused"]),
    }


def events_write_parquet(
    path: Path | str,
    n_events: int,
    *,
    seed: int = 0,
    start: dt.date = dt.date(2026, 1, 1),
    months: int = 10,
    chunk: int = 2_000_000,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write ``n_events`` synthetic case events to one Parquet file (snapshot event schema).

    Written chunk by chunk (one row group each); ``progress(rows_done)`` after each chunk."""
    import pyarrow.parquet as pq

    from passage.monitoring.snapshot import EVENT_SCHEMA

    if n_events < 0:
        raise ValueError("n_events must be zero or more")
    if months < 1:
        raise ValueError("months must be at least 1")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    days, weights = _day_weights(start, months)
    day_cdf = np.cumsum(weights)
    day_cdf[-1] = 1.0
    columns = _event_columns()
    # About three events per case (lodged, transferred, decided …).
    case_refs = max(1, n_events // 3)
    done = 0
    # Labelled in the file itself: whoever finds it later knows it is not real data.
    labelled = EVENT_SCHEMA.with_metadata(
        {"passage.source": SOURCE, "passage.seed": str(seed), "passage.generator": __name__}
    )
    with pq.ParquetWriter(path, labelled, compression="snappy") as writer:
        while done < n_events or (n_events == 0 and done == 0):
            size = min(chunk, n_events - done)
            table = _events_chunk(rng, size, done + 1, case_refs, days, day_cdf, columns)
            writer.write_table(table, row_group_size=max(size, 1))
            done += size
            if progress is not None:
                progress(done)
            if n_events == 0:
                break
    return path


# --- demo load -------------------------------------------------------------------------------

DEMO_MONTHLY = "demo_monthly"
DEMO_EVENTS = "demo_events"
# Ten months at 2025's pace (about 173 000 events), so the demo's year-on-year comparisons
# show noise around zero, not an artefact of a smaller sample.
DEMO_EVENT_COUNT = round(sum(EVENT_MIX.values()) * 10 / 12)


def _rows_sha(rows: Sequence[Mapping[str, Any]]) -> str:
    payload = json.dumps(rows, default=str, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()


def demo_load(*, seed: int = 0) -> str:
    """Load the synthetic monthly series and ~173 000 case events for 2026-01..2026-10 (once).

    A synthetic figure never replaces a published one: a month or day that already has a
    current observation from another source is left to that source."""
    import tempfile

    import pyarrow.parquet as pq

    from passage.monitoring import catalogue
    from passage.monitoring.imports import (
        batch_existing,
        events_table_import,
        rows_import,
        rows_validate,
    )
    from passage.monitoring.models import Observation

    series = monthly_series(seed=seed)
    sha = _rows_sha(series)
    batch = batch_existing(source=SOURCE, dataset=DEMO_MONTHLY, sha256=sha)
    skipped = 0
    if batch is None:
        published = set(
            Observation.objects.filter(superseded_at__isnull=True)
            .exclude(batch__source=SOURCE)
            .values_list("metric", "granularity", "period_start", "dims_key")
        )
        header = dict.fromkeys(("metric", "period", "value", "unit", "application_type"), "")
        records: list[tuple[int, dict[str, str]]] = [(0, header)]
        for number, row in enumerate(series, start=1):
            key = (
                row["metric"],
                row["granularity"],
                row["period_start"],
                catalogue.dims_key(row["dims"]),
            )
            if key in published:
                skipped += 1
                continue
            period = (
                row["period_start"].isoformat()
                if row["granularity"] == "instant"
                else row["period_start"].strftime("%Y-%m")
            )
            records.append(
                (
                    number,
                    {
                        "metric": row["metric"],
                        "period": period,
                        "value": str(row["value"]),
                        "unit": row["unit"],
                        "application_type": row["dims"].get("application_type", ""),
                    },
                )
            )
        rows, errors = rows_validate(records, allowed_metrics=catalogue.metrics())
        if errors:
            raise ValueError(f"synthetic series failed its own checks: {errors[:3]}")
        batch = rows_import(
            rows,
            source=SOURCE,
            dataset=DEMO_MONTHLY,
            file_name=f"monthly_series(seed={seed})",
            sha256=sha,
            file_format="synthetic",
        )
        monthly_note = f"{len(rows)} monthly observations (batch {batch.pk}"
        monthly_note += f", {skipped} left to published figures)" if skipped else ")"
    else:
        monthly_note = f"monthly observations already loaded (batch {batch.pk})"

    events_sha = hashlib.sha256(
        f"events_write_parquet n={DEMO_EVENT_COUNT} seed={seed} start=2026-01-01 months=10".encode()
    ).hexdigest()
    events_batch = batch_existing(source=SOURCE, dataset=DEMO_EVENTS, sha256=events_sha)
    if events_batch is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = events_write_parquet(Path(tmp) / "events.parquet", DEMO_EVENT_COUNT, seed=seed)
            table = pq.read_table(path)
        events_batch = events_table_import(
            table,
            source=SOURCE,
            dataset=DEMO_EVENTS,
            file_name="events_write_parquet(n=100000)",
            sha256=events_sha,
            file_format="parquet",
        )
        events_note = f"{events_batch.row_count} case events (batch {events_batch.pk})"
    else:
        events_note = f"case events already loaded (batch {events_batch.pk})"
    return f"Early Warning demo (synthetic): {monthly_note}; {events_note}."
