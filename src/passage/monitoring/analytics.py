# SPDX-License-Identifier: EUPL-1.2
# The SQL is assembled from the packaged definitions (metrics.yaml, indicators.yaml) and the
# snapshot's own paths, never from a request; string values go through _quote.
# ruff: noqa: S608
"""Early Warning indicators computed with DuckDB over a Parquet snapshot.

No Django: this module takes the snapshot's paths (docs/monitoring.md, "Parquet snapshot
schema") and returns plain values, so the refresh, the benchmark and the tests run the same
code. The work happens in DuckDB: the events are aggregated once per snapshot into a small
``series`` table (observations first, event counts filling the rest), then each indicator is
one query that pivots its metrics per period and evaluates its YAML formula in SQL.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import duckdb
import yaml

from passage.monitoring.catalogue import DEFINITIONS, DIMENSIONS, dims_key, metrics

Level = Literal["green", "amber", "red", "unknown"]
Direction = Literal["up_is_worse", "down_is_worse"]

GRANULARITIES = ("month", "year")
# IndicatorValue.value has four decimals; values are quantized before the level is decided so
# that a rate stored as 94.0000 is red, whatever the float arithmetic left (REC-07 "≥").
QUANTUM = Decimal("0.0001")
# Columns of the events Parquet files that can be breakdowns (docs/monitoring.md).
EVENT_DIMS = (
    "nationality",
    "sex",
    "age_group",
    "region",
    "operator",
    "place_type",
    "application_type",
    "shortage_occupation",
)
_PREFIXES = ("open__", "prev_year__")
_IDENT = re.compile(r"\b[a-z_][a-z0-9_]*\b")
_PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)\b")


class SnapshotPathsLike(Protocol):
    @property
    def observations(self) -> Path: ...

    @property
    def events_dir(self) -> Path: ...


# ---------------------------------------------------------------------------------------------
# Definitions


@dataclass(frozen=True)
class ParameterRef:
    """A value taken from the rules engine, with the citation it carries there."""

    name: str
    parameter: str
    value: Decimal
    rule_id: str
    citation: str


@dataclass(frozen=True)
class StatedCheck:
    metric: str
    tolerance: Decimal


@dataclass(frozen=True)
class IndicatorNote:
    when: str
    text: str


@dataclass(frozen=True)
class EventMeasure:
    """An aggregate of case events that is not a sum (a median), computed per period."""

    id: str
    label: str
    unit: str
    event_type: str
    where: str
    aggregate: str
    dims: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorDefinition:
    id: str
    label: str
    definition: str
    formula: str
    unit: str
    source: str
    catalogue: tuple[str, ...]
    direction: Direction
    thresholds: Mapping[str, Decimal]
    granularities: tuple[str, ...]
    dims: tuple[str, ...]
    stated: StatedCheck | None = None
    thresholds_by_granularity: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    notes: tuple[IndicatorNote, ...] = ()
    parameters: Mapping[str, ParameterRef] = field(default_factory=dict)
    # Names the formula and the notes read: base columns (metric ids with "__", measures).
    current: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()
    previous_year: tuple[str, ...] = ()

    def thresholds_for(self, granularity: str | None = None) -> Mapping[str, Decimal]:
        if granularity is not None and granularity in self.thresholds_by_granularity:
            return self.thresholds_by_granularity[granularity]
        return self.thresholds

    @property
    def sql(self) -> str:
        """The formula with its parameters as literals."""
        return _substitute(self.formula, self.parameters)


@dataclass(frozen=True)
class StakeholderRounding:
    count_units: frozenset[str]
    count_nearest: int
    percent_units: frozenset[str]
    percent_decimals: int
    other_decimals: int

    def round(self, value: Decimal | None, unit: str) -> Decimal | None:
        """The value as external stakeholders see it (docs/monitoring.md, "Access")."""
        if value is None:
            return None
        if unit in self.count_units:
            step = Decimal(self.count_nearest)
            return (value / step).quantize(Decimal(1), ROUND_HALF_EVEN) * step
        places = self.percent_decimals if unit in self.percent_units else self.other_decimals
        return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)


def _column(metric_id: str) -> str:
    return metric_id.replace(".", "__")


def _decimal(raw: Any) -> Decimal:
    return Decimal(str(raw))


def _substitute(sql: str, parameters: Mapping[str, ParameterRef]) -> str:
    def literal(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in parameters:
            raise ValueError(f"indicators.yaml: unknown parameter :{name}")
        return f"CAST('{parameters[name].value}' AS DOUBLE)"

    return _PARAM.sub(literal, sql)


def _parameter_refs(raw: Mapping[str, str]) -> dict[str, ParameterRef]:
    # The rules engine is pure Python and imports no Django; imported here so that reading
    # the definitions does not pay for the rulebook unless it is needed.
    from passage.rules import default_rulebook

    rulebook = default_rulebook()
    out: dict[str, ParameterRef] = {}
    for name, parameter in raw.items():
        versions = rulebook.values.get(parameter)
        if not versions:
            raise ValueError(f"indicators.yaml: unknown rules parameter {parameter!r}")
        # These parameters have one value whose start is not known (F-IP-22 "given current
        # inflow and staffing", REC-07 a standing practice): the latest applies to every
        # period. A second dated value would need a per-period join here.
        latest = versions[-1]
        if not latest.applicable:
            raise ValueError(f"indicators.yaml: {parameter} is not applicable ({latest.status})")
        out[name] = ParameterRef(
            name=name,
            parameter=parameter,
            value=_decimal(latest.value),
            rule_id=latest.rule_id,
            citation=f"{latest.citation.catalogue}; {latest.citation.seed}",
        )
    return out


def _threshold(raw: Any, parameters: Mapping[str, ParameterRef]) -> Decimal:
    if isinstance(raw, Mapping):
        ref = next((p for p in parameters.values() if p.parameter == raw["parameter"]), None)
        if ref is None:
            ref = _parameter_refs({"_": raw["parameter"]})["_"]
        return ref.value * _decimal(raw.get("scale", 1))
    return _decimal(raw)


def _names(expressions: Iterable[str], base: set[str], where: str) -> tuple[set[str], ...]:
    current: set[str] = set()
    opening: set[str] = set()
    previous: set[str] = set()
    for expression in expressions:
        for token in _IDENT.findall(_PARAM.sub("", expression)):
            if token in base:
                current.add(token)
            elif token.startswith("open__") and token[6:] in base:
                opening.add(token[6:])
            elif token.startswith("prev_year__") and token[11:] in base:
                previous.add(token[11:])
            elif "__" in token:
                raise ValueError(f"indicators.yaml: {where}: unknown name {token!r}")
    return current, opening, previous


@cache
def _raw_definitions() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(
        (DEFINITIONS / "indicators.yaml").read_text(encoding="utf-8")
    )
    return raw


@cache
def event_measures() -> dict[str, EventMeasure]:
    out: dict[str, EventMeasure] = {}
    for measure_id, spec in (_raw_definitions().get("event_measures") or {}).items():
        out[measure_id] = EventMeasure(
            id=measure_id,
            label=spec["label"],
            unit=spec["unit"],
            event_type=spec["event_type"],
            where=spec.get("where") or "true",
            aggregate=spec["aggregate"],
            dims=tuple(spec.get("dims", [])),
        )
    return out


@cache
def indicator_definitions() -> dict[str, IndicatorDefinition]:
    """Every indicator of ``definitions/indicators.yaml``, validated against the catalogue."""
    raw = _raw_definitions()
    catalogue = metrics()
    measures = event_measures()
    parameters = _parameter_refs(raw.get("parameters") or {})
    base = {_column(m) for m in catalogue} | set(measures)
    dims_of: dict[str, set[str]] = {_column(m.id): set(m.dims) for m in catalogue.values()}
    dims_of.update({m.id: set(m.dims) for m in measures.values()})
    out: dict[str, IndicatorDefinition] = {}
    for indicator_id, spec in raw["indicators"].items():
        notes = tuple(IndicatorNote(n["when"], n["text"]) for n in spec.get("notes", []))
        current, opening, previous = _names(
            [spec["formula"], *(n.when for n in notes)], base, indicator_id
        )
        used = {p.group(1) for p in _PARAM.finditer(spec["formula"])}
        direction = spec["direction"]
        if direction not in ("up_is_worse", "down_is_worse"):
            raise ValueError(f"indicators.yaml: {indicator_id}: bad direction {direction!r}")
        granularities = tuple(spec.get("granularities", GRANULARITIES))
        if set(granularities) - set(GRANULARITIES):
            raise ValueError(f"indicators.yaml: {indicator_id}: bad granularities")
        dims = tuple(spec.get("dims", []))
        for column in current | opening | previous:
            missing = set(dims) - dims_of[column]
            if missing:
                raise ValueError(
                    f"indicators.yaml: {indicator_id}: {column} has no dims {sorted(missing)}"
                )
        stated = None
        if spec.get("stated"):
            if spec["stated"]["metric"] not in catalogue:
                raise ValueError(f"indicators.yaml: {indicator_id}: unknown stated metric")
            stated = StatedCheck(spec["stated"]["metric"], _decimal(spec["stated"]["tolerance"]))

        def levels(block: Mapping[str, Any]) -> dict[str, Decimal]:
            return {k: _threshold(block[k], parameters) for k in ("amber", "red")}

        out[indicator_id] = IndicatorDefinition(
            id=indicator_id,
            label=spec["label"],
            definition=spec["definition"],
            formula=" ".join(spec["formula"].split()),
            unit=spec["unit"],
            source=spec["source"],
            catalogue=tuple(spec.get("catalogue", [])),
            direction=direction,
            thresholds=levels(spec["thresholds"]),
            granularities=granularities,
            dims=dims,
            stated=stated,
            thresholds_by_granularity={
                g: levels(block)
                for g, block in (spec.get("thresholds_by_granularity") or {}).items()
            },
            notes=notes,
            parameters={k: v for k, v in parameters.items() if k in used},
            current=tuple(sorted(current)),
            opening=tuple(sorted(opening)),
            previous_year=tuple(sorted(previous)),
        )
    return out


# The module map of docs/monitoring.md names it definitions().
definitions = indicator_definitions


@cache
def stakeholder_rounding() -> StakeholderRounding:
    raw = _raw_definitions()["stakeholder_rounding"]
    return StakeholderRounding(
        count_units=frozenset(raw["counts"]["units"]),
        count_nearest=int(raw["counts"]["nearest"]),
        percent_units=frozenset(raw["percentages"]["units"]),
        percent_decimals=int(raw["percentages"]["decimals"]),
        other_decimals=int(raw["other"]["decimals"]),
    )


def level_of(
    definition: IndicatorDefinition, value: Decimal | float | None, granularity: str | None = None
) -> Level:
    """green, amber or red against the thresholds ("≥" towards worse, REC-07); unknown if None."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "unknown"
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite():
        return "unknown"
    limits = definition.thresholds_for(granularity)
    if definition.direction == "up_is_worse":
        if number >= limits["red"]:
            return "red"
        if number >= limits["amber"]:
            return "amber"
    else:
        if number <= limits["red"]:
            return "red"
        if number <= limits["amber"]:
            return "amber"
    return "green"


