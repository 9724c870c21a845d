# SPDX-License-Identifier: EUPL-1.2
"""The ``passage`` command's Typer application: every sub-command a person or a cron job runs.

``passage.cli.main`` (the console script) loads this module for every command except a plain
``passage rules check [FILE]``, which it runs without Typer (issue 9 item 2). Each sub-app's
module imports only Typer at module level; its heavy dependencies (Django, httpx, NumPy,
PyArrow, rich) are imported inside the commands that use them.

Bad input exits with code 2 and a one-line message naming the field; no tracebacks.
"""

from __future__ import annotations

import os

import typer

from passage.accounts.cli import app as users_app
from passage.audit.cli import app as audit_app
from passage.casework.cbss.cli import app as cbss_app
from passage.cli import _django_setup
from passage.decisions.cli import app as decisions_app
from passage.identity.cli import app as identity_app
from passage.monitoring.cli import register as monitor_register
from passage.rules.cli import app as rules_app

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="Passage: migration management for Belgium."
)
db_app = typer.Typer(
    no_args_is_help=True, help="The database (embedded PostgreSQL unless DATABASE_URL is set)."
)
data_app = typer.Typer(no_args_is_help=True, help="Reference and demo data.")
bench_app = typer.Typer(
    no_args_is_help=True, help="Benchmarks; results go to benchmarks/results/*.json."
)
app.add_typer(rules_app, name="rules")
app.add_typer(db_app, name="db")
app.add_typer(data_app, name="data")
app.add_typer(bench_app, name="bench")
app.add_typer(audit_app, name="audit")
app.add_typer(cbss_app, name="cbss")
app.add_typer(users_app, name="users")
app.add_typer(monitor_register(), name="monitor")
app.add_typer(identity_app, name="identity")
app.add_typer(decisions_app, name="decisions")


@db_app.command("up")
def db_up() -> None:
    """Make sure the database answers: start the embedded server when DATABASE_URL is unset."""
    if os.environ.get("DATABASE_URL"):
        typer.echo("Using the PostgreSQL server in DATABASE_URL.")
        return
    from passage.conf.embedded_db import data_dir, ensure_running

    ensure_running()
    typer.echo(f"Embedded PostgreSQL running (data in {data_dir()}).")


@db_app.command("down")
def db_down() -> None:
    """Stop the embedded PostgreSQL server."""
    from passage.conf.embedded_db import stop

    typer.echo("Embedded PostgreSQL stopped." if stop() else "Embedded PostgreSQL was not running.")


