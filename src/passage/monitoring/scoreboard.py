# SPDX-License-Identifier: EUPL-1.2
"""The yearly Annual Migration Management Cycle scoreboard (issue #5, Scoreboard; SYS-46).

Each target of ``definitions/scoreboard.yaml`` with its baseline, the value for the year, the
previous year's value, the change, a trend word and a status; exported as CSV and PDF.
Yearly values come from the refresh run's year-granularity indicator values (stored results,
never recomputed here) or, for a measure no indicator covers, from the current published
observation of a metric. Targets known only from the unverified secondary source (001,
F-SEC-04) say so on every export."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.template.loader import render_to_string
from django.utils import timezone

from passage.monitoring import selectors
from passage.monitoring.alerts import change_text, value_text
from passage.monitoring.models import Granularity, IndicatorValue, Observation, RefreshRun
from passage.web import csvsafe

TARGETS_FILE = Path(__file__).parent / "definitions" / "scoreboard.yaml"

DIRECTIONS = {"below": "<", "at_most": "≤", "at_least": "≥", "above": ">"}
VERIFICATIONS = ("verified", "unverified", "assumption")

STATUS_MET = "met"
STATUS_ON_TRACK = "on track"
STATUS_OFF_TRACK = "off track"
STATUS_NO_DATA = "no data"

TREND_RISING = "rising"
TREND_FALLING = "falling"
TREND_STABLE = "stable"
TREND_NO_DATA = "no data"
# Named choice: a change within 1 % of the previous year's value is "stable", so rounding in
# a published figure does not read as a movement.
STABLE_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Target:
    id: str
    label: str
    indicator: str  # "" when measured by a metric
    metric: str  # "" when measured by an indicator
    breakdowns: tuple[str, ...]
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    baseline_citation: str
    value: Decimal
    direction: str
    deadline: dt.date | None
    citation: str
    verification: str
    note: str = ""

    @property
    def measure(self) -> str:
        return self.indicator or self.metric

    def reached_by(self, value: Decimal) -> bool:
        if self.direction == "below":
            return value < self.value
        if self.direction == "at_most":
            return value <= self.value
        if self.direction == "at_least":
            return value >= self.value
        return value > self.value

    @property
    def wants_higher(self) -> bool:
        return self.direction in ("at_least", "above")

    def __str__(self) -> str:
        text = f"{DIRECTIONS[self.direction]} {value_text(self.value, self.unit)}"
        if self.deadline is not None:
            text += f" by {self.deadline:%d %B %Y}".replace(" 0", " ")
        return text


def _decimal(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def targets_load(path: Path = TARGETS_FILE) -> list[Target]:
    """The targets of ``scoreboard.yaml``, checked; ValueError names the target and field."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[Target] = []
    seen: set[str] = set()
    for spec in raw["targets"]:
        target_id = spec.get("id", "?")
        if target_id in seen:
            raise ValueError(f"scoreboard.yaml: duplicate target {target_id}")
        seen.add(target_id)
        measure = spec.get("measure") or {}
        if bool(measure.get("indicator")) == bool(measure.get("metric")):
            raise ValueError(f"scoreboard.yaml: {target_id}: measure needs indicator or metric")
        goal = spec.get("target") or {}
        if goal.get("direction") not in DIRECTIONS or goal.get("value") is None:
            raise ValueError(f"scoreboard.yaml: {target_id}: target needs value and direction")
        source = spec.get("source") or {}
        if source.get("verification") not in VERIFICATIONS:
            raise ValueError(f"scoreboard.yaml: {target_id}: source.verification")
        baseline = spec.get("baseline") or {}
        deadline = goal.get("deadline")
        out.append(
            Target(
                id=target_id,
                label=spec["label"],
                indicator=str(measure.get("indicator") or ""),
                metric=str(measure.get("metric") or ""),
                breakdowns=tuple(measure.get("breakdowns") or ()),
                unit=spec["unit"],
                baseline_year=baseline.get("year"),
                baseline_value=_decimal(baseline.get("value")),
                baseline_citation=str(baseline.get("citation") or ""),
                value=Decimal(str(goal["value"])),
                direction=goal["direction"],
                deadline=dt.date.fromisoformat(str(deadline)) if deadline else None,
                citation=str(source.get("citation") or ""),
                verification=source["verification"],
                note=str(spec.get("note") or ""),
            )
        )
    return out


