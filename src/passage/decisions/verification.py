# SPDX-License-Identifier: EUPL-1.2
"""Is this letter genuine and does it match the decision on record?

1. The seal: pyHanko validates the PAdES B-LTA signature with the validation data embedded
   in the letter (no network needed); the seal's certificate must chain to an anchor of
   PASSAGE_SEAL_TRUST_ANCHORS (the time-stamps to those or to the signature trust list), and
   nothing but validation data and document time-stamps may follow the sealed revision.
2. The record: the code and content hash are read from the *sealed revision's* ``/Keywords``
   (not from a later update), the code names a letter on record, and the hash equals the
   hash of that decision's canonical content now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from passage.decisions import letters
from passage.signatures.trust import trust_list_load

logger = logging.getLogger(__name__)

VALID = "valid"
MESSAGES = {
    VALID: _("The letter is genuine and matches the decision on record."),
    "not_pdf": _("This file cannot be read as a PDF."),
    "no_seal": _("This letter carries no seal."),
    "malformed": _("The seal in this letter cannot be read."),
    "tampered": _("The letter was changed after it was sealed."),
    "modified": _("The letter was modified after it was sealed: a later revision changes it."),
    "untrusted": _("The seal was not made with the administration's seal certificate."),
    "seal_invalid": _("The seal is not valid."),
    "not_a_letter": _("This sealed document is not a decision letter of this administration."),
    "unknown_code": _("No decision letter on record has this verification code."),
    "not_matching": _("The letter does not match the decision on record."),
}


@dataclass
class Verification:
    valid: bool
    reason: str
    sealed_by: str = ""
    sealed_at: dt.datetime | None = None
    code: str = ""
    letter: Any = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.reason])


def _signed_revision_keywords(pdf: bytes, embedded: Any) -> str:
    from pyhanko.pdf_utils.reader import PdfFileReader

    _start, _length_a, offset_b, length_b = (int(x) for x in embedded.sig_object["/ByteRange"])
    revision = pdf[: offset_b + length_b]
    reader = PdfFileReader(io.BytesIO(revision), strict=False)
    info = reader.trailer_view.get("/Info")
    return str(info.get_object().get("/Keywords", "")) if info is not None else ""


def _fingerprint(cert: Any) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


def _validate_offline(reader: Any, embedded: Any, anchors: list[Any]) -> Any:
    """PAdES B-LTA validation from the letter alone: the chain's certificates and revocation
    data come from the DSS; the moment is the seal's time-stamp (a first pass without
    revocation reads it), so a CRL that was current then still counts years later."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        dss = None

    def context(**kwargs: Any) -> Any:
        from pyhanko_certvalidator import ValidationContext

        base = {"trust_roots": anchors, "allow_fetching": False, **kwargs}
        return dss.as_validation_context(base) if dss is not None else ValidationContext(**base)

    first = validate_pdf_signature(
        embedded,
        signer_validation_context=context(revocation_mode="soft-fail"),
        ts_validation_context=context(revocation_mode="soft-fail"),
    )
    ts = first.timestamp_validity
    if dss is None or ts is None or not (ts.intact and ts.valid and ts.trusted):
        return first  # refused below: no B-LTA without a DSS and a trusted time-stamp
    at = ts.timestamp
    return validate_pdf_signature(
        embedded,
        signer_validation_context=context(
            revocation_mode="hard-fail", moment=at, retroactive_revinfo=True
        ),
        ts_validation_context=context(revocation_mode="soft-fail", moment=at),
    )


def _document_timestamp_ok(reader: Any, anchors: list[Any]) -> bool:
    """The LTA layer: at least one document time-stamp, intact and from a trusted TSA."""
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    stamps = list(reader.embedded_timestamp_signatures)
    if not stamps:
        return False
    context = ValidationContext(
        trust_roots=anchors, allow_fetching=False, revocation_mode="soft-fail"
    )
    for stamp in stamps:
        status = validate_pdf_timestamp(stamp, validation_context=context)
        if not (status.intact and status.valid and status.trusted):
            return False
    return True


def seal_check(pdf: bytes) -> Verification:
    """Step 1 only: the seal (and the code/hash it covers, in ``details``)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    seal_anchors = trust_list_load(settings.PASSAGE_SEAL_TRUST_ANCHORS).anchors
    ts_anchors = trust_list_load(settings.PASSAGE_SIGNATURE_TRUST_ANCHORS).anchors
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        _ = reader.root
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return Verification(valid=False, reason="not_pdf")
    if not signatures:
        return Verification(valid=False, reason="no_seal")
    if len(signatures) != 1:
        return Verification(valid=False, reason="not_a_letter")
    embedded = signatures[0]
    try:
        status = _validate_offline(reader, embedded, [*seal_anchors, *ts_anchors])
    except SignatureValidationError as exc:
        logger.info("seal refused: %s", type(exc).__name__)
        return Verification(valid=False, reason="seal_invalid")
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("unreadable seal: %s", type(exc).__name__)
        return Verification(valid=False, reason="malformed")
    cert = status.signing_cert
    sealed_by = cert.subject.human_friendly
    ts = status.timestamp_validity
    sealed_at = ts.timestamp if ts is not None else status.signer_reported_dt
    if not (status.intact and status.valid):
        return Verification(valid=False, reason="tampered", sealed_by=sealed_by)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not (
        status.docmdp_ok
        and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    ):
        return Verification(valid=False, reason="modified", sealed_by=sealed_by)
    seal_prints = {_fingerprint(anchor) for anchor in seal_anchors}
    path = status.validation_path
    anchor = path.trust_anchor.authority.certificate if path is not None else None
    if not status.trusted or anchor is None or _fingerprint(anchor) not in seal_prints:
        # Trusted only through the time-stamp anchors (a citizen's eID, say) is not a seal.
        return Verification(valid=False, reason="untrusted", sealed_by=sealed_by)
    if not status.bottom_line or ts is None or not (ts.intact and ts.valid and ts.trusted):
        return Verification(valid=False, reason="seal_invalid", sealed_by=sealed_by)
    if not _document_timestamp_ok(reader, list(ts_anchors) + list(seal_anchors)):
        return Verification(valid=False, reason="seal_invalid", sealed_by=sealed_by)
    parsed = letters.keywords_parse(_signed_revision_keywords(pdf, embedded))
    if parsed is None:
        return Verification(valid=False, reason="not_a_letter", sealed_by=sealed_by)
    code, digest = parsed
    return Verification(
        valid=True,
        reason=VALID,
        sealed_by=sealed_by,
        sealed_at=sealed_at,
        code=code,
        details={"sha256": digest, "certificate_sha256": _fingerprint(cert)},
    )


def letter_verify(pdf: bytes) -> Verification:
    """The seal, then the record (the letter's code and the decision's content hash)."""
    from passage.decisions.selectors import letter_by_code

    result = seal_check(pdf)
    if not result.valid:
        return result
    letter = letter_by_code(result.code)
    if letter is None:
        result.valid, result.reason = False, "unknown_code"
        return result
    result.letter = letter
    current = letters.content_sha256(letter.decision)
    if result.details["sha256"] != current or letter.content_sha256 != current:
        result.valid, result.reason = False, "not_matching"
    return result
