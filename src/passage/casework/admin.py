# SPDX-License-Identifier: EUPL-1.2
"""Django admin for casework: read-only views of the domain, editable SLA policies.

Applications, workers, decisions and events are written by ``passage.casework.services`` only
(they keep the timeline, audit chain and outbox in step), so the admin shows them and never
changes them. SLA policies are configuration (issue 4: "SLA clocks … configurable") and are
the one thing administrators edit here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from passage.casework.models import (
    Application,
    ApplicationDecision,
    ApplicationEvent,
    OutboxMessage,
    SlaPolicy,
    Worker,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ApplicationEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor", "part", "kind", "from_state", "to_state", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "region",
        "state",
        "residence_state",
        "eligibility_outcome",
        "eligibility_changed",
        "salary_verification",
        "sla_due_on",
    )
    list_filter = ("region", "state", "residence_state", "eligibility_changed")
    search_fields = ("reference",)
    # The worker is shown by id only: names are personal data (audited reads go via the API).
    raw_id_fields = ("worker", "organisation")
    inlines = [ApplicationEventInline]


@admin.register(Worker)
class WorkerAdmin(ReadOnlyAdmin):
    list_display = ("id", "organisation", "nationality", "created_at")
    # Never the names, the birth date or the (encrypted) national register number.
    fields = ("organisation", "nationality", "national_register_pseudonym", "created_at")
    readonly_fields = fields


@admin.register(ApplicationDecision)
class ApplicationDecisionAdmin(ReadOnlyAdmin):
    list_display = ("application", "part", "outcome", "decided_by", "decided_at")
    list_filter = ("part", "outcome")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "topic", "created_at", "published_at", "attempts")
    list_filter = ("topic",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("region", "procedure", "target_days", "at_risk_days", "source")
    list_filter = ("region", "procedure")
