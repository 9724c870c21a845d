# SPDX-License-Identifier: EUPL-1.2
"""Alert rules on indicators, subscriptions, deliveries, acknowledgement (issue #5, Alerts).

A refresh stores its indicator values and crossing probabilities, then calls
``alerts_evaluate(run)``: each active rule compares what the run found with what was known
before and raises an ``Alert`` that says what changed, by how much, and links to the indicator
page. The unique constraint (rule, period, level) makes a second refresh that sees the same
thing raise nothing new. Each new alert gets one ``AlertDelivery`` per matching subscription;
``alert_deliveries_send_due`` sends them (e-mail, or a webhook signed as the employers' ones
are: ``notifications.delivery``), retrying with the same backoff.

Messages carry aggregate figures only, never case data: stakeholders may subscribe too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from passage.accounts.models import Role
from passage.accounts.predicates import user_role
from passage.audit.services import audit_record
from passage.monitoring.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    AlertRule,
    AlertSubscription,
    CrossingProbability,
    Granularity,
    IndicatorValue,
    Level,
    RefreshRun,
    RunStatus,
)
from passage.notifications.delivery import MAX_ATTEMPTS, backoff, signed_post
from passage.notifications.services import secret_decrypt, secret_encrypt, webhook_url_validate

logger = logging.getLogger(__name__)

RULES_FILE = Path(__file__).parent / "definitions" / "alerts.yaml"

CHANNEL_EMAIL = "email"
CHANNEL_WEBHOOK = "webhook"
CHANNELS = (CHANNEL_EMAIL, CHANNEL_WEBHOOK)

DELIVERY_PENDING = "pending"
DELIVERY_DELIVERED = "delivered"
DELIVERY_FAILED = "failed"

WEBHOOK_EVENT_TYPE = "monitoring.alert"
SEND_LIMIT = 100
_ERROR_LIMIT = 500

# Roles that run the system and see every page (docs/monitoring.md, Access): they may
# acknowledge an alert. Stakeholders see aggregates only and employer members nothing.
AUTHORITY_ROLES = frozenset(
    {Role.REGIONAL_OFFICER, Role.IMMIGRATION_OFFICER, Role.ANALYST, Role.ADMINISTRATOR}
)
# Who may receive alerts at all: employer members see nothing of the dashboard.
SUBSCRIBER_ROLES = AUTHORITY_ROLES | {Role.STAKEHOLDER}
_PROBLEM_LEVELS = frozenset({Level.AMBER, Level.RED})
# A level change reads the latest period of the first granularity the run has values for:
# monthly series first; stocks counted on a day (waiting list, workload) are "instant".
_GRANULARITY_PREFERENCE = (Granularity.MONTH, Granularity.INSTANT, Granularity.YEAR)
_PERCENT_UNITS = frozenset({"%", "percent", "pct"})


# ---------------------------------------------------------------------------------------------
# Rules


def _rule_spec_check(spec: dict[str, Any]) -> None:
    code = spec.get("code", "?")
    for key in ("code", "indicator", "kind"):
        if not spec.get(key):
            raise ValueError(f"alerts.yaml: rule {code}: missing {key}")
    params = spec.get("params") or {}
    if spec["kind"] == AlertKind.LEVEL_CHANGE:
        unknown = set(params.get("to", [])) - set(Level.values)
        if unknown:
            raise ValueError(f"alerts.yaml: rule {code}: unknown levels {sorted(unknown)}")
    elif spec["kind"] == AlertKind.FORECAST_CROSSING:
        for key in ("threshold", "horizon_months", "probability"):
            if key not in params:
                raise ValueError(f"alerts.yaml: rule {code}: forecast_crossing needs {key}")
        if not 0 < float(params["probability"]) <= 1:
            raise ValueError(f"alerts.yaml: rule {code}: probability must be in (0, 1]")
    else:
        raise ValueError(f"alerts.yaml: rule {code}: unknown kind {spec['kind']!r}")


@transaction.atomic
def alert_rules_load(path: Path = RULES_FILE) -> dict[str, int]:
    """Upsert the rules of ``alerts.yaml`` by code; returns {"created": n, "updated": m}.

    Idempotent. ``active`` is left as it is on existing rules: an administrator's decision to
    switch one off survives a reload."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0}
    for spec in raw["rules"]:
        _rule_spec_check(spec)
        params = dict(spec.get("params") or {})
        # AlertRule has no label or citation column; params carries them to messages/admin.
        params["label"] = spec.get("label") or spec["indicator"]
        if spec.get("citation"):
            params["citation"] = spec["citation"]
        _, created = AlertRule.objects.update_or_create(
            code=spec["code"],
            defaults={"indicator": spec["indicator"], "kind": spec["kind"], "params": params},
        )
        counts["created" if created else "updated"] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Wording


