# SPDX-License-Identifier: EUPL-1.2
"""Publish on commit (issue 12 item 4): the commit that writes an outbox row sends the
publication task, and a real worker on the real broker delivers the event with no sweep
(beat is not running here) and no call to outbox_publish by the test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from event_queues import EventQueue
from kombu import Connection, Queue

from passage.casework.models import OutboxMessage
from passage.casework.outbox import outbox_put
from passage.casework.tasks import outbox_publish_trigger
from passage.celery import app


@pytest.fixture
def task_queue(broker_url: str) -> Iterator[str]:
    """Tasks sent by this test go to a queue of its own (not the shared default queue)."""
    name = f"passage-test-tasks-{uuid.uuid4().hex[:12]}"
    default = app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_default_queue = default
        with Connection(broker_url, connect_timeout=3) as conn:
            Queue(name)(conn.default_channel).delete()


def task_messages(broker_url: str, queue: str) -> list[str]:
    with Connection(broker_url, connect_timeout=3) as conn:
        bound = Queue(queue)(conn.default_channel)
        bound.declare()
        names = []
        while (message := bound.get(no_ack=True)) is not None:
            names.append(message.headers["task"])
        return names


@pytest.mark.django_db(transaction=True)
class TestPublishOnCommit:
    def test_event_reaches_the_broker_without_the_sweep(
        self, event_queue: EventQueue, task_queue: str
    ) -> None:
        with start_worker(app, perform_ping_check=False, queues=[task_queue], pool="solo") as w:
            if w.hub is not None:  # stop promptly at the end (see test_celery_worker)
                w.hub.call_repeatedly(0.2, lambda: None)
            with transaction.atomic():
                row = outbox_put(event_queue.topic("application.submitted"), {"ref": "VL-1"})
            received = event_queue.drain(expect=1, wait=20)
        assert [m.properties["message_id"] for m in received] == [str(row.pk)]
        row.refresh_from_db()
        assert row.published_at is not None

    def test_one_task_per_commit_and_none_after_rollback(
        self, event_queue: EventQueue, task_queue: str, broker_url: str
    ) -> None:
        with transaction.atomic():
            for n in range(3):
                outbox_put(event_queue.topic("decision.granted"), {"n": n})
            connection = transaction.get_connection()
            triggers = [c for _, c, _ in connection.run_on_commit if c is outbox_publish_trigger]
            assert len(triggers) == 1
        assert task_messages(broker_url, task_queue) == ["passage.casework.outbox_publish"]

        with pytest.raises(RuntimeError), transaction.atomic():
            outbox_put(event_queue.topic("decision.granted"), {"n": "rolled back"})
            raise RuntimeError("the change fails")
        assert task_messages(broker_url, task_queue) == []
        assert not OutboxMessage.objects.filter(payload__n="rolled back").exists()

    def test_a_trigger_survives_the_rollback_of_a_later_savepoint(
        self, event_queue: EventQueue, task_queue: str, broker_url: str
    ) -> None:
        with transaction.atomic():
            outbox_put(event_queue.topic("decision.granted"), {"n": 1})
            with pytest.raises(RuntimeError), transaction.atomic():
                outbox_put(event_queue.topic("decision.granted"), {"n": 2})
                raise RuntimeError("inner part fails")
        assert task_messages(broker_url, task_queue) == ["passage.casework.outbox_publish"]

    def test_a_trigger_inside_a_rolled_back_savepoint_is_registered_again(
        self, event_queue: EventQueue, task_queue: str, broker_url: str
    ) -> None:
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():
                outbox_put(event_queue.topic("decision.granted"), {"n": 1})
                raise RuntimeError("inner part fails")
            outbox_put(event_queue.topic("decision.granted"), {"n": 2})
        assert task_messages(broker_url, task_queue) == ["passage.casework.outbox_publish"]
