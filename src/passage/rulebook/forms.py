# SPDX-License-Identifier: EUPL-1.2
"""The public check page's form: typed fields in, a case in the engine's JSON contract out.

The form only converts what a person typed (decimal comma, dates, yes/no/unknown); what a
case needs is the engine's business, and its InputError is shown next to the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from passage.rules import InputError
from passage.rules.family_reunification.facts import FACT_SHEET as FR_FACTS
from passage.rules.family_reunification.facts import MEMBER_SHEET as FR_MEMBER_FACTS
from passage.rules.kernel.facts import Fact
from passage.rules.single_permit import FACT_SHEET as SP_FACTS

ENGINE_LANGUAGES = ("en", "nl", "fr", "de")

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SINGLE_PERMIT = "single_permit"
#: The single-permit facts shown first; the rest under "more facts".
SP_MAIN = 5
#: The family-reunification facts the public page asks (the full set is the API's), and
#: per family member; in the declaration's order.
FR_FORM = (
    "sponsor_status",
    "sponsor_permit_date",
    "sponsor_status_date",
    "application_date",
    "net_monthly_income",
    "additional_dependants",
    "adequate_housing",
    "health_insurance",
)
FR_MEMBER_FORM = ("relationship", "age")


def _lang() -> str:
    code = (get_language() or "en")[:2]
    return code if code in ENGINE_LANGUAGES else "en"


def _text(texts: Mapping[str, str]) -> StrOrPromise:
    """A text of the facts declaration, in the request's language when rendered."""
    return lazy(lambda: texts[_lang()], str)()


FAMILY_REUNIFICATION = "family_reunification"
PROCEDURE_LABELS = {
    SINGLE_PERMIT: _("Single permit (work and residence)"),
    FAMILY_REUNIFICATION: _("Family reunification"),
}
# Labels for the engine's enumerations; a test checks they cover exactly what it accepts.
REGION_LABELS = {v: _text(SP_FACTS["region"].labels[v]) for v in SP_FACTS["region"].values}
CATEGORY_LABELS = {v: _text(SP_FACTS["category"].labels[v]) for v in SP_FACTS["category"].values}
SECTOR_LABELS = {v: _text(SP_FACTS["sector"].labels[v]) for v in SP_FACTS["sector"].values}
SPONSOR_STATUS_LABELS = {
    v: _text(FR_FACTS["sponsor_status"].labels[v]) for v in FR_FACTS["sponsor_status"].values
}
RELATIONSHIP_LABELS = {
    v: _text(FR_MEMBER_FACTS["relationship"].labels[v])
    for v in FR_MEMBER_FACTS["relationship"].values
}
MAX_MEMBERS = 3
_MEMBER_FIELD = re.compile(r"fr_member(\d+)_")

_CHOOSE = ("", _("— choose —"))
_TRISTATE = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]


def _tristate(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=_TRISTATE, required=False, help_text=help_text)


def _date(label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = "") -> Any:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _amount(label: StrOrPromise, help_text: StrOrPromise) -> forms.DecimalField:
    # localize: accept the decimal comma Belgians type (48911,99) in nl, fr and de.
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class CheckForm(forms.Form):
    """One form for both procedures; only the chosen procedure's facts are sent."""

    procedure = forms.ChoiceField(
        label=_("What do you want to check?"),
        choices=list(PROCEDURE_LABELS.items()),
        widget=forms.RadioSelect,
        initial=SINGLE_PERMIT,
    )
    date = _date(
        _("Date of the decision"),
        required=True,
        help_text=_("The rules in force on this date apply (1 January 2025 or later)."),
    )

    # --- single permit: generated from the facts declaration (see fact_field) ---

    # --- family reunification: generated from the facts declaration (FR_FORM) ---

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_MEMBERS + 1):
            for name in FR_MEMBER_FORM:
                self.fields[f"fr_member{n}_{name}"] = fact_field(FR_MEMBER_FACTS[name])
        # Which form member each of the case's family_members came from (errors name them).
        self._member_numbers: list[int] = []

    # --- groups for the template ---

    def fields_named(self, *names: str) -> list[forms.BoundField]:
        return [self[name] for name in names]

    @property
    def single_permit_main(self) -> list[forms.BoundField]:
        return [self[f"sp_{f.name}"] for f in SP_FACTS.facts[:SP_MAIN]]

    @property
    def single_permit_more(self) -> list[forms.BoundField]:
        return [self[f"sp_{f.name}"] for f in SP_FACTS.facts[SP_MAIN:]]

    @property
    def family_sponsor(self) -> list[forms.BoundField]:
        return [self[f"fr_{name}"] for name in FR_FORM]

    @property
    def family_members(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"fr_member{n}_{name}"] for name in FR_MEMBER_FORM])
            for n in range(1, MAX_MEMBERS + 1)
        ]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(input id, label, first error) per field in error, for the summary above the form;
        a family member's fields say which member, since their labels repeat."""
        out = []
        for field in self:
            if not field.errors:
                continue
            label = str(field.label)
            member = _MEMBER_FIELD.match(field.name)
            if member:
                label = _("Family member %(number)s: %(label)s") % {
                    "number": member.group(1),
                    "label": label,
                }
            out.append((field.id_for_label, label, str(field.errors[0])))
        return out

    # --- validation and conversion ---

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        procedure = cleaned.get("procedure")
        # The other procedure's fields are hidden and ignored; something typed there earlier
        # must not block this check with an error the person cannot see.
        other = {SINGLE_PERMIT: "fr_", FAMILY_REUNIFICATION: "sp_"}.get(procedure or "")
        if other:
            for name in [n for n in self.errors if n and n.startswith(other)]:
                del self.errors[name]
        if procedure == FAMILY_REUNIFICATION:
            for n in range(1, MAX_MEMBERS + 1):
                age = cleaned.get(f"fr_member{n}_age")
                if age is not None and not cleaned.get(f"fr_member{n}_relationship"):
                    self.add_error(
                        f"fr_member{n}_relationship",
                        _("Choose the relationship, or leave the age empty."),
                    )
        return cleaned

    def case(self) -> dict[str, Any]:
        """The case in the engine's contract (call after is_valid())."""
        data = self.cleaned_data
        procedure = data["procedure"]
        case: dict[str, Any] = {"procedure": procedure, "date": data["date"]}
        prefix = "sp_" if procedure == SINGLE_PERMIT else "fr_"
        for name, value in data.items():
            if not name.startswith(prefix) or _MEMBER_FIELD.match(name):
                continue
            if value is None or value == "":
                continue
            case[name.removeprefix(prefix)] = {"yes": True, "no": False}.get(value, value)
        if procedure == FAMILY_REUNIFICATION:
            members = []
            self._member_numbers = []
            for n in range(1, MAX_MEMBERS + 1):
                relationship = data.get(f"fr_member{n}_relationship")
                if not relationship:
                    continue
                member: dict[str, Any] = {"relationship": relationship}
                if data.get(f"fr_member{n}_age") is not None:
                    member["age"] = data[f"fr_member{n}_age"]
                members.append(member)
                self._member_numbers.append(n)
            case["family_members"] = members
        return case

    def add_engine_error(self, exc: InputError) -> None:
        """Show the engine's error next to the field it names (or above the form)."""
        name = self._form_field(exc.field)
        message = engine_message(exc)
        if name is None:
            self.add_error(None, f"{exc.field}: {message}")
        else:
            self.add_error(name, message)

    def _form_field(self, field: str) -> str | None:
        if field in ("date", "procedure"):
            return field
        if field == "family_members":
            return "fr_member1_relationship"
        member = re.fullmatch(r"family_members\[(\d+)\]\.?(\w*)", field)
        if member:
            index, fact = int(member.group(1)), member.group(2)
            if index < len(self._member_numbers):
                n = self._member_numbers[index]
                name = f"fr_member{n}_{fact}"
                return name if name in self.fields else f"fr_member{n}_relationship"
            return None
        procedure = self.cleaned_data.get("procedure") if hasattr(self, "cleaned_data") else None
        prefix = "sp_" if procedure == SINGLE_PERMIT else "fr_"
        name = prefix + field
        return name if name in self.fields else None


