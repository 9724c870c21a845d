# SPDX-License-Identifier: EUPL-1.2
"""Browser-test fixtures: Debian's Chromium through Playwright, and the local federal-login
provider as a real process whose client redirects to the live server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CLIENT_ID = "passage-browser"
SECRET = "browser-test-oidc-secret"


@pytest.fixture
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def provider(live_server: Any, settings: Any) -> Iterator[str]:
    """The provider process, its client's redirect URI the live server's callback."""
    from passage.identity import oidc

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "passage.cli",
            "identity",
            "provider",
            "--port=0",
            "--quiet",
            f"--client-id={CLIENT_ID}",
            f"--redirect-uri={live_server.url}/identity/callback/",
        ],
        env={**os.environ, "PASSAGE_OIDC_CLIENT_SECRET": SECRET},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on " not in line:
        process.kill()
        pytest.fail(f"the federal-login provider did not start: {line!r}")
    issuer = line.rsplit(" ", 1)[1].strip()
    settings.PASSAGE_OIDC_ISSUER = issuer
    settings.PASSAGE_OIDC_DISCOVERY_URL = ""
    settings.PASSAGE_OIDC_CLIENT_ID = CLIENT_ID
    settings.PASSAGE_OIDC_CLIENT_SECRET = SECRET
    settings.PASSAGE_OIDC_TOKEN_AUTH = "client_secret_basic"
    oidc.cache_clear()
    try:
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        oidc.cache_clear()
