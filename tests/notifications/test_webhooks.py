# SPDX-License-Identifier: EUPL-1.2
"""Webhook delivery of status events to an employer's HR system, against a real receiver."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from casework_factories import ApplicationFactory, OrganisationFactory
from django.core.exceptions import ValidationError
from django.utils import timezone

from passage.casework.models import OutboxMessage
from passage.notifications.delivery import (
    EVENT_ID_HEADER,
    MAX_ATTEMPTS,
    SIGNATURE_HEADER,
    backoff,
    signature_header,
    verify_signature,
)
from passage.notifications.models import Delivery, DeliveryStatus
from passage.notifications.services import deliveries_plan, webhook_endpoint_create
from passage.notifications.tasks import deliveries_due, deliveries_send_due

pytestmark = pytest.mark.django_db


def status_event(application: Any, *, published: bool = True) -> OutboxMessage:
    return OutboxMessage.objects.create(
        topic="application.status_changed",
        payload={
            "reference": application.reference,
            "state": "submitted",
            "residence_state": "not_started",
            "at": "2026-11-23T10:00:00+00:00",
        },
        published_at=timezone.now() if published else None,
    )


@pytest.fixture
def hooked(receiver: Any) -> tuple[Any, str, OutboxMessage]:
    """An application whose organisation has an endpoint at the receiver, and its event."""
    application = ApplicationFactory()
    endpoint, secret = webhook_endpoint_create(
        organisation=application.organisation, url=receiver.url, actor=None
    )
    return endpoint, secret, status_event(application)


class TestSignedDelivery:
    def test_the_receiver_gets_a_signed_event_it_can_verify(
        self, receiver: Any, hooked: Any
    ) -> None:
        endpoint, secret, message = hooked
        deliveries_due()

        assert len(receiver.requests) == 1
        request = receiver.requests[0]
        assert verify_signature(secret, request.headers[SIGNATURE_HEADER], request.body)
        assert request.headers[EVENT_ID_HEADER] == str(message.pk)
        assert request.json() == {
            "id": message.pk,
            "type": "application.status_changed",
            "data": message.payload,
            "created_at": message.created_at.isoformat(),
        }
        delivery = Delivery.objects.get(endpoint=endpoint)
        assert delivery.status == DeliveryStatus.DELIVERED
        assert delivery.attempts == 1
        assert delivery.last_status_code == 204
        assert delivery.delivered_at is not None

    def test_a_tampered_body_fails_verification(self, receiver: Any, hooked: Any) -> None:
        _, secret, _ = hooked
        deliveries_due()
        request = receiver.requests[0]
        tampered = request.body.replace(b"submitted", b"granted")
        assert tampered != request.body
        assert not verify_signature(secret, request.headers[SIGNATURE_HEADER], tampered)
        assert not verify_signature(
            "another secret", request.headers[SIGNATURE_HEADER], request.body
        )

    def test_an_old_or_malformed_signature_fails(self) -> None:
        body = b'{"id":1}'
        old = signature_header("s", body, timestamp=int(time.time()) - 301)
        assert not verify_signature("s", old, body)
        assert verify_signature("s", old, body, tolerance_s=600)
        for header in ["", "t=x,v1=00", "v1=00", f"t={int(time.time())}"]:
            assert not verify_signature("s", header, body)

    def test_the_secret_is_stored_encrypted(self, hooked: Any) -> None:
        endpoint, secret, _ = hooked
        assert secret.encode() not in bytes(endpoint.secret_encrypted)


class TestDeduplication:
    def test_running_twice_sends_once(self, receiver: Any, hooked: Any) -> None:
        _, _, message = hooked
        deliveries_due()
        deliveries_due()
        assert len(receiver.requests) == 1
        assert Delivery.objects.filter(outbox_message=message).count() == 1

    def test_planning_is_idempotent(self, hooked: Any) -> None:
        _, _, message = hooked
        first = deliveries_plan(message)
        second = deliveries_plan(message)
        assert [d.pk for d in first] == [d.pk for d in second]
        assert len(first) == 1

    def test_unpublished_events_wait(self, receiver: Any, hooked: Any) -> None:
        _, _, message = hooked
        message.published_at = None
        message.save(update_fields=["published_at"])
        deliveries_due()
        assert receiver.requests == []
        assert not Delivery.objects.exists()

    def test_other_organisations_endpoints_get_nothing(self, receiver: Any, hooked: Any) -> None:
        webhook_endpoint_create(organisation=OrganisationFactory(), url=receiver.url, actor=None)
        deliveries_due()
        assert len(receiver.requests) == 1


class TestRetry:
    def test_a_500_is_retried_after_the_backoff_then_delivered(
        self, receiver: Any, hooked: Any
    ) -> None:
        receiver.statuses = [500, 200]
        deliveries_plan(hooked[2])
        now = timezone.now()
        deliveries_send_due(now=now)

        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert (delivery.attempts, delivery.last_status_code) == (1, 500)
        assert delivery.last_error == "HTTP 500 Internal Server Error"
        assert delivery.next_attempt_at == now + backoff(1) == now + dt.timedelta(seconds=30)

        assert deliveries_send_due(now=now + dt.timedelta(seconds=29)) == 0  # not due yet
        assert deliveries_send_due(now=now + dt.timedelta(seconds=30)) == 1
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED
        assert (delivery.attempts, delivery.last_status_code) == (2, 200)
        # The same event id both times: the receiver drops a duplicate by it.
        assert [r.headers[EVENT_ID_HEADER] for r in receiver.requests] == [str(hooked[2].pk)] * 2

    def test_the_backoff_doubles_up_to_an_hour(self) -> None:
        assert [backoff(n).total_seconds() for n in range(1, 10)] == [
            30,
            60,
            120,
            240,
            480,
            960,
            1920,
            3600,
            3600,
        ]

    def test_gives_up_after_max_attempts(self, receiver: Any, hooked: Any) -> None:
        receiver.statuses = [503]
        deliveries_plan(hooked[2])
        now = timezone.now()
        for _ in range(MAX_ATTEMPTS + 2):
            deliveries_send_due(now=now)
            now += dt.timedelta(hours=1)

        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == MAX_ATTEMPTS
        assert delivery.next_attempt_at is None
        assert len(receiver.requests) == MAX_ATTEMPTS

    def test_a_slow_receiver_times_out_and_is_retried(self, receiver: Any, hooked: Any) -> None:
        receiver.delay = 1.5  # the tests' timeout is 0.5 s
        deliveries_plan(hooked[2])
        now = timezone.now()
        started = time.monotonic()
        deliveries_send_due(now=now)
        assert time.monotonic() - started < 1.4

        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.last_status_code is None
        assert delivery.last_error.startswith("timeout after 0.5 s")
        assert hooked[1] not in delivery.last_error

    def test_a_refused_connection_is_retried(self, hooked: Any) -> None:
        endpoint = hooked[0]
        endpoint.url = "http://127.0.0.1:9/nothing-listens-here"
        endpoint.save(update_fields=["url"])
        deliveries_plan(hooked[2])
        deliveries_send_due()
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.last_error.startswith("ConnectError")


class TestEndpointValidation:
    @pytest.mark.parametrize(
        "url",
        [
            "http://hr.example.com/hooks",
            "ftp://hr.example.com/hooks",
            "https://",
            "not a url",
            "https://user:pw@hr.example.com/hooks",
            "http://127.0.0.2/hooks",
        ],
    )
    def test_refused(self, url: str) -> None:
        with pytest.raises(ValidationError) as raised:
            webhook_endpoint_create(organisation=OrganisationFactory(), url=url, actor=None)
        assert "url" in raised.value.message_dict

    @pytest.mark.parametrize(
        "url",
        ["https://hr.example.com/hooks", "http://127.0.0.1:8000/h", "http://localhost/h"],
    )
    def test_accepted(self, url: str) -> None:
        endpoint, secret = webhook_endpoint_create(
            organisation=OrganisationFactory(), url=url, actor=None
        )
        assert endpoint.url == url
        assert len(secret) >= 40


class TestUndecryptableSecret:
    def test_is_recorded_as_a_failed_attempt_not_raised(self, receiver: Any, hooked: Any) -> None:
        endpoint = hooked[0]
        endpoint.secret_encrypted = b"\x00" * 40
        endpoint.save(update_fields=["secret_encrypted"])
        deliveries_due()
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert "cannot be decrypted" in delivery.last_error
        assert receiver.requests == []
