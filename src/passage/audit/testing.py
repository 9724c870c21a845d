# SPDX-License-Identifier: EUPL-1.2
"""Test helpers for the audit log; never called by Passage itself.

Transactional tests (``transaction=True``) end with a flush that TRUNCATEs every table, and the
audit table refuses TRUNCATE while it holds entries. A test that commits audit entries
empties the log first, as its table owner (a superuser in tests), with the fixture below: in a
conftest, ``from passage.audit.testing import audit_log_emptied_after  # noqa: F401``, then
request ``audit_log_emptied_after`` instead of ``transactional_db``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction


def audit_log_clear() -> None:
    """Delete every audit entry with the append-only triggers briefly disabled (needs the
    table owner's rights). For test teardown only."""
    # One transaction: the triggers are never left disabled, whatever happens in between.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


@pytest.fixture
def audit_log_emptied_after(transactional_db: Any) -> Iterator[None]:
    """``transactional_db``, with the audit log emptied before its closing flush."""
    yield
    audit_log_clear()
