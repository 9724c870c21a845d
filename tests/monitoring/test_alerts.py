# SPDX-License-Identifier: EUPL-1.2
"""Early Warning alerts: rules, evaluation, subscriptions, delivery, acknowledgement."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passage.accounts.models import Organisation, Profile, Role
from passage.audit.models import AuditEntry
from passage.monitoring import alerts
from passage.monitoring.alerts import (
    alert_acknowledge,
    alert_deliveries_send_due,
    alert_rules_load,
    alert_subscription_create,
    alerts_evaluate,
    alerts_history,
)
from passage.monitoring.models import (
    Alert,
    AlertDelivery,
    AlertRule,
    AlertSubscription,
    CrossingProbability,
    IndicatorValue,
    RefreshRun,
    RunStatus,
)
from passage.monitoring.tasks import alert_deliveries_due
from passage.notifications.delivery import MAX_ATTEMPTS, verify_signature
from passage.notifications.services import secret_decrypt

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)
FEBRUARY = dt.date(2026, 2, 1)
APRIL = dt.date(2026, 4, 1)


# --- fixtures ---------------------------------------------------------------------------------


_users = iter(range(1_000_000))


def make_user(role: str, *, email: str = "", active: bool = True) -> Any:
    user = get_user_model().objects.create_user(
        username=f"ew-user-{next(_users)}", email=email, is_active=active
    )
    organisation = None
    if role == Role.EMPLOYER_MEMBER:
        body = 10_000_000 + user.pk
        organisation = Organisation.objects.create(
            enterprise_number=f"{body:08d}{97 - body % 97:02d}", name=f"Employer {user.pk}"
        )
    Profile.objects.create(user=user, role=role, organisation=organisation)
    return get_user_model().objects.select_related("profile").get(pk=user.pk)


def make_run(*, status: str = RunStatus.SUCCEEDED) -> RefreshRun:
    return RefreshRun.objects.create(status=status, finished_at=timezone.now())


def value(
    run: RefreshRun,
    indicator: str,
    period: dt.date,
    amount: str | None,
    level: str,
    *,
    unit: str = "%",
    granularity: str = "month",
    dims_key: str = "",
) -> IndicatorValue:
    return IndicatorValue.objects.create(
        run=run,
        indicator=indicator,
        granularity=granularity,
        period_start=period,
        dims_key=dims_key,
        value=None if amount is None else Decimal(amount),
        unit=unit,
        level=level,
    )


def occupancy(run: RefreshRun, period: dt.date, amount: str, level: str) -> IndicatorValue:
    return value(run, "reception_occupancy", period, amount, level)


@pytest.fixture
def rules() -> None:
    alert_rules_load()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    statuses: list[int] = field(default_factory=lambda: [204])
    requests: list[Received] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1 answering with ``statuses`` in turn (last repeats)."""
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append(Received(headers=dict(self.headers.items()), body=body))
            index = min(len(state.requests), len(state.statuses)) - 1
            self.send_response(state.statuses[index])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/ew"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _short_webhook_timeout(settings: Any) -> None:
    settings.PASSAGE_WEBHOOK_TIMEOUT = 0.5


# --- rules ------------------------------------------------------------------------------------


class TestRulesLoad:
    def test_defaults_loaded_idempotently_keeping_active(self) -> None:
        first = alert_rules_load()
        assert first["created"] >= 5
        AlertRule.objects.filter(code="waiting-list-level").update(active=False)

        second = alert_rules_load()

        assert second == {"created": 0, "updated": first["created"]}
        assert AlertRule.objects.count() == first["created"]
        assert not AlertRule.objects.get(code="waiting-list-level").active
        indicators = set(AlertRule.objects.values_list("indicator", flat=True))
        assert {
            "reception_occupancy",
            "waiting_list",
            "cgrs_workload_ratio",
            "single_permit_processing_days",
        } <= indicators
        crossing = AlertRule.objects.get(kind="forecast_crossing")
        assert crossing.params["threshold"] == 0.94
        assert crossing.params["horizon_months"] == 3
        assert crossing.params["probability"] == 0.5

    def test_evaluate_loads_the_rules_when_there_are_none(self) -> None:
        run = make_run()
        alerts_evaluate(run)
        assert AlertRule.objects.filter(code="reception-occupancy-level").exists()

    def test_a_bad_rule_file_is_refused(self, tmp_path: Any) -> None:
        path = tmp_path / "alerts.yaml"
        path.write_text(
            "rules:\n  - {code: x, indicator: y, kind: level_change, params: {to: [pink]}}\n"
        )
        with pytest.raises(ValueError, match="unknown levels"):
            alert_rules_load(path)