@cache
def targets() -> tuple[Target, ...]:
    return tuple(targets_load())


@dataclass(frozen=True)
class ScoreboardRow:
    target: Target
    current: Decimal | None
    previous: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    trend: str
    status: str
    # Why the status is what it is, in a sentence (shown in the CSV and the PDF).
    status_reason: str

    # The names the dashboard's scoreboard page reads (views._scoreboard_rows).
    @property
    def label(self) -> str:
        return self.target.label

    @property
    def indicator(self) -> str:
        return self.target.measure

    @property
    def unit(self) -> str:
        return self.target.unit

    @property
    def baseline(self) -> Decimal | None:
        return self.target.baseline_value

    @property
    def citation(self) -> str:
        text = self.target.citation
        if self.target.verification == "unverified":
            text += " — UNVERIFIED"
        return text

    @property
    def status_label(self) -> str:
        return self.status


@dataclass(frozen=True)
class Scoreboard:
    year: int
    run_id: int | None
    generated_at: dt.datetime
    rows: list[ScoreboardRow] = field(default_factory=list)
    # The run read synthetic (demo) figures: every export says so.
    synthetic: bool = False

    @property
    def unverified(self) -> list[Target]:
        return [row.target for row in self.rows if row.target.verification == "unverified"]


# ---------------------------------------------------------------------------------------------
# Yearly values


def _indicator_value(run: RefreshRun | None, indicator: str, year: int) -> Decimal | None:
    if run is None:
        return None
    value = (
        IndicatorValue.objects.filter(
            run=run,
            indicator=indicator,
            granularity=Granularity.YEAR,
            period_start=dt.date(year, 1, 1),
            dims_key="",
        )
        .values_list("value", flat=True)
        .first()
    )
    return value


def _observation_value(metric: str, year: int, dims_key: str) -> Decimal | None:
    current = Observation.objects.filter(
        metric=metric,
        dims_key=dims_key,
        superseded_at__isnull=True,
        period_start__gte=dt.date(year, 1, 1),
        period_start__lte=dt.date(year, 12, 31),
    )
    yearly = current.filter(granularity=Granularity.YEAR).values_list("value", flat=True).first()
    if yearly is not None:
        return yearly
    # A stock counted on days (capacity on 1 January and 31 December): the year's last count.
    return (
        current.filter(granularity=Granularity.INSTANT)
        .order_by("-period_start")
        .values_list("value", flat=True)
        .first()
    )


def _metric_value(target: Target, year: int) -> Decimal | None:
    total = _observation_value(target.metric, year, "")
    if total is not None or not target.breakdowns:
        return total
    parts = [_observation_value(target.metric, year, key) for key in target.breakdowns]
    # A sum with a part missing would understate the year: no data instead.
    if any(part is None for part in parts):
        return None
    return sum((part for part in parts if part is not None), Decimal(0))


def _year_value(target: Target, run: RefreshRun | None, year: int) -> Decimal | None:
    if target.indicator:
        return _indicator_value(run, target.indicator, year)
    return _metric_value(target, year)


# ---------------------------------------------------------------------------------------------
# Trend and status


def trend_word(current: Decimal | None, previous: Decimal | None) -> str:
    if current is None or previous is None:
        return TREND_NO_DATA
    change = current - previous
    if abs(change) <= abs(previous) * STABLE_TOLERANCE:
        return TREND_STABLE
    return TREND_RISING if change > 0 else TREND_FALLING


