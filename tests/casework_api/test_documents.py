# SPDX-License-Identifier: EUPL-1.2
"""Documents of an application over the API: upload, list, download; every refusal leaves
nothing written; scope as for the application detail; uploads and downloads are audited."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from casework_api_support import problem
from django.core.files.uploadedfile import SimpleUploadedFile

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.models import Application, ApplicationEvent, Document
from passage.casework.testing import sample_pdf, sample_png

# Real files: the content is checked whole (passage.casework.uploads).
PDF = sample_pdf()
PNG = sample_png()


def _url(app: Application) -> str:
    return f"/api/v1/applications/{app.reference}/documents"


def _upload(
    api: Any,
    app: Application,
    *,
    kind: str = "passport",
    name: str = "passport.pdf",
    content: bytes = PDF,
    content_type: str = "application/pdf",
    if_match: str | None = "current",
) -> Any:
    headers: dict[str, str] = {}
    if if_match == "current":
        headers["If-Match"] = f'W/"{Application.objects.get(pk=app.pk).version}"'
    elif if_match is not None:
        headers["If-Match"] = if_match
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return api.client.post(_url(app), {"kind": kind, "file": upload}, headers=headers)


def _written(app: Application) -> tuple[int, int, int, int]:
    """What a refused upload must leave untouched."""
    return (
        Document.objects.count(),
        ApplicationEvent.objects.filter(application=app).count(),
        AuditEntry.objects.count(),
        Application.objects.get(pk=app.pk).version,
    )


class TestRoundTrip:
    def test_upload_list_download(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        response = _upload(employer, app, name="../../etc/Amina passport.pdf")
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["kind"] == "passport"
        assert created["filename"] == "Amina passport.pdf"
        assert created["content_type"] == "application/pdf"
        assert created["size"] == len(PDF)
        assert created["sha256"] == hashlib.sha256(PDF).hexdigest()
        assert created["uploaded_by"] == "employer_a"
        assert response["ETag"] == f'W/"{app.version + 1}"'
        assert Application.objects.get(pk=app.pk).version == app.version + 1

        listed = employer.get(_url(app))
        assert listed.status_code == 200
        assert listed.json() == [created]
        assert "content" not in listed.json()[0]

        download = employer.get(f"{_url(app)}/{created['id']}")
        assert download.status_code == 200
        assert download.content == PDF
        assert hashlib.sha256(download.content).hexdigest() == created["sha256"]
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
        assert "Amina passport.pdf" in download["Content-Disposition"]
        assert download["X-Content-Type-Options"] == "nosniff"

    def test_upload_and_download_are_audited_and_the_upload_is_on_the_timeline(
        self, world: Any, api_as: Any
    ) -> None:
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        document = _upload(employer, app, content=PNG, content_type="image/png", name="cv.png")
        assert document.status_code == 201, document.content
        doc_id = document.json()["id"]
        uploaded = AuditEntry.objects.get(action="document.uploaded")
        assert uploaded.object_type == "application"
        assert uploaded.object_id == str(app.pk)
        assert uploaded.actor_label == "employer_a"
        assert uploaded.details["document"] == doc_id
        assert uploaded.details["sha256"] == hashlib.sha256(PNG).hexdigest()
        # No file name (it may name the worker), no content.
        assert "cv.png" not in str(uploaded.details)
        assert not {"filename", "content"} & set(uploaded.details)
        event = ApplicationEvent.objects.get(application=app, kind="document_uploaded")
        assert event.data["document"] == doc_id

        before = AuditEntry.objects.count()
        assert employer.get(f"{_url(app)}/{doc_id}").status_code == 200
        read = AuditEntry.objects.order_by("-id").first()
        assert read is not None
        assert AuditEntry.objects.count() == before + 1
        assert read.action == "personal_data.read"
        assert (read.object_type, read.object_id) == ("document", str(doc_id))
        # Listing metadata is no read of the content.
        assert employer.get(_url(app)).status_code == 200
        assert AuditEntry.objects.count() == before + 1

    def test_employer_uploads_while_information_is_requested(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "wallonia", "completeness_check")
        app = services.application_request_information(
            actor=world.officer_for("wallonia"), application=app, message="Send the diploma."
        )
        response = _upload(api_as(world.users["employer_a"]), app, kind="diploma")
        assert response.status_code == 201, response.content

    def test_administrator_uploads_to_a_submitted_file(self, world: Any, api_as: Any) -> None:
        app = world.application("b", "brussels", "submitted")
        response = _upload(api_as(world.users["administrator"]), app, kind="other")
        assert response.status_code == 201, response.content


class TestRefusals:
    """Each refusal is a problem naming the field, and writes nothing."""

    def _refused(
        self, world: Any, api_as: Any, state: str = "draft", **upload: Any
    ) -> tuple[Any, Application]:
        app = world.application("a", "flanders", state)
        before = _written(app)
        response = _upload(api_as(world.users["employer_a"]), app, **upload)
        assert _written(app) == before
        return response, app

    def test_wrong_state_is_409(self, world: Any, api_as: Any) -> None:
        response, _ = self._refused(world, api_as, "submitted")
        assert response.status_code == 409
        assert problem(response)["field"] == "state"

    def test_unknown_kind_is_400_naming_kind(self, world: Any, api_as: Any) -> None:
        response, _ = self._refused(world, api_as, kind="selfie")
        assert response.status_code == 400
        assert problem(response)["field"] == "kind"

    def test_spoofed_pdf_is_400_naming_file(self, world: Any, api_as: Any) -> None:
        response, _ = self._refused(world, api_as, content=b"MZ\x90\x00 not a pdf at all")
        assert response.status_code == 400
        assert problem(response)["field"] == "file"

    def test_png_declared_as_pdf_is_400(self, world: Any, api_as: Any) -> None:
        response, _ = self._refused(world, api_as, content=PNG, content_type="application/pdf")
        assert response.status_code == 400
        assert problem(response)["field"] == "file"

    def test_other_type_is_415_naming_file(self, world: Any, api_as: Any) -> None:
        response, _ = self._refused(
            world, api_as, name="cv.html", content=b"<html></html>", content_type="text/html"
        )
        assert response.status_code == 415
        assert problem(response)["field"] == "file"

    def test_missing_file_is_400_naming_file(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        response = api_as(world.users["employer_a"]).client.post(
            _url(app), {"kind": "cv"}, headers={"If-Match": f'W/"{app.version}"'}
        )
        assert response.status_code == 400
        assert problem(response)["field"] == "file"

    def test_oversize_is_413_naming_file(self, world: Any, api_as: Any, settings: Any) -> None:
        settings.PASSAGE_MAX_DOCUMENT_BYTES = 1024
        response, _ = self._refused(world, api_as, content=PDF + b"\x00" * 2048)
        assert response.status_code == 413
        assert problem(response)["field"] == "file"

    def test_oversize_body_is_413_before_it_is_read(
        self, world: Any, api_as: Any, settings: Any
    ) -> None:
        settings.PASSAGE_MAX_DOCUMENT_BYTES = 16
        response, _ = self._refused(world, api_as, content=PDF + b"\x00" * (80 * 1024))
        assert response.status_code == 413
        assert problem(response)["field"] == "file"

    def test_missing_if_match_is_428(self, world: Any, api_as: Any) -> None:
        response, _ = self._refused(world, api_as, if_match=None)
        assert response.status_code == 428
        assert problem(response)["field"] == "If-Match"

    def test_stale_if_match_is_412(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        read = f'W/"{app.version}"'
        assert _upload(employer, app, if_match=read).status_code == 201
        before = _written(app)
        response = _upload(employer, app, kind="cv", if_match=read)
        assert response.status_code == 412
        assert problem(response)["field"] == "If-Match"
        assert _written(app) == before

    def test_json_body_is_415(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        before = _written(app)
        response = api_as(world.users["employer_a"]).post(
            _url(app), {"kind": "cv"}, **{"If-Match": f'W/"{app.version}"'}
        )
        assert response.status_code == 415
        assert _written(app) == before

    @pytest.mark.parametrize(
        ("who", "status"),
        [("officer_flanders", 403), ("employer_b", 404), ("analyst", 403)],
    )
    def test_others_may_not_upload(self, world: Any, api_as: Any, who: str, status: int) -> None:
        app = world.application("a", "flanders")
        before = _written(app)
        response = _upload(api_as(world.users[who]), app)
        assert response.status_code == status
        assert _written(app) == before


class TestScope:
    """List and download: scope exactly as the application detail."""

    @pytest.fixture
    def files(self, world: Any) -> dict[str, tuple[Application, int]]:
        out = {}
        for name, (org, region, state) in {
            "a_flanders": ("a", "flanders", "draft"),
            "b_wallonia": ("b", "wallonia", "draft"),
            "a_residence": ("a", "brussels", "federal_assessment"),
        }.items():
            app = world.application(org, region)
            document = services.document_upload(
                actor=world.employer_for(app),
                application=app,
                kind="passport",
                filename="p.pdf",
                content_type="application/pdf",
                content=PDF,
            )
            if state != "draft":
                app = world.advance(Application.objects.get(pk=app.pk), state)
            out[name] = (app, document.pk)
        return out

    CASES = [
        ("employer_a", "a_flanders", 200),
        ("employer_a", "b_wallonia", 404),
        ("employer_b", "b_wallonia", 200),
        ("employer_b", "a_flanders", 404),
        ("officer_flanders", "a_flanders", 200),
        ("officer_flanders", "b_wallonia", 404),
        ("officer_wallonia", "b_wallonia", 200),
        ("officer_brussels", "a_residence", 200),
        ("officer_brussels", "a_flanders", 404),
        ("immigration_officer", "a_flanders", 404),
        ("immigration_officer", "a_residence", 200),
        ("administrator", "b_wallonia", 200),
        ("analyst", "a_flanders", 403),
        ("analyst", "a_residence", 403),
    ]

    @pytest.mark.parametrize(("who", "which", "status"), CASES)
    def test_list(
        self, world: Any, api_as: Any, files: Any, who: str, which: str, status: int
    ) -> None:
        app, doc_id = files[which]
        response = api_as(world.users[who]).get(_url(app))
        assert response.status_code == status, response.content
        if status == 200:
            assert [d["id"] for d in response.json()] == [doc_id]
        else:
            problem(response)

    @pytest.mark.parametrize(("who", "which", "status"), CASES)
    def test_download(
        self, world: Any, api_as: Any, files: Any, who: str, which: str, status: int
    ) -> None:
        app, doc_id = files[which]
        before = AuditEntry.objects.count()
        response = api_as(world.users[who]).get(f"{_url(app)}/{doc_id}")
        assert response.status_code == status, response.content
        if status == 200:
            assert response.content == PDF
            assert AuditEntry.objects.count() == before + 1
        else:
            problem(response)
            assert AuditEntry.objects.count() == before

    def test_a_document_of_another_application_is_404(
        self, world: Any, api_as: Any, files: Any
    ) -> None:
        mine, _ = files["a_flanders"]
        _, theirs = files["b_wallonia"]
        response = api_as(world.users["employer_a"]).get(f"{_url(mine)}/{theirs}")
        assert response.status_code == 404
        assert AuditEntry.objects.filter(object_type="document").count() == 0


def test_filename_is_sanitised() -> None:
    clean = services.document_filename_clean
    assert clean("C:\\Users\\amina\\scan.pdf") == "scan.pdf"
    assert clean('../a"b\x00c.pdf') == "abc.pdf"
    assert clean("../../") == "document"
    long = clean("x" * 400 + ".pdf")
    assert len(long) == 255
    assert long.endswith(".pdf")


def test_openapi_schema_lists_the_document_endpoints(world: Any, api_as: Any) -> None:
    paths = api_as(None).get("/api/schema/?format=json").json()["paths"]
    documents = paths["/api/v1/applications/{reference}/documents"]
    assert "multipart/form-data" in documents["post"]["requestBody"]["content"]
    assert "get" in documents
    assert "get" in paths["/api/v1/applications/{reference}/documents/{document_id}"]