# ---------------------------------------------------------------------------------------------
# Snapshot and series


@dataclass(frozen=True)
class SnapshotFiles:
    observations: Path
    events_dir: Path


def _files(snapshot: SnapshotPathsLike | Path | str) -> SnapshotFiles:
    if isinstance(snapshot, str | Path):
        root = Path(snapshot)
        return SnapshotFiles(root / "observations.parquet", root / "events")
    return SnapshotFiles(Path(snapshot.observations), Path(snapshot.events_dir))


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in_list(values: Iterable[str]) -> str:
    items = sorted(set(values))
    return "(" + ", ".join(_quote(v) for v in items) + ")" if items else "(NULL)"


_DIM_COLUMNS_SQL = ", ".join(f"{d} VARCHAR" for d in DIMENSIONS)
_EVENT_COLUMNS = (
    "event_id BIGINT, case_ref BIGINT, event_type VARCHAR, occurred_on DATE, "
    + ", ".join(f"{d} VARCHAR" for d in EVENT_DIMS if d != "shortage_occupation")
    + ", decision_type VARCHAR, duration_days INTEGER, shortage_occupation BOOLEAN"
)


_EVENT_COLUMN_NAMES = frozenset(
    {"event_id", "case_ref", "event_type", "occurred_on", "decision_type", "duration_days"}
    | set(EVENT_DIMS)
)


