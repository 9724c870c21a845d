# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from passage.audit.testing import audit_log_emptied_after  # noqa: F401 (a fixture: commits, then empties the log)


@pytest.fixture
def officer(db: Any) -> Any:
    return get_user_model().objects.create_user("officer-1", password="pw-not-secret")


@pytest.fixture
def tamper(db: Any) -> Iterator[Any]:
    """Run SQL against the audit table with its append-only triggers disabled, as a superuser
    with direct database access could; the triggers are back on afterwards."""

    def run(sql: str, params: list[Any] | None = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cursor.execute(sql, params or [])
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")

    yield run