# --- evaluation -------------------------------------------------------------------------------


class TestLevelChange:
    def test_rise_to_red_says_what_changed_and_by_how_much(self, rules: None) -> None:
        run = make_run()
        occupancy(run, FEBRUARY, "92.1", "amber")
        occupancy(run, MARCH, "94.3", "red")

        raised = alerts_evaluate(run)

        assert len(raised) == 1
        alert = raised[0]
        assert alert.rule.code == "reception-occupancy-level"
        assert alert.message == (
            "Reception occupancy rose from 92.1 % to 94.3 % (+2.2 points) in 2026-03: "
            "level amber → red."
        )
        assert alert.previous_value == Decimal("92.1")
        assert alert.current_value == Decimal("94.3")
        assert (alert.previous_level, alert.level) == ("amber", "red")
        assert alert.period_start == MARCH
        assert alert.evidence_url == "/monitoring/indicators/reception_occupancy/?period=2026-03"

    def test_a_second_refresh_seeing_the_same_raises_nothing(self, rules: None) -> None:
        first = make_run()
        occupancy(first, FEBRUARY, "92.1", "amber")
        occupancy(first, MARCH, "94.3", "red")
        assert len(alerts_evaluate(first)) == 1
        second = make_run()
        occupancy(second, FEBRUARY, "92.1", "amber")
        occupancy(second, MARCH, "94.3", "red")

        assert alerts_evaluate(second) == []
        # Evaluating the same run twice is harmless too (no IntegrityError escapes).
        assert alerts_evaluate(first) == []
        assert Alert.objects.count() == 1

    def test_recovery_to_green_is_an_alert(self, rules: None) -> None:
        run = make_run()
        occupancy(run, FEBRUARY, "94.6", "red")
        occupancy(run, MARCH, "90.0", "green")

        (alert,) = alerts_evaluate(run)

        assert alert.level == "green"
        assert "fell from 94.6 % to 90.0 % (−4.6 points)" in alert.message
        assert "level red → green" in alert.message
        assert "back to green" in alert.title

    def test_no_alert_when_the_level_stays_or_is_green_from_the_start(self, rules: None) -> None:
        run = make_run()
        occupancy(run, FEBRUARY, "92.0", "amber")
        occupancy(run, MARCH, "93.0", "amber")
        value(run, "waiting_list", MARCH, "1708", "green", unit="persons", granularity="instant")

        assert alerts_evaluate(run) == []

    def test_a_revision_of_the_same_period_compares_with_the_previous_run(
        self, rules: None
    ) -> None:
        before = make_run()
        occupancy(before, FEBRUARY, "92.0", "amber")
        occupancy(before, MARCH, "94.3", "red")
        alerts_evaluate(before)
        revised = make_run(status=RunStatus.RUNNING)  # still running while alerts are evaluated
        occupancy(revised, FEBRUARY, "92.0", "amber")
        occupancy(revised, MARCH, "93.5", "amber")

        (alert,) = alerts_evaluate(revised)

        assert (alert.previous_level, alert.level) == ("red", "amber")
        assert "fell from 94.3 % to 93.5 % (−0.8 points) in 2026-03" in alert.message
        assert "revised" in alert.message

    def test_failed_runs_are_not_a_reference(self, rules: None) -> None:
        failed = make_run(status=RunStatus.FAILED)
        occupancy(failed, MARCH, "95.0", "red")
        run = make_run()
        occupancy(run, FEBRUARY, "92.0", "amber")
        occupancy(run, MARCH, "94.3", "red")

        (alert,) = alerts_evaluate(run)

        assert alert.previous_level == "amber"

    def test_persons_show_absolute_and_relative_change_and_instant_periods(
        self, rules: None
    ) -> None:
        run = make_run()
        value(
            run,
            "waiting_list",
            dt.date(2025, 1, 1),
            "1708",
            "green",
            unit="persons",
            granularity="instant",
        )
        value(
            run,
            "waiting_list",
            dt.date(2025, 12, 31),
            "2947",
            "amber",
            unit="persons",
            granularity="instant",
        )

        (alert,) = alerts_evaluate(run)

        assert alert.message == (
            "Reception waiting list rose from 1 708 persons to 2 947 persons "
            "(+1 239 persons, +72.5 %) in 2025-12-31: level green → amber."
        )
        assert alert.evidence_url == "/monitoring/indicators/waiting_list/?period=2025-12"

    def test_breakdowns_and_unknown_levels_are_ignored(self, rules: None) -> None:
        run = make_run()
        occupancy(run, FEBRUARY, "92.0", "green")
        occupancy(run, MARCH, "95.0", "unknown")
        value(run, "reception_occupancy", MARCH, "99.0", "red", dims_key="operator=fedasil")

        assert alerts_evaluate(run) == []

    def test_first_value_already_red_is_raised_without_a_previous_level(self, rules: None) -> None:
        run = make_run()
        value(
            run,
            "cgrs_workload_ratio",
            dt.date(2025, 12, 31),
            "3.75",
            "red",
            unit="ratio",
            granularity="instant",
        )

        (alert,) = alerts_evaluate(run)

        assert alert.previous_level == ""
        assert alert.message == (
            "CGRS workload against its standard capacity is 3.75 in 2025-12-31: level red."
        )

    def test_inactive_rules_are_skipped(self, rules: None) -> None:
        AlertRule.objects.update(active=False)
        run = make_run()
        occupancy(run, FEBRUARY, "92.1", "amber")
        occupancy(run, MARCH, "94.3", "red")

        assert alerts_evaluate(run) == []


