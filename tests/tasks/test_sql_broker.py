# SPDX-License-Identifier: EUPL-1.2
"""The embedded broker (kombu's SQLAlchemy transport on PostgreSQL, passage.conf.sqlbroker)
behaves as a broker shared by processes, whatever CELERY_BROKER_URL says: CI runs these
against it while the other broker tests run on RabbitMQ."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from kombu import Connection, Exchange, Queue

from passage.conf.broker import default_broker_url, is_sql_broker

# Importing passage.celery registers the transport (as every Passage process does).
import passage.celery  # noqa: F401  # isort: skip

EXCHANGE = Exchange("passage.test.events", type="topic", durable=True)


@pytest.fixture
def sql_url() -> str:
    url = settings.PASSAGE_SQL_BROKER_URL
    assert is_sql_broker(url)
    return str(url)


@pytest.fixture
def bound_queue(sql_url: str) -> Iterator[tuple[Connection, Queue, str]]:
    prefix = f"test.{uuid.uuid4().hex[:12]}"
    conn = Connection(sql_url)
    queue = Queue(f"passage-test-{prefix}", exchange=EXCHANGE, routing_key=f"{prefix}.#")(
        conn.default_channel
    )
    queue.declare()
    try:
        yield conn, queue, prefix
    finally:
        queue.delete()
        conn.release()


class TestDefaultUrl:
    def test_tcp_url_keeps_credentials_and_options(self) -> None:
        assert (
            default_broker_url("postgres://u:p%40w@db.example:5433/passage?sslmode=require")
            == "sqla+postgresql+psycopg://u:p%40w@db.example:5433/passage?sslmode=require"
        )

    def test_embedded_socket_url(self) -> None:
        assert (
            default_broker_url("postgresql://postgres:@/passage?host=/srv/var/pg")
            == "sqla+postgresql+psycopg://postgres:@/passage?host=/srv/var/pg"
        )

    def test_refuses_other_engines(self) -> None:
        with pytest.raises(ValueError, match="scheme 'sqlite'"):
            default_broker_url("sqlite:///x.db")


class TestSqlBroker:
    def test_another_process_publishes_to_a_bound_queue(
        self, bound_queue: tuple[Connection, Queue, str], sql_url: str
    ) -> None:
        """kombu's own transport keeps bindings per connection and would drop this."""
        _, queue, prefix = bound_queue
        code = (
            "import sys\n"
            "from kombu import Connection, Exchange, Producer\n"
            "from passage.conf.broker import register_transport\n"
            "register_transport()\n"
            "ex = Exchange('passage.test.events', type='topic', durable=True)\n"
            "with Connection(sys.argv[1]) as conn:\n"
            "    ch = conn.channel(); ex(ch).declare()\n"
            "    p = Producer(ch, exchange=ex)\n"
            "    for n in range(3):\n"
            "        p.publish({'n': n}, routing_key=sys.argv[2], serializer='json')\n"
            "    p.publish({'n': 'other'}, routing_key='elsewhere.x', serializer='json')\n"
        )
        subprocess.run(
            [sys.executable, "-c", code, sql_url, f"{prefix}.application.submitted"],
            check=True,
            timeout=60,
        )
        got = [queue.get(no_ack=True) for _ in range(4)]
        assert [m.payload for m in got[:3]] == [{"n": 0}, {"n": 1}, {"n": 2}]
        assert got[3] is None  # the unbound routing key reached no one

    def test_each_message_goes_to_one_consumer_once(
        self, bound_queue: tuple[Connection, Queue, str], sql_url: str
    ) -> None:
        conn, queue, prefix = bound_queue
        producer = conn.Producer(exchange=EXCHANGE)
        for n in range(10):
            producer.publish({"n": n}, routing_key=f"{prefix}.x", serializer="json")
        with Connection(sql_url) as other:
            rival = queue.bind(other.default_channel)
            taken: list[int] = []
            for _ in range(6):
                for q in (queue, rival):
                    message = q.get(no_ack=True)
                    if message is not None:
                        taken.append(message.payload["n"])
        assert sorted(taken) == list(range(10))
        assert queue.get(no_ack=True) is None

    def test_a_deleted_queue_receives_nothing(self, sql_url: str) -> None:
        prefix = f"test.{uuid.uuid4().hex[:12]}"
        with Connection(sql_url) as conn:
            queue = Queue(f"passage-test-{prefix}", exchange=EXCHANGE, routing_key=f"{prefix}.#")
            bound = queue(conn.default_channel)
            bound.declare()
            bound.delete()
        with Connection(sql_url) as conn:
            conn.Producer(exchange=EXCHANGE).publish(
                {"n": 1}, routing_key=f"{prefix}.x", serializer="json", declare=[EXCHANGE]
            )
            again = queue(conn.default_channel)
            again.declare()  # re-created, unbound from the old binding's messages
            try:
                assert again.get(no_ack=True) is None
            finally:
                again.delete()
