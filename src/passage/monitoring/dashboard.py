# SPDX-License-Identifier: EUPL-1.2
"""Read helpers for the Early Warning pages and API: indicator definitions as the pages need
them, filters (period, breakdown), the overview rows, number formatting, stakeholder rounding
and the one-sentence summaries. Stored results only: nothing here recomputes an indicator.

The definitions come from ``analytics.indicator_definitions()`` (``definitions/
indicators.yaml``); this module reads them tolerantly (attributes or keys) so a page never
breaks because a definition lacks an optional field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import yaml
from django.core.cache import cache as django_cache
from django.db.models import Count, Q
from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passage.accounts.models import Role
from passage.accounts.predicates import user_role
from passage.monitoring import catalogue, selectors
from passage.monitoring.models import (
    ImportBatch,
    ImportStatus,
    IndicatorValue,
    Level,
    Observation,
    RefreshRun,
    Source,
)

# --- who sees what ---------------------------------------------------------------------------

#: Roles that see every page of the dashboard and may acknowledge alerts.
AUTHORITY_ROLES = frozenset(
    {Role.REGIONAL_OFFICER, Role.IMMIGRATION_OFFICER, Role.ANALYST, Role.ADMINISTRATOR}
)
#: External stakeholders: overview, indicator pages and scoreboard, values rounded.
STAKEHOLDER_ROLES = frozenset({Role.STAKEHOLDER})


def viewer_kind(user: Any) -> str | None:
    """ "authority", "stakeholder", or None (no access: anonymous, employer, no role)."""
    role = user_role(user)
    if role in AUTHORITY_ROLES:
        return "authority"
    if role in STAKEHOLDER_ROLES:
        return "stakeholder"
    return None


def is_administrator(user: Any) -> bool:
    return user_role(user) == Role.ADMINISTRATOR


# --- rounding for stakeholders -----------------------------------------------------------------

PERCENT_UNITS = frozenset({"percent", "%", "pct", "percentage"})
#: Units that are neither counts nor percentages (durations, ratios): one decimal.
MEASURE_UNITS = frozenset(
    {"months", "month", "weeks", "week", "days", "day", "years", "year", "ratio", "index"}
)
#: Used when definitions/indicators.yaml has no ``stakeholder_rounding``: counts to the nearest
#: 10 and percentages (and durations, ratios) to one decimal. Aggregates only, never a count
#: small enough to point at a person.
STAKEHOLDER_ROUNDING_DEFAULT: Mapping[str, Decimal] = {
    "count": Decimal(10),
    "percent": Decimal("0.1"),
    "measure": Decimal("0.1"),
}


def unit_kind(unit: str) -> str:
    u = (unit or "").strip().lower()
    if u in PERCENT_UNITS:
        return "percent"
    if u in MEASURE_UNITS:
        return "measure"
    return "count"


@cache
def stakeholder_rounding() -> dict[str, Decimal]:
    """Step per unit name or unit kind ("count", "percent", "measure"), from
    ``indicators.yaml: stakeholder_rounding`` when present, else the default above. Read as
    groups: ``{counts: {nearest: 10, units: [persons, ...]}, percentages: {decimals: 1,
    units: [percent]}, other: {decimals: 1}}``; a plain ``{count: 10}`` works too."""
    steps = dict(STAKEHOLDER_ROUNDING_DEFAULT)
    path = catalogue.DEFINITIONS / "indicators.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return steps
    spec = raw.get("stakeholder_rounding") if isinstance(raw, Mapping) else None
    if not isinstance(spec, Mapping):
        return steps
    kinds = {"counts": "count", "percentages": "percent", "other": "measure"}
    for key, value in spec.items():
        step = _step_from(value)
        if step is None:
            continue
        name = str(key).lower()
        steps[kinds.get(name, name)] = step
        if isinstance(value, Mapping):
            for unit in value.get("units") or []:
                steps[str(unit).lower()] = step
    return steps


def _step_from(value: Any) -> Decimal | None:
    if isinstance(value, Mapping):
        if "decimals" in value:
            return Decimal(1).scaleb(-int(value["decimals"]))
        if "nearest" in value or "step" in value:
            return Decimal(str(value.get("nearest", value.get("step"))))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        step = Decimal(str(value))
    except ArithmeticError:
        return None
    return step if step > 0 else None


def round_for_stakeholder(value: Decimal | float | None, unit: str) -> Decimal | None:
    """The value as external stakeholders see it: ``analytics.stakeholder_rounding()`` (the
    YAML's rule) when available, else the named default above."""
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rule = _analytics_rounding()
    if rule is not None:
        return rule.round(number, unit)  # type: ignore[no-any-return]
    steps = stakeholder_rounding()
    step = steps.get((unit or "").lower()) or steps.get(unit_kind(unit)) or steps["count"]
    rounded = (number / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    # 94.3 stays 94.3 (not 94.30), 12 483 becomes 12480 (not 1.248E+4)
    return rounded.quantize(step) if step < 1 else rounded.quantize(Decimal(1))


@cache
def _analytics_rounding() -> Any:
    try:
        from passage.monitoring import analytics

        return analytics.stakeholder_rounding()
    except (ImportError, AttributeError, KeyError, TypeError, OSError):
        return None


# --- definitions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    label: str
    definition: str = ""
    formula: str = ""
    unit: str = ""
    direction: str = "up"  # "up": higher is worse; "down": lower is worse
    source: str = ""
    catalogue: tuple[str, ...] = ()
    # level -> threshold, e.g. {"amber": 90, "red": 94}
    thresholds: dict[str, Decimal] = field(default_factory=dict)
    # granularity -> thresholds, where a count scales with the period length
    thresholds_by_granularity: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    dims: tuple[str, ...] = ()
    forecast_series: tuple[str, ...] = ()
    order: int = 0

    def for_granularity(self, granularity: str) -> IndicatorInfo:
        """This definition with the thresholds that apply to ``granularity``."""
        if granularity not in self.thresholds_by_granularity:
            return self
        return replace(self, thresholds=self.thresholds_by_granularity[granularity])


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _direction(raw: Any) -> str:
    """ "up" (a higher value is worse: up_is_worse) or "down" (down_is_worse)."""
    text = str(raw or "up").strip().lower()
    down = {"decrease", "lower_is_worse", "higher_is_better", "below", "low"}
    return "down" if text in down or text.startswith("down") else "up"


def _thresholds(raw: Any) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    items: Iterable[tuple[Any, Any]]
    if isinstance(raw, Mapping):
        items = raw.items()
    elif isinstance(raw, list | tuple):
        items = [(_get(t, "level"), _get(t, "value", _get(t, "threshold"))) for t in raw]
    else:
        items = [(level, _get(raw, level)) for level in ("amber", "red")]
    for level, value in items:
        if str(level) not in ("amber", "red"):
            continue
        if isinstance(value, Mapping):  # {"value": 90}; {"parameter": ..} unresolved: skipped
            value = next((value[k] for k in ("value", "min", "max", "at") if k in value), None)
        elif value is not None and not isinstance(value, int | float | str | Decimal):
            value = getattr(value, "value", None)
        if value is None or isinstance(value, bool):
            continue
        try:
            out[str(level)] = Decimal(str(value))
        except ArithmeticError:
            continue
    return out


def _tuple(raw: Any) -> tuple[str, ...]:
    if raw is None or raw == "":
        return ()
    if isinstance(raw, str):
        return (raw,)
    return tuple(str(x) for x in raw)


def _info(indicator_id: str, raw: Any, order: int) -> IndicatorInfo:
    forecast = _get(raw, "forecast_series", _get(raw, "forecast"))
    if isinstance(forecast, Mapping):
        forecast = forecast.get("series")
    if forecast is True:
        forecast = indicator_id
    return IndicatorInfo(
        id=indicator_id,
        label=str(_get(raw, "label", "") or _get(raw, "name", "") or indicator_id),
        definition=str(_get(raw, "definition", "") or _get(raw, "description", "") or ""),
        formula=str(_get(raw, "formula", "") or ""),
        unit=str(_get(raw, "unit", "") or ""),
        direction=_direction(_get(raw, "direction")),
        source=str(_get(raw, "source", "") or ""),
        catalogue=_tuple(_get(raw, "catalogue", _get(raw, "catalogue_ids"))),
        thresholds=_thresholds(_get(raw, "thresholds")),
        thresholds_by_granularity={
            str(g): _thresholds(t)
            for g, t in (_get(raw, "thresholds_by_granularity") or {}).items()
        },
        dims=_tuple(_get(raw, "dims")),
        forecast_series=_tuple(forecast),
        order=order,
    )


def indicator_infos() -> dict[str, IndicatorInfo]:
    """Every indicator definition by id, in the order of the YAML; {} if none are declared.
    Read once per process: the definitions ship with the code."""
    return dict(_indicator_infos())


@cache
def _indicator_infos() -> dict[str, IndicatorInfo]:
    raw: Any = None
    try:
        from passage.monitoring import analytics

        raw = analytics.indicator_definitions()
    except (ImportError, AttributeError, KeyError, ValueError):
        raw = None
    if raw is None:
        path = catalogue.DEFINITIONS / "indicators.yaml"
        if path.exists():
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            raw = loaded.get("indicators", {}) if isinstance(loaded, Mapping) else {}
    out: dict[str, IndicatorInfo] = {}
    if isinstance(raw, Mapping):
        for order, (key, spec) in enumerate(raw.items()):
            out[str(key)] = _info(str(key), spec, order)
    elif isinstance(raw, list | tuple):
        for order, spec in enumerate(raw):
            key = str(_get(spec, "id"))
            out[key] = _info(key, spec, order)
    return out


def info_for(
    indicator_id: str, infos: Mapping[str, IndicatorInfo], unit: str = ""
) -> IndicatorInfo:
    return infos.get(indicator_id) or IndicatorInfo(id=indicator_id, label=indicator_id, unit=unit)


# --- periods and filters ----------------------------------------------------------------------

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    granularity: str  # "month" | "year"
    start: dt.date

    @property
    def code(self) -> str:
        if self.granularity == "year":
            return f"{self.start.year:04d}"
        return f"{self.start.year:04d}-{self.start.month:02d}"

    def previous(self) -> Period:
        if self.granularity == "year":
            return Period("year", self.start.replace(year=self.start.year - 1))
        prev = (self.start.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return Period("month", prev)

    def label(self) -> str:
        if self.granularity == "year":
            return str(self.start.year)
        return dateformat.format(self.start, "F Y")

    def short_label(self) -> str:
        """February (same year as the next) or the full label."""
        if self.granularity == "year":
            return str(self.start.year)
        return dateformat.format(self.start, "F")


def period_parse(text: str) -> Period:
    """``YYYY-MM`` → a month, ``YYYY`` → a year. Raises PeriodError with the reason."""
    match = _PERIOD.match((text or "").strip())
    if not match:
        raise PeriodError(_("must be a month (YYYY-MM) or a year (YYYY)"))
    year = int(match["year"])
    if not 1900 <= year <= 2200:
        raise PeriodError(_("the year must be between 1900 and 2200"))
    if match["month"] is None:
        return Period("year", dt.date(year, 1, 1))
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise PeriodError(_("the month must be from 01 to 12"))
    return Period("month", dt.date(year, month, 1))


def period_of(granularity: str, start: dt.date) -> Period:
    return Period(granularity, start)


#: The breakdowns offered as filters, in the order shown.
FILTER_DIMENSIONS = ("region", "operator", "nationality")


@dataclass(frozen=True)
class RunOptions:
    """What the filters can offer for one run (cached per run: it never changes)."""

    months: tuple[dt.date, ...]
    years: tuple[dt.date, ...]
    # dimension -> sorted values seen in this run's breakdowns
    dims: dict[str, tuple[str, ...]]
    dims_keys: frozenset[str]
    synthetic: bool
    # The newest month with values for as many indicators as any month (the default view:
    # the newest month often has only the event-derived indicators yet).
    best_month: dt.date | None = None


def run_options(run: RefreshRun) -> RunOptions:
    key = f"monitoring:run-options:{run.pk}"
    cached = django_cache.get(key)
    if isinstance(cached, RunOptions):
        return cached
    months = tuple(selectors.periods(run, "month"))
    years = tuple(selectors.periods(run, "year"))
    keys = set(selectors.dims_keys(run, "month")) | set(selectors.dims_keys(run, "year"))
    values: dict[str, set[str]] = {name: set() for name in FILTER_DIMENSIONS}
    for k in keys:
        for name, value in catalogue.dims_parse(k).items():
            if name in values:
                values[name].add(value)
    options = RunOptions(
        months=months,
        years=years,
        dims={name: tuple(sorted(v)) for name, v in values.items()},
        dims_keys=frozenset(keys),
        synthetic=run_is_synthetic(run),
        best_month=_best_month(run),
    )
    django_cache.set(key, options, 3600)
    return options


def run_is_synthetic(run: RefreshRun) -> bool:
    """True when synthetic (demo) figures were among the run's inputs: a synthetic batch
    imported before the run finished. ``timings["sources"]`` wins when the refresh records it."""
    sources = (run.timings or {}).get("sources") if isinstance(run.timings, dict) else None
    if isinstance(sources, list | tuple):
        return Source.SYNTHETIC in sources
    until = run.finished_at or run.started_at
    q = Q(source=Source.SYNTHETIC, status=ImportStatus.IMPORTED)
    if until is not None:
        q &= Q(imported_at__lte=until)
    return ImportBatch.objects.filter(q).exists()


def _best_month(run: RefreshRun) -> dt.date | None:
    counts = (
        IndicatorValue.objects.filter(
            run=run, granularity="month", dims_key="", value__isnull=False
        )
        .values("period_start")
        .annotate(n=Count("id"))
        .order_by("-n", "-period_start")
        .values_list("period_start", flat=True)[:1]
    )
    return next(iter(counts), None)


def default_period(options: RunOptions) -> Period | None:
    if options.best_month is not None:
        return Period("month", options.best_month)
    if options.months:
        return Period("month", options.months[0])
    if options.years:
        return Period("year", options.years[0])
    return None


# --- formatting -------------------------------------------------------------------------------

LEVEL_WORDS: dict[str, Any] = {
    Level.GREEN.value: gettext_lazy("normal"),
    Level.AMBER.value: gettext_lazy("under pressure"),
    Level.RED.value: gettext_lazy("critical"),
    Level.UNKNOWN.value: gettext_lazy("no data"),
}
#: A shape per level, so the level never rests on colour alone (also in the charts).
LEVEL_ICONS: dict[str, str] = {
    Level.GREEN.value: "●",
    Level.AMBER.value: "▲",
    Level.RED.value: "◆",
    Level.UNKNOWN.value: "○",
}
LEVEL_SHAPES: dict[str, str] = {
    Level.GREEN.value: "circle",
    Level.AMBER.value: "triangle-up",
    Level.RED.value: "diamond",
    Level.UNKNOWN.value: "circle",
}
LEVEL_COLOURS: dict[str, str] = {
    Level.GREEN.value: "#0b5a2a",
    Level.AMBER.value: "#8a5a00",
    Level.RED.value: "#a31919",
    Level.UNKNOWN.value: "#6f6f6f",
}

UNIT_LABELS = {
    "percent": "%",
    "%": "%",
    "persons": gettext_lazy("persons"),
    "places": gettext_lazy("places"),
    "dossiers": gettext_lazy("dossiers"),
    "decisions": gettext_lazy("decisions"),
    "applications": gettext_lazy("applications"),
    "months": gettext_lazy("months"),
    "weeks": gettext_lazy("weeks"),
    "days": gettext_lazy("days"),
    "cases": gettext_lazy("cases"),
    "returns": gettext_lazy("returns"),
    # A ratio (workload / capacity) reads best as a bare number: 3.5.
    "ratio": "",
}


def source_label(source: str) -> str:
    try:
        return str(Source(source).label)
    except ValueError:
        return source


def unit_label(unit: str) -> str:
    label = UNIT_LABELS.get(unit, unit)
    return "" if label == "" else str(label)


def decimals_for(unit: str, value: Decimal) -> int:
    """Counts as whole numbers (a forecast of 501.2 persons reads 501), the rest to one
    decimal; a ratio to two (3.45 times the standard capacity)."""
    kind = unit_kind(unit)
    if kind == "count":
        return 0
    if (unit or "").lower() == "ratio":
        return 2
    return 1


def number_text(value: Decimal | None, unit: str) -> str:
    """Localised number: '94.3', '12,480' (en), '12.480' (nl)."""
    if value is None:
        return "—"
    return str(
        formats.number_format(value, decimals_for(unit, value), use_l10n=True, force_grouping=True)
    )


def value_text(value: Decimal | None, unit: str) -> str:
    """'94.3 %', '12,480 persons'."""
    if value is None:
        return _("no data")
    label = unit_label(unit)
    return f"{number_text(value, unit)}\u00a0{label}" if label else number_text(value, unit)


def change_text(current: Decimal | None, previous: Decimal | None, unit: str) -> str:
    if current is None or previous is None:
        return ""
    diff = current - previous
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    magnitude = number_text(abs(diff), unit)
    if unit_kind(unit) == "percent":
        return _("%(sign)s%(diff)s points") % {"sign": sign, "diff": magnitude}
    if previous:
        rel = abs(diff) / abs(previous) * 100
        rel_text = formats.number_format(rel, 1, use_l10n=True)
        return f"{sign}{magnitude} ({sign}{rel_text}\u00a0%)"
    return f"{sign}{magnitude}"


def threshold_value_text(value: Decimal, unit: str) -> str:
    """A threshold as declared: 94 %, 0.5 points, 6 500 dossiers (no padding decimals)."""
    number = value.normalize()
    places = max(0, -int(number.as_tuple().exponent))
    text = formats.number_format(number, places, use_l10n=True, force_grouping=True)
    label = unit_label(unit)
    return f"{text}\u00a0{label}" if label else str(text)


def threshold_rule(info: IndicatorInfo, level: str) -> str:
    """'≥ 94 %' for a level with a threshold; '< 90 %' for green; '' otherwise."""
    op_worse = "≥" if info.direction == "up" else "≤"
    op_better = "<" if info.direction == "up" else ">"
    if level in info.thresholds:
        return f"{op_worse} {threshold_value_text(info.thresholds[level], info.unit)}"
    if level == Level.GREEN.value and info.thresholds:
        first = info.thresholds.get("amber", info.thresholds.get("red"))
        if first is not None:
            return f"{op_better} {threshold_value_text(first, info.unit)}"
    return ""


def note_texts(notes: Any) -> list[str]:
    """Data-quality notes as sentences, whatever their stored shape (text or mapping)."""
    out: list[str] = []
    for note in notes or []:
        if isinstance(note, Mapping):
            text = str(note.get("message") or note.get("text") or note.get("note") or "")
            code = note.get("code") or note.get("check")
            if code and str(code) not in text:
                text = f"{text} — {code}" if text else str(code)
            if text:
                out.append(text)
        elif note:
            out.append(str(note))
    return out


# --- the overview -----------------------------------------------------------------------------


@dataclass
class OverviewRow:
    info: IndicatorInfo
    value: Decimal | None
    unit: str
    level: str
    previous: Decimal | None
    notes: list[str]
    rounded: bool

    @property
    def level_word(self) -> str:
        return str(LEVEL_WORDS.get(self.level, self.level))

    @property
    def level_icon(self) -> str:
        return LEVEL_ICONS.get(self.level, "○")

    @property
    def value_text(self) -> str:
        return value_text(self.value, self.unit)

    @property
    def change_text(self) -> str:
        return change_text(self.value, self.previous, self.unit)

    @property
    def threshold_text(self) -> str:
        return threshold_rule(self.info, self.level)

    @property
    def source_text(self) -> str:
        return source_label(self.info.source)


def visible_value(value: Decimal | None, unit: str, *, rounded: bool) -> Decimal | None:
    return round_for_stakeholder(value, unit) if rounded else value


def overview_rows(
    run: RefreshRun, period: Period, dims_key: str, *, rounded: bool
) -> list[OverviewRow]:
    """Every indicator of ``run`` for ``period`` and breakdown, with the previous period's
    value: one query."""
    prev = period.previous()
    values = IndicatorValue.objects.filter(
        run=run,
        granularity=period.granularity,
        dims_key=dims_key,
        period_start__in=[period.start, prev.start],
    ).only("indicator", "period_start", "value", "unit", "level", "notes")
    current: dict[str, IndicatorValue] = {}
    previous: dict[str, IndicatorValue] = {}
    for v in values:
        (current if v.period_start == period.start else previous)[v.indicator] = v
    infos = indicator_infos()
    ids = sorted(current, key=lambda i: (infos[i].order if i in infos else 10_000, i))
    rows = []
    for indicator_id in ids:
        v = current[indicator_id]
        p = previous.get(indicator_id)
        rows.append(
            OverviewRow(
                info=info_for(indicator_id, infos, v.unit).for_granularity(period.granularity),
                value=visible_value(v.value, v.unit, rounded=rounded),
                unit=v.unit,
                level=v.level,
                previous=visible_value(p.value, p.unit, rounded=rounded) if p else None,
                notes=note_texts(v.notes),
                rounded=rounded,
            )
        )
    return rows


# --- summaries --------------------------------------------------------------------------------


def summary_sentence(
    info: IndicatorInfo,
    current: tuple[Period, Decimal | None, str] | None,
    previous: tuple[Period, Decimal | None] | None,
    unit: str,
) -> str:
    """'Occupancy was 94.3 % in March 2026, up 2.2 points on February 2026; level critical
    (≥ 94 %).' computed from the data shown."""
    if current is None or current[1] is None:
        return _("%(label)s: no value for this period.") % {"label": info.label}
    period, value, level = current
    parts = _("%(label)s was %(value)s in %(period)s") % {
        "label": info.label,
        "value": value_text(value, unit),
        "period": period.label(),
    }
    if value is not None and previous is not None and previous[1] is not None:
        diff = value - previous[1]
        if unit_kind(unit) == "percent":
            amount = _("%(diff)s points") % {"diff": number_text(abs(diff), unit)}
        else:
            amount = number_text(abs(diff), unit)
        if diff > 0:
            parts += ", " + _("up %(amount)s on %(period)s") % {
                "amount": amount,
                "period": previous[0].label(),
            }
        elif diff < 0:
            parts += ", " + _("down %(amount)s on %(period)s") % {
                "amount": amount,
                "period": previous[0].label(),
            }
        else:
            parts += ", " + _("unchanged on %(period)s") % {"period": previous[0].label()}
    word = str(LEVEL_WORDS.get(level, level))
    rule = threshold_rule(info, level)
    level_part = _("level %(level)s") % {"level": word}
    if rule:
        level_part += f" ({rule})"
    return f"{parts}; {level_part}."


# --- forecast series (metrics of metrics.yaml) ---------------------------------------------


def series_info(series: str) -> IndicatorInfo | None:
    """A forecast series (a metric id, e.g. ``ip.applications``) described like an indicator:
    label, unit, source and catalogue ids; no thresholds."""
    metric = catalogue.metrics().get(series)
    if metric is None:
        return None
    return IndicatorInfo(
        id=series,
        label=metric.label,
        definition=metric.label,
        unit=metric.unit,
        source=metric.source,
        catalogue=metric.catalogue,
        dims=metric.dims,
    )


def series_history(
    run: RefreshRun, series: str, dims_key: str = ""
) -> list[tuple[dt.date, Decimal]]:
    """The monthly values of a metric, oldest first: the history a forecast continues. As the
    run's indicators read them (their ``inputs``: published and event-derived months alike),
    with the current published monthly observations filling months no indicator read."""
    rows = (
        IndicatorValue.objects.filter(
            run=run, granularity="month", dims_key=dims_key, inputs__has_key=series
        )
        .order_by("period_start")
        .values_list("period_start", "inputs")
    )
    out: dict[dt.date, Decimal] = {}
    for start, inputs in rows:
        raw = inputs.get(series) if isinstance(inputs, Mapping) else None
        if start not in out and isinstance(raw, int | float) and not isinstance(raw, bool):
            out[start] = Decimal(str(raw))
    published = Observation.objects.filter(
        metric=series, granularity="month", dims_key=dims_key, superseded_at__isnull=True
    ).values_list("period_start", "value")
    for start, value in published:
        out.setdefault(start, value)
    return sorted(out.items())


def backtest_baseline(backtest: Mapping[str, Any] | None) -> str:
    return str((backtest or {}).get("baseline") or "SeasonalNaive")


def model_beats_baseline(model: str, backtest: Mapping[str, Any] | None) -> bool:
    return bool(model) and model != backtest_baseline(backtest)
