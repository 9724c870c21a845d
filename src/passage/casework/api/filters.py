# SPDX-License-Identifier: EUPL-1.2
"""Query filters for application lists (django-filter). A bad value is a 400 problem naming
the parameter: an unknown state, region or permit type, a date not in YYYY-MM-DD form, an
enterprise number whose check digits do not hold."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from passage.accounts.models import (
    Region,
    enterprise_number_is_valid,
    normalise_enterprise_number,
)
from passage.casework.models import Application, PermitType, ResidenceState, State
from passage.casework.selectors import applications_overdue


def _enterprise_number(value: str) -> str:
    number = normalise_enterprise_number(value)
    if not enterprise_number_is_valid(number):
        raise ValidationError(
            {
                "enterprise_number": f"{value!r} is not a valid Belgian enterprise number (ten "
                "digits starting 0 or 1; the last two are 97 minus the first eight modulo 97)"
            },
            code="invalid_enterprise_number",
        )
    return number


class EnterpriseNumberFilter(django_filters.CharFilter):  # type: ignore[misc]
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.filter(organisation__enterprise_number=_enterprise_number(value))


class ApplicationFilter(django_filters.FilterSet):  # type: ignore[misc]
    # No DISTINCT: state is a column of the row itself, and a DISTINCT query cannot be
    # combined with the overdue and at-risk lists (`&`): state= with overdue= was a 500.
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False)
    residence_state = django_filters.ChoiceFilter(choices=ResidenceState.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    permit_type = django_filters.ChoiceFilter(choices=PermitType.choices)
    category = django_filters.CharFilter(field_name="category")
    submitted_from = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_to = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_overdue"
    )
    enterprise_number = EnterpriseNumberFilter()

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_overdue(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return qs
        overdue = applications_overdue(timezone.localdate()).values("pk")
        if value == "true":
            return qs.filter(pk__in=overdue)
        return qs.exclude(pk__in=overdue)