class TestForecastCrossing:
    def crossing(
        self,
        run: RefreshRun,
        probability: str,
        *,
        horizon: int = 3,
        threshold: str = "0.94",
        details: dict[str, Any] | None = None,
    ) -> CrossingProbability:
        return CrossingProbability.objects.create(
            run=run,
            indicator="reception_occupancy",
            threshold=Decimal(threshold),
            horizon_months=horizon,
            probability=Decimal(probability),
            simulations=10_000,
            details=details or {},
        )

    def test_filed_under_the_month_the_simulation_started_from(self, rules: None) -> None:
        run = make_run()
        occupancy(run, MARCH, "92.4", "amber")
        self.crossing(run, "0.7", details={"occupied_month": "2026-02-01", "occupied": 32000})

        alerts = [a for a in alerts_evaluate(run) if a.rule.kind == "forecast_crossing"]

        assert [a.period_start for a in alerts] == [FEBRUARY]
        assert "10 000 simulations" in alerts[0].message

    def test_probability_at_or_above_the_rule_raises_once(self, rules: None) -> None:
        run = make_run()
        occupancy(run, FEBRUARY, "92.1", "amber")
        occupancy(run, MARCH, "92.4", "amber")
        self.crossing(run, "0.62")

        (alert,) = alerts_evaluate(run)

        assert alert.rule.code == "reception-occupancy-crossing-94-3m"
        assert alert.title == "Reception occupancy: P(≥ 94 % within 3 months) = 0.62"
        assert "probability 0.62 of reaching 94 % within 3 months" in alert.message
        assert "latest value 92.4 % in 2026-03, level amber" in alert.message
        assert alert.period_start == MARCH
        assert alert.evidence_url.endswith("?period=2026-03")
        again = make_run()
        occupancy(again, MARCH, "92.4", "amber")
        self.crossing(again, "0.70")
        assert alerts_evaluate(again) == []

    @pytest.mark.parametrize(
        ("probability", "horizon", "threshold", "raised"),
        [
            ("0.50", 3, "0.94", True),  # the boundary: P ≥ p
            ("0.49", 3, "0.94", False),
            ("0.90", 6, "0.94", False),  # beyond the rule's horizon
            ("0.55", 2, "0.94", True),  # within a shorter horizon is within 3 months too
            ("0.80", 3, "0.90", False),  # another threshold
            ("0.80", 3, "94", True),  # the same threshold stored in percent
        ],
    )
    def test_matching(
        self, rules: None, probability: str, horizon: int, threshold: str, raised: bool
    ) -> None:
        run = make_run()
        occupancy(run, MARCH, "92.4", "amber")
        self.crossing(run, probability, horizon=horizon, threshold=threshold)

        kinds = {alert.rule.kind for alert in alerts_evaluate(run)}
        assert ("forecast_crossing" in kinds) is raised


