# SPDX-License-Identifier: EUPL-1.2
"""`passage monitor …`: the commands live beside their services and register on this app."""

from __future__ import annotations

import typer

monitor_app = typer.Typer(help="Early Warning: imports, refresh, indicators.", no_args_is_help=True)


def register() -> typer.Typer:
    # Imported here so `passage --help` stays fast and each module owns its commands.
    from passage.monitoring import cli_data, cli_run  # noqa: F401

    return monitor_app
