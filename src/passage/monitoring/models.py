# SPDX-License-Identifier: EUPL-1.2
"""Early Warning tables.

Figures arrive as *observations* (one number for one metric, period and breakdown) in import
batches that keep their provenance, or as *case events* (one row per thing that happened to
one case). A revised figure never overwrites: the old row gets ``superseded_at`` and points to
its successor, so every published number can be traced and its history shown.
Computed results (indicator values, forecasts) are stored per refresh run so pages read them
instead of recomputing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CGRS = "cgrs", _("Commissioner General for Refugees and Stateless Persons (CGRS)")
    IMMIGRATION_OFFICE = "immigration_office", _("Immigration Office")
    FEDASIL = "fedasil", "Fedasil"
    CALL = "call", _("Council for Alien Law Litigation (CALL)")
    GUARDIANSHIP = "guardianship", _("Guardianship Service")
    REGION_FLANDERS = "region_flanders", _("Flemish Region")
    REGION_WALLONIA = "region_wallonia", _("Walloon Region")
    REGION_BRUSSELS = "region_brussels", _("Brussels-Capital Region")
    REGION_GSC = "region_gsc", _("German-speaking Community")
    EMN_REPORT = "emn_report", _("EMN Belgium annual report (reference figures)")
    CASEWORK = "casework", _("Passage casework (single permits)")
    SYNTHETIC = "synthetic", _("Synthetic demo data")


class Granularity(models.TextChoices):
    MONTH = "month", "month"
    YEAR = "year", "year"
    # A stock counted on one day (waiting list, capacity, workload): period_start == period_end.
    INSTANT = "instant", "instant"


class Qualifier(models.TextChoices):
    # The report often says "about", "more than": kept, never silently made exact.
    EXACT = "exact", "exact"
    APPROXIMATELY = "approximately", "approximately"
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"


class ImportStatus(models.TextChoices):
    IMPORTED = "imported", "imported"
    REJECTED = "rejected", "rejected"


class ImportBatch(models.Model):
    """One file (or the reference YAML, or one synthetic run) and what became of it."""

    source = models.CharField(max_length=32, choices=Source.choices)
    dataset = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    row_count = models.PositiveIntegerField(default=0)
    superseded_count = models.PositiveIntegerField(default=0)
    # Row-level errors of a rejected file: [{"row": 12, "field": "value", "message": "..."}].
    errors = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["source", "dataset", "file_sha256"])]

    def __str__(self) -> str:
        return f"{self.source}/{self.dataset} {self.file_name} ({self.status})"


class Observation(models.Model):
    """One published number: metric × period × breakdown, with where it came from."""

    metric = models.CharField(max_length=64)
    granularity = models.CharField(max_length=16, choices=Granularity.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    # Breakdown, e.g. {"nationality": "AF", "application_type": "first"}; {} is the total.
    dims = models.JSONField(default=dict, blank=True)
    # Canonical form of dims ("k=v;k=v", keys sorted; "" for the total) for the unique index.
    dims_key = models.CharField(max_length=400, blank=True, default="")
    value = models.DecimalField(max_digits=18, decimal_places=4)
    qualifier = models.CharField(max_length=16, choices=Qualifier.choices, default="exact")
    unit = models.CharField(max_length=32)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="observations")
    # Catalogue id and seed line for reference figures, e.g. "F-IP-01; 002 §2.1.1 L424".
    citation = models.CharField(max_length=300, blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["metric", "period_start", "dims_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "granularity", "period_start", "dims_key"],
                condition=models.Q(superseded_at__isnull=True),
                name="monitoring_one_current_observation",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="monitoring_observation_period_order",
            ),
        ]
        indexes = [models.Index(fields=["metric", "granularity", "period_start"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.period_start} [{self.dims_key}] = {self.value}"


class CaseEvent(models.Model):
    """One thing that happened to one protection, reception, return or single-permit case.

    No personal data: ``case_ref`` is a pseudonymous number and the breakdowns are coarse
    (nationality, sex, age group), the level the indicators need."""

    event_type = models.CharField(max_length=40)
    occurred_on = models.DateField()
    case_ref = models.BigIntegerField()
    nationality = models.CharField(max_length=3, blank=True, default="")
    sex = models.CharField(max_length=1, blank=True, default="")
    age_group = models.CharField(max_length=8, blank=True, default="")
    region = models.CharField(max_length=32, blank=True, default="")
    operator = models.CharField(max_length=32, blank=True, default="")
    place_type = models.CharField(max_length=32, blank=True, default="")
    application_type = models.CharField(max_length=16, blank=True, default="")
    decision_type = models.CharField(max_length=40, blank=True, default="")
    # Single permits: days from submission to the regional decision, and whether the
    # occupation is on a bottleneck list (the 8-week AMMC target applies to those).
    duration_days = models.IntegerField(null=True, blank=True)
    shortage_occupation = models.BooleanField(null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="events")

    class Meta:
        indexes = [models.Index(fields=["event_type", "occurred_on"])]


class RunStatus(models.TextChoices):
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed"


class RefreshRun(models.Model):
    """One `passage monitor refresh`: snapshot, indicators, forecasts, alerts."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default="running")
    snapshot_dir = models.CharField(max_length=500, blank=True, default="")
    # Seconds per step, e.g. {"snapshot": 0.8, "indicators": 1.9, "forecasts": 6.1}.
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-started_at", "-id"]


