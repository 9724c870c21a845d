# SPDX-License-Identifier: EUPL-1.2
"""The transactional outbox: status events are written in the transaction of the change, so
they exist if and only if the change committed; ``passage.casework.tasks.outbox_publish``
delivers each once."""

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
    return OutboxMessage.objects.create(topic=topic, payload=clean)