# --- subscriptions and delivery ---------------------------------------------------------------


def red_march(run: RefreshRun | None = None) -> Alert:
    run = run or make_run()
    occupancy(run, FEBRUARY, "92.1", "amber")
    occupancy(run, MARCH, "94.3", "red")
    (alert,) = alerts_evaluate(run)
    return alert


class TestSubscriptions:
    def test_only_administrators_subscribe_a_role(self, rules: None) -> None:
        admin = make_user(Role.ADMINISTRATOR)
        analyst = make_user(Role.ANALYST, email="a@example.be")

        subscription, secret = alert_subscription_create(
            actor=admin, channel="email", role=Role.ANALYST
        )
        assert secret is None
        assert subscription.role == Role.ANALYST
        assert AuditEntry.objects.filter(
            action="monitoring.alert_subscription.create", object_id=str(subscription.pk)
        ).exists()
        with pytest.raises(PermissionDenied):
            alert_subscription_create(actor=analyst, channel="email", role=Role.ANALYST)

    def test_users_subscribe_themselves_only(self, rules: None) -> None:
        analyst = make_user(Role.ANALYST, email="a@example.be")
        other = make_user(Role.ANALYST, email="b@example.be")
        rule = AlertRule.objects.get(code="waiting-list-level")

        subscription, _ = alert_subscription_create(
            actor=analyst, channel="email", user=analyst, rule=rule
        )
        assert subscription.rule == rule
        with pytest.raises(PermissionDenied):
            alert_subscription_create(actor=analyst, channel="email", user=other)

    def test_stakeholders_may_subscribe_employer_members_may_not(self, rules: None) -> None:
        stakeholder = make_user(Role.STAKEHOLDER, email="s@federation.example")
        member = make_user(Role.EMPLOYER_MEMBER, email="m@employer.example")

        alert_subscription_create(actor=stakeholder, channel="email", user=stakeholder)
        with pytest.raises(PermissionDenied):
            alert_subscription_create(actor=member, channel="email", user=member)

    def test_stakeholders_only_get_aggregate_level_rules(self, rules: None) -> None:
        stakeholder = make_user(Role.STAKEHOLDER, email="s@federation.example")
        admin = make_user(Role.ADMINISTRATOR)
        detailed = AlertRule.objects.create(
            code="detailed", indicator="x", kind="level_change", params={"scope": "case"}
        )
        with pytest.raises(PermissionDenied):
            alert_subscription_create(
                actor=stakeholder, channel="email", user=stakeholder, rule=detailed
            )
        with pytest.raises(PermissionDenied):  # "every rule" would include it
            alert_subscription_create(actor=stakeholder, channel="email", user=stakeholder)
        with pytest.raises(PermissionDenied):
            alert_subscription_create(actor=admin, channel="email", role=Role.STAKEHOLDER)
        aggregate = AlertRule.objects.get(code="reception-occupancy-level")
        alert_subscription_create(
            actor=stakeholder, channel="email", user=stakeholder, rule=aggregate
        )

    @pytest.mark.parametrize(
        ("kwargs", "field_name"),
        [
            ({"channel": "sms", "role": Role.ANALYST}, "channel"),
            ({"channel": "email"}, "role"),
            ({"channel": "email", "role": "employer_member"}, "role"),
            ({"channel": "email", "role": "nobody"}, "role"),
            ({"channel": "webhook"}, "webhook_url"),
            ({"channel": "webhook", "webhook_url": "http://example.be/hook"}, "webhook_url"),
            ({"channel": "webhook", "webhook_url": "not a url"}, "webhook_url"),
            ({"channel": "webhook", "webhook_url": "https://x.be", "role": "analyst"}, "role"),
            ({"channel": "email", "role": "analyst", "webhook_url": "https://x.be"}, "webhook_url"),
        ],
    )
    def test_validation_errors_name_the_field(
        self, rules: None, kwargs: dict[str, Any], field_name: str
    ) -> None:
        admin = make_user(Role.ADMINISTRATOR)
        with pytest.raises(ValidationError) as caught:
            alert_subscription_create(actor=admin, **kwargs)
        assert field_name in caught.value.message_dict

    def test_a_user_without_an_address_cannot_get_email(self, rules: None) -> None:
        analyst = make_user(Role.ANALYST)
        with pytest.raises(ValidationError) as caught:
            alert_subscription_create(actor=analyst, channel="email", user=analyst)
        assert "user" in caught.value.message_dict

    def test_webhook_secret_returned_once_and_stored_encrypted(self, rules: None) -> None:
        analyst = make_user(Role.ANALYST)
        subscription, secret = alert_subscription_create(
            actor=analyst, channel="webhook", webhook_url="https://hooks.example.be/ew"
        )
        assert secret
        blob = AlertSubscription.objects.get(pk=subscription.pk).webhook_secret_encrypted
        assert blob is not None
        stored = bytes(blob)
        assert secret_decrypt(stored) == secret
        assert secret.encode() not in stored
        assert subscription.user == analyst


