# SPDX-License-Identifier: EUPL-1.2
"""``passage cbss …``: the local Crossroads Bank simulator."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="Crossroads Bank for Social Security (simulator).")


@app.command("simulate")
def simulate(
    port: int = typer.Option(8100, help="Port to listen on (0: any free port, printed)."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    latency_ms: float = typer.Option(80.0, help="Mean answer latency in milliseconds."),
    jitter_ms: float = typer.Option(30.0, help="Latency jitter, ± milliseconds."),
    failure_rate: float = typer.Option(0.0, min=0.0, max=1.0, help="Share answered 503."),
    hang_rate: float = typer.Option(0.0, min=0.0, max=1.0, help="Share that hang."),
    hang_seconds: float = typer.Option(10.0, help="How long a hang lasts."),
    unknown_rate: float = typer.Option(
        0.05, min=0.0, max=1.0, help="Share of workers with no declaration (404)."
    ),
    seed: int | None = typer.Option(None, help="Seed for the failure draws (reproducible)."),
    fixtures: str | None = typer.Option(None, help="JSON file pinning answers per key."),
    today: str | None = typer.Option(None, help="ISO date the reference dates count from."),
    quiet: bool = typer.Option(False, help="Do not log each request."),
) -> None:
    """Serve GET /v1/declared-wages/{enterprise}/{pseudonym}; bearer token from CBSS_TOKEN."""
    from passage.casework.cbss.simulator import SimulatorConfig, load_fixtures, serve

    try:
        reference_day = date.fromisoformat(today) if today else None
        pinned = load_fixtures(Path(fixtures)) if fixtures else {}
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    config = SimulatorConfig(
        latency_ms=latency_ms,
        jitter_ms=jitter_ms,
        failure_rate=failure_rate,
        hang_rate=hang_rate,
        hang_seconds=hang_seconds,
        unknown_rate=unknown_rate,
        seed=seed,
        token=os.environ.get("CBSS_TOKEN", ""),
        fixtures=pinned,
        today=reference_day,
    )
    serve(config, host, port, verbose=not quiet)
