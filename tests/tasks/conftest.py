# SPDX-License-Identifier: EUPL-1.2
"""Background-work tests run against the real broker (CELERY_BROKER_URL; RabbitMQ in CI).

Nothing is skipped: without a reachable broker these tests fail with a message saying so,
because the outbox's guarantees are only worth what a real broker confirms.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from event_queues import EventQueue
from kombu import Connection, Queue

from passage.casework.tasks import events_exchange


@pytest.fixture(scope="session")
def broker_url() -> str:
    url = settings.PASSAGE_EVENTS_BROKER_URL
    if not url:
        pytest.fail(
            "CELERY_BROKER_URL is not set: the background-work tests need the real broker, e.g. "
            "CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// (.ci/run exports it)"
        )
    conn = Connection(url, connect_timeout=3)
    try:
        conn.ensure_connection(max_retries=1, interval_start=0.2)
    except Exception as exc:
        pytest.fail(f"the broker at {conn.as_uri()} is unreachable: {exc}")
    finally:
        conn.release()
    return str(url)


@pytest.fixture
def event_queue(broker_url: str) -> Iterator[EventQueue]:
    prefix = f"test.{uuid.uuid4().hex[:12]}"
    conn = Connection(broker_url, connect_timeout=3)
    queue = Queue(
        f"passage-test-{prefix}",
        exchange=events_exchange(),
        routing_key=f"{prefix}.#",
        durable=False,
        # A crashed test run leaves no queue behind for long.
        queue_arguments={"x-expires": 120_000} if broker_url.startswith("amqp") else None,
    )
    bound = queue(conn.default_channel)
    events_exchange()(conn.default_channel).declare()
    bound.declare()
    try:
        yield EventQueue(prefix=prefix, conn=conn, queue=bound)
    finally:
        try:
            bound.delete()
        finally:
            conn.release()
