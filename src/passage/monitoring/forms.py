# SPDX-License-Identifier: EUPL-1.2
"""Forms of the Early Warning pages: the dashboard filters (GET), the stakeholder access
request, the decision on a request and the acknowledgement of an alert."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from passage.accounts.models import Region
from passage.monitoring import catalogue
from passage.monitoring.dashboard import (
    FILTER_DIMENSIONS,
    Period,
    PeriodError,
    RunOptions,
    period_parse,
)
from passage.monitoring.models import StakeholderAccessRequest

OPERATOR_LABELS = {
    "fedasil": "Fedasil",
    "red_cross_fl": "Rode Kruis Vlaanderen",
    "croix_rouge": "Croix-Rouge de Belgique",
    "partners": _("Partners (NGOs, local reception initiatives)"),
}
DIMENSION_LABELS = {
    "region": _("Region"),
    "operator": _("Reception operator"),
    "nationality": _("Nationality"),
}


def _value_label(dimension: str, value: str) -> str:
    if dimension == "region":
        try:
            return str(Region(value).label)
        except ValueError:
            return value
    if dimension == "operator":
        return str(OPERATOR_LABELS.get(value, value))
    return value


class FilterForm(forms.Form):
    """The GET filters: period and one value per breakdown, offered from the run's data."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    operator = forms.ChoiceField(label=_("Reception operator"), required=False)
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        help_text=_("ISO 3166-1 code; ZZ is other or unknown."),
    )

    def __init__(self, data: Any, *, options: RunOptions, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        months = [
            (f"{d.year:04d}-{d.month:02d}", Period("month", d).label()) for d in options.months
        ]
        years = [(f"{d.year:04d}", Period("year", d).label()) for d in options.years]
        period_choices: list[Any] = []
        if months:
            period_choices.append((_("Months"), months))
        if years:
            period_choices.append((_("Years"), years))
        cast(forms.ChoiceField, self.fields["period"]).choices = period_choices
        for name in FILTER_DIMENSIONS:
            values = options.dims.get(name, ())
            cast(forms.ChoiceField, self.fields[name]).choices = [("", _("All"))] + [
                (v, _value_label(name, v)) for v in values
            ]
            if not values:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("No breakdown by this in the current data.")

    def clean_period(self) -> Period | None:
        raw = self.cleaned_data.get("period") or ""
        if not raw:
            return None
        try:
            return period_parse(raw)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def dims_key(self) -> str:
        return catalogue.dims_key(
            {name: self.cleaned_data.get(name) or "" for name in FILTER_DIMENSIONS}
        )

    def query_string(self) -> str:
        """The filters as a query string (without the leading '?') for links."""
        from urllib.parse import urlencode

        pairs = []
        if getattr(self, "cleaned_data", None):
            period = self.cleaned_data.get("period")
            if period is not None:
                pairs.append(("period", period.code))
            for name in FILTER_DIMENSIONS:
                if self.cleaned_data.get(name):
                    pairs.append((name, self.cleaned_data[name]))
        return urlencode(pairs)


#: A few sentences; the page's whole body is bounded too (ACCESS_REQUEST_MAX_BODY_BYTES).
PURPOSE_MAX_LENGTH = 2000


class AccessRequestForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StakeholderAccessRequest
        fields = ["name", "email", "organisation_name", "purpose"]
        labels = {
            "name": _("Your name"),
            "email": _("E-mail address"),
            "organisation_name": _("Organisation"),
            "purpose": _("Purpose"),
        }
        help_texts = {
            "email": _("We send the link to set your password to this address."),
            "organisation_name": _("For example an employers' federation or a trade union."),
            "purpose": _("What you will use the figures for, in a few sentences."),
        }
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5, "maxlength": PURPOSE_MAX_LENGTH})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's TextField has no bound: a public form must (issue 12: a 10 MB purpose
        # was stored whole). Django's own message names the limit, in the user's language.
        purpose = self.fields["purpose"]
        purpose.max_length = PURPOSE_MAX_LENGTH  # type: ignore[attr-defined]
        purpose.validators.append(MaxLengthValidator(PURPOSE_MAX_LENGTH))

    def clean_purpose(self) -> str:
        purpose = str(self.cleaned_data.get("purpose", "")).strip()
        if len(purpose) < 10:
            raise forms.ValidationError(_("Please describe the purpose in a few words."))
        return purpose


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note (what was done)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
