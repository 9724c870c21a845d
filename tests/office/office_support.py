# SPDX-License-Identifier: EUPL-1.2
"""Shared helpers of the back-office tests (a unique module name: test folders are no
packages, so ``conftest`` would be another folder's)."""

from __future__ import annotations

from typing import Any

from django.test import Client


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
