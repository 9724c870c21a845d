# SPDX-License-Identifier: EUPL-1.2
"""Approving a stakeholder access request with no mail server (issue 12: a 500, the approval
saved, the link never sent and no way to resend it): the approval stands, the page says the
e-mail failed, a retrying task is queued, and an administrator can resend it."""

from __future__ import annotations

import re
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from kombu.entity import Queue

from passage.accounts.models import Profile, Role
from passage.audit.models import AuditEntry
from passage.monitoring.models import AccessRequestStatus, StakeholderAccessRequest
from passage.monitoring.services import access_request_mail_send

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again on exit: nothing listens there


@pytest.fixture
def no_mail_server(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def task_queue() -> Iterator[str]:
    """Tasks sent by these tests go to a queue of their own, read back and deleted."""
    from passage.celery import app

    name = f"passage-test-tasks-{uuid.uuid4().hex[:12]}"
    default = app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_default_queue = default
        with app.connection_for_write() as conn:
            Queue(name)(conn.default_channel).delete()


def queued(queue: str) -> list[Any]:
    from passage.celery import app

    with app.connection_for_write() as conn:
        bound = Queue(queue)(conn.default_channel)
        bound.declare()
        out = []
        while (message := bound.get(no_ack=True)) is not None:
            out.append((message.headers["task"], message.headers["argsrepr"]))
        return out


@pytest.fixture
def admin() -> Client:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="root", password="pw-Passage-1")
    Profile.objects.create(user=user, role=Role.ADMINISTRATOR)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def pending() -> StakeholderAccessRequest:
    return StakeholderAccessRequest.objects.create(
        name="Els Peeters",
        email="els@voka.example",
        organisation_name="Voka",
        purpose="Labour-market planning for our members.",
    )


def test_approval_without_mail_server_is_saved_and_resendable(
    admin: Client,
    pending: StakeholderAccessRequest,
    no_mail_server: None,
    settings: Any,
    task_queue: str,
) -> None:
    response = admin.post(
        f"/monitoring/access/requests/{pending.pk}/decision/", {"decision": "approve"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be sent" in page and "ConnectionRefusedError" in page
    pending.refresh_from_db()
    assert pending.status == AccessRequestStatus.APPROVED and pending.user is not None
    assert pending.mail_sent_at is None and pending.mail_attempts == 1
    assert "ConnectionRefusedError" in pending.mail_error
    assert "Not sent yet" in page and f"/monitoring/access/requests/{pending.pk}/mail/" in page
    # A retry is queued on the broker for when the mail server answers again.
    [(task, args)] = queued(task_queue)
    assert task == "passage.monitoring.access_request_mail"
    assert args.startswith(f"({pending.pk}, 'http://testserver/'")

    # The mail server is back: the administrator resends, and the link works.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resent = admin.post(f"/monitoring/access/requests/{pending.pk}/mail/", follow=True)
    assert resent.status_code == 200
    assert "A link to set a password was sent to els@voka.example" in resent.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["els@voka.example"]
    link = re.search(r"http://testserver(/accounts/reset/[^/]+/[^/\s]+/)", mail.outbox[0].body)
    assert link is not None
    assert b"new_password1" in Client().get(link.group(1), follow=True).content
    pending.refresh_from_db()
    assert pending.mail_sent_at is not None and pending.mail_error == ""
    assert AuditEntry.objects.filter(action="monitoring.access_request.mail_resend").exists()


def test_the_retrying_task_sends_once_the_server_answers(
    admin: Client, pending: StakeholderAccessRequest, no_mail_server: None, settings: Any
) -> None:
    admin.post(f"/monitoring/access/requests/{pending.pk}/decision/", {"decision": "approve"})
    assert mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # What the queued task runs (passage.monitoring.access_request_mail) when it comes due.
    assert access_request_mail_send(pending.pk, site_url="http://testserver/") is None
    assert access_request_mail_send(pending.pk, site_url="http://testserver/") is None
    assert len(mail.outbox) == 1  # sent once, not on every retry


def test_resend_refused_for_a_request_not_approved(
    admin: Client, pending: StakeholderAccessRequest
) -> None:
    response = admin.post(f"/monitoring/access/requests/{pending.pk}/mail/", follow=True)
    assert response.status_code == 200
    assert "Only an approved request has a link to resend." in response.content.decode()
    assert mail.outbox == []