def target_status(
    target: Target, year: int, current: Decimal | None, previous: Decimal | None
) -> tuple[str, str]:
    """(status, reason) of ``target`` for ``year``.

    - no data:   no value for the year, or not met and no earlier value to measure progress
                 against (a status that cannot be shown is not guessed).
    - met:       the year's value satisfies the target (its direction, e.g. below 56 days).
    - off track: not met and the deadline has passed by the end of the year; or the value
                 moved away from the target (or not at all) since the reference; or, at the
                 pace since the reference, it would still miss the target at the deadline.
    - on track:  not met but moving towards it, at a pace that reaches it by the deadline
                 (any pace when the target has no deadline).
    The reference is the previous year's value, else the baseline when it is from an earlier
    year; the pace is the change per year since the reference, projected linearly."""
    if current is None:
        return STATUS_NO_DATA, f"no value for {year}"
    if target.reached_by(current):
        return STATUS_MET, f"{value_text(current, target.unit)} meets {target}"
    year_end = dt.date(year, 12, 31)
    if target.deadline is not None and target.deadline <= year_end:
        return STATUS_OFF_TRACK, f"not met by the deadline {target.deadline.isoformat()}"
    if previous is not None:
        reference, reference_year = previous, year - 1
    elif (
        target.baseline_value is not None
        and target.baseline_year is not None
        and target.baseline_year < year
    ):
        reference, reference_year = target.baseline_value, target.baseline_year
    else:
        return STATUS_NO_DATA, "not met; no earlier value to measure progress against"
    pace = (current - reference) / (year - reference_year)
    towards = pace > 0 if target.wants_higher else pace < 0
    if not towards:
        return STATUS_OFF_TRACK, f"not met and not moving towards {target} since {reference_year}"
    if target.deadline is None:
        return STATUS_ON_TRACK, f"moving towards {target} since {reference_year}"
    years_left = Decimal((target.deadline - year_end).days) / Decimal("365.25")
    projected = current + pace * years_left
    if target.reached_by(projected):
        return STATUS_ON_TRACK, f"at the pace since {reference_year}, met by the deadline"
    return STATUS_OFF_TRACK, f"at the pace since {reference_year}, still missed at the deadline"


def scoreboard_build(
    year: int,
    *,
    run: RefreshRun | None = None,
    generated_at: dt.datetime | None = None,
    target_list: list[Target] | tuple[Target, ...] | None = None,
) -> Scoreboard:
    """The scoreboard for ``year`` from ``run`` (default: the latest successful refresh)."""
    if run is None:
        run = selectors.run_latest()
    rows: list[ScoreboardRow] = []
    for target in targets() if target_list is None else target_list:
        current = _year_value(target, run, year)
        previous = _year_value(target, run, year - 1)
        change = current - previous if current is not None and previous is not None else None
        change_percent = change / abs(previous) * 100 if change is not None and previous else None
        status, reason = target_status(target, year, current, previous)
        rows.append(
            ScoreboardRow(
                target=target,
                current=current,
                previous=previous,
                change=change,
                change_percent=change_percent,
                trend=trend_word(current, previous),
                status=status,
                status_reason=reason,
            )
        )
    from passage.monitoring.dashboard import run_is_synthetic

    return Scoreboard(
        year=year,
        run_id=run.pk if run is not None else None,
        generated_at=generated_at or timezone.now(),
        rows=rows,
        synthetic=run is not None and run_is_synthetic(run),
    )


# ---------------------------------------------------------------------------------------------
# Exports

CSV_COLUMNS = (
    "target_id",
    "label",
    "measure",
    "unit",
    "baseline_year",
    "baseline_value",
    "baseline_citation",
    "target_direction",
    "target_value",
    "target_deadline",
    "year",
    "value",
    "previous_year_value",
    "change",
    "change_percent",
    "trend",
    "status",
    "status_reason",
    "source_citation",
    "verification",
)


