# SPDX-License-Identifier: EUPL-1.2
"""The document checklist (issue 10): the parameter file is dated, cited and needs_review;
the items follow the permit category and application type; submission is refused with the
missing documents named only where the region enforces the checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from django.utils import timezone

from passage.casework import checklist, services
from passage.casework.models import Application, Document
from passage.casework.selectors import document_checklist
from passage.casework.testing import sample_pdf
from passage.signatures.models import SignatureValidation

DAY = dt.date(2026, 12, 4)


def _facts(**overrides: str) -> dict[str, str]:
    return {
        "permit_type": "fixed_term",
        "application_type": "first",
        "category": "other",
        "region": "flanders",
        **overrides,
    }


class TestParameterFile:
    def test_every_item_is_cited_labelled_in_four_languages_and_needs_review(self) -> None:
        raw = yaml.safe_load(checklist.CHECKLIST_PATH.read_text(encoding="utf-8"))
        assert raw["metadata"]["status"] == "needs_review"
        for version in checklist.checklist_versions():
            assert version.start_known is False
            for rule in version.rules:
                # No seed enumerates the documents: nothing here may pass for law.
                assert rule.status == "needs_review", rule.kind
                assert rule.reference.get("seed"), rule.kind
                assert set(rule.labels) == set(checklist.LANGUAGES)
                assert rule.kind in services.DOCUMENT_KINDS

    def test_the_seed_citations_name_their_catalogue_ids(self) -> None:
        cited = {
            r.kind: r.reference.get("catalogue") for r in checklist.checklist_versions()[0].rules
        }
        assert cited["application_form"] == "SYS-02"
        assert cited["employment_contract"] == "FLA-04"
        assert cited["diploma"] == "SAL-02"

    def test_unknown_condition_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown conditions"):
            checklist._rule(
                {
                    "kind": "cv",
                    "status": "needs_review",
                    "labels": dict.fromkeys(checklist.LANGUAGES, "x"),
                    "when": {"colour": ["red"]},
                }
            )


class TestItems:
    def test_a_first_application_needs_the_medical_and_criminal_record_extracts(self) -> None:
        kinds = [
            i.kind for i in checklist.checklist_for(facts=_facts(), on=DAY, documents=[]).items
        ]
        assert kinds == [
            "application_form",
            "passport",
            "employment_contract",
            "medical_certificate",
            "criminal_record",
        ]

    def test_a_renewal_does_not(self) -> None:
        items = checklist.checklist_for(
            facts=_facts(application_type="renewal"), on=DAY, documents=[]
        ).items
        assert {i.kind for i in items} == {"application_form", "passport", "employment_contract"}

    @pytest.mark.parametrize("category", ["highly_skilled", "eu_blue_card"])
    def test_highly_qualified_and_blue_card_need_a_diploma(self, category: str) -> None:
        items = checklist.checklist_for(facts=_facts(category=category), on=DAY, documents=[]).items
        assert "diploma" in {i.kind for i in items}

    def test_an_unsigned_kind_is_done_by_any_upload_a_signed_kind_only_when_valid(self) -> None:
        docs = [(1, "passport", False), (2, "application_form", False)]
        result = checklist.checklist_for(facts=_facts(), on=DAY, documents=docs)
        done = {i.kind: i.done for i in result.items}
        assert done["passport"] is True
        assert done["application_form"] is False
        signed = checklist.checklist_for(
            facts=_facts(), on=DAY, documents=[(3, "application_form", True)]
        )
        assert signed.items[0].done and signed.items[0].document_ids == (3,)

    def test_before_the_first_version_the_start_is_flagged_unknown(self) -> None:
        early = checklist.checklist_for(facts=_facts(), on=dt.date(2020, 1, 1), documents=[])
        assert early.start_known is False
        assert early.items

    def test_labels_follow_the_active_language(self) -> None:
        from django.utils import translation

        item = checklist.checklist_for(facts=_facts(), on=DAY, documents=[]).items[1]
        with translation.override("fr"):
            assert item.label == "Copie du passeport du travailleur"
        with translation.override("de"):
            assert item.label == "Kopie des Reisepasses des Arbeitnehmers"


@pytest.fixture
def employer_draft(employer: Any) -> tuple[Any, Application]:
    """A Flemish highly-skilled first application of the employer's organisation."""
    from casework_factories import ApplicationFactory, WorkerFactory

    worker = WorkerFactory(organisation=employer.profile.organisation)
    return employer, ApplicationFactory(worker=worker)


class TestSubmission:
    def test_not_enforced_by_default(self, settings: Any, employer_draft: Any) -> None:
        settings.PASSAGE_CHECKLIST_ENFORCED_REGIONS = frozenset()
        actor, app = employer_draft
        submitted = services.application_submit(actor=actor, application=app, today=DAY)
        assert submitted.state == "submitted"

    def test_enforced_region_refuses_naming_the_missing_documents(
        self, settings: Any, employer_draft: Any
    ) -> None:
        settings.PASSAGE_CHECKLIST_ENFORCED_REGIONS = frozenset({"flanders"})
        actor, app = employer_draft
        before = Application.objects.get(pk=app.pk).version
        with pytest.raises(services.ChecklistIncomplete) as caught:
            services.application_submit(actor=actor, application=app, today=DAY)
        message = str(caught.value)
        assert "passport" in message and "employment_contract" in message
        assert "application_form" in message
        assert {i.kind for i in caught.value.missing} >= {"passport", "employment_contract"}
        fresh = Application.objects.get(pk=app.pk)
        assert (fresh.state, fresh.version) == ("draft", before)

    def test_enforced_region_submits_once_the_documents_are_there(
        self, settings: Any, employer_draft: Any
    ) -> None:
        settings.PASSAGE_CHECKLIST_ENFORCED_REGIONS = frozenset({"all"})
        actor, app = employer_draft
        checklist_now = document_checklist(app, on=DAY)
        for item in checklist_now.items:
            if item.signed:
                # A validated form, as signatures.services stores it (the PKI is tested there).
                document = services.document_upload(
                    actor=actor,
                    application=app,
                    kind=item.kind,
                    filename="form.pdf",
                    content_type="application/pdf",
                    content=sample_pdf(),
                    signature_validated=True,
                )
                SignatureValidation.objects.create(
                    document=document, valid=True, reason="valid", validated_at=timezone.now()
                )
            else:
                services.document_upload(
                    actor=actor,
                    application=app,
                    kind=item.kind,
                    filename=f"{item.kind}.pdf",
                    content_type="application/pdf",
                    content=sample_pdf(),
                )
        app = Application.objects.get(pk=app.pk)
        assert document_checklist(app, on=DAY).complete
        submitted = services.application_submit(actor=actor, application=app, today=DAY)
        assert submitted.state == "submitted"
        assert Document.objects.filter(application=app).count() == len(checklist_now.items)
