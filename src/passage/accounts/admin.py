# SPDX-License-Identifier: EUPL-1.2
"""Admin pages for organisations and for users with their role (the profile inline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest

from passage.accounts.models import (
    Mandate,
    MemberRole,
    Organisation,
    Profile,
    normalise_enterprise_number,
)
from passage.accounts.services import organisation_create
from passage.audit.services import audit_record


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    # Longer than the stored ten digits: the printed forms carry 'BE', dots and spaces.
    enterprise_number = forms.CharField(max_length=20, help_text="e.g. BE0123.456.749")

    class Meta:
        model = Organisation
        fields = ("enterprise_number", "name")

    def clean_enterprise_number(self) -> str:
        # Before the model's validator runs: 'BE0123.456.749' is as good as '0123456749'.
        return normalise_enterprise_number(self.cleaned_data["enterprise_number"])


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = OrganisationForm
    list_display = ["name", "enterprise_number", "created_at"]
    search_fields = ["name", "enterprise_number"]
    readonly_fields = ["created_at"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        # Through the service (and the audit log), as every other writer.
        if not change:
            created = organisation_create(
                enterprise_number=obj.enterprise_number, name=obj.name, actor=request.user
            )
            obj.pk, obj.created_at = created.pk, created.created_at
            return
        with transaction.atomic():
            obj.save()
            audit_record(
                actor=request.user,
                action="organisation.update",
                object_type="organisation",
                object_id=obj.pk,
                details={"enterprise_number": obj.enterprise_number, "changed": form.changed_data},
            )


class _ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Grants are written only by their services (audit row and history in one
    transaction): through the API or the portal, never by editing rows here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MemberRole)
class MemberRoleAdmin(_ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "valid_from", "valid_until", "revoked_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]


@admin.register(Mandate)
class MandateAdmin(_ReadOnlyAdmin):
    list_display = ["principal", "agent", "service", "valid_from", "valid_until", "revoked_at"]
    list_filter = ["service"]
    list_select_related = ["principal", "agent"]
    search_fields = ["principal__name", "agent__name", "agent__enterprise_number"]


class ProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profile
    can_delete = False
    fk_name = "user"
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["worker"]
    extra = 1
    max_num = 1


class PassageUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [ProfileInline]
    list_display = ["username", "is_staff", "is_active", "profile__role", "profile__region"]
    list_filter = [*UserAdmin.list_filter, "profile__role", "profile__region"]
    list_select_related = ["profile"]


_user_model = get_user_model()
if admin.site.is_registered(_user_model):
    admin.site.unregister(_user_model)
admin.site.register(_user_model, PassageUserAdmin)
