# SPDX-License-Identifier: EUPL-1.2
"""Employer organisations and the roles people hold in Passage."""

from __future__ import annotations

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
    """Accept the printed forms '0123.456.749', 'BE0123456749', '0123 456 749'."""
    cleaned = raw.strip().upper().removeprefix("BE").replace(".", "").replace(" ", "")
    return cleaned


def validate_enterprise_number(value: str) -> None:
    if not enterprise_number_is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid Belgian enterprise number (10 digits, mod-97 check)."),
            params={"value": value},
            code="invalid_enterprise_number",
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
