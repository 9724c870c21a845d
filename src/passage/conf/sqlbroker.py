# SPDX-License-Identifier: EUPL-1.2
# kombu and SQLAlchemy's text() carry partial annotations; the overrides follow kombu's.
# mypy: disable-error-code="no-untyped-def, no-untyped-call, misc, override, type-arg"
# Table names are interpolated into SQL: checked as plain identifiers in
# _configure_entity_tablenames; every value is a bound parameter.
# ruff: noqa: S608
"""kombu's SQLAlchemy transport on PostgreSQL, made a broker that several processes share.

kombu's own SQLAlchemy transport keeps exchanges and bindings in the memory of each
connection: a queue bound to the ``passage.events`` topic exchange by one process never
receives what the outbox publisher (another process, or only another connection) publishes,
and the message is dropped without a word. This subclass stores bindings in a table, as
kombu's Redis transport stores them in Redis, and takes a message with ``DELETE … FOR UPDATE
SKIP LOCKED … RETURNING`` so that consumers never wait on each other and delivered messages do
not pile up (kombu's marks them invisible and keeps them forever).

Guarantees, weaker than RabbitMQ's and stated so: a message is in the table once ``_put``
committed (a publish that returns has been stored); a message taken by a worker that is then
SIGKILLed before acknowledging is lost (an orderly shutdown puts unacknowledged messages back).
The outbox does not depend on it: its sweep republishes any row still unmarked.
"""

from __future__ import annotations

import re
import threading
import warnings
from json import loads
from queue import Empty
from typing import Any

from kombu.transport import sqlalchemy as kombu_sqla
from kombu.transport.sqlalchemy.models import metadata as kombu_metadata
from kombu.utils.encoding import bytes_to_str
from sqlalchemy import create_engine, text
from sqlalchemy.orm import configure_mappers, sessionmaker

from passage.conf.broker import SQL_BROKER_PREFIX

__all__ = ["SQL_BROKER_PREFIX", "Channel", "Transport"]

_MUTEX = threading.RLock()
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# kombu hands every transport option to create_engine; these are kombu's or ours, not its.
_NOT_ENGINE_OPTIONS = {
    "queue_tablename",
    "message_tablename",
    "binding_tablename",
    "callback",
    "errback",
    "max_retries",
    "interval_start",
    "interval_step",
    "interval_max",
    "retry_errors",
    "polling_interval",
    "confirm_publish",
}