class Snapshot:
    """A DuckDB connection over one snapshot, with the ``series`` table built once.

    Open it once and pass it to every call (the refresh computes two granularities and three
    breakdowns from it): building the series reads the events, the indicators only the series.
    """

    def __init__(
        self,
        snapshot: SnapshotPathsLike | Path | str,
        *,
        dims: Sequence[str] | None = None,
        threads: int | None = None,
    ) -> None:
        self.files = _files(snapshot)
        self.con = duckdb.connect(":memory:")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self._source_views()
        self._series(tuple(dims) if dims is not None else EVENT_DIMS)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources -----------------------------------------------------------------------------

    def _source_views(self) -> None:
        con = self.con
        obs = self.files.observations
        dims = ", ".join(f"CAST({d} AS VARCHAR) AS {d}" for d in DIMENSIONS)
        if obs.exists():
            con.execute(
                f"""CREATE TEMP TABLE obs AS
                SELECT metric, granularity, CAST(period_start AS DATE) AS period_start,
                       CAST(period_end AS DATE) AS period_end, coalesce(dims_key, '') AS dims_key,
                       {dims}, CAST(value AS DOUBLE) AS value
                FROM read_parquet({_quote(str(obs))})"""
            )
        else:
            con.execute(
                "CREATE TEMP TABLE obs (metric VARCHAR, granularity VARCHAR, period_start DATE,"
                f" period_end DATE, dims_key VARCHAR, {_DIM_COLUMNS_SQL}, value DOUBLE)"
            )
        files = (
            sorted(self.files.events_dir.glob("*.parquet"))
            if self.files.events_dir.is_dir()
            else []
        )
        if files:
            listing = "[" + ", ".join(_quote(str(f)) for f in files) + "]"
            con.execute(
                "CREATE TEMP VIEW events AS"
                f" SELECT * FROM read_parquet({listing}, union_by_name = true)"
            )
        else:
            con.execute(f"CREATE TEMP TABLE events ({_EVENT_COLUMNS})")

    # -- series ------------------------------------------------------------------------------

    def _series(self, wanted_dims: tuple[str, ...]) -> None:
        con = self.con
        catalogue = metrics()
        flows = {m.id: m for m in catalogue.values() if m.kind == "flow"}
        stocks = {m.id: m for m in catalogue.values() if m.kind == "stock"}
        rates = {m.id for m in catalogue.values() if m.kind == "rate"}

        # One row per (metric, event type, decision type or NULL): the events mapping.
        mapping: list[tuple[str, str, str | None]] = []
        for metric in flows.values():
            event_type = metric.events.get("event_type")
            if not event_type:
                continue
            decision_types = metric.events.get("decision_type") or [None]
            mapping.extend((metric.id, event_type, d) for d in decision_types)
        con.execute(
            "CREATE TEMP TABLE event_map (metric VARCHAR, event_type VARCHAR, decision_type VARCHAR)"
        )
        if mapping:
            con.executemany("INSERT INTO event_map VALUES (?, ?, ?)", mapping)
        metric_dims = [(m.id, d) for m in flows.values() for d in m.dims if d in wanted_dims]
        con.execute("CREATE TEMP TABLE metric_dims (metric VARCHAR, dim VARCHAR)")
        if metric_dims:
            con.executemany("INSERT INTO metric_dims VALUES (?, ?)", metric_dims)

        # One pass over the events: counts per type, month and the wanted breakdowns, with
        # the month as an integer (hashing a date_trunc result costs more than the scan) and
        # no filter on the type (comparing 20 million strings costs more than the few groups
        # of unmapped types, which the join below drops).
        # That small table then gives the grouping sets (the total plus one per dim), not the
        # product of the breakdowns, which no indicator asks for.
        dims_used = sorted({d for _, d in metric_dims})
        raw_dims = "".join(f", {d}" for d in dims_used)
        dim_exprs = {
            d: (
                "CASE WHEN shortage_occupation THEN 'true' WHEN NOT shortage_occupation "
                "THEN 'false' END"
                if d == "shortage_occupation"
                else f"CAST({d} AS VARCHAR)"
            )
            for d in dims_used
        }
        select_dims = "".join(f", {expr} AS {d}" for d, expr in dim_exprs.items())
        sets = ", ".join(
            ["(event_type, decision_type, period_start)"]
            + [f"(event_type, decision_type, period_start, {d})" for d in dims_used]
        )
        dim_name = " ".join(f"WHEN GROUPING({d}) = 0 THEN '{d}'" for d in dims_used)
        dim_value = " ".join(f"WHEN GROUPING({d}) = 0 THEN {d}" for d in dims_used)
        con.execute(
            f"""CREATE TEMP TABLE event_counts AS
            WITH base AS (
                SELECT event_type, decision_type,
                       year(occurred_on) * 12 + month(occurred_on) - 1 AS month_key
                       {raw_dims}, count(*) AS n
                FROM events
                GROUP BY ALL
            ),
            e AS (
                SELECT CAST(event_type AS VARCHAR) AS event_type,
                       CAST(decision_type AS VARCHAR) AS decision_type,
                       make_date(CAST(month_key // 12 AS BIGINT), CAST(month_key % 12 + 1 AS BIGINT), 1)
                           AS period_start
                       {select_dims}, n
                FROM base
            )
            SELECT event_type, decision_type, period_start,
                   {f"CASE {dim_name} END" if dims_used else "NULL"} AS dim,
                   {f"CASE {dim_value} END" if dims_used else "NULL"} AS dim_value,
                   sum(n) AS n
            FROM e GROUP BY GROUPING SETS ({sets})"""
        )
        # The events the measures (medians) read, with the columns they name only.
        measure_types = {m.event_type for m in event_measures().values()}
        columns = {"event_type", "occurred_on"}
        for m in event_measures().values():
            columns |= set(m.dims) | set(_IDENT.findall(f"{m.where} {m.aggregate}"))
        columns &= _EVENT_COLUMN_NAMES
        con.execute(
            f"CREATE TEMP TABLE measure_events AS SELECT {', '.join(sorted(columns))}"
            f" FROM events WHERE event_type IN {_in_list(measure_types)}"
        )
        # Event counts per flow metric and month; a breakdown only where the metric has it
        # and the event says it (a NULL breakdown value is not a category). Case events are a
        # register: between the first and the last month of its register's stream, a month
        # or category without events of a type counts 0 (no refugee status for Yemenis in May is 0, not
        # "no data"). A type with no event at all has no figure (not in the stream).
        con.execute(
            """CREATE TEMP TABLE event_flows AS
            WITH counts AS (
                SELECT m.metric, c.period_start,
                       CASE WHEN c.dim IS NULL THEN '' ELSE c.dim || '=' || c.dim_value END
                           AS dims_key,
                       CAST(sum(c.n) AS DOUBLE) AS value
                FROM event_counts c
                JOIN event_map m ON m.event_type = c.event_type
                     AND (m.decision_type IS NULL OR m.decision_type = c.decision_type)
                GROUP BY ALL
            ),
            registers AS (
                -- Two registers feed the events: the protection and reception pipeline, and
                -- Passage's own single-permit casework (exported to this month). The casework
                -- running into this month says nothing about reception exits this month.
                SELECT DISTINCT event_type,
                       CASE WHEN event_type LIKE 'single_permit_%' THEN 'casework'
                            ELSE 'protection' END AS register
                FROM event_counts
            ),
            span AS (
                SELECT r.event_type, g.lo, g.hi
                FROM registers r JOIN (
                    SELECT r2.register, min(c.period_start) AS lo, max(c.period_start) AS hi
                    FROM event_counts c JOIN registers r2 ON r2.event_type = c.event_type
                    GROUP BY r2.register
                ) g ON g.register = r.register
            ),
            months AS (
                SELECT event_type,
                       CAST(unnest(generate_series(lo, hi, INTERVAL 1 MONTH)) AS DATE)
                           AS period_start
                FROM span
            ),
            keys AS (
                -- A category seen in any event type (croix_rouge in exits) is one for every
                -- metric with that breakdown (0 entries at croix_rouge, not "no data").
                SELECT DISTINCT m.metric, m.event_type, c.dim || '=' || c.dim_value AS dims_key
                FROM event_map m
                JOIN metric_dims d ON d.metric = m.metric
                JOIN (SELECT DISTINCT dim, dim_value FROM event_counts) c ON c.dim = d.dim
                WHERE c.dim_value IS NOT NULL AND c.dim_value <> ''
                UNION
                SELECT DISTINCT metric, event_type, '' FROM event_map
            ),
            grid AS (
                SELECT DISTINCT k.metric, mo.period_start, k.dims_key
                FROM keys k JOIN months mo ON mo.event_type = k.event_type
            )
            SELECT g.metric, g.period_start, g.dims_key, coalesce(c.value, 0) AS value
            FROM grid g LEFT JOIN counts c
              ON c.metric = g.metric AND c.period_start = g.period_start
             AND c.dims_key = g.dims_key"""
        )

        flow_ids = _in_list(flows)
        flows_and_rates = _in_list(set(flows) | rates)
        # Flows and rates per month: a published observation wins over the event count for the
        # same metric, month and breakdown; events fill the months no file covers.
        con.execute(
            f"""CREATE TEMP TABLE flow_month AS
            SELECT metric, period_start, dims_key, value, 'observation' AS origin
            FROM obs WHERE granularity = 'month' AND metric IN {flows_and_rates}
            UNION ALL
            SELECT f.metric, f.period_start, f.dims_key, f.value, 'events'
            FROM event_flows f ANTI JOIN obs o
              ON o.metric = f.metric AND o.granularity = 'month'
             AND o.period_start = f.period_start AND o.dims_key = f.dims_key"""
        )
        # Years: the year's observation, else the sum of its months (flows only: a rate is
        # never summed). ``months`` says how many months a sum covers (a year to date).
        con.execute(
            f"""CREATE TEMP TABLE flow_year AS
            SELECT metric, period_start, dims_key, value, 'observation' AS origin, 12 AS months
            FROM obs WHERE granularity = 'year' AND metric IN {flows_and_rates}
            UNION ALL
            SELECT m.metric, m.period_start, m.dims_key, m.value, 'months', m.months
            FROM (
                SELECT metric, CAST(date_trunc('year', period_start) AS DATE) AS period_start,
                       dims_key, sum(value) AS value, count(*) AS months
                FROM flow_month WHERE metric IN {flow_ids} GROUP BY ALL
            ) m ANTI JOIN obs o
              ON o.metric = m.metric AND o.granularity = 'year'
             AND o.period_start = m.period_start AND o.dims_key = m.dims_key"""
        )

        # Stocks. A closing figure per month: an observation of the month, else the latest
        # instant in (month start, next month start] (an instant on 1 January is the closing
        # stock of December), else the last such figure plus the running balance of the
        # metric's in/out flows since it (docs/monitoring.md, "Precedence").
        stock_ids = _in_list(stocks)
        con.execute(
            f"""CREATE TEMP TABLE stock_points AS
            SELECT metric, period_start, dims_key,
                   arg_max(value, priority * 100000 + epoch_days) AS value
            FROM (
                SELECT metric, period_start, dims_key, value, 2 AS priority,
                       0 AS epoch_days
                FROM obs WHERE granularity = 'month' AND metric IN {stock_ids}
                UNION ALL
                SELECT metric,
                       CAST(date_trunc('month', period_start - INTERVAL 1 DAY) AS DATE),
                       dims_key, value, 1, CAST(period_start - DATE '1970-01-01' AS INTEGER)
                FROM obs WHERE granularity = 'instant' AND metric IN {stock_ids}
            ) GROUP BY ALL"""
        )
        balance: list[tuple[str, str, str]] = [
            (m.id, m.events["in"], m.events["out"])
            for m in stocks.values()
            if m.events.get("in") and m.events.get("out")
        ]
        con.execute(
            "CREATE TEMP TABLE stock_flows (metric VARCHAR, inflow VARCHAR, outflow VARCHAR)"
        )
        if balance:
            con.executemany("INSERT INTO stock_flows VALUES (?, ?, ?)", balance)
        con.execute(
            """CREATE TEMP TABLE stock_month AS
            WITH net AS (
                -- A month with only one of the two flows is incomplete: the balance stops
                -- there until the next observed figure.
                SELECT s.metric, f.period_start, f.dims_key,
                       sum(CASE WHEN f.metric = s.inflow THEN f.value ELSE -f.value END) AS net,
                       CASE WHEN count(DISTINCT f.metric) < 2 THEN 1 ELSE 0 END AS incomplete
                FROM stock_flows s JOIN flow_month f ON f.metric IN (s.inflow, s.outflow)
                GROUP BY ALL
            ),
            grid AS (
                SELECT metric, period_start, dims_key,
                       max(net) AS net, max(incomplete) AS incomplete, max(point) AS point
                FROM (
                    SELECT metric, period_start, dims_key, net, incomplete,
                           NULL::DOUBLE AS point
                    FROM net
                    UNION ALL
                    SELECT metric, period_start, dims_key, NULL, NULL, value FROM stock_points
                ) GROUP BY ALL
            ),
            running AS (
                SELECT *,
                       sum(coalesce(incomplete, 0)) OVER w AS cum_incomplete,
                       sum(coalesce(net, 0)) OVER w AS cum,
                       last_value(point IGNORE NULLS) OVER w AS anchor,
                       last_value(CASE WHEN point IS NOT NULL THEN period_start END IGNORE NULLS)
                           OVER w AS anchor_month
                FROM grid
                WINDOW w AS (PARTITION BY metric, dims_key ORDER BY period_start
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            ),
            anchored AS (
                SELECT r.*, a.cum AS anchor_cum, a.cum_incomplete AS anchor_incomplete
                FROM running r LEFT JOIN running a
                  ON a.metric = r.metric AND a.dims_key = r.dims_key
                 AND a.period_start = r.anchor_month
            )
            SELECT metric, period_start, dims_key,
                   CASE WHEN point IS NOT NULL THEN point ELSE anchor + cum - anchor_cum END AS value,
                   CASE WHEN point IS NOT NULL THEN 'observation' ELSE 'events' END AS origin
            FROM anchored
            WHERE point IS NOT NULL
               OR (anchor IS NOT NULL AND cum_incomplete = anchor_incomplete)"""
        )
        # A stock counted at dates and not moved by events (reception capacity) stays as last
        # counted until the next count: carried forward to the last month of the other stocks, and
        # marked "carried" so the indicator says so beside its value.
        carry_ids = [m.id for m in stocks.values() if m.carry_forward]
        if carry_ids:
            con.execute(
                f"""INSERT INTO stock_month
                WITH keys AS (
                    SELECT metric, dims_key, min(period_start) AS first FROM stock_points
                    WHERE metric IN {_in_list(carry_ids)} GROUP BY ALL
                ),
                -- Up to the last month some other stock is known: capacity carried into a
                -- month with no occupancy would only add "no data" rows.
                horizon AS (SELECT max(period_start) AS last FROM stock_month),
                months AS (
                    SELECT k.metric, k.dims_key,
                           CAST(unnest(generate_series(k.first, h.last, INTERVAL 1 MONTH)) AS DATE)
                               AS period_start
                    FROM keys k, horizon h WHERE h.last > k.first
                )
                SELECT mo.metric, mo.period_start, mo.dims_key, p.value, 'carried'
                FROM months mo ASOF JOIN stock_points p
                  ON p.metric = mo.metric AND p.dims_key = mo.dims_key
                 AND p.period_start <= mo.period_start
                WHERE NOT EXISTS (
                    SELECT 1 FROM stock_month s WHERE s.metric = mo.metric
                    AND s.dims_key = mo.dims_key AND s.period_start = mo.period_start)"""
            )
        # A year's stock is the figure at its end: the year's observation, else the latest
        # month of the year that has one.
        con.execute(
            f"""CREATE TEMP TABLE stock_year AS
            SELECT metric, period_start, dims_key, value, 'observation' AS origin
            FROM obs WHERE granularity = 'year' AND metric IN {stock_ids}
            UNION ALL
            SELECT m.metric, m.period_start, m.dims_key, m.value, m.origin
            FROM (
                SELECT metric, CAST(date_trunc('year', period_start) AS DATE) AS period_start,
                       dims_key, arg_max(value, period_start) AS value,
                       arg_max(origin, period_start) AS origin
                FROM stock_month GROUP BY ALL
            ) m ANTI JOIN obs o
              ON o.metric = m.metric AND o.granularity = 'year'
             AND o.period_start = m.period_start AND o.dims_key = m.dims_key"""
        )

        # Event measures (medians): per period straight from the events, never from months.
        measure_sql = []
        for measure in event_measures().values():
            mdims = [d for d in measure.dims if d in wanted_dims]
            for granularity, unit in (("month", "month"), ("year", "year")):
                for dim in [None, *mdims]:
                    key = f"'{dim}=' || CAST({dim} AS VARCHAR)" if dim else "''"
                    group = f", {dim}" if dim else ""
                    not_null = f" AND {dim} IS NOT NULL" if dim else ""
                    measure_sql.append(
                        f"""SELECT {_quote(measure.id)} AS metric, '{granularity}' AS granularity,
                               CAST(date_trunc('{unit}', occurred_on) AS DATE) AS period_start,
                               {key} AS dims_key, CAST({measure.aggregate} AS DOUBLE) AS value,
                               'events' AS origin, NULL::BIGINT AS months
                        FROM measure_events
                        WHERE event_type = {_quote(measure.event_type)}
                          AND ({measure.where}){not_null}
                        GROUP BY date_trunc('{unit}', occurred_on){group}"""
                    )
        measures = (
            " UNION ALL ".join(measure_sql)
            if measure_sql
            else (
                "SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::DATE, NULL::VARCHAR, NULL::DOUBLE,"
                " NULL::VARCHAR, NULL::BIGINT WHERE false"
            )
        )

        dim_columns = ", ".join(
            f"nullif(regexp_extract(dims_key, '(^|;){d}=([^;]*)', 2), '') AS {d}"
            for d in DIMENSIONS
        )
        con.execute(
            f"""CREATE TEMP TABLE series AS
            SELECT metric, granularity, period_start, dims_key, {dim_columns}, value, origin, months
            FROM (
                SELECT metric, 'month' AS granularity, period_start, dims_key, value, origin,
                       CASE WHEN metric IN {flow_ids} THEN 1 END AS months
                FROM flow_month
                UNION ALL
                SELECT metric, 'year', period_start, dims_key, value, origin,
                       CASE WHEN metric IN {flow_ids} THEN months END
                FROM flow_year
                UNION ALL
                SELECT metric, 'month', period_start, dims_key, value, origin, NULL FROM stock_month
                UNION ALL
                SELECT metric, 'year', period_start, dims_key, value, origin, NULL FROM stock_year
                UNION ALL
                {measures}
            )
            ORDER BY metric, granularity, period_start, dims_key"""
        )
        for table in (
            "event_counts",
            "measure_events",
            "event_flows",
            "flow_month",
            "flow_year",
            "stock_points",
            "stock_month",
            "stock_year",
        ):
            con.execute(f"DROP TABLE {table}")


