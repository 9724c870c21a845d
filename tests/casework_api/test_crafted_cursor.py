# SPDX-License-Identifier: EUPL-1.2
"""A crafted page cursor is a 400 naming ``cursor`` (issue 12: a 500 before, e.g. an
unsigned cursor whose date PostgreSQL could not cast); the cursors the API gives out work."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core import signing

from passage.api.pagination import _SALT

LISTS = [
    "/api/v1/applications",
    "/api/v1/applications/overdue",
    "/api/v1/applications/at-risk",
    "/api/v1/queues/regional",
    "/api/v1/monitoring/alerts/",
]


def _unsigned(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _signed(values: Any) -> str:
    return signing.dumps(values, salt=_SALT)


CRAFTED = {
    "garbage": "!!!not-base64***",
    "empty-json": _unsigned([]),
    "unsigned-bad-date": _unsigned(["not-a-date", 1]),
    "unsigned-id": _unsigned([5]),
    "huge-id": _unsigned(["2026-01-01", 10**30]),
    "tampered": _signed(["2026-01-01", 1])[:-3] + "abc",
    "other-salt": signing.dumps(["2026-01-01", 1], salt="something else"),
    "signed-bad-date": _signed(["01/02/2026", 1]),
    "signed-huge-id": _signed([10**30]),
    "signed-bool-id": _signed([True]),
    "signed-object": _signed({"id": 1}),
    "very-long": "A" * 5000,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_cursor_is_a_400_naming_cursor(
    world: Any, api_as: Any, path: str, name: str
) -> None:
    user = world.users["administrator"] if "monitoring" in path else world.officer_for("flanders")
    response = api_as(user).get(f"{path}?cursor={CRAFTED[name]}")
    assert response.status_code == 400, (name, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "cursor"


@pytest.mark.django_db
def test_given_cursors_still_page(world: Any, api_as: Any) -> None:
    apps = [world.application("a", "flanders") for _ in range(3)]
    admin = api_as(world.users["administrator"])
    first = admin.get("/api/v1/applications?page_size=2").json()
    second = admin.get(first["next"])
    assert second.status_code == 200
    assert [r["reference"] for r in second.json()["results"]] == [apps[0].reference]
