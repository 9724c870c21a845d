# SPDX-License-Identifier: EUPL-1.2
"""Employer organisations and the roles people hold in Passage."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The four authorities competent for work authorisation (LAB-01)."""

    FLANDERS = "flanders", _("Flemish Region")
    WALLONIA = "wallonia", _("Walloon Region")
    BRUSSELS = "brussels", _("Brussels-Capital Region")
    GERMAN_SPEAKING_COMMUNITY = "german_speaking_community", _("German-speaking Community")


class Role(models.TextChoices):
    EMPLOYER_MEMBER = "employer_member", _("Employer member")
    REGIONAL_OFFICER = "regional_officer", _("Regional officer")
    IMMIGRATION_OFFICER = "immigration_officer", _("Immigration Office officer")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    # External (e.g. an employers' federation), approved by an administrator: rounded
    # aggregates of the Early Warning dashboard only.
    STAKEHOLDER = "stakeholder", _("External stakeholder")


def enterprise_number_is_valid(number: str) -> bool:
    """Belgian enterprise number (KBO/BCE): ten digits starting 0 or 1, the last two being
    97 minus the first eight modulo 97."""
    return (
        len(number) == 10
        and number.isdigit()
        and number[0] in "01"
        and 97 - int(number[:8]) % 97 == int(number[8:])
    )


def normalise_enterprise_number(raw: str) -> str:
    """Accept the printed forms '0123.456.749', 'BE0123456749', 'BE 0123 456 749',
    '0123-456-749', and the nine-digit numbers issued before 2005 ('123.456.749', now with a
    leading 0). Returns the digits; validity is ``enterprise_number_is_valid``'s job."""
    cleaned = raw.strip().upper().removeprefix("BE")
    for separator in (".", " ", "-", "/", "\u00a0"):
        cleaned = cleaned.replace(separator, "")
    if len(cleaned) == 9 and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned


def validate_enterprise_number(value: str) -> None:
    if not enterprise_number_is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid Belgian enterprise number (10 digits, mod-97 check)."),
            params={"value": value},
            code="invalid_enterprise_number",
        )


# Data history by trigger (issue 4, "Audit"), as for the casework models: changes made in the
# admin or by a bulk update are captured too.
@pghistory.track(
    model_name="OrganisationHistory", obj_field=pghistory.ObjForeignKey(related_name="history")
)
class Organisation(models.Model):
    """An employer that files single-permit applications."""

    enterprise_number = models.CharField(
        max_length=10, unique=True, validators=[validate_enterprise_number]
    )
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.enterprise_number})"


@pghistory.track(
    model_name="ProfileHistory", obj_field=pghistory.ObjForeignKey(related_name="history")
)
class Profile(models.Model):
    """A person's role: which organisation (employers) or region (regional officers)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="employer_member_has_organisation",
                condition=~models.Q(role="employer_member") | models.Q(organisation__isnull=False),
            ),
            models.CheckConstraint(
                name="regional_officer_has_region",
                condition=~models.Q(role="regional_officer") | ~models.Q(region=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    def clean(self) -> None:
        # The check constraints, with errors naming the field (a constraint names no field).
        errors: dict[str, str] = {}
        if self.role == Role.EMPLOYER_MEMBER and self.organisation_id is None:
            errors["organisation"] = "an employer member belongs to an organisation"
        if self.role != Role.EMPLOYER_MEMBER and self.organisation_id is not None:
            errors["organisation"] = "only employer members belong to an organisation"
        if self.role == Role.REGIONAL_OFFICER and not self.region:
            errors["region"] = "a regional officer works for a region"
        if self.role != Role.REGIONAL_OFFICER and self.region:
            # Immigration Office officers see every region; a region here would suggest a limit.
            errors["region"] = "only regional officers have a region"
        if errors:
            raise ValidationError(errors)
