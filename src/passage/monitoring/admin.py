# SPDX-License-Identifier: EUPL-1.2
"""Early Warning in the admin: results and provenance are read-only, switches are not.

Figures arrive through the imports (with provenance) and results through a refresh, so
batches, observations, runs, indicator values, forecasts, alerts and deliveries can only be
viewed. Alert rules come from ``definitions/alerts.yaml`` and subscriptions from
``alerts.alert_subscription_create`` (which shows a webhook's secret once and writes the audit
row): the admin can only switch either on or off, and that change is audited too. Case events
are not listed: at millions of rows the admin's counts would stall the page, and one event
means nothing on its own."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from passage.audit.services import audit_record
from passage.monitoring.models import (
    Alert,
    AlertDelivery,
    AlertRule,
    AlertSubscription,
    CrossingProbability,
    Forecast,
    ImportBatch,
    IndicatorValue,
    Observation,
    RefreshRun,
    StakeholderAccessRequest,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "source", "dataset", "file_name", "status", "row_count"]
    list_filter = ["status", "source"]
    search_fields = ["file_name", "file_sha256", "dataset"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["metric", "granularity", "period_start", "dims_key", "value", "qualifier"]
    list_filter = ["granularity", "qualifier", ("superseded_at", admin.EmptyFieldListFilter)]
    search_fields = ["metric", "dims_key", "citation"]
    list_select_related = ["batch"]
    raw_id_fields = ["batch", "superseded_by"]
    show_full_result_count = False


@admin.register(RefreshRun)
class RefreshRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "started_at", "finished_at", "status"]
    list_filter = ["status"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "granularity", "period_start", "dims_key", "value", "level", "run"]
    list_filter = ["level", "granularity", "indicator"]
    search_fields = ["indicator", "dims_key"]
    raw_id_fields = ["run"]
    show_full_result_count = False


@admin.register(Forecast)
class ForecastAdmin(ReadOnlyAdmin):
    list_display = ["series", "dims_key", "model", "origin", "run"]
    search_fields = ["series"]
    raw_id_fields = ["run"]


@admin.register(CrossingProbability)
class CrossingProbabilityAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "threshold", "horizon_months", "probability", "run"]
    raw_id_fields = ["run"]


class _AuditedSwitchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only ``active`` can change, and the change is written to the audit log."""

    audit_object_type = ""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting would cascade to (or be blocked by) alerts and deliveries: switch off.
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"monitoring.{self.audit_object_type}.change",
                object_type=self.audit_object_type,
                object_id=obj.pk,
                details={"active": obj.active, "via": "admin"},
            )


@admin.register(AlertRule)
class AlertRuleAdmin(_AuditedSwitchAdmin):
    audit_object_type = "alert_rule"
    list_display = ["code", "indicator", "kind", "active"]
    list_filter = ["kind", "active"]
    fields = ["code", "indicator", "kind", "params", "active"]
    readonly_fields = ["code", "indicator", "kind", "params"]


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(_AuditedSwitchAdmin):
    audit_object_type = "alert_subscription"
    list_display = ["id", "channel", "role", "user", "webhook_url", "rule", "active"]
    list_filter = ["channel", "active", "role"]
    list_select_related = ["user", "rule"]
    # The encrypted secret is not editable and therefore never on the form.
    fields = ["rule", "channel", "role", "user", "webhook_url", "active"]
    readonly_fields = ["rule", "channel", "role", "user", "webhook_url"]


class AlertDeliveryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AlertDelivery
    fields = ("channel", "recipient", "status", "attempts", "next_attempt_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    """Acknowledging is done on the alerts page (``alerts.alert_acknowledge``, audited)."""

    list_display = [
        "raised_at",
        "title",
        "indicator",
        "period_start",
        "previous_level",
        "level",
        "acknowledged_at",
    ]
    list_filter = ["level", "indicator", ("acknowledged_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "message", "indicator"]
    list_select_related = ["rule", "acknowledged_by"]
    raw_id_fields = ["run"]
    inlines = [AlertDeliveryInline]


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["alert", "channel", "recipient", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["alert"]


@admin.register(StakeholderAccessRequest)
class StakeholderAccessRequestAdmin(ReadOnlyAdmin):
    """Decided on the dashboard's access-request page (administrators), not here."""

    list_display = ["requested_at", "name", "organisation_name", "email", "status", "decided_at"]
    list_filter = ["status"]
    search_fields = ["name", "organisation_name", "email"]
