# SPDX-License-Identifier: EUPL-1.2
# kombu and Celery's task decorator carry no type annotations; mypy would flag every call.
# mypy: allow-untyped-calls, disable-error-code="untyped-decorator"
"""Background tasks of casework: publishing the outbox, re-evaluating pending applications.

Both are idempotent, so the late acknowledgement in the Celery settings (a task is redelivered
when its worker dies) is safe.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.connection import Connection
from kombu.entity import Exchange
from kombu.messaging import Producer

from passage.casework.models import OutboxMessage
from passage.celery import app

logger = logging.getLogger(__name__)


class OutboxPublishError(RuntimeError):
    """The event broker could not be reached or refused a message; rows stay unpublished."""


def events_exchange() -> Exchange:
    # Durable topic exchange: consumers bind their own durable queues by routing key
    # (e.g. "application.#"); the exchange survives broker restarts.
    return Exchange(settings.PASSAGE_EVENTS_EXCHANGE, type="topic", durable=True)


@contextmanager
def events_connection(url: str | None = None) -> Iterator[Connection]:
    """A connection to the event broker, with publisher confirms on AMQP.

    With confirms, ``basic.publish`` returns only once RabbitMQ has taken responsibility for
    the message (persisted, as it is marked persistent and the exchange is durable); a refusal
    raises instead of losing the message silently. Redis has no confirms: its LPUSH is
    synchronous, which is the same guarantee for our purposes.
    """
    url = url or settings.PASSAGE_EVENTS_BROKER_URL
    options: dict[str, Any] = {}
    if url.split("://", 1)[0] in {"amqp", "pyamqp", "amqps"}:
        options["confirm_publish"] = True
    conn = Connection(url, connect_timeout=4, transport_options=options)
    try:
        try:
            conn.ensure_connection(max_retries=2, interval_start=0.2, interval_step=0.5)
        except Exception as exc:
            raise OutboxPublishError(
                f"cannot reach the event broker at {conn.as_uri()}: {exc}"
            ) from exc
        yield conn
    finally:
        conn.release()


def publish_message(producer: Producer, exchange: Exchange, message: OutboxMessage) -> None:
    """Publish one outbox row; returns once the broker confirmed it.

    The row id is the AMQP ``message_id``: a row published twice (a crash between the broker's
    confirm and our commit) reaches consumers twice with the same id, and they de-duplicate.
    """
    producer.publish(
        {
            "id": message.pk,
            "topic": message.topic,
            "created_at": message.created_at.isoformat(),
            "payload": message.payload,
        },
        exchange=exchange,
        routing_key=message.topic,
        message_id=str(message.pk),
        type=message.topic,
        timestamp=int(message.created_at.timestamp()),
        serializer="json",  # sets content_type application/json, utf-8
        delivery_mode=2,  # persistent
        retry=True,
        retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
    )


@app.task(name="passage.casework.outbox_publish", expires=300)
def outbox_publish(batch_size: int | None = None) -> int:
    """Publish every unpublished outbox row to the "passage.events" topic exchange.

    Per batch, in one transaction: lock up to ``batch_size`` rows with ``FOR UPDATE SKIP
    LOCKED`` (concurrent workers take disjoint rows instead of waiting or publishing the same
    ones), publish each and wait for the broker's confirm, then set ``published_at`` and
    commit. A crash before the commit rolls the marks back and the rows are published again:
    at-least-once to the broker, exactly-once marking. Returns the number of rows marked.

    Sent by ``outbox_publish_trigger`` after each commit that wrote outbox rows, and every
    30 s by beat as the safety net.
    """
    url = settings.PASSAGE_EVENTS_BROKER_URL
    if not url:
        logger.debug("No event broker configured (CELERY_BROKER_URL); outbox rows wait")
        return 0
    batch = batch_size or settings.PASSAGE_OUTBOX_BATCH
    exchange = events_exchange()
    marked = 0
    with events_connection(url) as conn:
        channel = conn.channel()
        try:
            exchange(channel).declare()
            producer = Producer(channel, exchange=exchange)
            while True:
                ids: list[int] = []
                try:
                    with transaction.atomic():
                        rows = list(
                            OutboxMessage.objects.select_for_update(skip_locked=True)
                            .filter(published_at__isnull=True)
                            .order_by("id")[:batch]
                        )
                        ids = [row.pk for row in rows]
                        for row in rows:
                            publish_message(producer, exchange, row)
                        marked += OutboxMessage.objects.filter(
                            pk__in=ids, published_at__isnull=True
                        ).update(published_at=timezone.now(), attempts=F("attempts") + 1)
                except Exception:
                    # Count the failed round outside the rolled-back transaction, so rows that
                    # keep failing are visible to operators (attempts grows, published_at null).
                    if ids:
                        try:
                            OutboxMessage.objects.filter(
                                pk__in=ids, published_at__isnull=True
                            ).update(attempts=F("attempts") + 1)
                        except Exception:  # never hide the original error behind this one
                            logger.warning("Could not count the failed attempt", exc_info=True)
                    raise
                if len(ids) < batch:
                    break
        finally:
            channel.close()
    if marked:
        logger.info("Published %d outbox events", marked)
    return marked


def outbox_publish_trigger() -> None:
    """Send an ``outbox_publish`` task; run by ``outbox_put`` after the commit of the change.

    A worker then publishes within the broker's pick-up delay instead of at the next 30 s
    sweep (commit-to-broker delay: ``passage bench outbox``). Failure to send is logged and
    swallowed: the change is committed, its event is safe in the outbox, and the sweep will
    publish it. A broker hiccup must not turn a successful request into an error."""
    try:
        # No publish retries: with the broker down the request would wait for them.
        outbox_publish.apply_async(retry=False)
    except Exception:
        logger.warning("Could not trigger outbox publication; the sweep will", exc_info=True)


# Acknowledged on receipt, unlike the other tasks: a run over a million applications can
# outlast RabbitMQ's consumer timeout (30 min) or Redis's visibility timeout (1 h), and a late
# acknowledgement would then redeliver it in a loop. Each chunk commits on its own, and a run
# lost with its worker is repeated by the next night's schedule.
@app.task(name="passage.casework.reevaluate_pending", acks_late=False)
def reevaluate_pending(day: str | None = None) -> dict[str, Any]:
    """Re-run the rules on every pending application for ``day`` (ISO date; default today in
    Brussels) and flag those whose outcome changed — run nightly and after a parameter change.

    Returns the run's summary as JSON-ready data (counts and changed references)."""
    from passage.casework.services import applications_reevaluate

    on = date.fromisoformat(day) if day else timezone.localdate()
    summary = applications_reevaluate(day=on)
    logger.info(
        "Re-evaluated %d pending applications for %s: %d changed, %d errors",
        summary.evaluated,
        on.isoformat(),
        summary.changed,
        summary.errors,
    )
    return summary.to_dict()
