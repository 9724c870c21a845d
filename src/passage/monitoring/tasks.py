# SPDX-License-Identifier: EUPL-1.2
# Celery's task decorator carries no type annotations; mypy would flag it.
# mypy: disable-error-code="untyped-decorator"
"""The Early Warning delivery sweep: send the alert e-mails and webhooks that are due.

Alerts are raised (and their deliveries planned) by the refresh itself; this sweep only sends,
and retries those whose backoff has run out. Scheduled in ``passage.celery`` beside the
notifications sweep."""

from __future__ import annotations

import logging
from typing import Any

from passage.celery import app
from passage.monitoring.alerts import alert_deliveries_send_due
from passage.monitoring.refresh import refresh_task  # noqa: F401  (registered for workers)

logger = logging.getLogger(__name__)


@app.task(name="passage.monitoring.alert_deliveries_due", expires=300)
def alert_deliveries_due() -> dict[str, Any]:
    """Send the alert deliveries that are due. Idempotent."""
    sent = alert_deliveries_send_due()
    if sent:
        logger.info("Attempted %d alert deliveries", sent)
    return {"attempted": sent}