class TestDeliveries:
    def test_planned_per_matching_subscription(self, rules: None) -> None:
        admin = make_user(Role.ADMINISTRATOR, email="admin@example.be")
        make_user(Role.ANALYST, email="a1@example.be")
        make_user(Role.ANALYST, email="a2@example.be")
        make_user(Role.ANALYST, email="gone@example.be", active=False)
        occupancy_rule = AlertRule.objects.get(code="reception-occupancy-level")
        waiting_rule = AlertRule.objects.get(code="waiting-list-level")
        by_role, _ = alert_subscription_create(actor=admin, channel="email", role=Role.ANALYST)
        mine, _ = alert_subscription_create(
            actor=admin, channel="email", user=admin, rule=occupancy_rule
        )
        alert_subscription_create(actor=admin, channel="email", user=admin, rule=waiting_rule)
        off, _ = alert_subscription_create(actor=admin, channel="email", user=admin)
        off.active = False
        off.save()

        alert = red_march()

        deliveries = {d.subscription_id: d for d in alert.deliveries.all()}
        assert set(deliveries) == {by_role.pk, mine.pk}
        assert deliveries[by_role.pk].recipient == "role:analyst"
        assert deliveries[mine.pk].recipient == "admin@example.be"

        assert alert_deliveries_send_due() == 2

        sent = sorted(address for message in mail.outbox for address in message.to)
        assert sent == ["a1@example.be", "a2@example.be", "admin@example.be"]
        message = mail.outbox[0]
        assert "Reception occupancy red in 2026-03" in message.subject
        assert "rose from 92.1 % to 94.3 % (+2.2 points)" in message.body
        assert "/monitoring/indicators/reception_occupancy/?period=2026-03" in message.body
        assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"delivered"}
        assert alert_deliveries_send_due() == 0

    def test_no_delivery_for_an_alert_raised_before(self, rules: None) -> None:
        admin = make_user(Role.ADMINISTRATOR, email="admin@example.be")
        alert_subscription_create(actor=admin, channel="email", user=admin)
        red_march()
        second = make_run()
        occupancy(second, FEBRUARY, "92.1", "amber")
        occupancy(second, MARCH, "94.3", "red")
        alerts_evaluate(second)

        assert AlertDelivery.objects.count() == 1

    def test_signed_webhook_to_a_real_receiver(self, rules: None, receiver: Receiver) -> None:
        analyst = make_user(Role.ANALYST)
        _, secret = alert_subscription_create(
            actor=analyst, channel="webhook", webhook_url=receiver.url
        )
        assert secret is not None
        alert = red_march()

        assert alert_deliveries_due() == {"attempted": 1}

        (request,) = receiver.requests
        assert request.headers["Content-Type"] == "application/json"
        assert verify_signature(secret, request.headers["Passage-Signature"], request.body)
        assert not verify_signature(
            "another secret", request.headers["Passage-Signature"], request.body
        )
        assert request.headers["Passage-Event-Id"] == f"monitoring-alert-{alert.pk}"
        document = json.loads(request.body)
        assert document["id"] == f"monitoring-alert-{alert.pk}"
        assert document["type"] == "monitoring.alert"
        assert document["data"]["level"] == "red"
        assert document["data"]["previous_level"] == "amber"
        assert document["data"]["current_value"] == "94.3000"
        assert document["data"]["evidence_url"].endswith("?period=2026-03")
        assert AlertDelivery.objects.get().status == "delivered"

    def test_webhook_retries_with_backoff_then_fails(self, rules: None, receiver: Receiver) -> None:
        receiver.statuses = [500]
        analyst = make_user(Role.ANALYST)
        alert_subscription_create(actor=analyst, channel="webhook", webhook_url=receiver.url)
        red_march()
        now = timezone.now()

        assert alert_deliveries_send_due(now=now) == 1
        delivery = AlertDelivery.objects.get()
        assert delivery.status == "pending"
        assert delivery.attempts == 1
        assert delivery.last_error == "HTTP 500 Internal Server Error"
        assert delivery.next_attempt_at == now + dt.timedelta(seconds=30)
        assert alert_deliveries_send_due(now=now) == 0  # not due yet

        for _ in range(MAX_ATTEMPTS - 1):
            now += dt.timedelta(hours=2)
            alert_deliveries_send_due(now=now)

        delivery.refresh_from_db()
        assert delivery.status == "failed"
        assert delivery.attempts == MAX_ATTEMPTS
        assert delivery.next_attempt_at is None
        assert len(receiver.requests) == MAX_ATTEMPTS

    def test_retry_then_success(self, rules: None, receiver: Receiver) -> None:
        receiver.statuses = [503, 200]
        analyst = make_user(Role.ANALYST)
        alert_subscription_create(actor=analyst, channel="webhook", webhook_url=receiver.url)
        red_march()
        now = timezone.now()

        alert_deliveries_send_due(now=now)
        alert_deliveries_send_due(now=now + dt.timedelta(minutes=1))

        delivery = AlertDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("delivered", 2)
        # The same event id both times: the receiver can drop a duplicate.
        ids = {r.headers["Passage-Event-Id"] for r in receiver.requests}
        assert len(ids) == 1

    def test_subscription_switched_off_after_planning_is_not_sent(self, rules: None) -> None:
        analyst = make_user(Role.ANALYST, email="a@example.be")
        subscription, _ = alert_subscription_create(actor=analyst, channel="email", user=analyst)
        red_march()
        subscription.active = False
        subscription.save()

        alert_deliveries_send_due()

        delivery = AlertDelivery.objects.get()
        assert delivery.status == "failed"
        assert delivery.last_error == "subscription deactivated"
        assert mail.outbox == []

    def test_stakeholders_get_rounded_figures(self, rules: None, receiver: Receiver) -> None:
        stakeholder = make_user(Role.STAKEHOLDER, email="s@federation.example")
        alert_subscription_create(actor=stakeholder, channel="email", user=stakeholder)
        alert_subscription_create(actor=stakeholder, channel="webhook", webhook_url=receiver.url)
        analyst = make_user(Role.ANALYST, email="a@example.be")
        alert_subscription_create(actor=analyst, channel="email", user=analyst)
        run = make_run()
        value(run, "waiting_list", dt.date(2025, 1, 1), "1708", "green", unit="persons")
        value(run, "waiting_list", dt.date(2025, 2, 1), "2947", "amber", unit="persons")
        alerts_evaluate(run)

        alert_deliveries_send_due()

        by_address = {message.to[0]: message for message in mail.outbox}
        to_stakeholder = by_address["s@federation.example"].body
        assert "1 710 persons → 2 950 persons" in to_stakeholder
        assert "level green → amber" in to_stakeholder
        assert "1 708" not in to_stakeholder and "2 947" not in to_stakeholder
        assert "rose from 1 708 persons to 2 947 persons" in by_address["a@example.be"].body
        (request,) = receiver.requests
        document = json.loads(request.body)
        assert document["data"]["current_value"] == "2950"
        assert "2 947" not in document["data"]["message"]


