# SPDX-License-Identifier: EUPL-1.2
"""Employer organisations and the roles people hold in Passage."""

from __future__ import annotations

import datetime as dt

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
    # A third-country worker who logged in (passage.accounts.provisioning): the status and
    # decisions of their own submitted applications, nothing of the employer's (docs/access.md).
    WORKER = "worker", _("Third-country worker")


class PortalRole(models.TextChoices):
    """What a member may do for their organisation in the portal, granted by its access
    manager as CSAM's access management does (docs/access.md)."""

    ACCESS_MANAGER = "access_manager", _("Access manager")
    FILER = "filer", _("Filer")
    VIEWER = "viewer", _("Viewer")


class MandateService(models.TextChoices):
    """The services a mandate may cover; only the single permit today."""

    SINGLE_PERMIT = "single_permit", _("Single permit")


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


def validate_country(value: str) -> None:
    if not (len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."),
            params={"value": value},
            code="invalid_country",
        )


# Data history by trigger (issue 4, "Audit"), as for the casework models: changes made in the
# admin or by a bulk update are captured too.
@pghistory.track(
    model_name="OrganisationHistory", obj_field=pghistory.ObjForeignKey(related_name="history")
)
class Organisation(models.Model):
    """An employer that files single-permit applications, or an agent (law firm, HR service
    provider) that files for employers under a mandate.

    A Belgian organisation has an enterprise number. A foreign employer without one (Working
    in Belgium: it files only through a mandate to a Belgian agent) has its own country's
    identifier and the country instead."""

    enterprise_number = models.CharField(
        max_length=10, unique=True, null=True, blank=True, validators=[validate_enterprise_number]
    )
    country = models.CharField(max_length=2, default="BE", validators=[validate_country])
    foreign_identifier = models.CharField(
        max_length=40, blank=True, help_text="The home country's company identifier"
    )
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Either a Belgian enterprise number, or a foreign identifier with its country.
            models.CheckConstraint(
                name="organisation_is_identified",
                condition=models.Q(enterprise_number__isnull=False)
                | (~models.Q(foreign_identifier="") & ~models.Q(country="BE")),
            ),
            models.UniqueConstraint(
                fields=["country", "foreign_identifier"],
                condition=~models.Q(foreign_identifier=""),
                name="organisation_foreign_identifier_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    @property
    def identifier(self) -> str:
        """The enterprise number, or the country and foreign identifier ('DE HRB 12345')."""
        if self.enterprise_number:
            return self.enterprise_number
        return f"{self.country} {self.foreign_identifier}"

    @property
    def is_foreign_without_enterprise_number(self) -> bool:
        return not self.enterprise_number

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.enterprise_number:
            self.enterprise_number = None
            if not self.foreign_identifier.strip():
                errors["foreign_identifier"] = (
                    "an organisation without a Belgian enterprise number needs its home "
                    "country's identifier"
                )
            if self.country == "BE":
                errors["country"] = "a Belgian organisation has an enterprise number"
        if errors:
            raise ValidationError(errors)


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
    #: The worker a ``worker`` login is (set by passage.accounts.provisioning).
    worker = models.ForeignKey(
        "casework.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="logins",
    )

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
            models.CheckConstraint(
                name="worker_login_has_worker",
                condition=(models.Q(role="worker") & models.Q(worker__isnull=False))
                | (~models.Q(role="worker") & models.Q(worker__isnull=True)),
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
        if self.role == Role.WORKER and self.worker_id is None:
            errors["worker"] = "a worker login is linked to a worker"
        if self.role != Role.WORKER and self.worker_id is not None:
            errors["worker"] = "only worker logins are linked to a worker"
        if errors:
            raise ValidationError(errors)


class _Dated(models.Model):
    """A grant valid from one day to another (inclusive; open-ended without ``valid_until``),
    until revoked. Revocation is immediate: a revoked grant is never active again."""

    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @classmethod
    def active_q(cls, on: dt.date, prefix: str = "") -> models.Q:
        """The grants in force on ``on`` (``prefix``: the relation leading to the grant)."""
        return models.Q(
            **{
                f"{prefix}valid_from__lte": on,
                f"{prefix}revoked_at__isnull": True,
            }
        ) & (
            models.Q(**{f"{prefix}valid_until__isnull": True})
            | models.Q(**{f"{prefix}valid_until__gte": on})
        )

    def is_active_on(self, on: dt.date) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= on
            and (self.valid_until is None or self.valid_until >= on)
        )

    def clean(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "must not be before valid_from"})


@pghistory.track(
    model_name="MemberRoleHistory", obj_field=pghistory.ObjForeignKey(related_name="history")
)
class MemberRole(_Dated):
    """A portal role (``PortalRole``) of one member of an organisation, granted by its access
    manager (or, for the first access manager, an administrator), dated and revocable.

    Once an organisation has had an access manager, its members hold only the roles granted
    here; before that every member acts as a filer, as all members did before access
    management existed (docs/access.md, "Members and roles")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="member_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_roles"
    )
    role = models.CharField(max_length=32, choices=PortalRole.choices)

    class Meta:
        ordering = ["organisation_id", "user_id", "role", "valid_from"]
        indexes = [models.Index(fields=["user", "organisation"], name="memberrole_user_org")]
        constraints = [
            models.CheckConstraint(
                name="memberrole_period",
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of organisation {self.organisation_id}"


@pghistory.track(
    model_name="MandateHistory", obj_field=pghistory.ObjForeignKey(related_name="history")
)
class Mandate(_Dated):
    """The principal (an employer) lets the agent (a law firm, an HR service provider) act for
    it in one service, for a period, until revoked — CSAM's mandate, as Working in Belgium
    requires of a foreign employer without a Belgian enterprise number."""

    principal = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mandates_given"
    )
    agent = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="mandates_held")
    service = models.CharField(
        max_length=32, choices=MandateService.choices, default=MandateService.SINGLE_PERMIT
    )
    revocation_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["principal_id", "agent_id", "valid_from", "id"]
        indexes = [models.Index(fields=["agent", "service"], name="mandate_agent_service")]
        constraints = [
            models.CheckConstraint(
                name="mandate_not_to_oneself", condition=~models.Q(principal=models.F("agent"))
            ),
            models.CheckConstraint(
                name="mandate_period",
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"Mandate {self.pk}: {self.agent_id} for {self.principal_id} ({self.service})"
