# SPDX-License-Identifier: EUPL-1.2
"""Administrators enter verified parameter values and occupation codes here.

Entries are records of who vouched for what (see models): they can be added and deleted,
not edited. The add forms validate through the services, so the same rules apply as for
any other writer, and the errors appear next to the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from passage.rulebook import services
from passage.rulebook.models import OccupationListEntry, ParameterOverride


class ParameterOverrideForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ParameterOverride
        fields = ("parameter", "start", "value", "status", "reference")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            cleaned["value"] = services.parameter_override_validate(
                parameter=cleaned["parameter"],
                start=cleaned["start"],
                value=cleaned["value"],
                status=cleaned["status"],
            )
        except ValidationError as exc:
            self._add_errors(exc)
        return cleaned

    def _add_errors(self, exc: ValidationError) -> None:
        for field, errors in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)


class OccupationListEntryForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OccupationListEntry
        fields = ("list_id", "code", "label")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            cleaned["code"] = services.occupation_list_entry_validate(
                list_id=cleaned["list_id"], code=cleaned["code"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class _AppendOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing is allowed through has_view_permission; editing would rewrite a record.
        return False


@admin.register(ParameterOverride)
class ParameterOverrideAdmin(_AppendOnlyAdmin):
    form = ParameterOverrideForm
    list_display = ("parameter", "start", "value", "status", "entered_by", "created_at")
    list_filter = ("status",)
    search_fields = ("parameter", "reference")
    readonly_fields = ("entered_by", "created_at")

    def save_model(
        self, request: HttpRequest, obj: ParameterOverride, form: Any, change: bool
    ) -> None:
        created = services.parameter_override_create(
            parameter=obj.parameter,
            start=obj.start,
            value=obj.value,
            status=obj.status,
            reference=obj.reference,
            entered_by=request.user,  # type: ignore[arg-type]
        )
        # The admin goes on to log and redirect with this object.
        obj.pk = created.pk
        obj.entered_by = created.entered_by
        obj.created_at = created.created_at


@admin.register(OccupationListEntry)
class OccupationListEntryAdmin(_AppendOnlyAdmin):
    form = OccupationListEntryForm
    list_display = ("list_id", "code", "label", "added_by", "created_at")
    list_filter = ("list_id",)
    search_fields = ("code", "label")
    readonly_fields = ("added_by", "created_at")

    def save_model(
        self, request: HttpRequest, obj: OccupationListEntry, form: Any, change: bool
    ) -> None:
        created = services.occupation_list_entry_create(
            list_id=obj.list_id,
            code=obj.code,
            label=obj.label,
            added_by=request.user,  # type: ignore[arg-type]
        )
        obj.pk = created.pk
        obj.added_by = created.added_by
        obj.created_at = created.created_at