def snapshot_open(
    snapshot: SnapshotPathsLike | Path | str, *, dims: Sequence[str] | None = None
) -> Snapshot:
    return Snapshot(snapshot, dims=dims)


def _opened(snapshot: Snapshot | SnapshotPathsLike | Path | str) -> tuple[Snapshot, bool]:
    if isinstance(snapshot, Snapshot):
        return snapshot, False
    return Snapshot(snapshot), True


def series_frame(
    snapshot: Snapshot,
    *,
    metric_ids: Sequence[str] | None = None,
    granularity: str | None = None,
    dims_key: str | None = None,
) -> duckdb.DuckDBPyRelation:
    """``series(metric, granularity, period_start, dims_key, <dims…>, value, origin, months)``.

    One row per metric, month or year and breakdown: the published observation where there is
    one, else the count from events (flows), or the closing figure (stocks). ``origin`` is
    ``observation``, ``events`` or ``months`` (a year summed from its months); ``months`` is
    the number of months a flow's year covers."""
    relation = snapshot.con.table("series")
    if metric_ids is not None:
        relation = relation.filter(f"metric IN {_in_list(metric_ids)}")
    if granularity is not None:
        relation = relation.filter(f"granularity = {_quote(granularity)}")
    if dims_key is not None:
        relation = relation.filter(f"dims_key = {_quote(dims_key)}")
    return relation


