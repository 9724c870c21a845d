# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the casework API tests (a unique module name: test folders are not packages)."""

from __future__ import annotations

from typing import Any


def problem(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/problem+json", response.content
    doc: dict[str, Any] = response.json()
    assert doc["status"] == response.status_code
    return doc