@app.command(
    "manage",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (passage manage migrate, …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["passage manage", *ctx.args])


@data_app.command("load")
def data_load() -> None:
    """Load the reference data (idempotent)."""
    _django_setup()
    from passage.monitoring.alerts import alert_rules_load
    from passage.monitoring.imports import batch_summary
    from passage.monitoring.reference import reference_load
    from passage.rulebook.services import reference_data_load

    typer.echo(reference_data_load())
    typer.echo(batch_summary(reference_load()))
    alert_rules_load()


@data_app.command("demo")
def data_demo() -> None:
    """Load the demo casework (the demo logins and 300 applications in every state) and the
    synthetic Early Warning series and case events (once)."""
    _django_setup()
    from passage.casework.demo import demo_load, demo_mandate_filings_load
    from passage.identity.services import demo_identities_link
    from passage.monitoring.refresh import refresh_run
    from passage.monitoring.selectors import run_latest
    from passage.monitoring.synthetic import demo_load as monitoring_demo_load

    typer.echo(demo_load())
    filed = demo_mandate_filings_load()
    if filed:
        typer.echo(f"Demo mandates: {filed} applications filed by the law firm's agent.")
    # The local federal login's demo identities, one per demo login (passage.identity.demo).
    typer.echo(demo_identities_link())
    typer.echo(monitoring_demo_load())
    # The dashboard reads stored results: compute them once so `make run` shows figures.
    if run_latest() is None:
        run = refresh_run()
        typer.echo(f"Early Warning refresh #{run.pk}: {run.status} {run.error}".rstrip())


@app.command("serve")
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    worker: bool | None = typer.Option(
        None,
        "--worker/--no-worker",
        help="Also run a background worker with the schedule (default: on with the embedded "
        "broker, i.e. CELERY_BROKER_URL unset; a deployment runs `passage worker` itself).",
    ),
    oidc_port: int = typer.Option(
        8300, help="Port of the local federal-login simulator started beside Passage."
    ),
    provider: bool = typer.Option(
        True,
        help="Start the local federal-login simulator when PASSAGE_OIDC_ISSUER is unset "
        "(development only; never with PASSAGE_PRODUCTION).",
    ),
) -> None:
    """Serve Passage on http://HOST:PORT (Django's threaded development server), with the
    local federal-login simulator on OIDC_PORT unless a provider is configured, and a
    background worker on the embedded broker."""
    import subprocess
    import sys

    from passage.identity.devserver import start_local_provider

    simulator = None
    background = None
    if provider:
        simulator = start_local_provider(app_host=host, app_port=port, oidc_port=oidc_port)
    try:
        _django_setup()
        from django.conf import settings
        from django.core.management import call_command

        if settings.PASSAGE_EMBEDDED_BROKER if worker is None else worker:
            # One process for the two commands of a fresh machine: events leave on commit and
            # the sweeps run, as they would with workers beside a deployment's web servers.
            background = subprocess.Popen(
                # Warnings only: the start-up text below stays on screen.
                [
                    sys.executable,
                    "-m",
                    "passage.cli",
                    "worker",
                    "--concurrency",
                    "1",
                    "--beat",
                    "--loglevel",
                    "warning",
                ]
            )
        federal = (
            f"  Federal login:      http://{host}:{port}/accounts/login/ → 'Log in with eID,\n"
            f"                      itsme …' → the simulator at {settings.PASSAGE_OIDC_ISSUER}:\n"
            "                      pick a demo identity (one per demo login) and eID or TOTP\n"
            if settings.PASSAGE_OIDC_ISSUER
            else "  Federal login:      not configured (PASSAGE_OIDC_ISSUER unset)\n"
        )
        typer.echo(
            f"\nPassage is at http://{host}:{port}/\n"
            f"  eligibility check:  http://{host}:{port}/check/\n"
            f"  API docs:           http://{host}:{port}/api/docs/\n"
            "  The rules API and the check page need no login.\n"
            f"{federal}"
            f"  Employer portal:    http://{host}:{port}/portal/  as demo-employer-1 (one\n"
            "                      organisation), demo-lawfirm-agent (mandates for two)\n"
            f"  Administration:     http://{host}:{port}/admin/  as 'admin', password in\n"
            "                      var/admin-password.txt (or PASSAGE_ADMIN_PASSWORD)\n"
            "  Casework API:       /api/v1/applications with the demo logins, one per role,\n"
            "                      listed in var/demo-logins.txt (or PASSAGE_DEMO_PASSWORD)\n"
            f"  Early Warning:      http://{host}:{port}/monitoring/  log in at /accounts/login/\n"
            "                      as demo-analyst (demo data are synthetic and say so)\n"
        )
        call_command("runserver", f"{host}:{port}", use_reloader=False)
    finally:
        if background is not None:
            background.terminate()  # Celery's warm shutdown: the running task finishes
            try:
                background.wait(30)
            except subprocess.TimeoutExpired:
                background.kill()
        if simulator is not None:
            simulator.stop()


@bench_app.command("rules")
def bench_rules(
    n: int = typer.Option(1_000_000, help="Number of synthetic cases."),
    output: str = typer.Option("benchmarks/results/rules.json", help="Where to write the figures."),
    only_cli: bool = typer.Option(
        False,
        "--only-cli",
        help="Only time `passage rules check` as whole processes; merged into OUTPUT.",
    ),
) -> None:
    """Time the per-case, bulk and JSON-batch paths of the rules engine, and `passage rules
    check` on one case as a whole process."""
    if only_cli:
        from passage.bench.rules import run_cli_benchmark

        cli = run_cli_benchmark(output=output)["results"]["cli_check_process_s"]
        typer.echo(f"passage rules check, whole process → {output}: {cli}")
        return
    from passage.bench.rules import run_rules_benchmark

    run_rules_benchmark(n=n, output=output)


