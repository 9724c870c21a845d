# SPDX-License-Identifier: EUPL-1.2
"""Serializers shared by several casework APIs. Each API nests its own Input/Output classes
(``views.py``); what is here is what they have in common: the strict input base, the
application summary (no personal data: lists and action answers) and the worker's personal
data (detail only, audited).

The national register number is write-only: no serializer here ever outputs it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, ClassVar

from rest_framework import serializers

from passage.casework.models import Application


class StrictInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Input that refuses fields it does not know, naming the first one: a misspelt
    ``gross_salry`` is an error, not silently ignored."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = [key for key in data if key not in self.fields]
            if unknown:
                raise serializers.ValidationError(
                    {str(unknown[0]): [f"is not a field here; expected one of: {self._names()}"]}
                )
        return super().to_internal_value(data)

    def _names(self) -> str:
        return ", ".join(name for name, field in self.fields.items() if not field.read_only)


class OrganisationOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    #: None for a foreign employer without a Belgian enterprise number (docs/access.md).
    enterprise_number = serializers.CharField(allow_null=True)
    country = serializers.CharField()
    foreign_identifier = serializers.CharField()
    name = serializers.CharField()


class ApplicationSummaryOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An application without personal data: what lists and workflow actions answer.

    The fields are built from the model once per class and copied for each instance (as DRF
    copies declared fields): ``ModelSerializer`` would otherwise introspect the model on every
    answer, the largest part of serialising one application."""

    organisation = OrganisationOutputSerializer()

    #: The fields as built from the model, per class (subclasses add fields of their own).
    _built_fields: ClassVar[dict[str, Any] | None] = None

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built: dict[str, Any] | None = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)

    class Meta:
        model = Application
        fields: tuple[str, ...] = (
            "reference",
            "version",
            "state",
            "residence_state",
            "application_type",
            "permit_type",
            "region",
            "category",
            "occupation",
            "organisation",
            "eligibility_outcome",
            "eligibility_changed",
            "salary_verification",
            "submitted_at",
            "sla_due_on",
            "sla_paused_since",
            "decided_at",
            "created_at",
            "updated_at",
        )
        read_only_fields: tuple[str, ...] = fields


class WorkerPersonalDataOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A worker's personal data. Never the national register number."""

    given_name = serializers.CharField()
    family_name = serializers.CharField()
    birth_date = serializers.DateField()
    nationality = serializers.CharField()


#: The worker fields a detail read shows, as the audit entry names them.
PERSONAL_DATA_FIELDS = ("given_name", "family_name", "birth_date", "nationality")
