# SPDX-License-Identifier: EUPL-1.2
# kombu carries no type annotations; mypy would flag every call.
# mypy: allow-untyped-calls
"""Commit-to-broker delay of outbox events (issue 12 item 4): ``passage bench outbox``.

Each round commits one outbox row the way a service does (``outbox_put`` inside
``transaction.atomic``) and waits for its event in a queue bound to ``passage.events``; the
delay runs from just before the commit to the event's arrival. A real worker process
(``passage worker``, no beat, so no sweep) publishes, on the configured broker: the embedded
one (kombu's SQLAlchemy transport) when CELERY_BROKER_URL is unset, RabbitMQ when it is set.
Tasks go to a queue of the benchmark's own, so no other worker on a shared broker takes them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_outbox_benchmark(
    *,
    rounds: int = 200,
    pause: float = 0.02,
    output: str = "benchmarks/results/outbox.json",
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    from django.conf import settings
    from django.db import transaction
    from kombu.connection import Connection
    from kombu.entity import Queue

    from passage.casework.models import OutboxMessage
    from passage.casework.outbox import outbox_put
    from passage.casework.tasks import events_exchange
    from passage.celery import app

    tag = uuid.uuid4().hex[:12]
    task_queue = f"passage-bench-tasks-{tag}"
    prefix = f"bench.{tag}"
    app.conf.task_default_queue = task_queue
    env = {**os.environ, "PASSAGE_TASK_QUEUE": task_queue}
    broker = Connection(settings.PASSAGE_EVENTS_BROKER_URL)
    events = Queue(f"passage-bench-{tag}", exchange=events_exchange(), routing_key=f"{prefix}.#")(
        broker.default_channel
    )
    events_exchange()(broker.default_channel).declare()
    events.declare()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "passage.cli",
            "worker",
            "--concurrency",
            "2",
            "--loglevel",
            "warning",
        ],
        env=env,
    )
    delays: list[float] = []
    ids: list[int] = []
    try:
        # The worker is up once a first event comes through (not measured).
        say("waiting for the worker …")
        deadline = time.monotonic() + 60
        with transaction.atomic():
            ids.append(outbox_put(f"{prefix}.warmup", {"n": -1}).pk)
        while events.get(no_ack=True) is None:
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError("the worker published nothing within 60 s")
            time.sleep(0.01)
        say(f"{rounds} commits, one event each …")
        for n in range(rounds):
            with transaction.atomic():
                ids.append(outbox_put(f"{prefix}.application.submitted", {"n": n}).pk)
                started = time.perf_counter()
            while (message := events.get(no_ack=True)) is None:
                if time.perf_counter() - started > 60:
                    raise RuntimeError(f"event {n} did not arrive within 60 s")
                time.sleep(0.001)
            delays.append(time.perf_counter() - started)
            assert message.payload["payload"] == {"n": n}
            time.sleep(pause)
    finally:
        worker.terminate()
        worker.wait(30)
        events.delete()
        with Connection(settings.CELERY_BROKER_URL) as conn:
            Queue(task_queue)(conn.default_channel).delete()
        broker.release()
        OutboxMessage.objects.filter(pk__in=ids).delete()

    ms = [d * 1000 for d in delays]
    delay_ms = {
        "p50": round(statistics.median(ms), 1),
        "p95": round(_quantile(ms, 0.95), 1),
        "max": round(max(ms), 1),
        "min": round(min(ms), 1),
    }
    url = settings.PASSAGE_EVENTS_BROKER_URL
    result = {
        "benchmark": "outbox_commit_to_broker",
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "broker": url.split("://", 1)[0],
        "rounds": rounds,
        "pause_s": pause,
        "delay_ms": delay_ms,
        "target_p95_ms": 1000,
        "notes": [
            "From just before the commit of one outbox row to its event's arrival in a queue "
            "bound to passage.events, one commit at a time; a `passage worker` process "
            "(2 processes, no beat: the 30 s sweep plays no part) publishes.",
            "Before publish on commit the delay was the sweep's: median 16 s, max 42 s (issue 12).",
        ],
    }
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    say(f"commit to broker: p50 {delay_ms['p50']} ms, p95 {delay_ms['p95']} ms")
    say(f"written to {path}")
    return result
