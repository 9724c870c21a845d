# SPDX-License-Identifier: EUPL-1.2
"""The portal's inbox, information requests answered in the page, and the webhook endpoints
an organisation manages itself (issue 10, "Information requests", "Notifications")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from portal_support import JOB, PDF, WORKER, make_user

from passage.casework import services as casework
from passage.casework.models import Application, State
from passage.notifications.models import WebhookEndpoint
from passage.portal.models import Draft


def _filed(client: Client, org: Any) -> Application:
    client.post(reverse("portal:draft_new"))
    draft = Draft.objects.latest("pk")
    client.post(reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": "worker"}), WORKER)
    client.post(reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": "job"}), JOB)
    assert client.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk})).status_code == 302
    return Application.objects.filter(organisation=org).latest("pk")


def _ask(application: Application) -> Any:
    officer = make_user("officer-vl", "regional_officer", region="flanders")
    casework.application_start_completeness_check(actor=officer, application=application.pk)
    casework.application_request_information(
        actor=officer,
        application=application.pk,
        message="Please send the signed employment contract.",
        due_on=dt.date(2027, 1, 15),
    )
    return officer


def test_the_employer_sees_the_request_and_answers_with_a_document(
    client_a: Client, org_a: Any
) -> None:
    application = _filed(client_a, org_a)
    _ask(application)
    url = reverse("portal:application", kwargs={"reference": application.reference})
    page = client_a.get(url).content.decode()
    assert "Please send the signed employment contract." in page
    assert "15/01/2027" in client_a.get(reverse("portal:dashboard")).content.decode()
    # An empty answer is refused next to the field; nothing changes.
    response = client_a.post(
        reverse("portal:answer", kwargs={"reference": application.reference}), {"answer": " "}
    )
    assert response.status_code == 400
    assert "Write your answer" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.INFORMATION_REQUESTED
    upload = SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf")
    response = client_a.post(
        reverse("portal:answer", kwargs={"reference": application.reference}),
        {"answer": "Here it is.", "kind": "employment_contract", "file": upload},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.RESUBMITTED
    assert application.information_requests.get().answer == "Here it is."
    assert application.documents.filter(kind="employment_contract").exists()


def test_a_refused_document_leaves_the_request_unanswered(client_a: Client, org_a: Any) -> None:
    application = _filed(client_a, org_a)
    _ask(application)
    upload = SimpleUploadedFile("contract.pdf", b"not a pdf", content_type="application/pdf")
    response = client_a.post(
        reverse("portal:answer", kwargs={"reference": application.reference}),
        {"answer": "Here it is.", "file": upload},
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.state == State.INFORMATION_REQUESTED
    assert application.information_requests.get().answered_at is None
    assert not application.documents.exists()


def test_the_inbox_lists_what_the_administrations_did_and_counts_unread(
    client_a: Client, client_b: Client, org_a: Any
) -> None:
    application = _filed(client_a, org_a)
    _ask(application)
    inbox = client_a.get(reverse("portal:inbox")).content.decode()
    assert "The region asks for more information" in inbox
    assert "The region checks the file is complete" in inbox
    assert "(2 new)" in inbox
    # The employer's own steps are not news to them.
    assert "Submitted" not in inbox.split('<ul class="inbox">')[1]
    client_a.post(reverse("portal:inbox"))
    assert "new)" not in client_a.get(reverse("portal:inbox")).content.decode()
    # Another organisation's inbox is its own.
    assert application.reference not in client_b.get(reverse("portal:inbox")).content.decode()


def test_webhook_endpoints_are_managed_in_the_portal(
    client_a: Client, client_b: Client, org_a: Any
) -> None:
    response = client_a.post(reverse("portal:webhooks"), {"url": "http://hr.example.be/hook"})
    assert response.status_code == 400
    assert "https://" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()
    response = client_a.post(reverse("portal:webhooks"), {"url": "https://hr.example.be/hook"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    endpoint = WebhookEndpoint.objects.get(organisation=org_a)
    assert "secret-value" in response.content.decode()
    # The secret shows once: the list page does not show it again.
    assert "secret-value" not in client_a.get(reverse("portal:webhooks")).content.decode()
    # Another organisation can neither see nor stop it.
    assert "hr.example.be" not in client_b.get(reverse("portal:webhooks")).content.decode()
    assert client_b.post(reverse("portal:webhooks"), {"deactivate": endpoint.pk}).status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.active
    assert client_a.post(reverse("portal:webhooks"), {"deactivate": endpoint.pk}).status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.active


def test_a_worker_sees_only_the_status_and_decisions_of_their_own_applications(
    client_a: Client, org_a: Any
) -> None:
    from django.contrib.auth import get_user_model

    from passage.accounts.models import Profile

    mine = _filed(client_a, org_a)
    other = _filed(client_a, org_a)
    user = get_user_model().objects.create_user(username="amina")
    Profile.objects.create(user=user, role="worker", worker=mine.worker)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("portal:my_applications")).content.decode()
    assert mine.reference in page and other.reference not in page
    assert "Submitted" in page
    # Not the employer's pages: the dashboard and the application page stay closed.
    assert client.get(reverse("portal:dashboard")).status_code == 403
    assert (
        client.get(reverse("portal:application", kwargs={"reference": mine.reference})).status_code
        == 403
    )
    # Nor for an employer: the worker's page is the worker's.
    assert client_a.get(reverse("portal:my_applications")).status_code == 403