def monthly_history(
    snapshot: Snapshot, metric_ids: Sequence[str], *, dims_key: str = ""
) -> dict[tuple[str, str], list[tuple[dt.date, float]]]:
    """Monthly points per (metric, dims_key), oldest first: the forecasting input."""
    rows = (
        series_frame(snapshot, metric_ids=metric_ids, granularity="month", dims_key=dims_key)
        .order("metric, period_start")
        .project("metric, dims_key, period_start, value")
        .fetchall()
    )
    out: dict[tuple[str, str], list[tuple[dt.date, float]]] = {}
    for metric, key, period_start, value in rows:
        out.setdefault((metric, key), []).append((period_start, float(value)))
    return out


def latest_value(
    snapshot: Snapshot, metric_id: str, *, granularity: str = "month", dims_key: str = ""
) -> tuple[dt.date, float] | None:
    """The newest (period, value) of one series, or None."""
    row = snapshot.con.execute(
        "SELECT period_start, value FROM series WHERE metric = ? AND granularity = ?"
        " AND dims_key = ? ORDER BY period_start DESC LIMIT 1",
        [metric_id, granularity, dims_key],
    ).fetchone()
    return None if row is None else (row[0], float(row[1]))


# ---------------------------------------------------------------------------------------------
# Indicators