def _is_percent(unit: str) -> bool:
    return unit.strip().lower() in _PERCENT_UNITS


def _number(value: Decimal | float, *, decimals: int) -> str:
    # Thousands separated by a space, as the seed report writes them (34 439).
    return f"{value:,.{decimals}f}".replace(",", " ")


def value_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "no value"
    if _is_percent(unit):
        return f"{_number(value, decimals=1)} %"
    if unit == "ratio":
        # A multiple of a capacity (cgrs_workload_ratio 3.75): the unit word would read oddly.
        return _number(value, decimals=2)
    decimals = 0 if value == value.to_integral_value() else 1
    return f"{_number(value, decimals=decimals)} {unit}".strip()


def change_text(previous: Decimal, current: Decimal, unit: str) -> str:
    delta = current - previous
    if _is_percent(unit):
        return f"{'+' if delta >= 0 else '−'}{_number(abs(delta), decimals=1)} points"
    if unit == "ratio":
        return f"{'+' if delta >= 0 else '−'}{_number(abs(delta), decimals=2)}"
    decimals = 0 if delta == delta.to_integral_value() else 1
    text = f"{'+' if delta >= 0 else '−'}{_number(abs(delta), decimals=decimals)} {unit}".strip()
    if previous:
        relative = delta / abs(previous) * 100
        text += f", {'+' if relative >= 0 else '−'}{_number(abs(relative), decimals=1)} %"
    return text


def period_text(period_start: dt.date, granularity: str) -> str:
    if granularity == Granularity.YEAR:
        return f"{period_start:%Y}"
    if granularity == Granularity.INSTANT:
        return period_start.isoformat()
    return f"{period_start:%Y-%m}"


def evidence_url(indicator: str, period_start: dt.date, granularity: str) -> str:
    """The indicator page (monitoring views) filtered on the alert's period."""
    period = f"{period_start:%Y}" if granularity == Granularity.YEAR else f"{period_start:%Y-%m}"
    return f"/monitoring/indicators/{indicator}/?period={period}"


def _label(rule: AlertRule) -> str:
    label = rule.params.get("label") if isinstance(rule.params, dict) else None
    return str(label or rule.indicator.replace("_", " ").capitalize())


# ---------------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class _Finding:
    period_start: dt.date
    level: str
    title: str
    message: str
    previous_value: Decimal | None
    current_value: Decimal | None
    previous_level: str
    evidence_url: str


def _previous_run(run: RefreshRun) -> RefreshRun | None:
    # Ids grow with creation, so "before this run" is id order; the run under evaluation is
    # usually still "running" (refresh marks it succeeded after the alerts).
    return (
        RefreshRun.objects.filter(status=RunStatus.SUCCEEDED, pk__lt=run.pk).order_by("-pk").first()
    )


def _latest_values(run: RefreshRun, indicator: str) -> tuple[str, list[IndicatorValue]]:
    """The granularity used and the run's total (dims_key "") values of ``indicator``, newest
    first, with a known level."""
    for granularity in _GRANULARITY_PREFERENCE:
        values = list(
            IndicatorValue.objects.filter(
                run=run, indicator=indicator, granularity=granularity, dims_key=""
            )
            .exclude(level=Level.UNKNOWN)
            .order_by("-period_start")[:2]
        )
        if values:
            return granularity, values
    return "", []


