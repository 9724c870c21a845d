# SPDX-License-Identifier: EUPL-1.2
"""Writes of the notifications app: registering webhook endpoints, planning deliveries."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passage.accounts.models import Organisation, Role
from passage.audit.services import audit_record
from passage.casework.crypto import field_key
from passage.casework.models import Application, OutboxMessage
from passage.notifications.models import (
    Channel,
    Delivery,
    DeliveryPlan,
    WebhookEndpoint,
)

_NONCE_BYTES = 12
# A different purpose than the national register numbers' key use: a secret's ciphertext
# cannot be passed off as a number's, or the other way round.
_SECRET_AAD = b"passage:notifications.webhook_secret:v1"
# Plain http only where nothing crosses a network: a developer's own receiver.
_DEVELOPMENT_HOSTS = frozenset({"127.0.0.1", "localhost"})


def secret_encrypt(secret: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + AESGCM(field_key()).encrypt(nonce, secret.encode(), _SECRET_AAD)


def secret_decrypt(blob: bytes | memoryview) -> str:
    data = bytes(blob)
    return (
        AESGCM(field_key()).decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:], _SECRET_AAD).decode()
    )


def webhook_url_validate(url: str) -> str:
    """The URL, or ValidationError naming ``url``: https, or http to 127.0.0.1/localhost."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise ValidationError({"url": "not a valid URL"}, code="invalid_url") from None
    if not hostname:
        raise ValidationError({"url": "the URL names no host"}, code="invalid_url")
    if parts.username or parts.password:
        # Credentials in a URL end up in logs and the admin; the signature authenticates us.
        raise ValidationError({"url": "the URL must not contain credentials"}, code="invalid_url")
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and hostname in _DEVELOPMENT_HOSTS:
        return url
    raise ValidationError(
        {"url": "webhooks need https (http only to 127.0.0.1 or localhost, for development)"},
        code="insecure_url",
    )


@transaction.atomic
def webhook_endpoint_create(
    *, organisation: Organisation, url: str, actor: Any
) -> tuple[WebhookEndpoint, str]:
    """Register ``url`` for ``organisation``'s status events.

    Returns the endpoint and its signing secret: the only time the secret is shown, so the
    caller hands it to the HR system now (it is stored encrypted, never displayed again)."""
    url = webhook_url_validate(url)
    secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        organisation=organisation, url=url, secret_encrypted=secret_encrypt(secret)
    )
    endpoint.full_clean()
    endpoint.save()
    audit_record(
        actor=actor,
        action="webhook_endpoint.create",
        object_type="webhook_endpoint",
        object_id=endpoint.pk,
        details={"organisation": organisation.pk, "url": url},
    )
    return endpoint, secret


def email_recipients(organisation_id: int) -> list[str]:
    """E-mail addresses of the organisation's employer members (active users with one)."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__role=Role.EMPLOYER_MEMBER,
            profile__organisation_id=organisation_id,
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def event_organisation_id(message: OutboxMessage) -> int | None:
    """The organisation of the application an event is about (by its ``reference``)."""
    reference = message.payload.get("reference") if isinstance(message.payload, dict) else None
    if not reference:
        return None
    return (
        Application.objects.filter(reference=reference)
        .values_list("organisation_id", flat=True)
        .first()
    )


@transaction.atomic
def deliveries_plan(outbox_message: OutboxMessage) -> list[Delivery]:
    """Create the deliveries of one event: a webhook per active endpoint of the application's
    organisation and one e-mail to its employer members (if any has an address).

    Idempotent: the unique constraint drops deliveries planned before (ON CONFLICT DO
    NOTHING), and a ``DeliveryPlan`` row marks the event as planned, even with no deliveries.
    Returns all the event's deliveries."""
    organisation_id = event_organisation_id(outbox_message)
    now = timezone.now()
    rows: list[Delivery] = []
    if organisation_id is not None:
        endpoints = WebhookEndpoint.objects.filter(organisation_id=organisation_id, active=True)
        rows += [
            Delivery(
                outbox_message=outbox_message,
                endpoint=endpoint,
                channel=Channel.WEBHOOK,
                next_attempt_at=now,
            )
            for endpoint in endpoints.order_by("pk")
        ]
        if email_recipients(organisation_id):
            rows.append(
                Delivery(outbox_message=outbox_message, channel=Channel.EMAIL, next_attempt_at=now)
            )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    DeliveryPlan.objects.get_or_create(outbox_message=outbox_message)
    return list(Delivery.objects.filter(outbox_message=outbox_message).order_by("pk"))