@dataclass
class IndicatorResult:
    indicator: str
    granularity: str
    period_start: dt.date
    dims_key: str
    value: Decimal | None
    unit: str
    level: Level
    inputs: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _to_decimal(value: float | None) -> Decimal | None:
    if value is None or not math.isfinite(value):
        return None
    return Decimal(repr(value)).quantize(QUANTUM, ROUND_HALF_EVEN)


def _plain(value: float | None) -> float | int | None:
    """A JSON-friendly input: an integer when it is one (counts), else 4 decimals."""
    if value is None or not math.isfinite(value):
        return None
    if value.is_integer():
        return int(value)
    return round(value, 4)


def _format(value: Decimal, unit: str) -> str:
    text = f"{value.normalize():,f}".replace(",", " ")
    return f"{text} %" if unit == "percent" else f"{text} {unit}"


def _stated_note(definition: IndicatorDefinition, value: Decimal, stated: float) -> str | None:
    assert definition.stated is not None
    stated_value = Decimal(repr(stated))
    diff = value - stated_value
    if abs(diff) <= definition.stated.tolerance:
        return None
    metric = metrics()[definition.stated.metric]
    ids = ", ".join(metric.catalogue) or metric.id
    unit = "pp" if definition.unit == "percent" else definition.unit
    shown = value.quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    return (
        f"Stated by the source: {_format(stated_value, definition.unit)} ({ids}); computed by "
        f"definition: {_format(shown, definition.unit)}; they differ by "
        f"{diff.quantize(Decimal('0.1'), ROUND_HALF_EVEN):+} {unit}. The computed value is "
        "shown, the stated one beside it."
    )


def _query(
    definition: IndicatorDefinition,
    granularity: str,
    keys: str,
) -> str:
    catalogue = metrics()
    measures = event_measures()

    def metric_id(column: str) -> str:
        if column in measures:
            return column
        return next(m for m in catalogue if _column(m) == column)

    base = sorted(set(definition.current) | set(definition.opening) | set(definition.previous_year))
    stated_id = definition.stated.metric if definition.stated else None
    wanted = [metric_id(c) for c in base] + ([stated_id] if stated_id else [])
    pivots = [f"max(value) FILTER (WHERE metric = {_quote(metric_id(c))}) AS {c}" for c in base]
    if stated_id:
        pivots.append(f"max(value) FILTER (WHERE metric = {_quote(stated_id)}) AS stated__value")
    step = "1 MONTH" if granularity == "month" else "1 YEAR"
    frame_columns = [f"c.{c}" for c in base]
    frame_columns += [f"o.{c} AS open__{c}" for c in definition.opening]
    frame_columns += [f"y.{c} AS prev_year__{c}" for c in definition.previous_year]
    if stated_id:
        frame_columns.append("c.stated__value")
    formula = definition.sql
    notes = ", ".join(
        f"coalesce(({_substitute(n.when, definition.parameters)}), false) AS note_{i}"
        for i, n in enumerate(definition.notes)
    )
    present = " OR ".join(f"{c} IS NOT NULL" for c in definition.current) or "true"
    months = "12" if granularity == "year" else "1"
    return f"""
        WITH s AS (
            SELECT metric, period_start, dims_key, value, months, origin FROM series
            WHERE granularity = {_quote(granularity)} AND metric IN {_in_list(wanted)}
              AND {keys}
        ),
        p AS (
            SELECT period_start, dims_key, {", ".join(pivots)}, min(months) AS coverage,
                   bool_or(origin = 'carried') AS carried,
                   CAST(period_start + INTERVAL {step} AS DATE) AS next_start,
                   CAST(period_start + INTERVAL 1 YEAR AS DATE) AS next_year
            FROM s GROUP BY period_start, dims_key
        ),
        frame AS (
            SELECT c.period_start, c.dims_key, c.coverage, c.carried, {months} AS period_months,
                   {", ".join(frame_columns)}
            FROM p c
            LEFT JOIN p o ON o.dims_key = c.dims_key AND o.next_start = c.period_start
            LEFT JOIN p y ON y.dims_key = c.dims_key AND y.next_year = c.period_start
        ),
        v AS (
            SELECT *, CAST(({formula}) AS DOUBLE) AS raw_value FROM frame
            WHERE {present}
        ),
        w AS (
            -- IEEE division: x / 0 is inf or NaN in DuckDB; "no data", not a number.
            SELECT * EXCLUDE (raw_value),
                   CASE WHEN isfinite(raw_value) THEN raw_value END AS value
            FROM v
        )
        SELECT *{", " + notes if notes else ""}
        FROM w ORDER BY period_start, dims_key"""


