# SPDX-License-Identifier: EUPL-1.2
"""Django's database session store, reading the session row in SQL.

Every request of a logged-in user reads its session first. ``_get_session_from_db`` is
Django's (same table, same row, same expiry condition, same ``Session`` instance returned,
a missing or expired row forgets the key as Django does) without the ORM's query
compilation, which costs more Python time than the query itself. Everything else (saving,
creating, cycling and flushing keys, signing and decoding the data) is Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if key is None:  # Django's query would find no row either
            self._session_key = None
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data, expire_date FROM {table} "  # noqa: S608 (the model's table)
                "WHERE session_key = %s AND expire_date > %s",
                [key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0], expire_date=row[1])
