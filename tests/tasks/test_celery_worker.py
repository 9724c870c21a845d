# SPDX-License-Identifier: EUPL-1.2
"""A real Celery worker (in a thread, on the real broker) runs outbox_publish sent through
the broker, the way a deployment runs it."""

from __future__ import annotations

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from event_queues import EventQueue
from kombu import Connection, Queue

from passage.casework.models import OutboxMessage
from passage.casework.outbox import outbox_put
from passage.casework.tasks import outbox_publish
from passage.celery import app


@pytest.mark.django_db(transaction=True)
class TestCeleryWorker:
    def test_worker_runs_outbox_publish(self, event_queue: EventQueue, broker_url: str) -> None:
        assert not app.conf.task_always_eager, "with a broker, tasks must go through it"
        with transaction.atomic():
            ids = [outbox_put(event_queue.topic("decision.granted"), {"n": n}).pk for n in (1, 2)]
        # A queue of its own, so the worker runs this test's task and nothing left in the
        # shared default queue by other runs.
        task_queue = f"passage-test-tasks-{uuid.uuid4().hex[:12]}"
        try:
            with start_worker(
                app, perform_ping_check=False, queues=[task_queue], pool="solo"
            ) as worker:
                # The worker's event loop sleeps up to 10 s between timer checks, so it would
                # notice the end of the test late; a short no-op timer makes it stop promptly.
                if worker.hub is not None:
                    worker.hub.call_repeatedly(0.2, lambda: None)
                result = outbox_publish.apply_async(queue=task_queue)
                deadline = time.monotonic() + 20
                while OutboxMessage.objects.filter(pk__in=ids, published_at__isnull=True).exists():
                    assert time.monotonic() < deadline, f"the worker did not run task {result.id}"
                    time.sleep(0.1)
        finally:
            with Connection(broker_url, connect_timeout=3) as conn:
                Queue(task_queue)(conn.default_channel).delete()
        received = [m.properties["message_id"] for m in event_queue.drain(expect=2)]
        assert received == [str(i) for i in ids]
