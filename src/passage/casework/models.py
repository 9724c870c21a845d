# SPDX-License-Identifier: EUPL-1.2
"""Single-permit applications: the regional work authorisation and the federal residence part.

Writes go through ``passage.casework.services`` only (they keep the event timeline, the audit
log and the outbox in the same transaction); reads through ``selectors`` (scoped by role).
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passage.accounts.models import Organisation, Region

#: Ages a worker can plausibly have: outside them a typo (9999-12-31, 0001-01-01, this year
#: for a birth year) is far likelier than a real person, so the date is refused by name
#: (issue 12). Below 15, employment is generally forbidden in Belgium (the child-labour ban of
#: the Labour Act of 16 March 1971); above 100 a typo is all but certain.
PLAUSIBLE_WORKER_AGE = (15, 100)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def plausible_birth_date(value: dt.date, *, today: dt.date) -> None:
    youngest, oldest = PLAUSIBLE_WORKER_AGE
    earliest, latest = _years_before(today, oldest), _years_before(today, youngest)
    if not earliest <= value <= latest:
        raise ValidationError(
            {
                "birth_date": f"{value.isoformat()} is not a plausible date of birth for a worker "
                f"(between {earliest.isoformat()} and {latest.isoformat()}: aged "
                f"{youngest} to {oldest})"
            },
            code="implausible_date",
        )


# Data history by trigger (issue 4, "Audit"): pghistory's triggers also capture bulk writes
# (applications_reevaluate's set-based UPDATE) that never pass through save(). The event models get
# explicit names because "ApplicationEvent" is the domain timeline below.
@pghistory.track(
    model_name="WorkerHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    # The ciphertext alone says nothing useful and would only widen where it is copied.
    exclude=["national_register_number_encrypted"],
)
class Worker(models.Model):
    """A third-country national employed, or to be employed, by an organisation.

    The national register number is stored only encrypted (AES-GCM, key from
    PASSAGE_FIELD_KEY) and as an HMAC-SHA256 pseudonym (key from PASSAGE_PSEUDONYM_KEY), which
    is what analytics and de-duplication use.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="workers")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    birth_date = models.DateField()
    nationality = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    national_register_number_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    national_register_pseudonym = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Worker {self.pk}"  # never the name: str() ends up in logs


class ApplicationType(models.TextChoices):
    FIRST = "first", _("First application")
    RENEWAL = "renewal", _("Renewal")


class PermitType(models.TextChoices):
    FIXED_TERM = "fixed_term", _("Fixed term")
    INTRA_CORPORATE_TRANSFER = "intra_corporate_transfer", _("Intra-corporate transfer")
    UNLIMITED = "unlimited", _("Unlimited duration")


class State(models.TextChoices):
    """The regional part (work authorisation)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMPLETENESS_CHECK = "completeness_check", _("Completeness check")
    INCOMPLETE = "incomplete", _("Incomplete")
    INFORMATION_REQUESTED = "information_requested", _("Supplementary information requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    REGIONAL_ASSESSMENT = "regional_assessment", _("Regional assessment")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the employer")


class ResidenceState(models.TextChoices):
    """The federal part (residence), decided by the Immigration Office."""

    NOT_STARTED = "not_started", _("Not started")
    FEDERAL_ASSESSMENT = "federal_assessment", _("Federal residence assessment")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class SalaryVerification(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    VERIFIED = "verified", _("Verified with the Crossroads Bank")
    MISMATCH = "mismatch", _("Declared wage differs")
    PENDING_MANUAL = "pending_manual_verification", _("Pending manual verification")


@pghistory.track(
    model_name="ApplicationHistory", obj_field=pghistory.ObjForeignKey(related_name="history")
)
class Application(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="applications")
    application_type = models.CharField(max_length=16, choices=ApplicationType.choices)
    permit_type = models.CharField(max_length=32, choices=PermitType.choices)
    workplace_postcode = models.CharField(max_length=4)
    region = models.CharField(max_length=32, choices=Region.choices, db_index=True)
    category = models.CharField(max_length=32)
    occupation = models.CharField(max_length=8, blank=True, help_text="ISCO-08 code")
    occupation_on_shortage_list = models.BooleanField(
        default=False,
        help_text="The occupation is on the region's bottleneck list (selects the 8-week SLA)",
    )
    gross_salary = models.DecimalField(max_digits=12, decimal_places=2)
    salary_period = models.CharField(
        max_length=8, choices=[("month", _("per month")), ("year", _("per year"))]
    )
    fte = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    start_date = models.DateField()
    same_employer = models.BooleanField(null=True, blank=True)
    same_occupation = models.BooleanField(null=True, blank=True)
    facts = models.JSONField(
        default=dict, blank=True, help_text="Further rule facts (age, junior, lists …)"
    )

    state = models.CharField(
        max_length=32, choices=State.choices, default=State.DRAFT, db_index=True
    )
    residence_state = models.CharField(
        max_length=32, choices=ResidenceState.choices, default=ResidenceState.NOT_STARTED
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every change; the API's ETag"
    )

    eligibility_outcome = models.CharField(max_length=16, blank=True)
    eligibility_decision = models.JSONField(null=True, blank=True)
    eligibility_evaluated_on = models.DateField(null=True, blank=True)
    eligibility_rulebook_version = models.CharField(max_length=32, blank=True)
    eligibility_changed = models.BooleanField(
        default=False, help_text="Outcome changed at the last bulk re-evaluation"
    )

    salary_verification = models.CharField(
        max_length=32, choices=SalaryVerification.choices, default=SalaryVerification.NOT_CHECKED
    )
    declared_wage = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    sla_due_on = models.DateField(null=True, blank=True)
    sla_paused_since = models.DateTimeField(null=True, blank=True)
    sla_paused_days = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["region", "state", "submitted_at"], name="app_queue_idx"),
            models.Index(fields=["organisation", "state"], name="app_employer_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class ApplicationEvent(models.Model):
    """Append-only timeline: every transition and change, who, when and why."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    part = models.CharField(
        max_length=16, choices=[("regional", _("regional")), ("federal", _("federal"))]
    )
    kind = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=32)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()


class InformationRequest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="information_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    message = models.TextField()
    due_on = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)


@pghistory.track(
    model_name="ApplicationDecisionHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class ApplicationDecision(models.Model):
    """A decision on one part of the single permit; a refusal carries its motivation."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    part = models.CharField(
        max_length=16, choices=[("regional", _("regional")), ("federal", _("federal"))]
    )
    outcome = models.CharField(
        max_length=16, choices=[("granted", _("granted")), ("refused", _("refused"))]
    )
    motivation = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="refusal_has_motivation",
                condition=~models.Q(outcome="refused") | ~models.Q(motivation=""),
            ),
            models.UniqueConstraint(fields=["application", "part"], name="one_decision_per_part"),
        ]


class SlaPolicy(models.Model):
    """A processing-time target per region and procedure, e.g. the Flemish 60-day target
    (SEC-004-2, unverified) or 8 weeks for shortage occupations (SEC-001-1, unverified)."""

    region = models.CharField(max_length=32, choices=Region.choices)
    procedure = models.CharField(max_length=32)
    target_days = models.PositiveIntegerField()
    at_risk_days = models.PositiveIntegerField(
        default=10, help_text="Days before the due date an application is at risk"
    )
    source = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "procedure"], name="one_policy_per_region_procedure"
            )
        ]


class IdempotencyRecord(models.Model):
    """The first response to a submission with an Idempotency-Key, replayed on retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_response_per_key")]


class OutboxMessage(models.Model):
    """Status events written with the change, published once by a background worker."""

    topic = models.CharField(max_length=64)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
