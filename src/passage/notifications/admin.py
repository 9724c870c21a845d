# SPDX-License-Identifier: EUPL-1.2
"""Read-mostly admin: endpoints are created with ``webhook_endpoint_create`` (which shows the
secret once and writes the audit row), so the admin can only view them and switch them off."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from passage.notifications.models import Delivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["url", "organisation", "active", "created_at"]
    list_filter = ["active"]
    # The encrypted secret is not editable and therefore never on the form.
    fields = ["organisation", "url", "active", "created_at"]
    readonly_fields = ["organisation", "url", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "outbox_message_id",
        "channel",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "channel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