def _level_change(rule: AlertRule, run: RefreshRun) -> _Finding | None:
    granularity, values = _latest_values(run, rule.indicator)
    if not values:
        return None
    current = values[0]
    # The same period as seen by the previous successful run wins over the previous period:
    # a revised figure that moves the level is news, and a run that sees what the last one saw
    # is not. A period the previous run did not have is compared with the period before it.
    previous: IndicatorValue | None = None
    before = _previous_run(run)
    if before is not None:
        previous = (
            IndicatorValue.objects.filter(
                run=before,
                indicator=rule.indicator,
                granularity=granularity,
                period_start=current.period_start,
                dims_key="",
            )
            .exclude(level=Level.UNKNOWN)
            .first()
        )
    if previous is None and len(values) > 1:
        previous = values[1]
    previous_level = previous.level if previous is not None else ""
    if current.level == previous_level:
        return None
    targets = set(rule.params.get("to", [Level.AMBER, Level.RED]))
    recovery = (
        bool(rule.params.get("recovery", True))
        and current.level == Level.GREEN
        and previous_level in _PROBLEM_LEVELS
    )
    if current.level not in targets and not recovery:
        return None

    label = _label(rule)
    period = period_text(current.period_start, granularity)
    unit = current.unit
    levels = f"level {previous_level} → {current.level}" if previous_level else ""
    if previous is not None and previous.value is not None and current.value is not None:
        verb = (
            "rose"
            if current.value > previous.value
            else "fell"
            if current.value < previous.value
            else "stayed"
        )
        if verb == "stayed":
            what = f"{label} stayed at {value_text(current.value, unit)} in {period}"
        else:
            what = (
                f"{label} {verb} from {value_text(previous.value, unit)} to "
                f"{value_text(current.value, unit)} "
                f"({change_text(previous.value, current.value, unit)}) in {period}"
            )
    else:
        what = f"{label} is {value_text(current.value, unit)} in {period}"
    message = f"{what}: {levels or f'level {current.level}'}."
    if previous is not None and previous.period_start == current.period_start:
        message += " The figure was revised since the previous refresh."
    if recovery:
        title = f"{label} back to {current.level} in {period}"
    else:
        title = f"{label} {current.level} in {period}"
    return _Finding(
        period_start=current.period_start,
        level=current.level,
        title=title[:300],
        message=message,
        previous_value=previous.value if previous is not None else None,
        current_value=current.value,
        previous_level=previous_level,
        evidence_url=evidence_url(rule.indicator, current.period_start, granularity),
    )


def _threshold_matches(stored: Decimal, wanted: Decimal) -> bool:
    # forecasting.crossing_probability takes a ratio (0.94); a threshold stored in percent
    # (94) is the same rule, so both are accepted rather than silently missing the alert.
    tolerance = Decimal("0.0001")
    return abs(stored - wanted) <= tolerance or abs(stored - wanted * 100) <= tolerance


def _forecast_crossing(rule: AlertRule, run: RefreshRun) -> _Finding | None:
    params = rule.params
    wanted = Decimal(str(params["threshold"]))
    horizon = int(params["horizon_months"])
    minimum = Decimal(str(params["probability"]))
    candidates = [
        crossing
        for crossing in CrossingProbability.objects.filter(
            run=run,
            indicator=rule.indicator,
            horizon_months__lte=horizon,
            probability__gte=minimum,
        ).order_by("horizon_months", "-probability")
        if _threshold_matches(crossing.threshold, wanted)
    ]
    if not candidates:
        return None
    # The shortest horizon that already reaches the probability: the most urgent statement.
    crossing = candidates[0]
    granularity, values = _latest_values(run, rule.indicator)
    latest = values[0] if values else None
    # The month the simulation started from (refresh writes "occupied_month"), so the alert is
    # filed under the data it was computed on, once per month.
    details = crossing.details if isinstance(crossing.details, dict) else {}
    origin = details.get("occupied_month") or details.get("origin")
    if origin:
        period_start = dt.date.fromisoformat(str(origin)[:10]).replace(day=1)
        granularity = Granularity.MONTH
    elif latest is not None:
        period_start = latest.period_start
    else:
        period_start = (run.started_at or timezone.now()).date().replace(day=1)
        granularity = Granularity.MONTH
    label = _label(rule)
    threshold_pct = wanted * 100 if wanted <= 1 else wanted
    threshold_text = f"{_number(threshold_pct, decimals=0)} %"
    months = f"{crossing.horizon_months} month{'s' if crossing.horizon_months != 1 else ''}"
    message = (
        f"{label}: probability {crossing.probability:.2f} of reaching {threshold_text} within "
        f"{months} (alert at {minimum:.2f} or more; "
        f"{_number(crossing.simulations, decimals=0)} simulations)"
    )
    if latest is not None:
        message += (
            f"; latest value {value_text(latest.value, latest.unit)} in "
            f"{period_text(latest.period_start, granularity)}, level {latest.level}"
        )
    return _Finding(
        period_start=period_start,
        level=str(params.get("level", Level.RED)),
        title=f"{label}: P(≥ {threshold_text} within {months}) = {crossing.probability:.2f}",
        message=message + ".",
        previous_value=None,
        current_value=latest.value if latest is not None else None,
        previous_level=latest.level if latest is not None else "",
        evidence_url=evidence_url(rule.indicator, period_start, granularity or Granularity.MONTH),
    )


