# SPDX-License-Identifier: EUPL-1.2
"""The transactional outbox: status events are written in the transaction of the change, so
they exist if and only if the change committed; ``passage.casework.tasks.outbox_publish``
delivers each once.

Publication starts on commit: ``outbox_put`` asks, once per transaction, for an
``outbox_publish`` task after the commit (issue 12 item 4); the periodic sweep in
``passage.celery`` remains for triggers lost with a broker blip or a killed process."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from passage.casework.models import OutboxMessage


def outbox_put(topic: str, payload: dict[str, Any]) -> OutboxMessage:
    """Queue ``payload`` under ``topic``; must run inside the caller's transaction.

    Payloads leave Passage (e-mail, employers' HR webhooks): callers put references and states
    in them, never personal data."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_put must be called inside transaction.atomic()")
    # Dates and Decimals as JSON text, the same as the publisher will send them.
    clean = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    message = OutboxMessage.objects.create(topic=topic, payload=clean)
    _publish_after_commit()
    return message


def _publish_after_commit() -> None:
    """Register the publication trigger unless this transaction already holds one that a
    rollback of the current savepoint would not discard (one task per commit, not per row)."""
    from passage.casework.tasks import outbox_publish_trigger  # Celery only when writing

    connection = transaction.get_connection()
    current = set(connection.savepoint_ids)
    for savepoints, callback, _robust in connection.run_on_commit:
        if callback is outbox_publish_trigger and savepoints <= current:
            return
    transaction.on_commit(outbox_publish_trigger)
