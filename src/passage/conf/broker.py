# SPDX-License-Identifier: EUPL-1.2
"""The embedded default broker: kombu's SQLAlchemy transport on Passage's own PostgreSQL.

With ``CELERY_BROKER_URL`` unset, background work still goes through a real broker (tasks
are messages, a worker consumes them, the outbox publisher confirms each event) so that
``make run`` and ``make test`` exercise the same code paths as a deployment on RabbitMQ, on a
machine with nothing but Python and make (issue 12 item 3).

This module only builds URLs and registers the transport: it imports neither kombu nor
SQLAlchemy, because the settings import it and every ``passage`` command imports the settings.
The transport itself is ``passage.conf.sqlbroker``.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

#: kombu's alias for its SQLAlchemy transport, followed by the SQLAlchemy URL.
SQL_BROKER_PREFIX = "sqla+"
_TRANSPORT = "passage.conf.sqlbroker:Transport"


def default_broker_url(database_url: str) -> str:
    """The broker URL for the PostgreSQL server (and database) of ``database_url``.

    ``postgres://u:p@h:5432/db?sslmode=require`` becomes
    ``sqla+postgresql+psycopg://u:p@h:5432/db?sslmode=require``: psycopg 3 is the driver
    Django already uses, and every query parameter (the embedded server's ``host=`` socket
    directory, ``sslmode``) is kept."""
    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"not a PostgreSQL URL: scheme {parts.scheme!r}")
    return SQL_BROKER_PREFIX + urlunsplit(("postgresql+psycopg", *parts[1:]))


def is_sql_broker(url: str) -> bool:
    return url.startswith((SQL_BROKER_PREFIX, "sqlalchemy+"))


def register_transport() -> None:
    """Make kombu's ``sqla+`` URLs use Passage's subclass of its SQLAlchemy transport.

    The subclass keeps exchange bindings in a table, so a queue bound in one process (a
    consumer of ``passage.events``) receives what another process (the outbox publisher)
    publishes; kombu's own keeps them in the memory of each connection. Idempotent."""
    from kombu import transport

    for alias in ("sqla", "sqlalchemy"):
        transport.TRANSPORT_ALIASES[alias] = _TRANSPORT
        transport._transport_cache.pop(alias, None)  # resolved before we were imported