_EVALUATORS = {
    AlertKind.LEVEL_CHANGE: _level_change,
    AlertKind.FORECAST_CROSSING: _forecast_crossing,
}


def alerts_evaluate(run: RefreshRun) -> list[Alert]:
    """Raise the alerts this run's indicator values and crossing probabilities call for.

    Returns the alerts raised now; one already raised for the same rule, period and level is
    not raised again (nor delivered again). Loads the default rules on first use."""
    if not AlertRule.objects.exists():
        alert_rules_load()
    raised: list[Alert] = []
    for rule in AlertRule.objects.filter(active=True).order_by("code"):
        evaluate = _EVALUATORS.get(rule.kind)  # type: ignore[call-overload]
        if evaluate is None:
            logger.warning("Alert rule %s has an unknown kind %r", rule.code, rule.kind)
            continue
        finding = evaluate(rule, run)
        if finding is None:
            continue
        with transaction.atomic():
            # get_or_create retries the read after an IntegrityError, so a concurrent refresh
            # raising the same alert does not escape as an error.
            alert, created = Alert.objects.get_or_create(
                rule=rule,
                period_start=finding.period_start,
                level=finding.level,
                defaults={
                    "run": run,
                    "indicator": rule.indicator,
                    "title": finding.title,
                    "message": finding.message,
                    "previous_value": finding.previous_value,
                    "current_value": finding.current_value,
                    "previous_level": finding.previous_level,
                    "evidence_url": finding.evidence_url,
                },
            )
            if created:
                alert_deliveries_plan(alert)
                raised.append(alert)
    return raised


# ---------------------------------------------------------------------------------------------
# Subscriptions


def _role_of(user: Any) -> str:
    # The one role function (passage.accounts.predicates); "" for no role.
    return user_role(user) or ""