_MESSAGES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"is required$"), lambda m: _("This field is required.")),
    (re.compile(r"must not be negative$"), lambda m: _("Must not be negative.")),
    (
        re.compile(r"is before the rulebook starts \((?P<start>[\d-]+)\)$"),
        lambda m: (
            _("Must not be before %(start)s: the rulebook starts on that day.")
            % {"start": m["start"]}
        ),
    ),
    (
        re.compile(r"must not be after the evaluation date$"),
        lambda m: _("Must not be after the date of the decision."),
    ),
    (
        re.compile(r"must list at least one family member$"),
        lambda m: _("Add at least one family member."),
    ),
    (
        re.compile(r"is required for this sponsor status$"),
        lambda m: _("Needed for this status of the family member in Belgium."),
    ),
    (
        re.compile(r"must be between (?P<low>\S+) and (?P<high>\S+)$"),
        lambda m: _("Must be between %(low)s and %(high)s.") % {"low": m["low"], "high": m["high"]},
    ),
    (re.compile(r"is not one of"), lambda m: _("Choose one of the options.")),
]


def engine_message(exc: InputError) -> str:
    """The engine's (English) message in the page's language when it is a common one."""
    for pattern, render in _MESSAGES:
        match = pattern.search(exc.message)
        if match:
            return str(render(match))
    return exc.message


#: Fields that are radio buttons, with their initial value.
_RADIO = {"salary_period": "year"}


def fact_field(fact: Fact) -> forms.Field:
    """The form field for a declared fact: its label and help in the page's language, its
    type and bounds from the declaration (issue 9 item 3)."""
    label = _text(fact.label)
    help_text: StrOrPromise = _text(fact.help) if fact.help else ""
    if fact.kind == "enum":
        choices = [(v, _text(fact.labels[v]) if v in fact.labels else v) for v in fact.values]
        if fact.name in _RADIO:
            return forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=_RADIO[fact.name],
                help_text=help_text,
            )
        return forms.ChoiceField(
            label=label, choices=[_CHOOSE, *choices], required=False, help_text=help_text
        )
    if fact.kind == "money":
        return _amount(label, help_text)
    if fact.kind == "integer":
        assert isinstance(fact.minimum, int) and isinstance(fact.maximum, int)
        return forms.IntegerField(
            label=label,
            min_value=fact.minimum,
            max_value=fact.maximum,
            required=False,
            help_text=help_text,
        )
    if fact.kind == "boolean":
        return _tristate(label, help_text)
    if fact.kind == "date":
        field: forms.Field = _date(label, help_text=help_text)
        return field
    if fact.kind == "decimal":
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=0,
            max_value=fact.maximum,
            max_digits=4,
            decimal_places=2,
            localize=True,
            help_text=help_text,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
    return forms.CharField(
        label=label, max_length=fact.max_length, required=False, help_text=help_text
    )


for _fact in SP_FACTS.facts:
    CheckForm.base_fields[f"sp_{_fact.name}"] = fact_field(_fact)
for _name in FR_FORM:
    CheckForm.base_fields[f"fr_{_name}"] = fact_field(FR_FACTS[_name])
# No dependant unless the user says otherwise (the page's default; the API asks for it).
CheckForm.base_fields["fr_additional_dependants"].initial = 0
