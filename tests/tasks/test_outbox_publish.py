# SPDX-License-Identifier: EUPL-1.2
"""outbox_publish against the real broker: every row reaches the passage.events exchange with
its id as the AMQP message_id, a rerun publishes nothing, and a crash mid-batch loses nothing
and marks nothing twice."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from event_queues import EventQueue

import passage.casework.tasks as tasks
from passage.casework.models import OutboxMessage
from passage.casework.outbox import outbox_put


def put_events(queue: EventQueue, n: int) -> list[int]:
    with transaction.atomic():
        return [
            outbox_put(queue.topic("application.submitted"), {"reference": f"VL-{i}"}).pk
            for i in range(n)
        ]


def message_ids(messages: list[Any]) -> list[str]:
    return [m.properties["message_id"] for m in messages]


@pytest.mark.django_db
class TestOutboxPublish:
    def test_publishes_each_row_once(self, event_queue: EventQueue) -> None:
        ids = put_events(event_queue, 3)

        assert tasks.outbox_publish() == 3

        messages = event_queue.drain(expect=3)
        assert message_ids(messages) == [str(i) for i in ids]
        first = json.loads(messages[0].body)
        assert first["id"] == ids[0]
        assert first["topic"] == event_queue.topic("application.submitted")
        assert first["payload"] == {"reference": "VL-0"}
        assert messages[0].delivery_info["routing_key"] == first["topic"]
        assert messages[0].content_type == "application/json"
        rows = OutboxMessage.objects.filter(pk__in=ids)
        assert all(row.published_at is not None for row in rows)

        assert tasks.outbox_publish() == 0
        assert event_queue.drain(wait=0.5) == []

    def test_crash_after_first_publish_loses_nothing(
        self, event_queue: EventQueue, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ids = put_events(event_queue, 3)
        real_publish = tasks.publish_message
        calls = 0

        def publish_then_crash(*args: Any, **kwargs: Any) -> None:
            nonlocal calls
            real_publish(*args, **kwargs)  # confirmed by the broker …
            calls += 1
            raise RuntimeError("worker died")  # … but the marks are never committed

        monkeypatch.setattr(tasks, "publish_message", publish_then_crash)
        with pytest.raises(RuntimeError, match="worker died"):
            tasks.outbox_publish()
        assert calls == 1
        assert not OutboxMessage.objects.filter(pk__in=ids, published_at__isnull=False).exists()
        assert message_ids(event_queue.drain(expect=1)) == [str(ids[0])]

        monkeypatch.setattr(tasks, "publish_message", real_publish)
        assert tasks.outbox_publish() == 3  # each row marked, once
        marks = dict(OutboxMessage.objects.filter(pk__in=ids).values_list("pk", "published_at"))
        assert all(marks.values())
        # At-least-once to the broker: the first event arrives again with the same message
        # id, which is how consumers drop the duplicate.
        assert message_ids(event_queue.drain(expect=3)) == [str(i) for i in ids]

        assert tasks.outbox_publish() == 0
        after = dict(OutboxMessage.objects.filter(pk__in=ids).values_list("pk", "published_at"))
        assert after == marks  # never marked a second time
        assert event_queue.drain(wait=0.5) == []

    def test_small_batches_publish_everything_in_order(self, event_queue: EventQueue) -> None:
        ids = put_events(event_queue, 5)
        assert tasks.outbox_publish(batch_size=2) == 5
        assert message_ids(event_queue.drain(expect=5)) == [str(i) for i in ids]

    def test_without_event_broker_rows_wait(self, event_queue: EventQueue, settings: Any) -> None:
        ids = put_events(event_queue, 1)
        settings.PASSAGE_EVENTS_BROKER_URL = ""
        assert tasks.outbox_publish() == 0
        assert OutboxMessage.objects.get(pk=ids[0]).published_at is None

    def test_unreachable_broker_is_a_clear_error(self, settings: Any) -> None:
        settings.PASSAGE_EVENTS_BROKER_URL = "amqp://guest:secret@127.0.0.1:1//"
        with pytest.raises(tasks.OutboxPublishError, match="cannot reach the event broker") as e:
            tasks.outbox_publish()
        assert "secret" not in str(e.value)


@pytest.mark.django_db(transaction=True)
class TestOutboxConcurrency:
    def test_concurrent_publishers_take_disjoint_rows(self, event_queue: EventQueue) -> None:
        ids = put_events(event_queue, 40)
        results: list[int] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                results.append(tasks.outbox_publish(batch_size=5))
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(results) == 40
        # SKIP LOCKED: no row was published by two workers (no crash, so no duplicate at all).
        received = message_ids(event_queue.drain(expect=40))
        assert sorted(received, key=int) == [str(i) for i in ids]
