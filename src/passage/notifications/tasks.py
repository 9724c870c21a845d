# SPDX-License-Identifier: EUPL-1.2
# Celery's task decorator carries no type annotations; mypy would flag it.
# mypy: disable-error-code="untyped-decorator"
"""The delivery sweep: plan deliveries for newly published events, send the due ones."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from passage.casework.models import OutboxMessage
from passage.celery import app
from passage.notifications.delivery import delivery_attempt
from passage.notifications.models import Delivery, DeliveryPlan, DeliveryStatus
from passage.notifications.services import deliveries_plan

logger = logging.getLogger(__name__)

PLAN_BATCH = 100
SEND_LIMIT = 200


def deliveries_plan_pending(*, batch: int = PLAN_BATCH) -> int:
    """Plan every published event that has no ``DeliveryPlan`` yet; returns how many.

    Only published events: ``published_at`` is set by the commit that also proves the change
    committed and reached the broker, so e-mail and webhooks never run ahead of the events
    exchange. Rows are locked ``SKIP LOCKED``, so concurrent sweeps plan disjoint events."""
    planned = 0
    while True:
        with transaction.atomic():
            messages = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(published_at__isnull=False)
                .filter(~Exists(DeliveryPlan.objects.filter(outbox_message=OuterRef("pk"))))
                .order_by("id")[:batch]
            )
            for message in messages:
                deliveries_plan(message)
        planned += len(messages)
        if len(messages) < batch:
            return planned


def deliveries_send_due(*, now: dt.datetime | None = None, limit: int = SEND_LIMIT) -> int:
    """Send up to ``limit`` due deliveries, one transaction each; returns how many were tried.

    Each delivery is taken with ``SELECT … FOR UPDATE SKIP LOCKED`` and its outcome committed
    with the lock still held, so two workers never send the same row at once. A worker that
    dies after the receiver's 2xx but before the commit leaves the row pending, and it is sent
    again: at-least-once, with ``Passage-Event-Id`` for receivers to de-duplicate."""
    tried = 0
    while tried < limit:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("outbox_message", "endpoint")
                .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if delivery is None:
                break
            if delivery.endpoint is not None and not delivery.endpoint.active:
                # Switched off after planning: nothing to send, and nothing to retry.
                delivery.status = DeliveryStatus.FAILED
                delivery.last_error = "endpoint deactivated"
                delivery.next_attempt_at = None
                delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
            else:
                delivery_attempt(delivery, now=now)
        tried += 1
    return tried


@app.task(name="passage.notifications.deliveries_due", expires=300)
def deliveries_due() -> dict[str, Any]:
    """Plan deliveries for published events, then send those due. Idempotent."""
    planned = deliveries_plan_pending()
    sent = deliveries_send_due()
    if planned or sent:
        logger.info("Planned %d events, attempted %d deliveries", planned, sent)
    return {"planned": planned, "attempted": sent}