@transaction.atomic
def alert_subscription_create(
    *,
    actor: Any,
    channel: str,
    role: str | None = None,
    user: Any = None,
    rule: AlertRule | None = None,
    webhook_url: str | None = None,
) -> tuple[AlertSubscription, str | None]:
    """Subscribe a role, a user or a webhook to ``rule`` (None: every rule).

    Administrators subscribe roles and anyone; others subscribe themselves. A webhook gets a
    new signing secret, returned here only (stored encrypted, never shown again); e-mail
    subscriptions return None for it. Validation errors name the field."""
    actor_role = _role_of(actor)
    if actor_role not in SUBSCRIBER_ROLES:
        raise PermissionDenied("only authorities and approved stakeholders receive alerts")
    is_admin = actor_role == Role.ADMINISTRATOR
    if channel not in CHANNELS:
        raise ValidationError({"channel": f"must be one of {', '.join(CHANNELS)}"})
    role = (role or "").strip()
    secret: str | None = None
    encrypted: bytes | None = None
    url = ""
    if channel == CHANNEL_WEBHOOK:
        if role:
            raise ValidationError({"role": "a webhook goes to its URL, not to a role"})
        if not webhook_url:
            raise ValidationError({"webhook_url": "a webhook subscription needs a URL"})
        try:
            url = webhook_url_validate(webhook_url)
        except ValidationError as exc:
            raise ValidationError(
                {"webhook_url": exc.message_dict.get("url", exc.messages)}
            ) from None
        if user is not None and user != actor and not is_admin:
            raise PermissionDenied("you may only subscribe yourself")
        # The webhook's owner, for the admin and for switching it off; never a recipient.
        user = user or actor
        secret = secrets.token_urlsafe(32)
        encrypted = secret_encrypt(secret)
    else:
        if webhook_url:
            raise ValidationError({"webhook_url": "only webhook subscriptions have a URL"})
        if bool(role) == (user is not None):
            raise ValidationError({"role": "an e-mail subscription names a role or a user"})
        if role:
            if not is_admin:
                raise PermissionDenied("only administrators subscribe a role")
            if role not in SUBSCRIBER_ROLES:
                raise ValidationError({"role": f"{role!r} cannot receive alerts"})
        else:
            if user != actor and not is_admin:
                raise PermissionDenied("you may only subscribe yourself")
            if _role_of(user) not in SUBSCRIBER_ROLES:
                raise ValidationError({"user": "this user cannot receive alerts"})
            if not user.email:
                raise ValidationError({"user": "this user has no e-mail address"})
    # Stakeholders see aggregates only (docs/monitoring.md, Access): a rule marked otherwise
    # (params "scope") is not for them, nor is "every rule" once such a rule exists. Every
    # default rule is aggregate-level, and messages never carry case data.
    if Role.STAKEHOLDER in (actor_role, role, _role_of(user)):
        non_aggregate = [
            r.code
            for r in ([rule] if rule is not None else AlertRule.objects.all())
            if isinstance(r.params, dict) and r.params.get("scope", "aggregate") != "aggregate"
        ]
        if non_aggregate:
            raise PermissionDenied(
                f"stakeholders receive aggregate-level alerts only (not {', '.join(non_aggregate)})"
            )
    subscription = AlertSubscription(
        rule=rule,
        role=role,
        user=user,
        channel=channel,
        webhook_url=url,
        webhook_secret_encrypted=encrypted,
    )
    subscription.full_clean(exclude=["webhook_secret_encrypted"])
    subscription.save()
    audit_record(
        actor=actor,
        action="monitoring.alert_subscription.create",
        object_type="alert_subscription",
        object_id=subscription.pk,
        details={
            "channel": channel,
            "role": role,
            "user": user.pk if user is not None else None,
            "rule": rule.code if rule is not None else None,
            "webhook_url": url,
        },
    )
    return subscription, secret


def _role_addresses(role: str) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, profile__role=role)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def alert_deliveries_plan(alert: Alert) -> list[AlertDelivery]:
    """One delivery per active subscription to the alert's rule or to every rule.

    A role subscription is one delivery (the constraint allows one per alert and
    subscription) whose addresses are looked up when it is sent, as for employers' e-mail:
    someone who joins the role before the send hears about it. Idempotent."""
    now = timezone.now()
    rows: list[AlertDelivery] = []
    subscriptions = (
        AlertSubscription.objects.filter(active=True)
        .filter(Q(rule=alert.rule) | Q(rule__isnull=True))
        .select_related("user")
        .order_by("pk")
    )
    for subscription in subscriptions:
        if subscription.channel == CHANNEL_WEBHOOK:
            recipient = subscription.webhook_url
        elif subscription.role:
            if not _role_addresses(subscription.role):
                continue
            recipient = f"role:{subscription.role}"
        else:
            user = subscription.user
            if user is None or not user.is_active or not user.email:
                continue
            recipient = user.email
        rows.append(
            AlertDelivery(
                alert=alert,
                subscription=subscription,
                channel=subscription.channel,
                recipient=recipient[:500],
                next_attempt_at=now,
            )
        )
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(AlertDelivery.objects.filter(alert=alert).order_by("pk"))


# ---------------------------------------------------------------------------------------------
# Delivery


def _alert_unit(alert: Alert) -> str:
    return (
        IndicatorValue.objects.filter(run_id=alert.run_id, indicator=alert.indicator, dims_key="")
        .values_list("unit", flat=True)
        .first()
        or ""
    )


def _stakeholder_rounded(subscription: AlertSubscription) -> bool:
    """Whether the recipients are external stakeholders, who see figures rounded only
    (docs/monitoring.md, Access; indicators.yaml: stakeholder_rounding)."""
    if subscription.role:
        return subscription.role == Role.STAKEHOLDER
    return _role_of(subscription.user) == Role.STAKEHOLDER


