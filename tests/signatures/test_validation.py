# SPDX-License-Identifier: EUPL-1.2
"""signature_validate against the test PKI shaped like the Belgian eID (issue 10): a valid
PAdES signature is accepted; tampered, modified, expired, revoked, untrusted and
authentication-key signatures are refused, each with its own reason and a message in the
user's language. Revocation is fetched from the PKI's OCSP responder and CRLs (hard-fail)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from passage.casework.testing import sample_pdf
from passage.signatures import pki
from passage.signatures.testing import TestPki, sign_pdf
from passage.signatures.trust import TrustList
from passage.signatures.validation import MESSAGES, signature_validate


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TestAccepted:
    @pytest.mark.parametrize(
        ("case", "level", "source"),
        [
            ("valid", "PAdES-B-T", "timestamp"),
            ("valid_lt", "PAdES-B-LT", "timestamp"),
            ("valid_bb", "PAdES-B-B", "claimed"),
        ],
    )
    def test_valid_signature(
        self, samples: dict[str, bytes], trust: TrustList, case: str, level: str, source: str
    ) -> None:
        before = _now()
        result = signature_validate(samples[case], on=_now(), trust=trust)
        assert result.valid, result
        assert result.reason == "valid"
        assert result.signer_name == "Jan Peeters"
        assert result.level == level
        assert result.signing_time_source == source
        assert result.signing_time is not None
        assert abs(result.signing_time - before) < dt.timedelta(minutes=10)
        assert result.signatures == 1
        assert result.details["trust_list"] == trust.digest
        # No national register number (the certificate's serialNumber) in the result.
        assert "85073100145" not in repr(result)

    def test_every_signature_is_validated(
        self, samples: dict[str, bytes], trust: TrustList
    ) -> None:
        result = signature_validate(samples["countersigned"], on=_now(), trust=trust)
        assert result.valid, result
        assert result.signatures == 2

    def test_message_names_the_signer_and_the_time_in_four_languages(
        self, samples: dict[str, bytes], trust: TrustList
    ) -> None:
        result = signature_validate(samples["valid"], on=_now(), trust=trust)
        messages = {lang: result.message_in(lang) for lang in ("en", "nl", "fr", "de")}
        assert len(set(messages.values())) == 4, messages
        for message in messages.values():
            assert "Jan Peeters" in message
            assert result.signing_time is not None
            assert result.signing_time.strftime("%Y-%m-%d") in message
        assert messages["en"].startswith("The signature is valid")
        assert messages["fr"].startswith("La signature est valide")


#: Refused cases: the reason and a word each message must carry in EN and FR.
REFUSED = {
    "tampered": ("tampered", "changed", "modifié"),
    "modified": ("modified", "modified", "modifié"),
    "expired": ("expired", "expired", "expiré"),
    "revoked": ("revoked", "revoked", "révoqué"),
    "untrusted": ("untrusted", "trust list", "liste de confiance"),
    "authentication_key": ("key_usage", "non-repudiation", "non-répudiation"),
    "unsigned": ("no_signature", "not signed", "pas signé"),
}


class TestRefused:
    @pytest.mark.parametrize("case", sorted(REFUSED))
    def test_refused_with_its_own_reason_in_en_and_fr(
        self, samples: dict[str, bytes], trust: TrustList, case: str
    ) -> None:
        reason, en_word, fr_word = REFUSED[case]
        result = signature_validate(samples[case], on=_now(), trust=trust)
        assert not result.valid
        assert result.reason == reason
        assert en_word in result.message_in("en")
        assert fr_word in result.message_in("fr")
        assert result.message_in("fr") != result.message_in("en")

    def test_each_refusal_has_a_message_of_its_own(self) -> None:
        reasons = {reason for reason, _, _ in REFUSED.values()}
        assert len({str(MESSAGES[r]) for r in reasons}) == len(reasons)

    def test_the_signer_of_an_expired_or_revoked_certificate_is_named(
        self, samples: dict[str, bytes], trust: TrustList
    ) -> None:
        expired = signature_validate(samples["expired"], on=_now(), trust=trust)
        revoked = signature_validate(samples["revoked"], on=_now(), trust=trust)
        assert "Els Janssens" in expired.message
        assert "Marc Dubois" in revoked.message

    def test_a_countersignature_with_a_revoked_certificate_refuses_the_document(
        self, test_pki: TestPki, samples: dict[str, bytes], trust: TrustList
    ) -> None:
        both = test_pki.sign(samples["valid"], "revoked", field_name="Second")
        result = signature_validate(both, on=_now(), trust=trust)
        assert not result.valid
        assert result.reason == "revoked"
        assert result.signatures == 2

    def test_empty_trust_list_trusts_nothing(self, samples: dict[str, bytes]) -> None:
        result = signature_validate(samples["valid"], on=_now(), trust=TrustList((), ""))
        assert (result.valid, result.reason) == (False, "untrusted")

    @pytest.mark.parametrize("content", [b"not a pdf", b"%PDF-1.7\n<html></html>"])
    def test_no_pdf(self, trust: TrustList, content: bytes) -> None:
        assert signature_validate(content, on=_now(), trust=trust).reason == "not_pdf"

    def test_naive_moment_is_refused(self, samples: dict[str, bytes], trust: TrustList) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            signature_validate(samples["valid"], on=dt.datetime(2026, 1, 1), trust=trust)


class TestRevocationHardFail:
    def test_no_answer_from_the_responders_is_a_refusal(self, tmp_path: Path) -> None:
        """A PKI whose OCSP and CRL addresses answer nothing once it is stopped: the
        certificate is fine, but without revocation data it is not accepted."""
        with pki.PkiServer(tmp_path) as server:
            config = pki.pki_load(tmp_path, port=server.port)
            signed = sign_pdf(
                config,
                sample_pdf(),
                arch_label=pki.EID,
                cert_label="jan",
                tsa_url=server.tsa_url(),
            )
            live = TestPki(server=server, config=config)
            trust = TrustList(anchors=tuple(live.trust_roots()), source="stopped PKI")
            assert signature_validate(signed, on=_now(), trust=trust).valid
        result = signature_validate(signed, on=_now(), trust=trust)
        assert not result.valid
        assert result.reason == "revocation_unavailable"
        assert "try again later" in result.message_in("en")


class TestDamaged:
    def test_a_corrupted_signature_blob_is_refused_not_a_crash(
        self, samples: dict[str, bytes], trust: TrustList
    ) -> None:
        signed = samples["valid"]
        start = signed.index(b"/Contents <") + len(b"/Contents <")
        # Overwrite the start of the CMS structure (DER SEQUENCE header) with zeros.
        damaged = signed[:start] + b"0" * 64 + signed[start + 64 :]
        result = signature_validate(damaged, on=_now(), trust=trust)
        assert not result.valid
        assert result.reason in {"malformed", "tampered"}

    def test_a_truncated_signed_file_is_refused(
        self, samples: dict[str, bytes], trust: TrustList
    ) -> None:
        signed = samples["valid"]
        result = signature_validate(signed[: len(signed) // 2], on=_now(), trust=trust)
        assert not result.valid
        assert result.reason in {"not_pdf", "malformed", "tampered", "partial_coverage"}
