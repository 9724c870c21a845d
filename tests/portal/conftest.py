# SPDX-License-Identifier: EUPL-1.2
"""Portal fixtures: two employers of two organisations, logged in through Django's test
client (the OpenID login has its own tests)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from portal_support import make_user

from passage.accounts.models import Organisation


def enterprise_number(n: int) -> str:
    body = 30_000_000 + n
    return f"{body:08d}{97 - body % 97:02d}"


@pytest.fixture(autouse=True)
def _cbss_unconfigured(settings: Any) -> None:
    settings.CBSS_BASE_URL = ""


@pytest.fixture
def org_a(db: Any) -> Organisation:
    return Organisation.objects.create(enterprise_number=enterprise_number(1), name="Atelier A")


@pytest.fixture
def org_b(db: Any) -> Organisation:
    return Organisation.objects.create(enterprise_number=enterprise_number(2), name="Bureau B")


@pytest.fixture
def employer_a(org_a: Organisation) -> Any:
    return make_user("employer-a", "employer_member", organisation=org_a)


@pytest.fixture
def employer_b(org_b: Organisation) -> Any:
    return make_user("employer-b", "employer_member", organisation=org_b)


@pytest.fixture
def client_a(employer_a: Any) -> Client:
    client = Client()
    client.force_login(employer_a)
    return client


@pytest.fixture
def client_b(employer_b: Any) -> Client:
    client = Client()
    client.force_login(employer_b)
    return client
