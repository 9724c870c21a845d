# SPDX-License-Identifier: EUPL-1.2
"""The local federal-login provider as a real process (once per test session, on a free
loopback port), and Passage's settings pointed at it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from oidc_flow import CALLBACK, CLIENT_ID, SECRET, RunningProvider

from passage.accounts.services import organisation_create, user_create_with_role
from passage.identity import oidc
from passage.identity.demo import DEMO_BY_KEY
from passage.identity.services import federal_identity_link


@pytest.fixture(scope="session")
def provider_process() -> Iterator[RunningProvider]:
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
            f"--redirect-uri={CALLBACK}",
        ],
        env={**os.environ, "PASSAGE_OIDC_CLIENT_SECRET": SECRET},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    # The provider prints its address once bound: no race on a port picked in advance.
    line = process.stdout.readline()
    if "listening on " not in line:
        process.kill()
        pytest.fail(f"the federal-login provider did not start: {line!r}")
    try:
        yield RunningProvider(issuer=line.rsplit(" ", 1)[1].strip(), process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def provider(provider_process: RunningProvider, settings: Any) -> RunningProvider:
    settings.PASSAGE_OIDC_ISSUER = provider_process.issuer
    settings.PASSAGE_OIDC_DISCOVERY_URL = ""
    settings.PASSAGE_OIDC_CLIENT_ID = CLIENT_ID
    settings.PASSAGE_OIDC_CLIENT_SECRET = SECRET
    settings.PASSAGE_OIDC_TOKEN_AUTH = "client_secret_basic"
    settings.PASSAGE_OIDC_ACR_VALUES = "urn:be:fedict:iam:fas:Level200"
    settings.PASSAGE_IDENTITY_PROVISIONERS = []
    oidc.cache_clear()
    return provider_process


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    """Two employers (one French-speaking), an officer, each linked to their demo identity."""
    organisation = organisation_create(
        enterprise_number="0403170701", name="Demo Logistics NV", actor=None
    )
    made = {}
    for username, role, extra in (
        ("demo-employer-1", "employer_member", {"organisation": organisation}),
        ("demo-employer-2", "employer_member", {"organisation": organisation}),
        ("demo-officer-flanders", "regional_officer", {"region": "flanders"}),
    ):
        user = user_create_with_role(username=username, role=role, **extra)
        demo = DEMO_BY_KEY[username]
        federal_identity_link(user=user, nrn=demo.nrn, fedid=demo.fedid)
        made[username] = user
    return made
