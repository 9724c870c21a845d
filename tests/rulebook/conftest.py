# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def admin_user(db: Any) -> Any:
    return get_user_model().objects.create_superuser("root", email="", password="pw-not-secret")


@pytest.fixture
def api(db: Any) -> Client:
    """A client whose uncaught exceptions become responses, as a real server's would."""
    return Client(raise_request_exception=False)
