# SPDX-License-Identifier: EUPL-1.2
"""`passage monitor refresh` and `passage monitor status` (see cli.py).

Module-level imports stay light (typer only) so `passage --help` does not load Django,
DuckDB or rich; each command imports what it needs after ``_django_setup()``."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import typer

from passage.monitoring.cli import monitor_app

if TYPE_CHECKING:
    from passage.monitoring.models import IndicatorValue, RefreshRun

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
# Never colour alone: the level is a word, the colour only repeats it.
_LEVEL_STYLE = {"green": "green", "amber": "yellow", "red": "bold red", "unknown": "dim"}


def _django_setup() -> None:
    from passage.cli import _django_setup as setup

    setup()


@monitor_app.command("refresh")
def refresh(
    forecasts: bool = typer.Option(True, "--forecasts/--no-forecasts", help="Fit the forecasts."),
) -> None:
    """Snapshot the figures, recompute every indicator and forecast, evaluate the alerts."""
    _django_setup()
    from passage.monitoring.refresh import refresh_run

    if sys.stdout.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("{task.description:<12}"), BarColumn(), TimeElapsedColumn()
        ) as bar:
            task = bar.add_task("refresh", total=None)

            def show(step: str, done: int, total: int) -> None:
                bar.update(task, description=step, completed=done, total=total)

            run = refresh_run(progress=show, forecasts=forecasts)
    else:
        # Plain lines for logs and pipes: the callback comes at the start and the end of a step.
        started: set[str] = set()

        def plain(step: str, done: int, total: int) -> None:
            if step in started:
                typer.echo(f"[{done}/{total}] {step} done")
            else:
                started.add(step)
                typer.echo(f"[{done}/{total}] {step}...")

        run = refresh_run(progress=plain, forecasts=forecasts)

    timings = ", ".join(f"{k} {v:.2f} s" for k, v in run.timings.items())
    typer.echo(f"Run {run.pk}: {run.status} ({timings})")
    if run.status != "succeeded":
        typer.echo(f"Error: {run.error}", err=True)
        raise typer.Exit(1)


def _period_parse(text: str) -> tuple[str, dt.date]:
    match = _PERIOD.match(text)
    if match:
        year = int(match.group(1))
        if match.group(2) is None:
            return "year", dt.date(year, 1, 1)
        month = int(match.group(2))
        if 1 <= month <= 12:
            return "month", dt.date(year, month, 1)
    raise ValueError(text)


def _period_text(value: IndicatorValue) -> str:
    if value.granularity == "year":
        return f"{value.period_start.year}"
    return value.period_start.strftime("%Y-%m")


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _value_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.2f}".replace(",", " ")


def _status_values(run: RefreshRun, period: tuple[str, dt.date] | None) -> list[IndicatorValue]:
    from passage.monitoring import selectors
    from passage.monitoring.analytics import indicator_definitions

    order = list(indicator_definitions())
    if period is not None:
        granularity, start = period
        found = list(selectors.indicator_values(run, granularity=granularity, period_start=start))
    else:
        # Each indicator at its latest month with a value, else its latest year: the current
        # state even where a source publishes yearly only.
        found = []
        for indicator in order:
            for granularity in ("month", "year"):
                history = [
                    v
                    for v in selectors.indicator_history(run, indicator, granularity=granularity)
                    if v.value is not None
                ]
                if history:
                    found.append(history[-1])
                    break
    rank = {name: i for i, name in enumerate(order)}
    return sorted(found, key=lambda v: (rank.get(v.indicator, len(rank)), v.period_start))


@monitor_app.command("status")
def status(
    period: str | None = typer.Option(
        None, "--period", help="YYYY-MM (a month) or YYYY (a year); default: the latest."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """The indicators of the latest successful refresh, as a table or as JSON."""
    parsed: tuple[str, dt.date] | None = None
    if period is not None:
        try:
            parsed = _period_parse(period)
        except ValueError:
            typer.echo(f"Error: --period must be YYYY-MM or YYYY, not {period!r}.", err=True)
            raise typer.Exit(2) from None
    _django_setup()
    from passage.monitoring import selectors
    from passage.monitoring.analytics import indicator_definitions

    run = selectors.run_latest()
    if run is None:
        typer.echo(
            "No successful Early Warning refresh yet: run `passage monitor refresh`.", err=True
        )
        raise typer.Exit(1)
    values = _status_values(run, parsed)
    definitions = indicator_definitions()
    rows: list[dict[str, Any]] = [
        {
            "id": v.indicator,
            "period": _period_text(v),
            "value": _number(v.value),
            "unit": v.unit,
            "level": v.level,
            "source": definitions[v.indicator].source if v.indicator in definitions else "",
            "notes": list(v.notes),
        }
        for v in values
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _table_print(run, rows, period)


def _table_print(run: RefreshRun, rows: list[dict[str, Any]], period: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from passage.monitoring.models import Level

    console = Console(width=None if sys.stdout.isatty() else 160)
    finished = run.finished_at.strftime("%Y-%m-%d %H:%M") if run.finished_at else ""
    title = f"Early Warning indicators ({period or 'latest'}), refresh {run.pk} of {finished} UTC"
    table = Table(title=title)
    for column, justify in (
        ("Indicator", "left"),
        ("Period", "left"),
        ("Value", "right"),
        ("Unit", "left"),
        ("Level", "left"),
        ("Source", "left"),
        ("Notes", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    footnotes: list[str] = []
    labels = dict(Level.choices)
    for row in rows:
        marks = []
        for note in row["notes"]:
            footnotes.append(note)
            marks.append(f"[{len(footnotes)}]")
        level = row["level"]
        table.add_row(
            row["id"],
            row["period"],
            _value_text(None if row["value"] is None else Decimal(str(row["value"]))),
            row["unit"],
            f"[{_LEVEL_STYLE.get(level, '')}]{level} ({labels.get(level, level)})[/]",
            row["source"],
            " ".join(marks),
        )
    if not rows:
        console.print(f"No indicator values for {period or 'any period'} in refresh {run.pk}.")
        return
    console.print(table)
    for i, note in enumerate(footnotes, 1):
        console.print(f"[{i}] {note}", markup=False, highlight=False)