# --- acknowledgement and history --------------------------------------------------------------


class TestAcknowledgement:
    def test_authority_acknowledges_once_and_it_is_audited(self, rules: None) -> None:
        officer = make_user(Role.IMMIGRATION_OFFICER)
        alert = red_march()

        alert_acknowledge(alert, actor=officer, note="  Extra places requested.  ")

        alert.refresh_from_db()
        assert alert.acknowledged_by == officer
        assert alert.acknowledged_at is not None
        assert alert.acknowledgement_note == "Extra places requested."
        entry = AuditEntry.objects.get(action="monitoring.alert.acknowledge")
        assert entry.object_id == str(alert.pk)
        with pytest.raises(ValidationError, match="already acknowledged by"):
            alert_acknowledge(alert, actor=officer)

    @pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.EMPLOYER_MEMBER])
    def test_others_may_not(self, rules: None, role: str) -> None:
        alert = red_march()
        with pytest.raises(PermissionDenied):
            alert_acknowledge(alert, actor=make_user(role))
        alert.refresh_from_db()
        assert alert.acknowledged_at is None

    def test_history_filters(self, rules: None) -> None:
        analyst = make_user(Role.ANALYST)
        occupancy_alert = red_march()
        run = make_run()
        value(
            run,
            "waiting_list",
            dt.date(2025, 1, 1),
            "1708",
            "green",
            unit="persons",
            granularity="instant",
        )
        value(
            run,
            "waiting_list",
            dt.date(2025, 12, 31),
            "2947",
            "amber",
            unit="persons",
            granularity="instant",
        )
        (waiting_alert,) = alerts_evaluate(run)
        alert_acknowledge(waiting_alert, actor=analyst)

        assert list(alerts_history()) == [waiting_alert, occupancy_alert]
        assert list(alerts_history(indicator="reception_occupancy")) == [occupancy_alert]
        assert list(alerts_history(acknowledged=True)) == [waiting_alert]
        assert list(alerts_history(acknowledged=False)) == [occupancy_alert]


