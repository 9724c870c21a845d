# SPDX-License-Identifier: EUPL-1.2
"""The case page (issue 11): facts, documents, salary verification, the rules trace in the
officer's language, the two-part timeline; every view an audited read of personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from office_support import login

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.testing import sample_pdf


def _reads(user: Any) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(actor_id=user.pk, action="personal_data.read").order_by("id")
    )


@pytest.mark.django_db
class TestCasePage:
    def test_the_page_shows_facts_salary_trace_and_timeline(
        self, flemish_officer: Any, submit: Any
    ) -> None:
        app = submit()
        html = login(flemish_officer).get(f"/office/cases/{app.reference}/").content.decode()
        assert app.worker.family_name in html
        assert "60000.00 EUR" in html
        assert "Pending manual verification" in html  # no Crossroads Bank in tests
        # The wage check of the Flemish highly skilled, with its threshold and citation.
        assert "SAL-02" in html
        assert "48912" in html.replace(" ", "").replace(",", "").replace(".00", "")
        assert "002 §1.2.1 L213–L214" in html  # the seed line the threshold cites
        assert "Submitted" in html
        assert "Not started." in html  # the residence part of the timeline

    def test_the_trace_is_in_the_officers_language(self, flemish_officer: Any, submit: Any) -> None:
        app = submit()
        decision = app.eligibility_decision
        sal = next(c for c in decision["checks"] if c["rule"] == "SAL-02")
        html = (
            login(flemish_officer)
            .get(f"/office/cases/{app.reference}/", headers={"Accept-Language": "nl"})
            .content.decode()
        )
        from django.utils.html import escape

        assert escape(sal["explanation"]["nl"]) in html
        assert escape(sal["explanation"]["en"]) not in html

    def test_missing_facts_are_listed(self, flemish_officer: Any, submit: Any) -> None:
        app = submit(facts={})  # no age: the engine asks for it
        assert "age" in app.eligibility_decision["missing_facts"]
        html = login(flemish_officer).get(f"/office/cases/{app.reference}/").content.decode()
        assert "Facts still needed" in html
        assert "<code>age</code>" in html

    def test_every_view_is_an_audited_read(self, flemish_officer: Any, submit: Any) -> None:
        app = submit()
        client = login(flemish_officer)
        client.get(f"/office/cases/{app.reference}/")
        client.get(f"/office/cases/{app.reference}/")
        reads = _reads(flemish_officer)
        assert len(reads) == 2
        assert reads[0].object_type == "worker"
        assert reads[0].object_id == str(app.worker_id)
        assert "family_name" in reads[0].details["fields"]

    def test_documents_are_listed_and_download_through_the_api_permission(
        self, flemish_officer: Any, walloon_officer: Any, employer: Any, draft: Any
    ) -> None:
        document = services.document_upload(
            actor=employer,
            application=draft,
            kind="employment_contract",
            filename="contract.pdf",
            content_type="application/pdf",
            content=sample_pdf("Contract"),
        )
        services.application_submit(actor=employer, application=draft.pk)
        client = login(flemish_officer)
        html = client.get(f"/office/cases/{draft.reference}/").content.decode()
        link = f"/api/v1/applications/{draft.reference}/documents/{document.pk}"
        assert f'href="{link}"' in html
        assert "Employment contract: contract.pdf" in html
        download = client.get(link)
        assert download.status_code == 200
        assert bytes(download.content).startswith(b"%PDF")
        assert login(walloon_officer).get(link).status_code == 404


@pytest.mark.django_db
class TestCaseScope:
    def test_a_walloon_officer_gets_404_on_a_flemish_case(
        self, walloon_officer: Any, submit: Any
    ) -> None:
        app = submit()
        assert login(walloon_officer).get(f"/office/cases/{app.reference}/").status_code == 404
        assert _reads(walloon_officer) == []

    def test_an_employer_gets_403(self, employer: Any, submit: Any) -> None:
        app = submit()
        assert login(employer).get(f"/office/cases/{app.reference}/").status_code == 403

    def test_a_draft_is_no_case(self, flemish_officer: Any, draft: Any) -> None:
        assert login(flemish_officer).get(f"/office/cases/{draft.reference}/").status_code == 404

    def test_the_immigration_office_sees_a_case_once_the_region_granted(
        self, immigration_officer: Any, flemish_officer: Any, submit: Any
    ) -> None:
        app = submit()
        client = login(immigration_officer)
        assert client.get(f"/office/cases/{app.reference}/").status_code == 404
        services.application_start_completeness_check(actor=flemish_officer, application=app.pk)
        services.application_start_regional_assessment(actor=flemish_officer, application=app.pk)
        services.application_decide_regional(
            actor=flemish_officer, application=app.pk, outcome="granted"
        )
        html = client.get(f"/office/cases/{app.reference}/").content.decode()
        assert "Decide on the residence" in html


@pytest.mark.django_db
class TestCaseStatements:
    def test_the_statements_do_not_grow_with_documents_and_events(
        self, flemish_officer: Any, employer: Any, draft: Any
    ) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def upload(n: int) -> None:
            for i in range(n):
                services.document_upload(
                    actor=employer,
                    application=draft,
                    kind="other",
                    filename=f"note-{i}.pdf",
                    content_type="application/pdf",
                    content=sample_pdf(f"Note {i}"),
                )

        upload(1)
        services.application_submit(actor=employer, application=draft.pk)
        client = login(flemish_officer)
        url = f"/office/cases/{draft.reference}/"
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        services.application_start_completeness_check(actor=flemish_officer, application=draft.pk)
        services.application_request_information(
            actor=flemish_officer, application=draft.pk, message="More notes"
        )
        upload(5)
        services.application_resubmit(actor=employer, application=draft.pk, answer="sent")
        with CaptureQueriesContext(connection) as second:
            html = client.get(url).content.decode()
        assert "note-4.pdf" in html
        assert len(second) == len(first)


@pytest.mark.django_db
def test_the_timeline_starts_at_the_submission(flemish_officer: Any, submit: Any) -> None:
    from passage.casework.models import ApplicationEvent

    app = submit()
    ApplicationEvent.objects.create(
        application=app,
        at=app.submitted_at - dt.timedelta(days=1),
        kind="update",
        reason="draft-phase note",
    )
    html = login(flemish_officer).get(f"/office/cases/{app.reference}/").content.decode()
    assert "draft-phase note" not in html
    assert "Submitted" in html