def _plain(value: Decimal | int | None, *, places: int | None = None) -> str:
    # Machine-readable: a dot, no grouping, no exponent, no trailing zeros.
    if value is None:
        return ""
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    text = format(number.normalize(), "f")
    return text


def scoreboard_csv(sb: Scoreboard) -> str:
    """One row per target under a header; UTF-8 text (the caller encodes it)."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in sb.rows:
        t = row.target
        writer.writerow(
            [
                t.id,
                t.label,
                t.measure,
                t.unit,
                t.baseline_year or "",
                _plain(t.baseline_value),
                t.baseline_citation,
                t.direction,
                _plain(t.value),
                t.deadline.isoformat() if t.deadline else "",
                sb.year,
                _plain(row.current),
                _plain(row.previous),
                _plain(row.change),
                _plain(row.change_percent, places=1),
                row.trend,
                row.status,
                row.status_reason,
                t.citation,
                t.verification,
            ]
        )
    return buffer.getvalue()


def _shown(value: Decimal | None, unit: str) -> str:
    return "—" if value is None else value_text(value, unit)


def _change_shown(row: ScoreboardRow) -> str:
    if row.current is None or row.previous is None:
        return "no data"
    return change_text(row.previous, row.current, row.target.unit)


def scoreboard_context(sb: Scoreboard, *, generated_at: dt.datetime) -> dict[str, Any]:
    rows = [
        {
            "id": row.target.id,
            "label": row.target.label,
            "unverified": row.target.verification == "unverified",
            "verification": row.target.verification,
            "baseline": _shown(row.target.baseline_value, row.target.unit),
            "baseline_year": row.target.baseline_year or "",
            "target": str(row.target),
            "previous": _shown(row.previous, row.target.unit),
            "current": _shown(row.current, row.target.unit),
            "change": _change_shown(row),
            "trend": row.trend,
            "status": row.status,
            "status_reason": row.status_reason,
            "citation": row.target.citation,
        }
        for row in sb.rows
    ]
    notes = [
        {"label": row.target.label, "citation": row.target.citation, "note": row.target.note}
        for row in sb.rows
        if row.target.note
    ]
    return {
        "title": f"Annual Migration Management Cycle scoreboard {sb.year}",
        "year": sb.year,
        "previous_year": sb.year - 1,
        "run_id": sb.run_id,
        "generated_at": f"{generated_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "rows": rows,
        "notes": notes,
        "any_unverified": any(row["unverified"] for row in rows),
        "synthetic": sb.synthetic,
    }


def scoreboard_html(sb: Scoreboard, *, generated_at: dt.datetime | None = None) -> str:
    """The HTML the PDF is printed from (self-contained: inline CSS, system fonts)."""
    return render_to_string(
        "monitoring/scoreboard_pdf.html",
        scoreboard_context(sb, generated_at=generated_at or sb.generated_at),
    )


def _refuse_fetch() -> Any:
    # Imported late: WeasyPrint loads Pango and fonts, which only the PDF export needs.
    from weasyprint.urls import URLFetcher

    class NoNetworkFetcher(URLFetcher):  # type: ignore[misc]
        """Refuses every URL: the template is self-contained, and a PDF export must never
        reach out to the network (or the file system) on a crafted label's behalf."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"external resources are refused in scoreboard PDFs: {url}")

    return NoNetworkFetcher()


def scoreboard_pdf(sb: Scoreboard, *, generated_at: dt.datetime | None = None) -> bytes:
    """The scoreboard as a PDF (WeasyPrint), nothing fetched from outside."""
    from weasyprint import HTML

    html = scoreboard_html(sb, generated_at=generated_at)
    pdf = HTML(string=html, base_url=None, url_fetcher=_refuse_fetch()).write_pdf()
    assert pdf is not None  # write_pdf() without a target returns the bytes
    return bytes(pdf)