def test_value_text_formats() -> None:
    assert alerts.value_text(Decimal("34439"), "persons") == "34 439 persons"
    assert (
        alerts.value_text(Decimal("94.25"), "%") == "94.2 %"
        or alerts.value_text(Decimal("94.25"), "%") == "94.3 %"
    )
    assert alerts.value_text(None, "%") == "no value"
    assert alerts.change_text(Decimal("10"), Decimal("8"), "days") == "−2 days, −20.0 %"


# --- admin ------------------------------------------------------------------------------------


class TestAdmin:
    @pytest.mark.parametrize(
        "model",
        [
            "importbatch",
            "observation",
            "refreshrun",
            "indicatorvalue",
            "forecast",
            "crossingprobability",
            "alertrule",
            "alertsubscription",
            "alert",
            "alertdelivery",
            "stakeholderaccessrequest",
        ],
    )
    def test_changelists_render_and_results_cannot_be_added(
        self, admin_client: Any, rules: None, model: str
    ) -> None:
        red_march()
        response = admin_client.get(f"/admin/monitoring/{model}/")
        assert response.status_code == 200
        assert admin_client.get(f"/admin/monitoring/{model}/add/").status_code == 403

    def test_alert_is_read_only(self, admin_client: Any, rules: None) -> None:
        alert = red_march()
        response = admin_client.post(
            f"/admin/monitoring/alert/{alert.pk}/change/", {"title": "changed"}
        )
        assert response.status_code == 403
        alert.refresh_from_db()
        assert alert.title != "changed"

    def test_switching_a_rule_off_is_audited(self, admin_client: Any, rules: None) -> None:
        rule = AlertRule.objects.get(code="waiting-list-level")
        response = admin_client.post(f"/admin/monitoring/alertrule/{rule.pk}/change/", {})
        assert response.status_code == 302
        rule.refresh_from_db()
        assert not rule.active
        entry = AuditEntry.objects.get(action="monitoring.alert_rule.change")
        assert entry.object_id == str(rule.pk)