class Channel(kombu_sqla.Channel):
    """A channel whose exchange bindings live in PostgreSQL."""

    _engines: dict[str, Any] = {}  # not kombu's cache: its engines lack our tables

    def _configure_entity_tablenames(self, opts):
        self.queue_tablename = opts.get("queue_tablename", "passage_broker_queue")
        self.message_tablename = opts.get("message_tablename", "passage_broker_message")
        self.binding_tablename = opts.get("binding_tablename", "passage_broker_binding")
        for name in (self.queue_tablename, self.message_tablename, self.binding_tablename):
            if not _IDENTIFIER.fullmatch(name):
                raise ValueError(f"broker table name {name!r} is not a plain SQL identifier")
        # Registers kombu's models under these names.
        assert self.queue_cls is not None and self.message_cls is not None

    def _engine_from_config(self):
        conninfo = self.connection.client
        options = {
            key: value
            for key, value in conninfo.transport_options.items()
            if key not in _NOT_ENGINE_OPTIONS
        }
        # A restarted PostgreSQL leaves dead pooled connections; test each before use.
        options.setdefault("pool_pre_ping", True)
        return create_engine(conninfo.hostname, **options)

    def _open(self):
        key = self.connection.client.hostname
        with _MUTEX:
            if key not in self._engines:
                engine = self._engine_from_config()
                with engine.begin() as conn:
                    # Two processes creating the tables at once would collide on pg_type.
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('passage_broker'))"))
                    kombu_metadata.create_all(conn)
                    conn.execute(
                        text(
                            f"CREATE TABLE IF NOT EXISTS {self.binding_tablename} ("
                            " exchange varchar(200) NOT NULL,"
                            " exchange_type varchar(16) NOT NULL,"
                            " routing_key varchar(255) NOT NULL,"
                            " pattern text,"
                            " queue varchar(200) NOT NULL,"
                            " PRIMARY KEY (exchange, routing_key, queue))"
                        )
                    )
                with warnings.catch_warnings():
                    # kombu's Queue.messages uses lazy="noload", deprecated in SQLAlchemy 2.1;
                    # we never load that relationship.
                    warnings.simplefilter("ignore")
                    configure_mappers()
                self._engines[key] = engine, sessionmaker(bind=engine)
        return self._engines[key]

    def _sql(self, statement: str, **params: Any) -> list[Any]:
        session = self.session
        try:
            result = session.execute(text(statement), params)
            rows = list(result) if result.returns_rows else []
            session.commit()
        except Exception:
            session.rollback()
            raise
        return rows

    # -- bindings, shared through the table ---------------------------------------------------

    def queue_bind(self, queue, exchange=None, routing_key="", arguments=None, **kwargs):
        exchange = exchange or "amq.direct"
        super().queue_bind(queue, exchange, routing_key, arguments, **kwargs)
        kind = self.typeof(exchange)
        rkey, pattern, _ = kind.prepare_bind(queue, exchange, routing_key, arguments)
        self._sql(
            f"INSERT INTO {self.binding_tablename} "
            "(exchange, exchange_type, routing_key, pattern, queue) "
            "VALUES (:exchange, :type, :rkey, :pattern, :queue) ON CONFLICT DO NOTHING",
            exchange=exchange,
            type=kind.type,
            rkey=rkey,
            pattern=pattern,
            queue=queue,
        )

    def queue_unbind(self, queue, exchange=None, routing_key="", arguments=None, **kwargs):
        super().queue_unbind(queue, exchange, routing_key, arguments, **kwargs)
        self._sql(
            f"DELETE FROM {self.binding_tablename} "
            "WHERE queue = :queue AND exchange = :exchange AND routing_key = :rkey",
            queue=queue,
            exchange=exchange or "amq.direct",
            rkey=routing_key,
        )

    def get_table(self, exchange):
        rows = self._sql(
            f"SELECT routing_key, pattern, queue FROM {self.binding_tablename} "
            "WHERE exchange = :exchange",
            exchange=exchange,
        )
        return [tuple(row) for row in rows]

    def typeof(self, exchange, default="direct"):
        if exchange in self.state.exchanges:
            return super().typeof(exchange, default)
        # Declared by another process only: its bindings know the type.
        rows = self._sql(
            f"SELECT exchange_type FROM {self.binding_tablename} WHERE exchange = :exchange "
            "LIMIT 1",
            exchange=exchange,
        )
        return self.exchange_types[rows[0][0] if rows else default]

    def queue_delete(self, queue, if_unused=False, if_empty=False, **kwargs):
        if if_empty and self._size(queue):
            return
        super().queue_delete(queue, if_unused=if_unused, if_empty=if_empty, **kwargs)
        self._sql(f"DELETE FROM {self.binding_tablename} WHERE queue = :queue", queue=queue)
        self._sql(
            f"DELETE FROM {self.message_tablename} WHERE queue_id IN "
            f"(SELECT id FROM {self.queue_tablename} WHERE name = :queue)",
            queue=queue,
        )
        self._sql(f"DELETE FROM {self.queue_tablename} WHERE name = :queue", queue=queue)

    # -- messages --------------------------------------------------------------------------

    def _get(self, queue):
        rows = self._sql(
            f"DELETE FROM {self.message_tablename} WHERE id = ("
            f" SELECT m.id FROM {self.message_tablename} m"
            f" JOIN {self.queue_tablename} q ON q.id = m.queue_id"
            " WHERE q.name = :queue AND m.visible"
            " ORDER BY m.id LIMIT 1 FOR UPDATE OF m SKIP LOCKED"
            ") RETURNING payload",
            queue=queue,
        )
        if not rows:
            raise Empty()
        return loads(bytes_to_str(rows[0][0]))


class Transport(kombu_sqla.Transport):
    Channel = Channel
    # Seconds an idle consumer waits between polls: the bound on a task's pick-up delay.
    polling_interval = 0.1
