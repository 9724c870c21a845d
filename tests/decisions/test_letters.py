# SPDX-License-Identifier: EUPL-1.2
"""Decision letters: PDF/A, sealed B-LTA by the test PKI's seal, verified against the record
(docs/decision-letters.md)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import decided
from django.core.exceptions import ImproperlyConfigured

from passage.audit.models import AuditEntry
from passage.decisions import letters
from passage.decisions import sealing as seal_module
from passage.decisions.models import DecisionLetter
from passage.decisions.services import letter_issue
from passage.decisions.verification import letter_verify

pytestmark = pytest.mark.django_db


def _reader(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf))


class TestTheLetter:
    def test_pdfa_2b_sealed_lta_and_verifies(self, decision: Any, sealing: Any) -> None:
        issued = letter_issue(actor=None, decision=decision)
        reader = _reader(issued.pdf)
        xmp = reader.root["/Metadata"].get_object().data.decode()
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
        assert reader.root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
        # B-LTA: the seal, a DSS with the validation data and a document time-stamp.
        assert "/DSS" in reader.root
        assert len(list(reader.embedded_signatures)) == 2
        assert next(iter(reader.embedded_regular_signatures)).field_name == seal_module.FIELD_NAME
        result = letter_verify(issued.pdf)
        assert result.valid, result.reason
        assert "Passage decision letters (test seal)" in result.sealed_by
        assert result.sealed_at is not None
        assert result.letter.decision == decision
        assert AuditEntry.objects.filter(action="decision_letter.issue").count() == 1

    def test_language_from_region_and_text_in_it(self, db: Any, sealing: Any) -> None:
        assert letters.language_for("flanders") == "nl"
        assert letters.language_for("wallonia") == "fr"
        assert letters.language_for("german_speaking_community") == "de"
        assert letters.language_for("brussels") == "fr"
        decision = decided(region="german_speaking_community", postcode="4700")
        html = letters.letter_html(
            decision, language="de", code="ABCD-EFGH-JKMN-PQRS", digest="0" * 64
        )
        assert "Rechtsgrundlage" in html and "SAL-02" in html
        # The engine's citation and explanation in German.
        assert "Der Bruttolohn" in html

    def test_brussels_language_is_a_setting(self, settings: Any) -> None:
        settings.PASSAGE_LETTER_BRUSSELS_LANGUAGE = "nl"
        assert letters.language_for("brussels") == "nl"

    def test_reissue_keeps_the_code(self, decision: Any, sealing: Any) -> None:
        first = letter_issue(actor=None, decision=decision)
        second = letter_issue(actor=None, decision=decision)
        assert first.letter.verification_code == second.letter.verification_code
        assert DecisionLetter.objects.count() == 1

    def test_no_seal_key_is_refused(self, decision: Any, settings: Any) -> None:
        settings.PASSAGE_SEAL_KEY_FILE = ""
        with pytest.raises(ImproperlyConfigured, match="PASSAGE_SEAL_KEY_FILE"):
            letter_issue(actor=None, decision=decision)
        assert not DecisionLetter.objects.exists()


class TestRefused:
    def test_byte_changed_after_sealing(self, decision: Any, sealing: Any) -> None:
        pdf = letter_issue(actor=None, decision=decision).pdf
        reader = _reader(pdf)
        sig = next(iter(reader.embedded_regular_signatures))
        _start, len_a, _off_b, _len_b = (int(x) for x in sig.sig_object["/ByteRange"])
        # One byte inside the first signed range, in the page content, not the header.
        at = len_a // 2
        changed = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
        result = letter_verify(changed)
        assert not result.valid
        assert result.reason in {"tampered", "malformed", "not_pdf"}

    def test_untrusted_seal(
        self, decision: Any, sealing: Any, seal_files: dict[str, dict[str, str]]
    ) -> None:
        rogue = seal_files["rogue"]
        config = sealing_config(rogue)
        pdf = letters.letter_pdf(
            letters.letter_html(
                decision,
                language="nl",
                code=letters.code_new(),
                digest=letters.content_sha256(decision),
            )
        )
        forged = seal_module.seal(pdf, config=config)
        result = letter_verify(forged)
        assert not result.valid
        assert result.reason == "untrusted"

    def test_letter_of_another_decision(self, decision: Any, sealing: Any) -> None:
        other = decided(outcome="granted")
        genuine = letter_issue(actor=None, decision=decision).letter
        # A letter that claims decision's code but certifies another decision's content.
        html = letters.letter_html(
            other,
            language="nl",
            code=genuine.verification_code,
            digest=letters.content_sha256(other),
        )
        pdf = seal_module.seal(letters.letter_pdf(html))
        result = letter_verify(pdf)
        assert not result.valid
        assert result.reason == "not_matching"

    def test_decision_changed_on_record(self, decision: Any, sealing: Any) -> None:
        pdf = letter_issue(actor=None, decision=decision).pdf
        decision.motivation = "Another motivation."
        decision.save()
        assert letter_verify(pdf).reason == "not_matching"

    def test_unknown_code(self, decision: Any, sealing: Any) -> None:
        html = letters.letter_html(
            decision,
            language="nl",
            code=letters.code_new(),
            digest=letters.content_sha256(decision),
        )
        result = letter_verify(seal_module.seal(letters.letter_pdf(html)))
        assert result.reason == "unknown_code"

    def test_not_a_pdf_and_unsealed(self, decision: Any, sealing: Any) -> None:
        assert letter_verify(b"hello").reason == "not_pdf"
        html = letters.letter_html(
            decision, language="nl", code=letters.code_new(), digest="0" * 64
        )
        assert letter_verify(letters.letter_pdf(html)).reason == "no_seal"


def sealing_config(files: dict[str, str]) -> seal_module.SealConfig:
    return seal_module.SealConfig(
        key_file=files["PASSAGE_SEAL_KEY_FILE"],
        cert_file=files["PASSAGE_SEAL_CERT_FILE"],
        chain_file=files["PASSAGE_SEAL_CHAIN_FILE"],
        tsa_url=files["PASSAGE_SEAL_TSA_URL"],
        trust_anchors=files["PASSAGE_SEAL_TRUST_ANCHORS"],
    )


class TestCodes:
    def test_normalise(self) -> None:
        code = letters.code_new()
        assert letters.code_normalise(code.lower().replace("-", " ")) == code
        assert letters.code_normalise("abcd-efgh-ijkl-mnop") == "ABCD-EFGH-1JK1-MN0P"
        assert letters.code_normalise("ABCD-EFGH-JKMN-PQRU") is None  # no U in the alphabet
        assert letters.code_normalise("short") is None
