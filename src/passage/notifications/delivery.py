# SPDX-License-Identifier: EUPL-1.2
"""Sending one delivery (a signed webhook POST or an e-mail), backoff, and signature checks.

Webhooks are signed as Stripe and GitHub sign theirs, so HR systems can use what they know:

    Passage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>
    Passage-Event-Id: <outbox message id>

The timestamp is signed with the body, so a captured request cannot be replayed later than the
receiver's tolerance; the event id lets receivers drop the duplicates that at-least-once
delivery produces (a crash between the receiver's 2xx and our commit sends the event again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time

import httpx
from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from passage.notifications.models import Channel, Delivery, DeliveryStatus
from passage.notifications.services import (
    email_recipients,
    event_organisation_id,
    secret_decrypt,
)

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "Passage-Signature"
EVENT_ID_HEADER = "Passage-Event-Id"
#: After this many attempts a delivery is given up (``failed``); with the backoff below the
#: last one is about 1 h 4 min after the first, long enough to ride out a receiver's restart.
MAX_ATTEMPTS = 8
BACKOFF_BASE_S = 30
BACKOFF_MAX_S = 3600
_ERROR_LIMIT = 500


def signature_header(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes | str,
    tolerance_s: int = 300,
    *,
    now: float | None = None,
) -> bool:
    """For receivers: True when ``header`` (the ``Passage-Signature`` value) signs ``body``
    (the raw request body, before any JSON parsing) with ``secret`` and its timestamp is within
    ``tolerance_s`` seconds of ``now``. Several ``v1=`` values are allowed (a rotated secret);
    any one matching suffices. Compares in constant time."""
    raw = body.encode() if isinstance(body, str) else body
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)


def webhook_body(delivery: Delivery) -> bytes:
    message = delivery.outbox_message
    document = {
        "id": message.pk,
        "type": message.topic,
        "data": message.payload,
        "created_at": message.created_at.isoformat(),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min … doubling, at most 1 h."""
    return dt.timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_MAX_S))


def _send_webhook(delivery: Delivery) -> tuple[bool, int | None, str]:
    endpoint = delivery.endpoint
    assert endpoint is not None  # the check constraint: webhook rows have an endpoint
    body = webhook_body(delivery)
    try:
        secret = secret_decrypt(endpoint.secret_encrypted)
    except InvalidTag:
        # Recorded and retried like any failure, instead of an exception that would roll the
        # attempt back and block the sweep on this row forever.
        return False, None, "the endpoint's secret cannot be decrypted (PASSAGE_FIELD_KEY changed?)"
    return signed_post(endpoint.url, body, secret=secret, event_id=str(delivery.outbox_message_id))


def signed_post(
    url: str, body: bytes, *, secret: str, event_id: str
) -> tuple[bool, int | None, str]:
    """POST ``body`` signed with ``secret`` (``Passage-Signature``) and its event id for the
    receiver's de-duplication. Returns (delivered, HTTP status, error); never raises for the
    network. Employers' webhooks and Early Warning alerts both go through here."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Passage-Webhooks/1",
        SIGNATURE_HEADER: signature_header(secret, body),
        EVENT_ID_HEADER: event_id,
    }
    try:
        # No redirects: a 3xx is a failure, so a message never goes to a host nobody registered.
        response = httpx.post(
            url,
            content=body,
            headers=headers,
            timeout=settings.PASSAGE_WEBHOOK_TIMEOUT,
            follow_redirects=False,
        )
    except httpx.TimeoutException as exc:
        return (
            False,
            None,
            f"timeout after {settings.PASSAGE_WEBHOOK_TIMEOUT} s ({type(exc).__name__})",
        )
    except httpx.HTTPError as exc:
        return False, None, f"{type(exc).__name__}: {exc}"
    if 200 <= response.status_code < 300:
        return True, response.status_code, ""
    # The status line only: a receiver's error page could echo our headers back.
    return False, response.status_code, f"HTTP {response.status_code} {response.reason_phrase}"


def _send_email(delivery: Delivery) -> tuple[bool, int | None, str]:
    message = delivery.outbox_message
    payload = message.payload if isinstance(message.payload, dict) else {}
    reference = str(payload.get("reference", ""))
    organisation_id = event_organisation_id(message)
    recipients = email_recipients(organisation_id) if organisation_id is not None else []
    if not recipients:
        return False, None, "no employer member with an e-mail address"
    # Reference and states only: an e-mail leaves Passage and may be forwarded; the worker's
    # data stays behind the login the link leads to.
    state = str(payload.get("state", ""))
    residence_state = str(payload.get("residence_state", ""))
    subject = f"Passage: application {reference} is now {state}"
    text = (
        f"Application {reference} changed state.\n\n"
        f"Work authorisation: {state}\n"
        f"Residence: {residence_state}\n\n"
        f"Details, after logging in: /api/v1/applications/{reference}\n"
    )
    try:
        send_mail(subject, text, None, recipients, fail_silently=False)
    except Exception as exc:  # SMTP errors are of many kinds; all are worth a retry
        return False, None, f"{type(exc).__name__}: {exc}"
    return True, None, ""


def delivery_attempt(delivery: Delivery, *, now: dt.datetime | None = None) -> Delivery:
    """Send ``delivery`` once and record the outcome on it (saved): delivered, or pending with
    the next attempt after a backoff, or failed after ``MAX_ATTEMPTS``. The caller holds the
    row lock (``deliveries_send_due``), so no other worker sends it meanwhile."""
    if delivery.channel == Channel.WEBHOOK:
        ok, status_code, error = _send_webhook(delivery)
    else:
        ok, status_code, error = _send_email(delivery)
    at = now or timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error[:_ERROR_LIMIT]
    if ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = at
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        logger.warning(
            "Gave up delivery %s (%s) after %d attempts: %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            delivery.last_error,
        )
    else:
        delivery.next_attempt_at = at + backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery
