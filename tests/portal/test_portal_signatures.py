# SPDX-License-Identifier: EUPL-1.2
"""The signed application form in the portal (issue 10, "Signatures"): validated with pyHanko
against the test PKI shaped like the Belgian eID (certomancer on loopback, OCSP, CRL, TSA) as
it is added, refused with its reason in the user's language, only at the eID/itsme level, and
validated again when the application is filed."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from portal_support import JOB, WORKER

from passage.casework.models import Application
from passage.identity.levels import LEVEL_EID
from passage.portal.models import Draft
from passage.signatures.testing import TestPki, signed_samples, signing_pki_start, signing_pki_stop
from passage.signatures.trust import trust_list_configured
from passage.signatures.validation import signature_validate


@pytest.fixture(scope="module")
def test_pki(tmp_path_factory: Any) -> Iterator[TestPki]:
    running = signing_pki_start(tmp_path_factory.mktemp("pki"))
    yield running
    signing_pki_stop()


@pytest.fixture
def trusted(test_pki: TestPki, settings: Any) -> dict[str, bytes]:
    settings.PASSAGE_SIGNATURE_TRUST_ANCHORS = str(test_pki.server.directory / "trust")
    return signed_samples(test_pki)


def _at_eid_level(client: Client) -> None:
    # As the federal login's callback leaves a session opened with the eID means (the whole
    # flow is tested in tests/identity and tests/browser).
    from passage.identity.sessions import federal_login_store

    session = client.session
    federal_login_store(session, acr=LEVEL_EID, id_token="", auth_time=None)
    session.save()


def _draft(client: Client) -> Draft:
    client.post(reverse("portal:draft_new"))
    draft = Draft.objects.latest("pk")
    client.post(reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": "worker"}), WORKER)
    client.post(reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": "job"}), JOB)
    return draft


def _add_form(client: Client, draft: Draft, content: bytes, **headers: Any) -> Any:
    upload = SimpleUploadedFile("form.pdf", content, content_type="application/pdf")
    return client.post(
        reverse("portal:draft_document", kwargs={"pk": draft.pk}),
        {"kind": "application_form", "file": upload},
        **headers,
    )


def test_a_lower_login_level_is_sent_to_step_up(client_a: Client, trusted: Any) -> None:
    draft = _draft(client_a)
    response = _add_form(client_a, draft, trusted["valid"])
    assert response.status_code == 302
    assert "/identity/login/" in response["Location"] and "step_up=1" in response["Location"]
    assert not draft.documents.exists()


def test_a_valid_signature_is_shown_and_the_form_is_filed_signed(
    client_a: Client, trusted: Any, org_a: Any
) -> None:
    _at_eid_level(client_a)
    draft = _draft(client_a)
    assert _add_form(client_a, draft, trusted["valid"]).status_code == 302
    document = draft.documents.get()
    assert document.signer_name
    page = client_a.get(reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": "documents"}))
    assert f"Valid: signed by {document.signer_name}" in page.content.decode()
    assert client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk})).status_code == 302
    application = Application.objects.get(organisation=org_a)
    filed = application.documents.get(kind="application_form")
    from passage.signatures.selectors import document_signature

    summary = document_signature(document_id=filed.pk)
    assert summary is not None and summary.valid


@pytest.mark.parametrize("case", ["tampered", "revoked", "expired", "untrusted"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_bad_signatures_are_refused_with_their_reason(
    client_a: Client, trusted: Any, case: str, lang: str
) -> None:
    _at_eid_level(client_a)
    draft = _draft(client_a)
    response = _add_form(client_a, draft, trusted[case], HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "id_file_error" in text
    # The validator's own reason for this file, in the page's language, next to the field.
    result = signature_validate(trusted[case], on=timezone.now(), trust=trust_list_configured())
    assert not result.valid
    assert result.message_in(lang) in text
    assert not draft.documents.exists()
