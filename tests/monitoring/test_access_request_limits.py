# SPDX-License-Identifier: EUPL-1.2
"""The public access-request form (issue 12: 30 requests stored in 1.5 s, a 10 MB purpose
stored whole): field sizes are bounded, the body is bounded, and a burst is refused with 429."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from passage.monitoring.forms import PURPOSE_MAX_LENGTH
from passage.monitoring.models import StakeholderAccessRequest
from passage.monitoring.views import ACCESS_REQUESTS_PER_ADDRESS

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, str]:
    return {
        "name": "Els Peeters",
        "email": "els@voka.example",
        "organisation_name": "Voka",
        "purpose": "Labour-market planning for our members.",
        **overrides,
    }


def test_a_10_mb_purpose_is_refused_before_reading() -> None:
    response = Client().post("/monitoring/access/", _form(purpose="x" * (10 * 1024 * 1024)))
    assert response.status_code == 413
    assert response.json()["field"] == "body"
    assert not StakeholderAccessRequest.objects.exists()


def test_a_long_purpose_is_refused_next_to_the_field() -> None:
    response = Client().post(
        "/monitoring/access/",
        _form(purpose="y" * (PURPOSE_MAX_LENGTH + 1)),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"niet meer dan {PURPOSE_MAX_LENGTH} tekens" in page  # Django's message, in Dutch
    assert not StakeholderAccessRequest.objects.exists()


def test_a_long_name_is_refused() -> None:
    response = Client().post("/monitoring/access/", _form(name="n" * 201))
    assert response.status_code == 400
    assert not StakeholderAccessRequest.objects.exists()


def test_a_burst_from_one_address_is_refused_with_429() -> None:
    limit, _window = ACCESS_REQUESTS_PER_ADDRESS
    client = Client()
    statuses = [
        client.post("/monitoring/access/", _form(email=f"p{n}@example.org")).status_code
        for n in range(limit + 3)
    ]
    assert statuses == [200] * limit + [429] * 3
    assert StakeholderAccessRequest.objects.count() == limit
    refused = client.post("/monitoring/access/", _form(), HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 429 and refused["Retry-After"].isdigit()
    assert "Trop de demandes" in refused.content.decode()


def test_another_address_is_not_held_back() -> None:
    limit, _window = ACCESS_REQUESTS_PER_ADDRESS
    for n in range(limit + 1):
        Client().post("/monitoring/access/", _form(email=f"p{n}@example.org"))
    other = Client(REMOTE_ADDR="192.0.2.7").post("/monitoring/access/", _form())
    assert other.status_code == 200
