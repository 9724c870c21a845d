# SPDX-License-Identifier: EUPL-1.2
"""``passage audit …``: checking the audit chain."""

from __future__ import annotations

import os

import typer

app = typer.Typer(no_args_is_help=True, help="The hash-chained audit log.")


@app.callback()
def _group() -> None:
    """The hash-chained audit log."""


@app.command("verify")
def verify(
    expected_head: str = typer.Option(
        "",
        "--expected-head",
        help="A head hash printed by an earlier verify; finds entries deleted from the end.",
    ),
) -> None:
    """Recompute every hash in id order and report the first break.

    Exit 0 with 'chain intact: N entries', or exit 1 with where the chain breaks.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
    import django

    django.setup()
    from passage.audit.services import audit_verify

    result = audit_verify(expected_head=expected_head or None)
    if result.ok:
        typer.echo(f"{result.message} (head {result.head_hash})")
        return
    typer.echo(f"audit chain broken: {result.message}", err=True)
    raise typer.Exit(1)
