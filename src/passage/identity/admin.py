# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.contrib import admin

from passage.identity.models import FederalIdentity


@admin.register(FederalIdentity)
class FederalIdentityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: identities are linked by the login flow, the demo load and the
    provisioners (passage.identity.services), each with its audit entry."""

    list_display = ("user", "fedid", "created_at", "last_login_at")
    search_fields = ("user__username",)
    readonly_fields = ("user", "nrn_pseudonym", "fedid", "created_at", "last_login_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