class Level(models.TextChoices):
    GREEN = "green", "normal"
    AMBER = "amber", "under pressure"
    RED = "red", "critical"
    UNKNOWN = "unknown", "no data"


class IndicatorValue(models.Model):
    run = models.ForeignKey(RefreshRun, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.CharField(max_length=64)
    granularity = models.CharField(max_length=16, choices=Granularity.choices)
    period_start = models.DateField()
    dims_key = models.CharField(max_length=400, blank=True, default="")
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=32)
    level = models.CharField(max_length=16, choices=Level.choices)
    # The numbers the value was computed from, e.g. {"cgrs.grants.refugee": 8369, ...}.
    inputs = models.JSONField(default=dict, blank=True)
    # Data-quality notes shown beside the value (e.g. a stated figure that differs, C-06).
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["indicator", "period_start", "dims_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "indicator", "granularity", "period_start", "dims_key"],
                name="monitoring_one_indicator_value_per_run",
            )
        ]


class Forecast(models.Model):
    """Forecast of one monthly series from one run, with its backtest."""

    run = models.ForeignKey(RefreshRun, on_delete=models.CASCADE, related_name="forecasts")
    series = models.CharField(max_length=64)
    dims_key = models.CharField(max_length=400, blank=True, default="")
    # The model shown, or "" when no model beat seasonal naive in the backtest.
    model = models.CharField(max_length=32, blank=True, default="")
    origin = models.DateField()
    # [{"period": "2026-01-01", "mean": .., "lo80": .., "hi80": .., "lo95": .., "hi95": ..}]
    points = models.JSONField(default=list)
    # {"folds": n, "horizon": h, "models": {"AutoETS": {"mase": .., "coverage80": .., ...}}}
    backtest = models.JSONField(default=dict)

    class Meta:
        ordering = ["series", "dims_key"]


class CrossingProbability(models.Model):
    """P(indicator crosses threshold within h months), by Monte Carlo."""

    run = models.ForeignKey(RefreshRun, on_delete=models.CASCADE, related_name="crossings")
    indicator = models.CharField(max_length=64)
    threshold = models.DecimalField(max_digits=18, decimal_places=4)
    horizon_months = models.PositiveSmallIntegerField()
    probability = models.DecimalField(max_digits=5, decimal_places=4)
    simulations = models.PositiveIntegerField()
    details = models.JSONField(default=dict, blank=True)


class AlertKind(models.TextChoices):
    LEVEL_CHANGE = "level_change", "level change"
    FORECAST_CROSSING = "forecast_crossing", "forecast crossing"


class AlertRule(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    indicator = models.CharField(max_length=64)
    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    # level_change: {"to": ["amber", "red"]}; forecast_crossing: {"probability": 0.5, "horizon_months": 3}
    params = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.code


class AlertSubscription(models.Model):
    """Who hears about a rule: everyone with a role, or one user; by e-mail or signed webhook."""

    rule = models.ForeignKey(
        AlertRule, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    role = models.CharField(max_length=32, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    channel = models.CharField(max_length=16)  # "email" | "webhook"
    webhook_url = models.URLField(max_length=500, blank=True, default="")
    # AES-GCM ciphertext, as for employers' webhooks (notifications.services.secret_encrypt).
    webhook_secret_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    active = models.BooleanField(default=True)


class Alert(models.Model):
    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    run = models.ForeignKey(RefreshRun, on_delete=models.PROTECT, related_name="alerts")
    indicator = models.CharField(max_length=64)
    period_start = models.DateField()
    raised_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=300)
    # What changed and by how much, in a sentence; evidence_url points at the indicator page.
    message = models.TextField()
    previous_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    current_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    previous_level = models.CharField(max_length=16, blank=True, default="")
    level = models.CharField(max_length=16, blank=True, default="")
    evidence_url = models.CharField(max_length=500)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    acknowledgement_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            # One alert per rule, period and level: a refresh that sees the same thing again
            # does not raise it twice.
            models.UniqueConstraint(
                fields=["rule", "period_start", "level"], name="monitoring_alert_once"
            )
        ]


class AlertDelivery(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=16)
    recipient = models.CharField(max_length=500)
    status = models.CharField(max_length=16, default="pending")  # pending|delivered|failed
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "subscription"], name="monitoring_alert_delivery_once"
            )
        ]


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class StakeholderAccessRequest(models.Model):
    """An external stakeholder (e.g. an employers' federation) asking to see the dashboard."""

    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200)
    purpose = models.TextField()
    status = models.CharField(max_length=16, choices=AccessRequestStatus.choices, default="pending")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_requests",
    )
    # The set-password e-mail of an approval: sent after the decision commits, retried by a
    # task when the mail server refuses or is absent, and resent by an administrator.
    mail_sent_at = models.DateTimeField(null=True, blank=True)
    mail_attempts = models.PositiveIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-requested_at"]
