# SPDX-License-Identifier: EUPL-1.2
"""Where published outbox events go: employers' HR webhooks and e-mail to employer members.

Kept apart from casework so delivery can change (new channels, retries) without touching the
casework tables or migrations; the only link is a foreign key to ``casework.OutboxMessage``."""

from __future__ import annotations

from django.db import models

from passage.accounts.models import Organisation
from passage.casework.models import OutboxMessage


class WebhookEndpoint(models.Model):
    """An employer's HR system, told about each status change of the organisation's files."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=500)
    # AES-GCM ciphertext of the signing secret (see services.secret_encrypt): a database dump
    # or the admin never shows it; the caller of webhook_endpoint_create sees it once.
    secret_encrypted = models.BinaryField(editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.organisation_id})"


class Channel(models.TextChoices):
    WEBHOOK = "webhook", "webhook"
    EMAIL = "email", "e-mail"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DELIVERED = "delivered", "delivered"
    FAILED = "failed", "failed"


class Delivery(models.Model):
    """One event to one destination; retried with backoff until delivered or given up."""

    outbox_message = models.ForeignKey(
        OutboxMessage, on_delete=models.CASCADE, related_name="deliveries"
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    # The exception class and message or an HTTP status line: never the secret or a body.
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Each event once per endpoint (and once by e-mail, where endpoint is NULL: hence
            # NULLS NOT DISTINCT, PostgreSQL 15+), whatever planning runs twice.
            models.UniqueConstraint(
                fields=["outbox_message", "endpoint", "channel"],
                name="delivery_once_per_destination",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                name="delivery_webhook_has_endpoint",
                condition=models.Q(channel="email", endpoint__isnull=True)
                | models.Q(channel="webhook", endpoint__isnull=False),
            ),
        ]
        indexes = [
            # The sender's query: pending rows that are due.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} of event {self.outbox_message_id}: {self.status}"


class DeliveryPlan(models.Model):
    """Marks an outbox event whose deliveries were planned, even when it had none (no
    endpoints, no members with an e-mail), so the planner does not look at it again."""

    outbox_message = models.OneToOneField(
        OutboxMessage, on_delete=models.CASCADE, primary_key=True, related_name="delivery_plan"
    )
    planned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"plan of event {self.outbox_message_id}"
