# SPDX-License-Identifier: EUPL-1.2
"""The filing steps' forms. The job step's rule facts come from the single permit's facts
declaration (labels, help, types, bounds in four languages: issue 9 item 3); only what the
casework record holds beyond the rules (permit type, workplace, start date) is declared here.

The forms never refuse to keep a value: a draft stores what was typed (services.draft_save);
the forms say what is wrong, next to the field, and only a valid whole is filed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from passage.casework.models import PermitType
from passage.casework.regions import region_for_postcode
from passage.rulebook.forms import fact_field
from passage.rules.single_permit import FACT_SHEET

#: Facts the portal derives instead of asking: the region from the workplace's postcode, the
#: age from the date of birth (on the day of evaluation), the filing date from the submission.
DERIVED = frozenset({"region", "age", "application_date"})
#: The facts every application states, asked first in this order; the rest of the
#: declaration is asked only when the engine says it needs them (missing_facts) or when they
#: already have a value.
FIRST_FACTS = ("application_type", "category", "occupation", "gross_salary", "salary_period", "fte")
MORE_FACTS = tuple(
    f.name for f in FACT_SHEET.facts if f.name not in DERIVED and f.name not in FIRST_FACTS
)
#: Plausible dates of birth for a worker (issue 12 item 6): at least 15 (the minimum age for
#: work in Belgium) and at most 100 years old on the day of filing.
MIN_AGE, MAX_AGE = 15, 100


class WorkerStepForm(forms.Form):
    given_name = forms.CharField(label=_("Given name(s)"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    nationality = forms.RegexField(
        label=_("Nationality"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        help_text=_("Two-letter country code, for example MA or IN."),
        error_messages={"invalid": _("Enter a two-letter country code, for example MA.")},
    )
    national_register_number = forms.CharField(
        label=_("Belgian national register number (if the worker has one)"),
        required=False,
        max_length=20,
        help_text=_("11 digits. Kept encrypted; leave empty if the worker has none yet."),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_birth_date(self) -> dt.date:
        born: dt.date = self.cleaned_data["birth_date"]
        if born > _years_before(self.today, MIN_AGE):
            raise forms.ValidationError(
                _("The worker must be at least %(age)s years old.") % {"age": MIN_AGE}
            )
        if born < _years_before(self.today, MAX_AGE):
            raise forms.ValidationError(_("Check the year: this date is too far in the past."))
        return born

    def clean_national_register_number(self) -> str:
        from passage.casework.crypto import nrn_validate

        raw: str = self.cleaned_data.get("national_register_number") or ""
        if not raw.strip():
            return ""
        try:
            return nrn_validate(raw)
        except (ValueError, forms.ValidationError):
            raise forms.ValidationError(
                _("This is not a valid national register number (11 digits, check digits).")
            ) from None


class JobStepForm(forms.Form):
    permit_type = forms.ChoiceField(
        label=_("Kind of single permit"), choices=[("", _("— choose —")), *PermitType.choices]
    )
    workplace_postcode = forms.RegexField(
        label=_("Postcode of the workplace"),
        regex=r"^\d{4}$",
        max_length=4,
        help_text=_("Four digits; it decides which region is competent."),
        error_messages={"invalid": _("Enter the four-digit Belgian postcode.")},
    )
    start_date = forms.DateField(
        label=_("Start date of the employment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occupation_on_shortage_list = forms.BooleanField(
        label=_("The occupation is on the region's shortage (bottleneck) list"), required=False
    )

    def clean_workplace_postcode(self) -> str:
        postcode: str = self.cleaned_data["workplace_postcode"]
        try:
            region_for_postcode(postcode)
        except forms.ValidationError:
            raise forms.ValidationError(_("This is not a Belgian postcode.")) from None
        return postcode

    def first_fields(self) -> list[forms.BoundField]:
        return [
            self[n]
            for n in (
                "permit_type",
                "workplace_postcode",
                *FIRST_FACTS,
                "start_date",
                "occupation_on_shortage_list",
            )
        ]

    def more_fields(self, asked: set[str]) -> tuple[list[forms.BoundField], list[forms.BoundField]]:
        """(the further facts the engine asks for or that hold a value, the others)."""
        shown: list[forms.BoundField] = []
        hidden: list[forms.BoundField] = []
        for name in MORE_FACTS:
            field = self[name]
            (shown if name in asked or field.value() not in (None, "") else hidden).append(field)
        return shown, hidden


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# The rule facts' fields, built once from the declaration (a lazy four-language label costs a
# class per call; a form instance deep-copies these instead).
for _name in (*FIRST_FACTS, *MORE_FACTS):
    JobStepForm.base_fields[_name] = fact_field(FACT_SHEET[_name])
# A filed application states these (the casework record's columns).
for _name in ("application_type", "category", "gross_salary", "salary_period"):
    JobStepForm.base_fields[_name].required = True
JobStepForm.base_fields["application_type"].initial = "first"