def _keys_filter(
    definition: IndicatorDefinition, by: Sequence[str], filters: Mapping[str, str] | None
) -> tuple[str, list[str]]:
    if filters:
        unknown = set(filters) - set(definition.dims)
        if unknown:
            return "false", []
        return f"dims_key = {_quote(dims_key(filters))}", []
    dims = [d for d in by if d in definition.dims]
    parts = ["dims_key = ''"] + [
        f"(dims_key LIKE {_quote(d + '=%')} AND dims_key NOT LIKE '%;%')" for d in dims
    ]
    return "(" + " OR ".join(parts) + ")", dims


def indicators_compute(
    snapshot: Snapshot | SnapshotPathsLike | Path | str,
    *,
    granularity: str,
    periods: Sequence[dt.date] | None = None,
    by: Sequence[str] = (),
    filters: Mapping[str, str] | None = None,
    indicators: Sequence[str] | None = None,
) -> list[IndicatorResult]:
    """Every indicator (or those named) for every period of ``granularity`` in the snapshot.

    The total always; with ``by`` one value per value of each breakdown the indicator
    declares; with ``filters`` ({"nationality": "AF"}) that breakdown only. One DuckDB query
    per indicator whatever the number of periods."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    unknown_by = set(by) - set(DIMENSIONS)
    if unknown_by:
        raise ValueError(f"unknown breakdowns {sorted(unknown_by)}")
    snap, owned = _opened(snapshot)
    try:
        out: list[IndicatorResult] = []
        definitions_ = indicator_definitions()
        selected = indicators if indicators is not None else list(definitions_)
        wanted_periods = set(periods) if periods is not None else None
        for indicator_id in selected:
            definition = definitions_[indicator_id]
            if granularity not in definition.granularities:
                continue
            keys, _ = _keys_filter(definition, by, filters)
            out.extend(_compute_one(snap, definition, granularity, keys, wanted_periods))
        return out
    finally:
        if owned:
            snap.close()


def _compute_one(
    snap: Snapshot,
    definition: IndicatorDefinition,
    granularity: str,
    keys: str,
    wanted_periods: set[dt.date] | None,
) -> list[IndicatorResult]:
    cursor = snap.con.execute(_query(definition, granularity, keys))
    names = [d[0] for d in cursor.description]
    catalogue = metrics()
    by_column = {_column(m): m for m in catalogue} | {m: m for m in event_measures()}
    results: list[IndicatorResult] = []
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        period_start: dt.date = record["period_start"]
        if wanted_periods is not None and period_start not in wanted_periods:
            continue
        value = _to_decimal(record["value"])
        inputs: dict[str, Any] = {}
        for column in definition.current:
            inputs[by_column[column]] = _plain(record[column])
        for column in definition.opening:
            inputs[f"opening:{by_column[column]}"] = _plain(record[f"open__{column}"])
        for column in definition.previous_year:
            inputs[f"previous_year:{by_column[column]}"] = _plain(record[f"prev_year__{column}"])
        for ref in definition.parameters.values():
            inputs[ref.parameter] = float(ref.value)
        notes = [n.text for i, n in enumerate(definition.notes) if record[f"note_{i}"]]
        if definition.stated is not None and record["stated__value"] is not None:
            inputs[f"stated:{definition.stated.metric}"] = _plain(record["stated__value"])
            if value is not None:
                note = _stated_note(definition, value, record["stated__value"])
                if note:
                    notes.append(note)
        if record["carried"]:
            notes.append(
                "Uses a stock carried forward from its last published count "
                "(e.g. reception capacity, counted at dates, not monthly)."
            )
        coverage = record["coverage"]
        if granularity == "year" and coverage is not None and coverage < 12:
            notes.append(f"Year to date: {coverage} of 12 months.")
        results.append(
            IndicatorResult(
                indicator=definition.id,
                granularity=granularity,
                period_start=period_start,
                dims_key=record["dims_key"],
                value=value,
                unit=definition.unit,
                level=level_of(definition, value, granularity),
                inputs=inputs,
                notes=notes,
            )
        )
    return results
