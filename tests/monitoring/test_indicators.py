# SPDX-License-Identifier: EUPL-1.2
"""Indicators over a Parquet snapshot, checked against the official 2025 figures (catalogue
Part 2). No database: the snapshot is written here with pyarrow, in the contract's schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passage.monitoring.analytics import (
    IndicatorResult,
    Snapshot,
    indicator_definitions,
    indicators_compute,
    level_of,
    monthly_history,
    series_frame,
    stakeholder_rounding,
)
from passage.monitoring.catalogue import DIMENSIONS, dims_key, metrics

D = dt.date
Y2025 = D(2025, 1, 1)
Y2024 = D(2024, 1, 1)

EVENT_STRINGS = (
    "event_type",
    "nationality",
    "sex",
    "age_group",
    "region",
    "operator",
    "place_type",
    "application_type",
    "decision_type",
)


def obs(
    metric: str,
    granularity: str,
    start: dt.date,
    value: float,
    dims: Mapping[str, str] | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    if end is None:
        if granularity == "year":
            end = D(start.year, 12, 31)
        elif granularity == "month":
            following = D(start.year + start.month // 12, start.month % 12 + 1, 1)
            end = following - dt.timedelta(days=1)
        else:
            end = start
    row: dict[str, Any] = {
        "metric": metric,
        "granularity": granularity,
        "period_start": start,
        "period_end": end,
        "dims_key": dims_key(dims or {}),
        "unit": metrics()[metric].unit,
        "qualifier": "exact",
        "source": metrics()[metric].source,
        "citation": "",
        "value": float(value),
        "batch_id": 1,
    }
    for dim in DIMENSIONS:
        row[dim] = (dims or {}).get(dim)
    return row


def observations_write(path: Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    strings = ["metric", "granularity", "dims_key", "unit", "qualifier", "source", "citation"]
    fields = [pa.field(n, pa.string()) for n in strings]
    fields += [pa.field("period_start", pa.date32()), pa.field("period_end", pa.date32())]
    fields += [pa.field(d, pa.string()) for d in DIMENSIONS]
    fields += [pa.field("value", pa.float64()), pa.field("batch_id", pa.int64())]
    schema = pa.schema(fields)
    table = pa.Table.from_pylist([dict(r) for r in rows], schema=schema)
    pq.write_table(table, path)
    return path


def events_write(path: Path, rows: Iterable[Mapping[str, Any]]) -> Path:
    fields = [pa.field("event_id", pa.int64()), pa.field("case_ref", pa.int64())]
    fields += [
        pa.field(n, pa.dictionary(pa.int32(), pa.string()) if n == "event_type" else pa.string())
        for n in EVENT_STRINGS[:1]
    ]
    fields += [pa.field("occurred_on", pa.date32())]
    fields += [pa.field(n, pa.string()) for n in EVENT_STRINGS[1:]]
    fields += [pa.field("duration_days", pa.int32()), pa.field("shortage_occupation", pa.bool_())]
    schema = pa.schema(fields)
    full = []
    for i, row in enumerate(rows):
        record = {f.name: None for f in fields}
        record.update({"event_id": i, "case_ref": i})
        record.update(row)
        full.append(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(full, schema=schema), path)
    return path


def snapshot(
    tmp_path: Path,
    observations: Sequence[Mapping[str, Any]] = (),
    events: Sequence[Mapping[str, Any]] = (),
) -> Snapshot:
    observations_write(tmp_path / "observations.parquet", observations)
    (tmp_path / "events").mkdir(exist_ok=True)
    if events:
        events_write(tmp_path / "events" / "part-0.parquet", events)
    return Snapshot(tmp_path)


def ev(event_type: str, day: dt.date, n: int = 1, **extra: Any) -> list[dict[str, Any]]:
    return [{"event_type": event_type, "occurred_on": day, **extra} for _ in range(n)]


def one(
    results: Sequence[IndicatorResult], indicator: str, period: dt.date, key: str = ""
) -> IndicatorResult:
    found = [
        r
        for r in results
        if r.indicator == indicator and r.period_start == period and r.dims_key == key
    ]
    assert len(found) == 1, (indicator, period, key, found)
    return found[0]


# The official 2025 figures, each with its catalogue id (seed-catalogue.md Part 2).
OFFICIAL_2025 = [
    obs("cgrs.workload_dossiers", "instant", D(2025, 12, 31), 24406),  # F-IP-21
    obs("cgrs.structural_backlog_stated", "instant", D(2025, 12, 31), 17906),  # F-IP-23
    obs("cgrs.decisions_final", "year", Y2025, 30352),  # F-IP-13
    obs("cgrs.grants_refugee", "year", Y2025, 8369),  # F-IP-17
    obs("cgrs.grants_subsidiary", "year", Y2025, 618),  # F-IP-18
    obs("cgrs.protection_rate_stated", "year", Y2025, 28.4),  # F-IP-15
    obs("cgrs.protection_rate_stated", "year", Y2024, 47.8),  # F-IP-15
    obs("ip.transfers_to_cgrs", "year", Y2025, 26625),  # F-IP-09
    obs("reception.entries", "year", Y2025, 25003),  # F-REC-01
    obs("reception.exits", "year", Y2025, 26602),  # F-REC-02
    obs("reception.not_accommodated", "year", Y2025, 1111),  # F-REC-04
    obs("reception.capacity", "instant", D(2025, 1, 1), 36211),  # F-REC-08
    obs("reception.capacity", "instant", D(2025, 12, 31), 34771),  # F-REC-08
    obs("reception.waiting_list", "instant", D(2025, 1, 1), 2947),  # F-REC-13
    obs("reception.waiting_list", "instant", D(2025, 12, 31), 1708),  # F-REC-13
    obs("returns.forced", "year", Y2025, 3472),  # F-RET-11
    obs("returns.forced", "year", Y2024, 3270),  # F-RET-11
    obs("returns.voluntary", "year", Y2025, 3122),  # F-RET-01
]


@pytest.fixture
def official(tmp_path: Path) -> list[IndicatorResult]:
    with snapshot(tmp_path, OFFICIAL_2025) as snap:
        return indicators_compute(snap, granularity="year")


def test_structural_backlog_2025_is_17906(official: list[IndicatorResult]) -> None:
    # C-07: max(0, 24 406 − 6 500) = 17 906, and it matches the stated F-IP-23: no note.
    result = one(official, "cgrs_structural_backlog", Y2025)
    assert result.value == Decimal("17906")
    assert result.unit == "dossiers"
    assert result.level == "red"
    assert result.notes == []
    assert result.inputs["international_protection.cgrs.standard_capacity"] == 6500


def test_workload_ratio_is_workload_over_standard_capacity(official: list[IndicatorResult]) -> None:
    # F-IP-21 / F-IP-22: 24 406 / 6 500.
    result = one(official, "cgrs_workload_ratio", Y2025)
    assert result.value == (Decimal(24406) / Decimal(6500)).quantize(Decimal("0.0001"))
    assert result.inputs["cgrs.workload_dossiers"] == 24406


def test_protection_rate_by_definition_with_a_note_on_the_stated_figure(
    official: list[IndicatorResult],
) -> None:
    # C-06: (8 369 + 618) / 30 352 = 29.61 %; the stated 28.4 % (F-IP-15) is shown beside it.
    result = one(official, "protection_rate", Y2025)
    assert result.value is not None
    assert result.value.quantize(Decimal("0.01")) == Decimal("29.61")
    assert result.inputs["stated:cgrs.protection_rate_stated"] == 28.4
    assert len(result.notes) == 1
    note = result.notes[0]
    assert "28.4 %" in note and "F-IP-15" in note and "29.61 %" in note and "+1.2 pp" in note
    assert result.level == "amber"


def test_protection_rate_without_decisions_is_unknown_not_the_stated_figure(
    official: list[IndicatorResult],
) -> None:
    # 2024 has a stated 47.8 % but no decisions: never shown as the value.
    assert not [
        r
        for r in official
        if r.indicator == "protection_rate" and r.period_start == Y2024 and r.value is not None
    ]


def test_net_flow_2025(official: list[IndicatorResult]) -> None:
    # C-15: 25 003 − 26 602 = −1 599.
    result = one(official, "reception_net_flow", Y2025)
    assert result.value == Decimal(-1599)
    assert result.level == "green"


def test_waiting_list_change_2025(official: list[IndicatorResult]) -> None:
    # C-18: (1 708 − 2 947) / 2 947 = −42.0 %; the 1 January figure is the opening stock.
    result = one(official, "waiting_list_change", Y2025)
    assert result.value is not None
    assert result.value.quantize(Decimal("0.1")) == Decimal("-42.0")
    assert result.inputs == {
        "reception.waiting_list": 1708,
        "opening:reception.waiting_list": 2947,
    }
    assert one(official, "waiting_list", Y2025).value == Decimal(1708)
    assert one(official, "waiting_list", Y2025).level == "amber"


def test_forced_returns_year_on_year(official: list[IndicatorResult]) -> None:
    # C-31: (3 472 − 3 270) / 3 270 = +6.18 %.
    result = one(official, "forced_returns_yoy", Y2025)
    assert result.value is not None
    assert result.value.quantize(Decimal("0.1")) == Decimal("6.2")
    assert result.level == "green"
    # No 2023 figure: 2024 has no year-on-year value.
    assert one(official, "forced_returns_yoy", Y2024).value is None
    assert one(official, "forced_returns_yoy", Y2024).level == "unknown"


def test_months_to_saturation_is_null_with_a_note_when_net_inflow_is_negative(
    official: list[IndicatorResult],
) -> None:
    # C-15: 2025 had a net outflow, so there is no saturation date at current flows.
    result = one(official, "months_to_saturation", Y2025)
    assert result.value is None
    assert result.level == "unknown"
    assert any("No net inflow" in n for n in result.notes)


def test_backlog_clearance_from_flows_when_the_opening_workload_is_unknown(
    official: list[IndicatorResult],
) -> None:
    # 17 906 / ((30 352 − 26 625) / 12): F-IP-23, F-IP-13, F-IP-09.
    result = one(official, "backlog_clearance_months", Y2025)
    expected = Decimal(17906) / (Decimal(30352 - 26625) / 12)
    assert result.value == expected.quantize(Decimal("0.0001"))
    assert result.level == "red"
    assert any("opening workload is not known" in n for n in result.notes)


def test_waiting_time_by_littles_law(official: list[IndicatorResult]) -> None:
    # Average list (2 947 + 1 708) / 2 over exits per month derived from F-REC-04 and F-REC-13:
    # 1 111 − (1 708 − 2 947) = 2 350 a year.
    result = one(official, "waiting_time_months", Y2025)
    expected = Decimal("2327.5") / (Decimal(2350) / 12)
    assert result.value == expected.quantize(Decimal("0.0001"))
    assert any("not published" in n for n in result.notes)


def test_reception_occupancy_at_exactly_94_percent_is_red(tmp_path: Path) -> None:
    # REC-07: saturated "at" 94 %, read as ≥ (0.9399 → not saturated; 0.94 → saturated).
    rows = [
        obs("reception.capacity", "instant", D(2025, 2, 1), 10000),
        obs("reception.occupied", "instant", D(2025, 2, 1), 9400),
        obs("reception.capacity", "instant", D(2025, 3, 1), 10000),
        obs("reception.occupied", "instant", D(2025, 3, 1), 9399),
        obs("reception.capacity", "instant", D(2025, 4, 1), 10000),
        obs("reception.occupied", "instant", D(2025, 4, 1), 9000),
        obs("reception.capacity", "instant", D(2025, 5, 1), 10000),
        obs("reception.occupied", "instant", D(2025, 5, 1), 8999),
    ]
    with snapshot(tmp_path, rows) as snap:
        results = indicators_compute(snap, granularity="month", indicators=["reception_occupancy"])
    levels = {r.period_start: (r.value, r.level) for r in results}
    assert levels[D(2025, 1, 1)] == (Decimal("94.0000"), "red")
    assert levels[D(2025, 2, 1)] == (Decimal("93.9900"), "amber")
    assert levels[D(2025, 3, 1)] == (Decimal("90.0000"), "amber")
    assert levels[D(2025, 4, 1)] == (Decimal("89.9900"), "green")


def test_thresholds_come_from_the_rules_engine() -> None:
    definitions = indicator_definitions()
    assert definitions["reception_occupancy"].thresholds["red"] == Decimal("94")
    ref = definitions["cgrs_structural_backlog"].parameters["standard_capacity"]
    assert (ref.value, ref.rule_id) == (Decimal(6500), "F-IP-22")
    assert "L485" in ref.citation


@pytest.mark.parametrize("indicator", sorted(indicator_definitions()))
def test_every_formula_runs_on_an_empty_snapshot(tmp_path: Path, indicator: str) -> None:
    with snapshot(tmp_path) as snap:
        for granularity in ("month", "year"):
            assert indicators_compute(snap, granularity=granularity, indicators=[indicator]) == []


def test_observation_wins_over_events_and_events_fill_other_months(tmp_path: Path) -> None:
    rows = [obs("reception.entries", "month", D(2025, 1, 1), 2000)]
    events = ev("reception_entry", D(2025, 1, 10), 3) + ev("reception_entry", D(2025, 2, 3), 5)
    with snapshot(tmp_path, rows, events) as snap:
        got = (
            series_frame(snap, metric_ids=["reception.entries"], granularity="month", dims_key="")
            .order("period_start")
            .project("period_start, value, origin")
            .fetchall()
        )
    assert got == [(D(2025, 1, 1), 2000.0, "observation"), (D(2025, 2, 1), 5.0, "events")]


def test_a_stock_from_events_is_the_opening_instant_plus_the_running_balance(
    tmp_path: Path,
) -> None:
    rows = [obs("reception.waiting_list", "instant", D(2025, 1, 1), 100)]
    events = (
        ev("waiting_list_entry", D(2025, 1, 5), 10)
        + ev("waiting_list_exit", D(2025, 1, 20), 4)
        + ev("waiting_list_exit", D(2025, 3, 2), 30)
    )
    with snapshot(tmp_path, rows, events) as snap:
        history = monthly_history(snap, ["reception.waiting_list"])
        results = indicators_compute(snap, granularity="month", indicators=["waiting_list"])
    # The 1 January instant is December's closing stock; February has no events, so the
    # list stays where it was.
    assert history[("reception.waiting_list", "")] == [
        (D(2024, 12, 1), 100.0),
        (D(2025, 1, 1), 106.0),
        (D(2025, 2, 1), 106.0),
        (D(2025, 3, 1), 76.0),
    ]
    assert one(results, "waiting_list", D(2025, 3, 1)).value == Decimal(76)


def test_a_later_instant_observation_re_anchors_the_balance(tmp_path: Path) -> None:
    rows = [
        obs("reception.waiting_list", "instant", D(2025, 1, 1), 100),
        obs("reception.waiting_list", "instant", D(2025, 3, 1), 500),
    ]
    events = (
        ev("waiting_list_entry", D(2025, 1, 5), 10)
        + ev("waiting_list_exit", D(2025, 2, 5), 1)
        + ev("waiting_list_entry", D(2025, 3, 5), 7)
    )
    with snapshot(tmp_path, rows, events) as snap:
        history = monthly_history(snap, ["reception.waiting_list"])
    assert history[("reception.waiting_list", "")] == [
        (D(2024, 12, 1), 100.0),
        (D(2025, 1, 1), 110.0),
        (D(2025, 2, 1), 500.0),
        (D(2025, 3, 1), 507.0),
    ]


def test_a_month_with_only_one_of_the_two_flows_stops_the_balance(tmp_path: Path) -> None:
    rows = [
        obs("reception.occupied", "instant", D(2025, 1, 1), 1000),
        obs("reception.entries", "month", D(2025, 1, 1), 50),
        obs("reception.exits", "month", D(2025, 1, 1), 20),
        obs("reception.entries", "month", D(2025, 2, 1), 70),  # no exits published
        obs("reception.entries", "month", D(2025, 3, 1), 10),
        obs("reception.exits", "month", D(2025, 3, 1), 10),
        obs("reception.occupied", "instant", D(2025, 4, 1), 1200),
    ]
    with snapshot(tmp_path, rows) as snap:
        history = monthly_history(snap, ["reception.occupied"])
    assert history[("reception.occupied", "")] == [
        (D(2024, 12, 1), 1000.0),
        (D(2025, 1, 1), 1030.0),
        (D(2025, 3, 1), 1200.0),
    ]


def test_filters_and_breakdowns_by_nationality_and_operator(tmp_path: Path) -> None:
    events = (
        ev("cgrs_decision", D(2025, 5, 2), 3, decision_type="refugee_status", nationality="AF")
        + ev("cgrs_decision", D(2025, 5, 2), 1, decision_type="refusal", nationality="AF")
        + ev(
            "cgrs_decision",
            D(2025, 5, 2),
            1,
            decision_type="subsidiary_protection",
            nationality="YE",
        )
        + ev("cgrs_decision", D(2025, 5, 2), 4, decision_type="refusal", nationality="YE")
        + ev(
            "cgrs_decision",
            D(2025, 5, 2),
            2,
            decision_type="admissibility_intermediate",
            nationality="YE",
        )
        + ev("reception_entry", D(2025, 5, 3), 6, operator="fedasil", nationality="AF")
        + ev("reception_exit", D(2025, 5, 3), 2, operator="fedasil", nationality="AF")
        + ev("reception_exit", D(2025, 5, 3), 5, operator="croix_rouge", nationality="YE")
    )
    may = D(2025, 5, 1)
    with snapshot(tmp_path, [], events) as snap:
        results = indicators_compute(snap, granularity="month", by=["nationality", "operator"])
        only_af = indicators_compute(
            snap, granularity="month", filters={"nationality": "AF"}, indicators=["protection_rate"]
        )
    # Final decisions exclude the admissibility (intermediate) ones (F-IP-14).
    assert one(results, "protection_rate", may).value == Decimal("44.4444")
    assert one(results, "protection_rate", may, "nationality=AF").value == Decimal(75)
    assert one(results, "protection_rate", may, "nationality=YE").value == Decimal(20)
    assert [(r.dims_key, r.value) for r in only_af] == [("nationality=AF", Decimal(75))]
    assert one(results, "reception_net_flow", may).value == Decimal(-1)
    assert one(results, "reception_net_flow", may, "operator=fedasil").value == Decimal(4)
    assert one(results, "reception_net_flow", may, "operator=croix_rouge").value == Decimal(-5)
    assert one(results, "reception_net_flow", may, "nationality=YE").value == Decimal(-5)
    # Protection rate is not broken down by operator: it does not declare that dim.
    assert not [r for r in results if r.indicator == "protection_rate" and "operator" in r.dims_key]


def test_twelve_months_of_a_flow_sum_to_the_year(tmp_path: Path) -> None:
    events: list[dict[str, Any]] = []
    for month in range(1, 13):
        events += ev("return_forced", D(2024, month, 15), month)
        events += ev("return_forced", D(2025, month, 15), month + 2)
    with snapshot(tmp_path, [], events) as snap:
        months = indicators_compute(snap, granularity="month", indicators=["forced_returns_yoy"])
        years = indicators_compute(snap, granularity="year", indicators=["forced_returns_yoy"])
        year_counts = dict(
            series_frame(snap, metric_ids=["returns.forced"], granularity="year")
            .project("period_start, value")
            .fetchall()
        )
    assert year_counts == {Y2024: 78.0, Y2025: 102.0}
    monthly_2025 = [r for r in months if r.period_start.year == 2025]
    assert sum(r.inputs["returns.forced"] for r in monthly_2025) == 102
    result = one(years, "forced_returns_yoy", Y2025)
    assert result.inputs == {"returns.forced": 102, "previous_year:returns.forced": 78}
    assert result.value == (Decimal(24 * 100) / 78).quantize(Decimal("0.0001"))
    assert result.notes == []


def test_a_year_observation_wins_over_the_sum_of_months(tmp_path: Path) -> None:
    rows = [obs("returns.forced", "year", Y2025, 3472)]  # F-RET-11
    events = ev("return_forced", D(2025, 3, 1), 7)
    with snapshot(tmp_path, rows, events) as snap:
        frame = series_frame(snap, metric_ids=["returns.forced"]).project(
            "granularity, value, origin"
        )
        assert sorted(frame.fetchall()) == [
            ("month", 7.0, "events"),
            ("year", 3472.0, "observation"),
        ]


def test_a_partial_year_says_so(tmp_path: Path) -> None:
    events = (
        ev("reception_entry", D(2025, 1, 2), 3)
        + ev("reception_exit", D(2025, 1, 2), 1)
        + ev("reception_entry", D(2025, 2, 2), 4)
    )
    with snapshot(tmp_path, [], events) as snap:
        result = one(indicators_compute(snap, granularity="year"), "reception_net_flow", Y2025)
    # Exits: 1 in January and 0 in February (the stream covers February).
    assert result.value == Decimal(6)
    assert result.inputs == {"reception.entries": 7, "reception.exits": 1}
    assert "Year to date: 2 of 12 months." in result.notes


def test_single_permit_median_for_shortage_occupations_against_56_days(tmp_path: Path) -> None:
    events = [
        *ev(
            "single_permit_decided",
            D(2025, 6, 3),
            1,
            region="flanders",
            duration_days=40,
            shortage_occupation=True,
            decision_type="granted",
        ),
        *ev(
            "single_permit_decided",
            D(2025, 6, 4),
            1,
            region="flanders",
            duration_days=60,
            shortage_occupation=True,
            decision_type="granted",
        ),
        *ev(
            "single_permit_decided",
            D(2025, 6, 5),
            1,
            region="wallonia",
            duration_days=70,
            shortage_occupation=True,
            decision_type="refused",
        ),
        # Not a shortage occupation: not in the median.
        *ev(
            "single_permit_decided",
            D(2025, 6, 6),
            1,
            region="wallonia",
            duration_days=900,
            shortage_occupation=False,
        ),
    ]
    with snapshot(tmp_path, [], events) as snap:
        results = indicators_compute(snap, granularity="month", by=["region"])
    total = one(results, "single_permit_processing_days", D(2025, 6, 1))
    assert (total.value, total.level) == (Decimal(60), "red")
    assert any("unverified" in n for n in total.notes)
    flanders = one(results, "single_permit_processing_days", D(2025, 6, 1), "region=flanders")
    assert (flanders.value, flanders.level) == (Decimal(50), "amber")


def test_months_to_saturation_at_current_flows(tmp_path: Path) -> None:
    rows = [
        obs("reception.capacity", "instant", D(2025, 7, 1), 10000),
        obs("reception.occupied", "instant", D(2025, 6, 1), 9000),
    ]
    events = ev("reception_entry", D(2025, 6, 10), 150) + ev("reception_exit", D(2025, 6, 11), 50)
    with snapshot(tmp_path, rows, events) as snap:
        result = one(
            indicators_compute(snap, granularity="month", indicators=["months_to_saturation"]),
            "months_to_saturation",
            D(2025, 6, 1),
        )
    # Occupied: 9 000 + 100 = 9 100; (0.94 × 10 000 − 9 100) / 100 = 3 months: red (≤ 3).
    assert result.inputs["reception.occupied"] == 9100
    assert (result.value, result.level) == (Decimal(3), "red")


def test_stakeholder_rounding() -> None:
    rounding = stakeholder_rounding()
    assert rounding.round(Decimal(1599), "persons") == Decimal(1600)
    assert rounding.round(Decimal("29.6093"), "percent") == Decimal("29.6")
    assert rounding.round(None, "percent") is None


_values = st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=4)
_rank = {"green": 0, "amber": 1, "red": 2}


@pytest.mark.parametrize("indicator", sorted(indicator_definitions()))
@given(a=_values, b=_values)
def test_level_is_monotone_in_the_value(indicator: str, a: Decimal, b: Decimal) -> None:
    definition = indicator_definitions()[indicator]
    low, high = sorted((a, b))
    worse_high = definition.direction == "up_is_worse"
    low_rank, high_rank = _rank[level_of(definition, low)], _rank[level_of(definition, high)]
    assert (high_rank >= low_rank) if worse_high else (high_rank <= low_rank)


def test_level_of_none_is_unknown() -> None:
    assert level_of(indicator_definitions()["waiting_list"], None) == "unknown"


# Relative yearly volumes of the event types (2025 orders of magnitude, catalogue Part 2).
_EVENT_MIX = {
    "application_lodged": 34439,  # F-IP-01
    "transferred_to_cgrs": 26625,  # F-IP-09
    "cgrs_decision": 31457,  # F-IP-12
    "appeal_lodged": 11438,  # F-CALL-01
    "appeal_judgment": 7699,  # F-CALL-02
    "reception_entry": 25003,  # F-REC-01
    "reception_exit": 26602,  # F-REC-02
    "waiting_list_entry": 1111,  # F-REC-04
    "waiting_list_exit": 2350,  # C-18 balance
    "return_voluntary": 3122,  # F-RET-01
    "return_forced": 3472,  # F-RET-11
    "return_counselling": 30901,  # F-RET-07, F-RET-08
    "single_permit_decided": 5000,  # no published count: a named choice
}


def events_generate(
    path: Path, n_events: int, *, seed: int = 0, start: dt.date = Y2025, months: int = 60
) -> Path:
    """A quick stand-in for synthetic.events_write_parquet (contract schema, random dims)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    types = list(_EVENT_MIX)
    weights = np.array([_EVENT_MIX[t] for t in types], dtype=float)
    type_idx = rng.choice(len(types), size=n_events, p=weights / weights.sum()).astype(np.int32)
    first = np.datetime64(start, "D")
    last = np.datetime64(
        D(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1),
        "D",
    )
    days = rng.integers(0, int((last - first).astype(int)), size=n_events)
    occurred = (first + days).astype("datetime64[D]")

    def dictionary(
        values: Sequence[str], mask_types: Sequence[str] | None = None, size: int = n_events
    ) -> pa.Array:
        idx = rng.integers(0, len(values), size=size).astype(np.int32)
        mask = None
        if mask_types is not None:
            allowed = np.isin(type_idx, [types.index(t) for t in mask_types])
            mask = ~allowed
        return pa.DictionaryArray.from_arrays(
            pa.array(idx, mask=mask), pa.array(list(values), pa.string())
        )

    reception = ["reception_entry", "reception_exit"]
    people = [
        "application_lodged",
        "cgrs_decision",
        "reception_entry",
        "reception_exit",
        "transferred_to_cgrs",
    ]
    nationalities = ["AF", "PS", "ER", "CD", "TR", "BI", "SY", "CM", "GN", "MD", "ZZ"]
    decisions = [
        "refugee_status",
        "subsidiary_protection",
        "refusal",
        "refusal",
        "inadmissible",
        "other_final",
        "admissibility_intermediate",
    ]
    decision = dictionary(decisions, ["cgrs_decision"])
    permit = type_idx == types.index("single_permit_decided")
    table = pa.table(
        {
            "event_id": pa.array(np.arange(n_events, dtype=np.int64)),
            "case_ref": pa.array(rng.integers(0, n_events // 3 + 1, size=n_events, dtype=np.int64)),
            "event_type": pa.DictionaryArray.from_arrays(pa.array(type_idx), pa.array(types)),
            "occurred_on": pa.array(occurred, pa.date32()),
            "nationality": dictionary(nationalities, people),
            "sex": dictionary(["F", "M", "M"], people),
            "age_group": dictionary(["0-11", "12-17", "18-34", "35-64", "65+"], people),
            "region": dictionary(["flanders", "wallonia", "brussels"], ["single_permit_decided"]),
            "operator": dictionary(
                ["fedasil", "red_cross_fl", "croix_rouge", "partners"], reception
            ),
            "place_type": dictionary(["collective", "individual", "emergency"], reception),
            "application_type": dictionary(
                ["first", "first", "first", "subsequent"], ["application_lodged"]
            ),
            "decision_type": decision,
            "duration_days": pa.array(
                rng.integers(10, 120, size=n_events).astype(np.int32), mask=~permit
            ),
            "shortage_occupation": pa.array(rng.random(n_events) < 0.6, mask=~permit),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=1_000_000)
    return path


def test_generated_events_months_add_up_to_years_for_every_flow(tmp_path: Path) -> None:
    events_generate(tmp_path / "events" / "part-0.parquet", 20_000, months=24)
    observations_write(tmp_path / "observations.parquet", [])
    with Snapshot(tmp_path) as snap:
        mismatches = snap.con.execute(
            """SELECT y.metric, y.period_start, y.dims_key, y.value, sum(m.value)
            FROM series y JOIN series m
              ON m.metric = y.metric AND m.dims_key = y.dims_key AND m.granularity = 'month'
             AND date_trunc('year', m.period_start) = y.period_start
            WHERE y.granularity = 'year' AND y.origin = 'months'
            GROUP BY ALL HAVING y.value <> sum(m.value)"""
        ).fetchall()
        total = snap.con.execute(
            "SELECT sum(value) FROM series WHERE metric = 'ip.applications' AND granularity = 'year' AND dims_key = ''"
        ).fetchone()
        by_nationality = snap.con.execute(
            "SELECT sum(value) FROM series WHERE metric = 'ip.applications' AND granularity = 'year' AND dims_key LIKE 'nationality=%'"
        ).fetchone()
        results = indicators_compute(
            snap, granularity="year", by=["nationality", "operator", "region"]
        )
    assert mismatches == []
    # Every application carries a nationality: the breakdown adds up to the total.
    assert total == by_nationality
    assert {r.indicator for r in results if r.value is not None} >= {
        "reception_net_flow",
        "protection_rate",
        "single_permit_processing_days",
        "forced_returns_yoy",
    }


def test_analytics_imports_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from passage.monitoring import analytics; analytics.indicator_definitions(); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    published=st.dictionaries(st.integers(1, 12), st.integers(0, 5000), max_size=12),
    counted=st.dictionaries(st.integers(1, 12), st.integers(1, 4), min_size=1, max_size=12),
)
def test_precedence_month_by_month_and_the_year_adds_them_up(
    tmp_path_factory: pytest.TempPathFactory, published: dict[int, int], counted: dict[int, int]
) -> None:
    rows = [obs("returns.forced", "month", D(2025, m, 1), v) for m, v in published.items()]
    events = [e for m, n in counted.items() for e in ev("return_forced", D(2025, m, 9), n)]
    with snapshot(tmp_path_factory.mktemp("s"), rows, events) as snap:
        months = dict(
            series_frame(snap, metric_ids=["returns.forced"], granularity="month", dims_key="")
            .project("month(period_start), value")
            .fetchall()
        )
        year = series_frame(snap, metric_ids=["returns.forced"], granularity="year").fetchall()
    # Events cover their stream's months (0 where none); a published month wins.
    stream = range(min(counted), max(counted) + 1)
    expected = {m: float(counted.get(m, 0)) for m in stream} | {
        m: float(v) for m, v in published.items()
    }
    assert months == expected
    assert len(year) == 1
    assert year[0][-3:] == (sum(expected.values()), "months", len(expected))


def test_casework_running_into_a_later_month_does_not_zero_the_protection_register(
    tmp_path: Path,
) -> None:
    # Single permits are exported up to today; the reception register stops in March. April
    # must have no reception figure at all, not 0 entries and 0 exits.
    events = (
        ev("reception_entry", D(2025, 3, 2), 4)
        + ev("reception_exit", D(2025, 3, 3), 1)
        + ev(
            "single_permit_decided",
            D(2025, 4, 10),
            2,
            region="flanders",
            decision_type="granted",
            duration_days=30,
            shortage_occupation=True,
        )
    )
    with snapshot(tmp_path, [], events) as snap:
        results = indicators_compute(snap, granularity="month")
    flows = [r for r in results if r.indicator == "reception_net_flow"]
    assert [(r.period_start, r.value) for r in flows] == [(D(2025, 3, 1), Decimal(3))]
    assert one(results, "single_permit_processing_days", D(2025, 4, 1)).value == Decimal(30)


def test_capacity_is_carried_forward_and_says_so(tmp_path: Path) -> None:
    # F-REC-08: capacity is counted at dates (34 771 on 2025-12-31); occupancy in the months
    # after uses that count until the next one, with a note beside the value.
    rows = [
        obs("reception.capacity", "instant", D(2025, 12, 31), 34771),
        obs("reception.occupied", "instant", D(2025, 12, 31), 32000),
    ]
    events = ev("reception_entry", D(2026, 1, 5), 50) + ev("reception_exit", D(2026, 2, 5), 20)
    with snapshot(tmp_path, rows, events) as snap:
        results = indicators_compute(snap, granularity="month", indicators=["reception_occupancy"])
    december = one(results, "reception_occupancy", D(2025, 12, 1))
    february = one(results, "reception_occupancy", D(2026, 2, 1))
    assert not any("carried forward" in n for n in december.notes)
    assert february.inputs["reception.capacity"] == 34771
    assert february.inputs["reception.occupied"] == 32030
    assert february.value is not None
    assert abs(february.value - Decimal(32030) / Decimal(34771) * 100) < Decimal("0.0001")
    assert any("carried forward" in n for n in february.notes)
