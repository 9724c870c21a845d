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
from passage.monitoring.models import StakeholderAccessRequest
from passage.monitoring.refresh import refresh_task  # noqa: F401  (registered for workers)
from passage.monitoring.services import NotApproved, access_request_mail_send

logger = logging.getLogger(__name__)


@app.task(name="passage.monitoring.alert_deliveries_due", expires=300)
def alert_deliveries_due() -> dict[str, Any]:
    """Send the alert deliveries that are due. Idempotent."""
    sent = alert_deliveries_send_due()
    if sent:
        logger.info("Attempted %d alert deliveries", sent)
    return {"attempted": sent}


#: Retries of a set-password e-mail the mail server refused: 1, 2, 4 … minutes, up to an hour
#: apart, for about a day; an administrator can resend it at any time.
MAIL_RETRIES = 30


@app.task(bind=True, name="passage.monitoring.access_request_mail", max_retries=MAIL_RETRIES)
def access_request_mail(self: Any, req_pk: int, site_url: str, language: str = "en") -> bool:
    """Send an approved request's set-password e-mail; retried with backoff until it goes."""
    try:
        error = access_request_mail_send(req_pk, site_url=site_url, language=language)
    except (NotApproved, StakeholderAccessRequest.DoesNotExist):
        return False
    if error is not None:
        raise self.retry(countdown=min(3600, 60 * 2 ** min(self.request.retries, 6)))
    return True
