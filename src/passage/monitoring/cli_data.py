# SPDX-License-Identifier: EUPL-1.2
"""`passage monitor import | events-import | generate-events` (see cli.py).

Module-level imports stay light (typer only): `passage --help` must not load Django, NumPy or
Arrow. A refused file or option exits with code 2 and one line per problem, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from passage.monitoring.cli import monitor_app

MAX_ERROR_LINES = 20


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _fail(f"Cannot read {path}: {exc.strerror or exc}") from None


def _rejected(exc: Any) -> typer.Exit:
    from passage.monitoring.imports import batch_summary, errors_lines

    typer.echo(batch_summary(exc.batch), err=True)
    for line in errors_lines(exc.errors, MAX_ERROR_LINES):
        typer.echo(line, err=True)
    if len(exc.errors) > MAX_ERROR_LINES:
        typer.echo(f"… and {len(exc.errors) - MAX_ERROR_LINES} more", err=True)
    return typer.Exit(code=2)


@monitor_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="CSV, Excel .xlsx, SDMX-ML 2.1 or SDMX-CSV 1.0 file")
    ],
    source: str = typer.Option(..., "--source", help="e.g. cgrs, fedasil, immigration_office"),
    dataset: str = typer.Option(..., "--dataset", help="as declared in import_schemas.yaml"),
    file_format: str | None = typer.Option(
        None, "--format", help="csv, xlsx, sdmx-ml or sdmx-csv (default: from the file name)"
    ),
) -> None:
    """Import official figures; the whole file is refused if one row is wrong."""
    from passage.cli import _django_setup

    data = _read(file)
    _django_setup()
    from passage.monitoring.imports import (
        ImportRejected,
        UnknownDataset,
        batch_summary,
        import_file,
    )

    try:
        batch = import_file(
            data, file_name=file.name, source=source, dataset=dataset, file_format=file_format
        )
    except UnknownDataset as exc:
        raise _fail(f"--{exc.field}: {exc}") from None
    except ImportRejected as exc:
        raise _rejected(exc) from None
    typer.echo(batch_summary(batch))


@monitor_app.command("events-import")
def events_import_command(
    file: Annotated[Path, typer.Argument(help="CSV or Parquet file of case events")],
    source: str = typer.Option(..., "--source"),
    file_format: str | None = typer.Option(None, "--format", help="csv or parquet"),
) -> None:
    """Import case events (schema: docs/monitoring.md); the whole file or nothing."""
    from passage.cli import _django_setup

    data = _read(file)
    _django_setup()
    from passage.monitoring.imports import (
        ImportRejected,
        UnknownDataset,
        batch_summary,
        events_import,
    )

    try:
        batch = events_import(data, file_name=file.name, source=source, file_format=file_format)
    except UnknownDataset as exc:
        raise _fail(f"--{exc.field}: {exc}") from None
    except ImportRejected as exc:
        raise _rejected(exc) from None
    typer.echo(batch_summary(batch))


@monitor_app.command("generate-events")
def generate_events_command(
    out: Annotated[Path, typer.Argument(help="Parquet file to write")],
    events: int = typer.Option(..., "--events", min=0, help="number of events"),
    seed: int = typer.Option(0, "--seed"),
    months: int = typer.Option(10, "--months", min=1, help="months from 2026-01"),
) -> None:
    """Write synthetic case events (labelled synthetic) for benchmarks; no database needed."""
    import time

    from passage.monitoring.synthetic import events_write_parquet

    started = time.perf_counter()
    try:
        if sys.stdout.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as progress:
                task = progress.add_task("Generating events", total=max(events, 1))
                events_write_parquet(
                    out,
                    events,
                    seed=seed,
                    months=months,
                    progress=lambda done: progress.update(task, completed=done),
                )
        else:
            events_write_parquet(out, events, seed=seed, months=months)
    except OSError as exc:
        raise _fail(f"Cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(
        f"{events} synthetic events written to {out} in {time.perf_counter() - started:.1f} s"
    )