def _rounded(value: Decimal | None, unit: str) -> Decimal | None:
    # Imported late: the dashboard module reads the rounding rule of indicators.yaml and
    # pulls in the page helpers, which evaluation and delivery otherwise never need.
    from passage.monitoring.dashboard import round_for_stakeholder

    return round_for_stakeholder(value, unit)


def alert_text(alert: Alert, *, rounded: bool) -> str:
    """The alert's sentence; for stakeholders rebuilt from its figures, rounded."""
    if not rounded:
        return alert.message
    unit = _alert_unit(alert)
    label = _label(alert.rule)
    previous = _rounded(alert.previous_value, unit)
    current = _rounded(alert.current_value, unit)
    if alert.rule.kind == AlertKind.FORECAST_CROSSING:
        text = f"{alert.title}. Latest value {value_text(current, unit)}"
    elif previous is not None and current is not None:
        text = (
            f"{label}: {value_text(previous, unit)} → {value_text(current, unit)} "
            f"({change_text(previous, current, unit)})"
        )
    else:
        text = f"{label}: {value_text(current, unit)}"
    levels = f"level {alert.previous_level} → {alert.level}" if alert.previous_level else ""
    if alert.rule.kind == AlertKind.LEVEL_CHANGE:
        text += f", {levels or f'level {alert.level}'}"
    return f"{text} (period starting {alert.period_start:%Y-%m}; figures rounded)."


def alert_document(alert: Alert, *, rounded: bool = False) -> dict[str, Any]:
    """What a webhook receives in ``data``: the alert's figures, no case data."""
    unit = _alert_unit(alert) if rounded else ""
    return {
        "rule": alert.rule.code,
        "kind": alert.rule.kind,
        "indicator": alert.indicator,
        "period": alert.period_start.isoformat(),
        "title": alert.title,
        "message": alert_text(alert, rounded=rounded),
        "previous_value": _rounded(alert.previous_value, unit) if rounded else alert.previous_value,
        "current_value": _rounded(alert.current_value, unit) if rounded else alert.current_value,
        "previous_level": alert.previous_level,
        "level": alert.level,
        "evidence_url": _absolute(alert.evidence_url),
        "raised_at": alert.raised_at,
    }


def alert_event_id(alert: Alert) -> str:
    # Per alert, not per delivery: a receiver subscribed twice drops the second copy, and the
    # prefix keeps these apart from the casework event ids on the same receiver.
    return f"monitoring-alert-{alert.pk}"