@bench_app.command("casework")
def bench_casework(
    n: int = typer.Option(1_000_000, help="Applications in the bench database."),
    output: str = typer.Option(
        "benchmarks/results/casework.json", help="Where to write the figures."
    ),
    clients: int = typer.Option(16, help="Concurrent submitting clients."),
    per_client: int = typer.Option(40, help="Submissions per client."),
    servers: int = typer.Option(2, help="Server processes."),
    reload: bool = typer.Option(False, help="Reload the applications even if present."),
) -> None:
    """Officer's queue and concurrent submissions over the API, with N applications loaded
    (a database of its own, <name>_bench), and pgbench single-row inserts for scale."""
    from passage.bench.casework import run_casework_benchmark

    run_casework_benchmark(
        n=n, output=output, clients=clients, per_client=per_client, servers=servers, reload=reload
    )


@bench_app.command("portal")
def bench_portal(
    n: int = typer.Option(10_000, help="Applications of the one benchmark organisation."),
    output: str = typer.Option(
        "benchmarks/results/portal.json", help="Where to write the figures."
    ),
    rounds: int = typer.Option(600, help="Live-feedback requests measured."),
) -> None:
    """The employer portal: live threshold feedback and the dashboard (server time), and the
    JavaScript each page loads (issue 10's targets)."""
    from passage.bench.portal import run_portal_benchmark

    run_portal_benchmark(n=n, output=output, rounds=rounds)


@bench_app.command("outbox")
def bench_outbox(
    rounds: int = typer.Option(200, help="Commits, one outbox event each."),
    output: str = typer.Option("benchmarks/results/outbox.json", help="Where to write."),
) -> None:
    """Commit-to-broker delay of outbox events (median, p95) with a real worker process on
    the configured broker (the embedded one when CELERY_BROKER_URL is unset)."""
    _django_setup()
    from passage.bench.outbox import run_outbox_benchmark

    run_outbox_benchmark(rounds=rounds, output=output, say=typer.echo)


@bench_app.command("monitoring")
def bench_monitoring(
    events: int = typer.Option(20_000_000, help="Synthetic case events for the indicators."),
    series: int = typer.Option(100, help="Monthly series to forecast (84 months each)."),
    repeats: int = typer.Option(3, help="Repeats of each forecast run."),
    parts: str = typer.Option(
        "forecasts,crossing,indicators,dashboard", help="Comma-separated parts to run."
    ),
    output: str = typer.Option(
        "benchmarks/results/monitoring.json", help="Where to write the figures."
    ),
) -> None:
    """Early Warning: forecasts for 100 series, crossing probability, every indicator over N
    events, and the dashboard page's p95 after a refresh."""
    from passage.bench.monitoring import run_monitoring_benchmark

    run_monitoring_benchmark(
        events=events,
        series=series,
        repeats=repeats,
        parts=[p.strip() for p in parts.split(",") if p.strip()],
        output=output,
    )


@app.command("worker")
def worker(
    concurrency: int = typer.Option(2, help="Worker processes."),
    beat: bool = typer.Option(False, help="Also run the periodic scheduler (one per site)."),
    loglevel: str = typer.Option("info", help="Log level."),
) -> None:
    """Start a Celery worker on CELERY_BROKER_URL (RabbitMQ or Redis; unset: the embedded
    broker on PostgreSQL)."""
    _django_setup()
    from pathlib import Path

    from django.conf import settings

    from passage.celery import app as celery_app

    Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent.mkdir(parents=True, exist_ok=True)
    argv = ["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}"]
    celery_app.worker_main([*argv, "--beat"] if beat else argv)
