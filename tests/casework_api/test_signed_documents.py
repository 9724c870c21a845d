# SPDX-License-Identifier: EUPL-1.2
"""The application form over the API (issue 10 "Signatures"): its PAdES signature is
validated against the configured trust list with revocation checked at the test PKI's OCSP
responder; a refused signature is a 422 problem+json naming ``file`` with the reason and a
message in the request's language, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from casework_api_support import problem
from django.core.files.uploadedfile import SimpleUploadedFile

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.models import Application, ApplicationEvent, Document
from passage.signatures.models import SignatureValidation
from passage.signatures.selectors import document_signature, document_signatures


def _post(api: Any, app: Application, content: bytes, **headers: str) -> Any:
    upload = SimpleUploadedFile("form.pdf", content, content_type="application/pdf")
    version = Application.objects.get(pk=app.pk).version
    return api.client.post(
        f"/api/v1/applications/{app.reference}/documents",
        {"kind": "application_form", "file": upload},
        headers={"If-Match": f'W/"{version}"', **headers},
    )


def _written(app: Application) -> tuple[int, int, int, int, int]:
    return (
        Document.objects.count(),
        SignatureValidation.objects.count(),
        ApplicationEvent.objects.filter(application=app).count(),
        AuditEntry.objects.count(),
        Application.objects.get(pk=app.pk).version,
    )


class TestValidForm:
    def test_valid_signature_is_stored_with_the_document(
        self, world: Any, api_as: Any, trusted_test_pki: Any, signed_samples: dict[str, bytes]
    ) -> None:
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        response = _post(employer, app, signed_samples["valid"])
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["kind"] == "application_form"
        signature = body["signature"]
        assert signature["valid"] is True
        assert signature["signer_name"] == "Jan Peeters"
        assert signature["level"] == "PAdES-B-T"
        assert signature["signing_time_source"] == "timestamp"
        assert signature["message"].startswith("The signature is valid: signed by Jan Peeters")

        stored = SignatureValidation.objects.get(document_id=body["id"])
        assert stored.valid and stored.reason == "valid"
        assert len(stored.certificate_sha256) == 64
        audited = AuditEntry.objects.get(action="signature.validated")
        assert audited.object_id == str(body["id"])
        assert audited.details["valid"] is True
        assert "Jan Peeters" not in str(audited.details)

        listed = employer.get(f"/api/v1/applications/{app.reference}/documents")
        assert listed.json()[0]["signature"]["signer_name"] == "Jan Peeters"
        summary = document_signature(document_id=body["id"])
        assert summary is not None
        assert "Jan Peeters" in summary.message_in("nl")
        assert summary.message_in("nl").startswith("De handtekening is geldig")
        assert set(document_signatures(document_ids=[body["id"]])) == {body["id"]}

    def test_other_kinds_carry_no_signature(
        self, world: Any, api_as: Any, signed_samples: dict[str, bytes]
    ) -> None:
        app = world.application("a", "flanders")
        upload = SimpleUploadedFile("p.pdf", signed_samples["unsigned"], "application/pdf")
        response = api_as(world.users["employer_a"]).client.post(
            f"/api/v1/applications/{app.reference}/documents",
            {"kind": "passport", "file": upload},
            headers={"If-Match": f'W/"{app.version}"'},
        )
        assert response.status_code == 201, response.content
        assert response.json()["signature"] is None

    def test_the_casework_service_refuses_an_unchecked_form(
        self, world: Any, signed_samples: dict[str, bytes]
    ) -> None:
        app = world.application("a", "flanders")
        with pytest.raises(services.ValidationError) as caught:
            services.document_upload(
                actor=world.users["employer_a"],
                application=app,
                kind="application_form",
                filename="form.pdf",
                content_type="application/pdf",
                content=signed_samples["valid"],
            )
        assert "signature checked" in str(caught.value)


REFUSALS = {
    "tampered": ("tampered", "signature no longer matches", "ne correspond plus"),
    "expired": ("expired", "had expired", "avait expiré"),
    "revoked": ("revoked", "has been revoked", "a été révoqué"),
    "untrusted": ("untrusted", "trust list", "liste de confiance"),
    "modified": ("modified", "modified after it was signed", "modifié après sa signature"),
    "authentication_key": ("key_usage", "authentication certificate", "authentification"),
    "unsigned": ("no_signature", "not signed", "pas signé"),
}


class TestRefusedForm:
    @pytest.mark.parametrize("case", sorted(REFUSALS))
    def test_refused_in_english_and_french_and_nothing_written(
        self,
        world: Any,
        api_as: Any,
        trusted_test_pki: Any,
        signed_samples: dict[str, bytes],
        case: str,
    ) -> None:
        reason, english, french = REFUSALS[case]
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        before = _written(app)
        en = _post(employer, app, signed_samples[case], **{"Accept-Language": "en"})
        fr = _post(employer, app, signed_samples[case], **{"Accept-Language": "fr"})
        for response in (en, fr):
            assert response.status_code == 422, response.content
            body = problem(response)
            assert body["type"] == "urn:passage:problem:signature-invalid"
            assert body["field"] == "file"
            assert body["reason"] == reason
        assert english in problem(en)["detail"]
        assert french in problem(fr)["detail"]
        assert _written(app) == before

    def test_without_a_trust_list_nothing_is_trusted(
        self, world: Any, api_as: Any, settings: Any, signed_samples: dict[str, bytes]
    ) -> None:
        settings.PASSAGE_SIGNATURE_TRUST_ANCHORS = ""
        app = world.application("a", "flanders")
        response = _post(api_as(world.users["employer_a"]), app, signed_samples["valid"])
        assert response.status_code == 422
        assert problem(response)["reason"] == "untrusted"

    def test_an_image_is_no_application_form(self, world: Any, api_as: Any) -> None:
        from passage.casework.testing import sample_png

        app = world.application("a", "flanders")
        upload = SimpleUploadedFile("form.png", sample_png(), content_type="image/png")
        response = api_as(world.users["employer_a"]).client.post(
            f"/api/v1/applications/{app.reference}/documents",
            {"kind": "application_form", "file": upload},
            headers={"If-Match": f'W/"{app.version}"'},
        )
        assert response.status_code == 400
        assert problem(response)["field"] == "file"
        assert "signed PDF" in problem(response)["detail"]


class TestChecklistOnSubmit:
    def test_enforced_checklist_refuses_the_submission_naming_documents(
        self, world: Any, api_as: Any, settings: Any
    ) -> None:
        settings.PASSAGE_CHECKLIST_ENFORCED_REGIONS = frozenset({"flanders"})
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        response = employer.post(
            f"/api/v1/applications/{app.reference}/submit", None, **{"Idempotency-Key": "c-1"}
        )
        assert response.status_code == 400, response.content
        body = problem(response)
        assert body["field"] == "documents"
        assert "passport" in body["detail"]
        assert "application_form" in body["detail"]
        assert Application.objects.get(pk=app.pk).state == "draft"

    def test_other_regions_are_not_held_back(self, world: Any, api_as: Any, settings: Any) -> None:
        settings.PASSAGE_CHECKLIST_ENFORCED_REGIONS = frozenset({"wallonia"})
        app = world.application("a", "flanders")
        response = api_as(world.users["employer_a"]).post(
            f"/api/v1/applications/{app.reference}/submit", None, **{"Idempotency-Key": "c-2"}
        )
        assert response.status_code == 200, response.content


class TestRowLevelSecurity:
    def test_a_validation_is_visible_exactly_when_its_document_is(
        self, world: Any, api_as: Any, trusted_test_pki: Any, signed_samples: dict[str, bytes]
    ) -> None:
        from django.db import connection, transaction

        from passage.casework import rls

        app = world.application("a", "wallonia")
        response = _post(api_as(world.users["employer_a"]), app, signed_samples["valid"])
        assert response.status_code == 201, response.content
        seen = {}
        for label, (role, region, organisation) in {
            "own employer": ("employer_member", "", str(world.org_a.pk)),
            "other employer": ("employer_member", "", str(world.org_b.pk)),
            "officer of the region": ("regional_officer", "wallonia", ""),
            "officer elsewhere": ("regional_officer", "flanders", ""),
            "no settings": (None, "", ""),
        }.items():
            with transaction.atomic(), connection.cursor() as cursor:
                if role is None:
                    cursor.execute("SELECT set_config('role', %s, true)", [rls.APP_ROLE])
                else:
                    rls.rls_activate(role, region, organisation)
                cursor.execute("SELECT count(*) FROM signatures_signaturevalidation")
                seen[label] = cursor.fetchone()[0]
                rls.rls_deactivate()
        assert seen == {
            "own employer": 1,
            "other employer": 0,
            "officer of the region": 1,
            "officer elsewhere": 0,
            "no settings": 0,
        }