def webhook_body(alert: Alert, *, rounded: bool = False) -> bytes:
    document = {
        "id": alert_event_id(alert),
        "type": WEBHOOK_EVENT_TYPE,
        "data": alert_document(alert, rounded=rounded),
        "created_at": alert.raised_at.isoformat(),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def _absolute(path: str) -> str:
    # PASSAGE_PUBLIC_URL (optional, e.g. "https://passage.example.be") makes links clickable
    # outside Passage; without it the path is relative to wherever Passage is served.
    base = str(getattr(settings, "PASSAGE_PUBLIC_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def _send_webhook(delivery: AlertDelivery) -> tuple[bool, str]:
    subscription = delivery.subscription
    try:
        secret = secret_decrypt(subscription.webhook_secret_encrypted or b"")
    except (InvalidTag, ValueError):
        return False, "the subscription's secret cannot be decrypted (PASSAGE_FIELD_KEY changed?)"
    body = webhook_body(delivery.alert, rounded=_stakeholder_rounded(subscription))
    delivered, _status, error = signed_post(
        subscription.webhook_url, body, secret=secret, event_id=alert_event_id(delivery.alert)
    )
    return delivered, error


def _send_email(delivery: AlertDelivery) -> tuple[bool, str]:
    subscription = delivery.subscription
    if subscription.role:
        addresses = _role_addresses(subscription.role)
    else:
        user = subscription.user
        addresses = [user.email] if user is not None and user.is_active and user.email else []
    if not addresses:
        return False, "no active recipient with an e-mail address"
    alert = delivery.alert
    subject = f"Passage Early Warning: {alert.title}"
    body = (
        f"{alert_text(alert, rounded=_stakeholder_rounded(subscription))}\n\n"
        f"Evidence, after logging in: {_absolute(alert.evidence_url)}\n\n"
        f"Rule {alert.rule.code}; raised {alert.raised_at:%Y-%m-%d %H:%M} UTC.\n"
    )
    # One message per address: recipients of a role do not see each other's addresses.
    messages = [EmailMessage(subject, body, None, [address]) for address in addresses]
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages(messages)
    except Exception as exc:  # SMTP errors are of many kinds; all are worth a retry
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def alert_delivery_attempt(
    delivery: AlertDelivery, *, now: dt.datetime | None = None
) -> AlertDelivery:
    """Send ``delivery`` once and record the outcome (the caller holds the row lock)."""
    if delivery.channel == CHANNEL_WEBHOOK:
        ok, error = _send_webhook(delivery)
    else:
        ok, error = _send_email(delivery)
    at = now or timezone.now()
    delivery.attempts += 1
    delivery.last_error = error[:_ERROR_LIMIT]
    if ok:
        delivery.status = DELIVERY_DELIVERED
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DELIVERY_FAILED
        delivery.next_attempt_at = None
        logger.warning(
            "Gave up alert delivery %s (%s) after %d attempts: %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            delivery.last_error,
        )
    else:
        delivery.next_attempt_at = at + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return delivery


def alert_deliveries_send_due(*, now: dt.datetime | None = None, limit: int = SEND_LIMIT) -> int:
    """Send up to ``limit`` due deliveries, one transaction each; returns how many were tried.

    As ``notifications.tasks.deliveries_send_due``: each row is taken ``FOR UPDATE SKIP
    LOCKED`` and its outcome committed with the lock held, so two workers never send the same
    row; a crash after the receiver's 2xx sends it again, and ``Passage-Event-Id`` lets the
    receiver drop the copy."""
    tried = 0
    while tried < limit:
        with transaction.atomic():
            delivery = (
                AlertDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("alert__rule", "subscription__user")
                .filter(status=DELIVERY_PENDING, next_attempt_at__lte=now or timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if delivery is None:
                break
            if not delivery.subscription.active:
                # Switched off after planning: nothing to send and nothing to retry.
                delivery.status = DELIVERY_FAILED
                delivery.last_error = "subscription deactivated"
                delivery.next_attempt_at = None
                delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
            else:
                alert_delivery_attempt(delivery, now=now)
        tried += 1
    return tried


# ---------------------------------------------------------------------------------------------
# Acknowledgement and history


@transaction.atomic
def alert_acknowledge(alert: Alert, *, actor: Any, note: str = "") -> Alert:
    """Record that ``actor`` (an authority) has seen ``alert`` and what they make of it."""
    if _role_of(actor) not in AUTHORITY_ROLES:
        raise PermissionDenied("only authorities acknowledge alerts")
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.acknowledged_at is not None:
        who = locked.acknowledged_by.get_username() if locked.acknowledged_by else "someone"
        raise ValidationError(
            f"alert {locked.pk} was already acknowledged by {who} "
            f"on {locked.acknowledged_at:%Y-%m-%d %H:%M} UTC",
            code="already_acknowledged",
        )
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    locked.acknowledgement_note = note.strip()
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    audit_record(
        actor=actor,
        action="monitoring.alert.acknowledge",
        object_type="alert",
        object_id=locked.pk,
        details={"rule": locked.rule.code, "period": locked.period_start, "level": locked.level},
    )
    alert.acknowledged_at = locked.acknowledged_at
    alert.acknowledged_by = locked.acknowledged_by
    alert.acknowledgement_note = locked.acknowledgement_note
    return alert


def alerts_history(
    *, indicator: str | None = None, acknowledged: bool | None = None
) -> QuerySet[Alert]:
    """Alerts, newest first, optionally of one indicator and (un)acknowledged ones only."""
    qs = Alert.objects.select_related("rule", "acknowledged_by", "run")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if acknowledged is not None:
        qs = qs.filter(acknowledged_at__isnull=not acknowledged)
    return qs.order_by("-raised_at", "-id")
