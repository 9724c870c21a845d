# SPDX-License-Identifier: EUPL-1.2
"""Driving the real login flow: the Django test client for Passage, httpx for the provider
(a separate process). What a browser does, minus the browser."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

CLIENT_ID = "passage-test"
SECRET = "test-oidc-secret"
CALLBACK = "http://testserver/identity/callback/"
_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen[str]

    def log(self) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.issuer}/_provider/log", timeout=5)
        response.raise_for_status()
        return list(response.json()["events"])


def hidden_fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


def start(client: Any, *, next_url: str = "", acr: str = "", step_up: bool = False) -> str:
    """GET /identity/login/ on Passage; the provider's authorize URL it redirects to."""
    params = {k: v for k, v in {"next": next_url, "acr": acr}.items() if v}
    if step_up:
        params["step_up"] = "1"
    response = client.get("/identity/login/" + (f"?{urlencode(params)}" if params else ""))
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def authorize(
    authorize_url: str, *, identity: str, means: str = "totp", fault: str = ""
) -> tuple[httpx.Response, str]:
    """The person at the provider's page: open it, pick identity and means, submit.
    Returns the POST's response and, when it redirects, the callback's path and query."""
    url = authorize_url + (f"&fault={fault}" if fault else "")
    page = httpx.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    fields = hidden_fields(page.text)
    fields.update(identity=identity, means=means, login="1")
    action = url.split("?", 1)[0]
    answer = httpx.post(action, data=fields, timeout=10)
    location = answer.headers.get("location", "")
    if answer.status_code == 302 and location.startswith(CALLBACK):
        parts = urlsplit(location)
        return answer, f"{parts.path}?{parts.query}"
    return answer, ""


def login(
    client: Any,
    *,
    identity: str,
    means: str = "totp",
    fault: str = "",
    next_url: str = "",
    acr: str = "",
) -> Any:
    """The whole flow; returns Passage's response to the callback."""
    _, callback = authorize(
        start(client, next_url=next_url, acr=acr), identity=identity, means=means, fault=fault
    )
    assert callback, "the provider did not redirect back"
    return client.get(callback)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
