# SPDX-License-Identifier: EUPL-1.2
"""``passage identity …``: the local federal-login provider (a simulator of FAS/CSAM)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

DEFAULT_REDIRECT_URI = "http://127.0.0.1:8000/identity/callback/"
app = typer.Typer(no_args_is_help=True, help="Login: the local federal-login simulator.")


@app.command("provider")
def provider(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8300, help="Port to listen on (0: any free port, printed)."),
    client_id: str = typer.Option("passage-dev", help="The one registered client's id."),
    redirect_uri: Annotated[
        list[str] | None,
        typer.Option(
            help="A registered redirect URI (repeat the option for several; default "
            "http://127.0.0.1:8000/identity/callback/); post-logout addresses on the same "
            "origins are accepted.",
        ),
    ] = None,
    issuer: str | None = typer.Option(None, help="Issuer URL; default http://HOST:PORT."),
    quiet: bool = typer.Option(False, help="Do not log each request."),
) -> None:
    """Serve the OpenID provider. The client's secret comes from PASSAGE_OIDC_CLIENT_SECRET;
    the signing key is generated at start unless PASSAGE_OIDC_PROVIDER_KEY_FILE names a PEM
    private key (RSA or EC P-256)."""
    from passage.identity.provider import SECRET_ENV, serve

    secret = os.environ.get(SECRET_ENV, "")
    if not secret:
        typer.echo(f"error: {SECRET_ENV} must be set (the client's secret)", err=True)
        raise typer.Exit(2)
    try:
        serve(
            host=host,
            port=port,
            client_id=client_id,
            client_secret=secret,
            redirect_uris=list(redirect_uri or [DEFAULT_REDIRECT_URI]),
            issuer=issuer,
            quiet=quiet,
        )
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
