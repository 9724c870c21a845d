# SPDX-License-Identifier: EUPL-1.2
"""``passage decisions letter|verify`` and the public ``/verify/`` page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import decided
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from passage.decisions import letters
from passage.decisions import sealing as seal_module
from passage.decisions.services import letter_issue

pytestmark = pytest.mark.django_db


def _run(*args: str) -> Any:
    from passage.cli_app import app

    return CliRunner().invoke(app, list(args))


class TestCli:
    def test_letter_then_verify(self, decision: Any, sealing: Any, tmp_path: Path) -> None:
        out = tmp_path / "letter.pdf"
        result = _run("decisions", "letter", decision.application.reference, "--output", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF-")
        checked = _run("decisions", "verify", str(out))
        assert checked.exit_code == 0, checked.output
        assert decision.application.reference in checked.output
        assert "regional, refused" in checked.output

    def test_verify_tampered_exits_1(self, decision: Any, sealing: Any, tmp_path: Path) -> None:
        pdf = letter_issue(actor=None, decision=decision).pdf
        at = pdf.find(b"/Keywords")
        assert at > 0
        bad = tmp_path / "bad.pdf"
        bad.write_bytes(pdf[:at] + b"/Keywordz" + pdf[at + 9 :])
        result = _run("decisions", "verify", str(bad))
        assert result.exit_code == 1
        assert result.output.startswith("invalid:")

    def test_bad_input_exits_2(self, db: Any, sealing: Any, tmp_path: Path) -> None:
        unknown = _run("decisions", "letter", "SPT-NOPE", "--output", str(tmp_path / "x.pdf"))
        assert unknown.exit_code == 2
        assert "reference" in unknown.output and "no decision yet" in unknown.output
        assert not (tmp_path / "x.pdf").exists()
        assert _run("decisions", "verify", str(tmp_path / "missing.pdf")).exit_code == 2
        (tmp_path / "junk.pdf").write_bytes(b"not a pdf")
        assert _run("decisions", "verify", str(tmp_path / "junk.pdf")).exit_code == 2

    def test_bad_part_and_language(self, decision: Any, sealing: Any, tmp_path: Path) -> None:
        ref = decision.application.reference
        out = str(tmp_path / "x.pdf")
        assert _run("decisions", "letter", ref, "-o", out, "--part", "x").exit_code == 2
        assert _run("decisions", "letter", ref, "-o", out, "--part", "federal").exit_code == 2
        wrong = _run("decisions", "letter", ref, "-o", out, "--language", "it")
        assert wrong.exit_code == 2 and "language" in wrong.output

    def test_unconfigured_seal_exits_2(self, decision: Any, settings: Any, tmp_path: Path) -> None:
        settings.PASSAGE_SEAL_KEY_FILE = ""
        result = _run(
            "decisions", "letter", decision.application.reference, "-o", str(tmp_path / "x.pdf")
        )
        assert result.exit_code == 2
        assert "PASSAGE_SEAL_KEY_FILE" in result.output

    def test_dev_seal_writes_the_files(self, tmp_path: Path) -> None:
        result = _run("decisions", "dev-seal", "--keys", str(tmp_path), "--port", "8349")
        assert result.exit_code == 0, result.output
        exports = dict(
            line.removeprefix("export ").split("=", 1) for line in result.output.splitlines()
        )
        assert Path(exports["PASSAGE_SEAL_KEY_FILE"]).is_file()
        assert exports["PASSAGE_SEAL_TSA_URL"] == "http://127.0.0.1:8349/eid/tsa/tsa"
        assert list(Path(exports["PASSAGE_SEAL_TRUST_ANCHORS"]).glob("*.pem"))
        assert list(Path(exports["PASSAGE_SIGNATURE_TRUST_ANCHORS"]).glob("*.pem"))


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


class TestPage:
    def test_form_in_four_languages(self, client: Any) -> None:
        for language, heading in [
            ("en", "Verify a decision letter"),
            ("nl", "Een beslissingsbrief controleren"),
            ("fr", "Vérifier une lettre de décision"),
            ("de", "Einen Entscheidungsbrief prüfen"),
        ]:
            response = client.get("/verify/", HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            assert heading in response.content.decode()

    def test_upload_genuine(self, client: Any, decision: Any, sealing: Any) -> None:
        pdf = letter_issue(actor=None, decision=decision).pdf
        response = client.post(
            "/verify/", {"letter": SimpleUploadedFile("l.pdf", pdf, "application/pdf")}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Passage decision letters (test seal)" in body
        assert decision.application.reference in body
        assert "genuine" in body

    def test_upload_untrusted_refused_in_french(
        self, client: Any, decision: Any, sealing: Any, seal_files: Any
    ) -> None:
        rogue = seal_files["rogue"]
        html = letters.letter_html(
            decision,
            language="fr",
            code=letters.code_new(),
            digest=letters.content_sha256(decision),
        )
        forged = seal_module.seal(
            letters.letter_pdf(html),
            config=seal_module.SealConfig(
                key_file=rogue["PASSAGE_SEAL_KEY_FILE"],
                cert_file=rogue["PASSAGE_SEAL_CERT_FILE"],
                chain_file=rogue["PASSAGE_SEAL_CHAIN_FILE"],
                tsa_url=rogue["PASSAGE_SEAL_TSA_URL"],
                trust_anchors=rogue["PASSAGE_SEAL_TRUST_ANCHORS"],
            ),
        )
        response = client.post(
            "/verify/",
            {"letter": SimpleUploadedFile("l.pdf", forged, "application/pdf")},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 422
        assert "certificat de cachet de l&#x27;administration" in response.content.decode()

    def test_code_lookup_shows_no_names(self, client: Any, decision: Any, sealing: Any) -> None:
        code = letter_issue(actor=None, decision=decision).letter.verification_code
        response = client.post("/verify/", {"code": code.lower().replace("-", " ")})
        body = response.content.decode()
        assert response.status_code == 200
        assert decision.application.reference in body
        worker = decision.application.worker
        assert worker.family_name not in body
        assert decision.decided_by.username not in body
        assert "Sealed by" not in body

    def test_code_errors_next_to_the_field(self, client: Any, db: Any) -> None:
        bad = client.post("/verify/", {"code": "12"}, HTTP_ACCEPT_LANGUAGE="de")
        assert bad.status_code == 400
        assert "Ein Prüfcode hat 16 Buchstaben" in bad.content.decode()
        unknown = client.post("/verify/", {"code": letters.code_new()})
        assert unknown.status_code == 404
        assert "No decision letter on record has this code." in unknown.content.decode()
        empty = client.post("/verify/", {})
        assert empty.status_code == 400

    def test_rate_limited(self, client: Any, db: Any, settings: Any) -> None:
        settings.PASSAGE_VERIFY_RATE_LIMIT = 3
        codes = [
            client.post("/verify/", {"code": letters.code_new()}).status_code for _ in range(4)
        ]
        assert codes == [404, 404, 404, 429]


def test_other_region_letter_in_its_language(db: Any, sealing: Any) -> None:
    decision = decided(region="wallonia", postcode="5000")
    issued = letter_issue(actor=None, decision=decision)
    assert issued.letter.language == "fr"
