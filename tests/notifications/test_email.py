# SPDX-License-Identifier: EUPL-1.2
"""E-mail of status events to the employer's members (locmem backend in tests)."""

from __future__ import annotations

import pytest
from casework_factories import ApplicationFactory, make_user
from django.core import mail
from django.utils import timezone

from passage.casework.models import OutboxMessage
from passage.notifications.models import Channel, Delivery, DeliveryStatus
from passage.notifications.tasks import deliveries_due

pytestmark = pytest.mark.django_db


class TestEmail:
    def test_members_get_the_reference_and_state_but_no_worker_data(self) -> None:
        application = ApplicationFactory()
        member = make_user("employer_member", organisation=application.organisation)
        member.email = "hr@employer.example"
        member.save(update_fields=["email"])
        make_user("employer_member", organisation=application.organisation)  # no address
        OutboxMessage.objects.create(
            topic="application.status_changed",
            payload={
                "reference": application.reference,
                "state": "granted",
                "residence_state": "pending",
                "at": "2026-11-23T10:00:00+00:00",
            },
            published_at=timezone.now(),
        )

        deliveries_due()
        deliveries_due()

        assert len(mail.outbox) == 1
        sent = mail.outbox[0]
        assert sent.to == ["hr@employer.example"]
        text = sent.subject + sent.body
        assert application.reference in text
        assert "granted" in text
        assert f"/api/v1/applications/{application.reference}" in sent.body
        worker = application.worker
        for personal in (worker.given_name, worker.family_name, str(worker.birth_date)):
            assert personal not in text
        delivery = Delivery.objects.get(channel=Channel.EMAIL)
        assert delivery.status == DeliveryStatus.DELIVERED

    def test_no_email_delivery_without_an_address(self) -> None:
        application = ApplicationFactory()
        make_user("employer_member", organisation=application.organisation)
        OutboxMessage.objects.create(
            topic="application.status_changed",
            payload={"reference": application.reference, "state": "granted"},
            published_at=timezone.now(),
        )
        deliveries_due()
        assert mail.outbox == []
        assert not Delivery.objects.exists()
