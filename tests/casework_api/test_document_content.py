# SPDX-License-Identifier: EUPL-1.2
"""Uploads are checked on their whole content (issue 12 item 6): a PDF must parse, an image
must decode within the pixel limit, the name's extension must match; every refusal is a 400
naming ``file`` and writes nothing."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from casework_api_support import problem
from django.core.files.uploadedfile import SimpleUploadedFile

from passage.audit.models import AuditEntry
from passage.casework.models import Application, ApplicationEvent, Document
from passage.casework.testing import (
    html_with_pdf_header,
    pdf_bomb,
    png_bomb,
    sample_jpeg,
    sample_pdf,
    sample_png,
    truncated_pdf,
)


def _post(api: Any, app: Application, name: str, content: bytes, content_type: str) -> Any:
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    version = Application.objects.get(pk=app.pk).version
    return api.client.post(
        f"/api/v1/applications/{app.reference}/documents",
        {"kind": "passport", "file": upload},
        headers={"If-Match": f'W/"{version}"'},
    )


def _written(app: Application) -> tuple[int, int, int, int]:
    return (
        Document.objects.count(),
        ApplicationEvent.objects.filter(application=app).count(),
        AuditEntry.objects.count(),
        Application.objects.get(pk=app.pk).version,
    )


class TestAccepted:
    @pytest.mark.parametrize(
        ("name", "content_type", "content"),
        [
            ("form.pdf", "application/pdf", sample_pdf(pages=2)),
            ("scan.PNG", "image/png", sample_png()),
            ("photo.jpg", "image/jpeg", sample_jpeg()),
            ("photo.jpeg", "image/jpeg", sample_jpeg(32, 32)),
        ],
    )
    def test_valid_file_is_stored_with_its_checksum(
        self, world: Any, api_as: Any, name: str, content_type: str, content: bytes
    ) -> None:
        app = world.application("a", "flanders")
        response = _post(api_as(world.users["employer_a"]), app, name, content, content_type)
        assert response.status_code == 201, response.content
        stored = Document.objects.get(pk=response.json()["id"])
        assert stored.sha256 == hashlib.sha256(content).hexdigest()
        assert bytes(stored.content) == content
        assert stored.content_type == content_type


class TestRefused:
    @pytest.mark.parametrize(
        ("name", "content_type", "content", "says"),
        [
            # The probe's finding: an HTML page behind a %PDF- header, offered back as .html.
            ("page.html", "application/pdf", html_with_pdf_header(), ".html"),
            # The same page renamed: the name fits, the content does not parse.
            ("page.pdf", "application/pdf", html_with_pdf_header(), "not a readable PDF"),
            ("form.pdf", "application/pdf", truncated_pdf(), "not a readable PDF"),
            ("scan.pdf", "image/png", sample_png(), ".pdf"),
            ("scan.pdf", "application/pdf", sample_png(), "its content is a PNG"),
            ("photo.png", "image/jpeg", sample_jpeg(), ".png"),
            ("photo.jpg", "image/jpeg", sample_jpeg()[:300], "not a readable image"),
            ("bomb.png", "image/png", png_bomb(), "pixels"),
            ("bomb.pdf", "application/pdf", pdf_bomb(), "inflates beyond 32 MiB"),
            ("noextension", "application/pdf", sample_pdf(), "no extension"),
        ],
    )
    def test_refused_with_400_naming_file_and_nothing_written(
        self, world: Any, api_as: Any, name: str, content_type: str, content: bytes, says: str
    ) -> None:
        app = world.application("a", "flanders")
        before = _written(app)
        response = _post(api_as(world.users["employer_a"]), app, name, content, content_type)
        assert response.status_code == 400, response.content
        body = problem(response)
        assert body["field"] == "file"
        assert says in body["detail"]
        assert _written(app) == before

    def test_pixel_limit_is_a_setting(self, world: Any, api_as: Any, settings: Any) -> None:
        settings.PASSAGE_MAX_IMAGE_PIXELS = 100
        app = world.application("a", "flanders")
        response = _post(api_as(world.users["employer_a"]), app, "a.png", sample_png(), "image/png")
        assert response.status_code == 400
        assert "at most 100 pixels" in problem(response)["detail"]
