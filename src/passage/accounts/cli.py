# SPDX-License-Identifier: EUPL-1.2
"""``passage users …``: logins and roles."""

from __future__ import annotations

import os

import typer

app = typer.Typer(no_args_is_help=True, help="Logins and their roles.")


@app.callback()
def _group() -> None:
    """Logins and their roles."""


@app.command("demo")
def demo() -> None:
    """Create one demo login per role (safe to run again).

    Passwords: $PASSAGE_DEMO_PASSWORD, or generated into var/demo-logins.txt (0600); never
    printed.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
    import django

    django.setup()
    from passage.accounts.services import demo_users_load

    typer.echo(str(demo_users_load()))
