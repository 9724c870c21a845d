# SPDX-License-Identifier: EUPL-1.2
"""The employer portal's filing flow through its pages (issue 10): drafts saved as typed,
live threshold feedback, documents, submission, and the rules of who sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from portal_support import JOB, PDF, WORKER, make_user

from passage.audit.models import AuditEntry
from passage.casework.models import Application, State
from passage.portal.models import Draft

HTMX = {"HTTP_HX_REQUEST": "true"}


def _new_draft(client: Client) -> Draft:
    response = client.post(reverse("portal:draft_new"))
    assert response.status_code == 302
    return Draft.objects.latest("pk")


def _step(draft: Draft, step: str) -> str:
    return reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": step})


def test_anonymous_is_sent_to_login(db: Any) -> None:
    response = Client().get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_other_roles_get_a_page_that_says_no_access(db: Any) -> None:
    client = Client()
    client.force_login(make_user("analyst", "analyst"))
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 403
    assert "no access" in response.content.decode().lower()


def test_the_header_offers_the_portal_to_employers_and_not_early_warning(client_a: Client) -> None:
    page = client_a.get(reverse("landing")).content.decode()
    assert reverse("portal:dashboard") in page
    assert reverse("monitoring:overview") not in page


def test_live_feedback_follows_the_salary_as_typed(client_a: Client) -> None:
    draft = _new_draft(client_a)
    client_a.post(_step(draft, "worker"), WORKER, **HTMX)
    low = client_a.post(_step(draft, "job"), {**JOB, "gross_salary": "40000"}, **HTMX)
    assert low.status_code == 200
    text = low.content.decode()
    # Flanders, highly skilled, 2026 or later: the SAL-02 minimum, as a number and a rule id.
    assert "SAL-02" in text and "48" in text and "Not met" in text
    high = client_a.post(_step(draft, "job"), {**JOB, "gross_salary": "60000"}, **HTMX)
    text = high.content.decode()
    assert "SAL-02" in text and "Met" in text and "Not met" not in text
    # Saved as typed: the draft holds the last value.
    draft.refresh_from_db()
    assert draft.data["gross_salary"] == "60000"


def test_feedback_names_the_facts_still_needed(client_a: Client) -> None:
    draft = _new_draft(client_a)
    # No date of birth yet: the age is unknown, and the highly-skilled threshold depends on it.
    response = client_a.post(_step(draft, "job"), {**JOB, "application_type": ""}, **HTMX)
    text = response.content.decode()
    assert "Still needed" in text
    assert "Age of the worker" in text


def test_feedback_in_the_users_language(client_a: Client) -> None:
    draft = _new_draft(client_a)
    client_a.post(_step(draft, "worker"), WORKER, **HTMX)
    response = client_a.post(
        _step(draft, "job"), {**JOB, "gross_salary": "40000"}, HTTP_ACCEPT_LANGUAGE="fr", **HTMX
    )
    text = response.content.decode()
    assert "Non rempli" in text or "Non satisfait" in text or "non atteint" in text.lower()
    assert "Seuil" in text
    # The threshold written as French writes numbers (a non-breaking space between thousands).
    assert "<strong>48\xa0912</strong>" in text or "<strong>48&nbsp;912</strong>" in text


def test_a_typing_error_is_kept_and_named_next_to_the_field(client_a: Client) -> None:
    draft = _new_draft(client_a)
    response = client_a.post(_step(draft, "worker"), {**WORKER, "birth_date": "9999-12-31"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "at least 15 years old" in text
    draft.refresh_from_db()
    assert draft.data["birth_date"] == "9999-12-31"  # nothing typed is lost
    assert draft.data["family_name"] == "Haddad"


def test_filing_submits_the_application_with_its_documents(client_a: Client, org_a: Any) -> None:
    draft = _new_draft(client_a)
    assert client_a.post(_step(draft, "worker"), {**WORKER, "next": "1"}).status_code == 302
    assert client_a.post(_step(draft, "job"), {**JOB, "next": "1"}).status_code == 302
    upload = SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf")
    response = client_a.post(
        reverse("portal:draft_document", kwargs={"pk": draft.pk}),
        {"kind": "employment_contract", "file": upload},
    )
    assert response.status_code == 302
    review = client_a.get(_step(draft, "review")).content.decode()
    assert "Haddad" in review and "Before you can submit" not in review
    response = client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    application = Application.objects.get(organisation=org_a)
    assert application.state == State.SUBMITTED
    assert application.worker.family_name == "Haddad"
    assert application.facts["age"] == 36 or application.facts["age"] == 35
    assert [d.kind for d in application.documents.all()] == ["employment_contract"]
    draft.refresh_from_db()
    assert draft.application_id == application.pk
    assert not draft.documents.exists()
    assert AuditEntry.objects.filter(action="draft.file", object_id=str(application.pk)).exists()
    # The application page shows both parts' statuses and what is awaited.
    page = client_a.get(response["Location"]).content.decode()
    assert application.reference in page and "Submitted" in page


def test_an_incomplete_draft_is_not_filed_and_says_why(client_a: Client) -> None:
    draft = _new_draft(client_a)
    client_a.post(_step(draft, "worker"), WORKER)
    response = client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk}))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Before you can submit" in text
    assert "Postcode of the workplace" in text
    assert not Application.objects.exists()


def test_a_document_whose_content_is_not_its_type_is_refused(client_a: Client) -> None:
    draft = _new_draft(client_a)
    upload = SimpleUploadedFile(
        "page.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client_a.post(
        reverse("portal:draft_document", kwargs={"pk": draft.pk}),
        {"kind": "passport", "file": upload},
    )
    assert response.status_code == 400
    assert "content is not of the type" in response.content.decode()
    assert not draft.documents.exists()


def test_another_organisation_cannot_open_a_draft_or_application(
    client_a: Client, client_b: Client, org_a: Any
) -> None:
    draft = _new_draft(client_a)
    assert client_b.get(_step(draft, "worker")).status_code == 404
    assert client_b.post(_step(draft, "worker"), WORKER).status_code == 404
    client_a.post(_step(draft, "worker"), WORKER)
    client_a.post(_step(draft, "job"), JOB)
    client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk}))
    reference = Application.objects.get(organisation=org_a).reference
    url = reverse("portal:application", kwargs={"reference": reference})
    assert client_a.get(url).status_code == 200
    assert client_b.get(url).status_code == 404
    dashboard_b = client_b.get(reverse("portal:dashboard")).content.decode()
    assert reference not in dashboard_b


def test_a_session_that_expires_mid_form_loses_nothing(client_a: Client, employer_a: Any) -> None:
    draft = _new_draft(client_a)
    client_a.post(_step(draft, "worker"), WORKER)
    client_a.logout()  # the session has expired
    response = client_a.post(_step(draft, "job"), {**JOB, "gross_salary": "61000"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client_a.force_login(employer_a)
    page = client_a.get(_step(draft, "job"))
    assert page.status_code == 200
    assert "kept while you logged in again" in page.content.decode()
    draft.refresh_from_db()
    assert draft.data["gross_salary"] == "61000"


def test_dashboard_filters_searches_and_exports(client_a: Client, org_a: Any) -> None:
    for family, postcode in (("Haddad", "2000"), ("Okafor", "5000")):
        draft = _new_draft(client_a)
        client_a.post(_step(draft, "worker"), {**WORKER, "family_name": family})
        client_a.post(_step(draft, "job"), {**JOB, "workplace_postcode": postcode})
        assert (
            client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk})).status_code
            == 302
        )
    page = client_a.get(reverse("portal:dashboard"), {"region": "wallonia"}).content.decode()
    assert "Okafor" in page and "Haddad" not in page
    page = client_a.get(reverse("portal:dashboard"), {"q": "hadd"}).content.decode()
    assert "Haddad" in page and "Okafor" not in page
    rows = client_a.get(
        reverse("portal:dashboard"), {"fragment": "rows", "region": "flanders"}, **HTMX
    ).content.decode()
    assert "<html" not in rows and "Haddad" in rows and "Okafor" not in rows
    export = client_a.get(reverse("portal:export_csv"))
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("reference,worker,region")
    assert len(lines) == 3


def test_csv_export_neutralises_formulas(client_a: Client) -> None:
    draft = _new_draft(client_a)
    client_a.post(_step(draft, "worker"), {**WORKER, "given_name": "=HYPERLINK(1)"})
    client_a.post(_step(draft, "job"), JOB)
    assert client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk})).status_code == 302
    body = client_a.get(reverse("portal:export_csv")).content.decode()
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_every_step_renders_in_each_language(client_a: Client, lang: str) -> None:
    draft = _new_draft(client_a)
    client_a.post(_step(draft, "worker"), WORKER)
    client_a.post(_step(draft, "job"), JOB)
    for step in ("worker", "job", "documents", "review"):
        response = client_a.get(_step(draft, step), HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200
        assert f'<html lang="{lang}"' in response.content.decode()


def _csv(rows: list[dict[str, str]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_bulk_filing_files_nothing_until_every_row_is_valid(client_a: Client, org_a: Any) -> None:
    good = {**{k: v for k, v in WORKER.items() if k != "national_register_number"}, **JOB}
    bad = {**good, "workplace_postcode": "99", "gross_salary": "abc"}
    upload = SimpleUploadedFile("apps.csv", _csv([good, bad, good]), content_type="text/csv")
    response = client_a.post(reverse("portal:bulk"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    # Row 3 (the header is row 1), both columns named.
    assert "<td>3</td><td><code>workplace_postcode</code>" in text
    assert "<td>3</td><td><code>gross_salary</code>" in text
    assert not Application.objects.exists()
    upload = SimpleUploadedFile("apps.csv", _csv([good, good]), content_type="text/csv")
    response = client_a.post(reverse("portal:bulk"), {"file": upload})
    assert response.status_code == 302
    assert Application.objects.filter(organisation=org_a, state=State.SUBMITTED).count() == 2


def test_bulk_filing_names_unknown_and_missing_columns(client_a: Client) -> None:
    upload = SimpleUploadedFile("apps.csv", b"given_name,salary\nA,1\n", content_type="text/csv")
    text = client_a.post(reverse("portal:bulk"), {"file": upload}).content.decode()
    assert "<code>salary</code>" in text and "not a known column" in text
    assert "<code>family_name</code>" in text and "column is missing" in text


def test_bulk_template_is_a_file_the_bulk_filing_accepts(client_a: Client, org_a: Any) -> None:
    template = client_a.get(reverse("portal:bulk"), {"template": "1"}).content
    upload = SimpleUploadedFile("apps.csv", template, content_type="text/csv")
    assert client_a.post(reverse("portal:bulk"), {"file": upload}).status_code == 302
    assert Application.objects.filter(organisation=org_a).count() == 1


def test_the_dashboard_pages_through_many_applications(client_a: Client, org_a: Any) -> None:
    from passage.portal.views import PAGE_SIZE

    for _ in range(PAGE_SIZE + 2):
        draft = _new_draft(client_a)
        client_a.post(_step(draft, "worker"), WORKER)
        client_a.post(_step(draft, "job"), JOB)
        client_a.post(reverse("portal:draft_submit", kwargs={"pk": draft.pk}))
    first = client_a.get(reverse("portal:dashboard"), {"region": "flanders"}).content.decode()
    assert first.count('<th scope="row">') == PAGE_SIZE
    assert "region=flanders&amp;page=2" in first
    second = client_a.get(reverse("portal:dashboard"), {"region": "flanders", "page": "2"})
    assert second.content.decode().count('<th scope="row">') == 2
    assert client_a.get(reverse("portal:dashboard"), {"page": "x"}).status_code == 200
    assert (
        len(client_a.get(reverse("portal:export_csv")).content.decode().splitlines())
        == PAGE_SIZE + 3
    )


def test_a_document_is_checked_on_its_whole_content(client_a: Client) -> None:
    from passage.casework.testing import truncated_pdf

    draft = _new_draft(client_a)
    for name, content, type_ in (
        ("contract.pdf", truncated_pdf(), "application/pdf"),
        ("contract.png", PDF, "application/pdf"),
    ):
        upload = SimpleUploadedFile(name, content, content_type=type_)
        response = client_a.post(
            reverse("portal:draft_document", kwargs={"pk": draft.pk}),
            {"kind": "employment_contract", "file": upload},
        )
        assert response.status_code == 400, name
        assert "id_file_error" in response.content.decode()
    assert not draft.documents.exists()


def test_a_viewer_reads_the_dashboard_but_is_offered_no_filing(
    client_a: Client, employer_a: Any, org_a: Any
) -> None:
    from passage.accounts.models import PortalRole
    from passage.accounts.services import member_role_grant

    assert "portal/drafts/new/" in client_a.get(reverse("portal:dashboard")).content.decode()
    # The organisation gets an access manager; Ines keeps only the viewer role.
    manager = make_user("manager-a", "employer_member", organisation=org_a)
    today = timezone.localdate()
    member_role_grant(
        actor=None,
        organisation=org_a,
        user=manager,
        role=PortalRole.ACCESS_MANAGER,
        valid_from=today,
    )
    from passage.accounts.models import MemberRole

    MemberRole.objects.filter(user=employer_a, role=PortalRole.FILER).delete()
    member_role_grant(
        actor=manager,
        organisation=org_a,
        user=employer_a,
        role=PortalRole.VIEWER,
        valid_from=today,
    )
    page = client_a.get(reverse("portal:dashboard"))
    assert page.status_code == 200
    assert "portal/drafts/new/" not in page.content.decode()
    assert client_a.post(reverse("portal:draft_new")).status_code == 403
