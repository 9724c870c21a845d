# SPDX-License-Identifier: EUPL-1.2
"""``passage serve`` (and so ``make run``) starts the local federal-login simulator beside the
app when no provider is configured, and points the app at it: development only."""

from __future__ import annotations

import atexit
import os
import secrets
import signal
import subprocess
import sys
from dataclasses import dataclass

import typer

CLIENT_ID = "passage-dev"


@dataclass
class LocalProvider:
    process: subprocess.Popen[str]
    issuer: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_local_provider(*, app_host: str, app_port: int, oidc_port: int) -> LocalProvider | None:
    """Start the simulator on 127.0.0.1:OIDC_PORT and set PASSAGE_OIDC_* for this process
    (before Django reads its settings). None when a provider is configured, in production,
    or when the simulator could not start (then password login only, and a warning)."""
    if os.environ.get("PASSAGE_OIDC_ISSUER"):
        return None
    if os.environ.get("PASSAGE_PRODUCTION", "").strip().lower() in {"1", "true", "yes", "on"}:
        return None
    # A fresh secret per run: the simulator and this process share it, nobody else needs it.
    secret = secrets.token_urlsafe(32)
    hosts = {app_host} | (
        {"localhost", "127.0.0.1"} if app_host in {"127.0.0.1", "localhost"} else set()
    )
    redirects = [f"http://{h}:{app_port}/identity/callback/" for h in sorted(hosts)]
    command = [sys.executable, "-m", "passage.identity.provider", "--quiet"]
    command += ["--host", "127.0.0.1", "--port", str(oidc_port), "--client-id", CLIENT_ID]
    for uri in redirects:
        command += ["--redirect-uri", uri]
    # Our own interpreter and module, with ports and URLs built here: nothing untrusted.
    process = subprocess.Popen(  # noqa: S603
        command,
        env={**os.environ, "PASSAGE_OIDC_CLIENT_SECRET": secret},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on " not in line:
        process.kill()
        typer.echo(
            f"warning: the federal-login simulator did not start on port {oidc_port} "
            "(in use? pass --oidc-port); password login only.",
            err=True,
        )
        return None
    issuer = line.rsplit(" ", 1)[1].strip()
    os.environ.update(
        PASSAGE_OIDC_ISSUER=issuer,
        PASSAGE_OIDC_CLIENT_ID=CLIENT_ID,
        PASSAGE_OIDC_CLIENT_SECRET=secret,
    )
    provider = LocalProvider(process=process, issuer=issuer)
    atexit.register(provider.stop)
    # SIGTERM would end this process without its finally blocks and atexit hooks, leaving the
    # simulator running: turn it into an orderly exit (Ctrl-C already is one).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    return provider
