# SPDX-License-Identifier: EUPL-1.2
"""PAdES signature validation with pyHanko (never endesive): the value object and the rules.

A document is valid only when it carries at least one signature and every signature is:
intact (the signed bytes hash to the signed digest) and cryptographically valid; covers the
whole file, or a revision followed only by validation data and document time-stamps (what
PAdES B-LT/B-LTA add); chains to an anchor of the trust list; was made with a certificate
that was valid and not revoked at the signing time, revocation checked online (OCSP or CRL,
hard-fail: no answer is a refusal); carries the non-repudiation key usage (the eID's
signature key, never its authentication key); and, when time-stamped, has a time-stamp that
validates against the same trust list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from passage.signatures.trust import TrustList

if TYPE_CHECKING:
    from asn1crypto import x509
    from django.utils.functional import _StrPromise

logger = logging.getLogger(__name__)

#: Seconds per OCSP/CRL request (``PASSAGE_SIGNATURE_FETCH_TIMEOUT``).
DEFAULT_FETCH_TIMEOUT = 10

VALID = "valid"
#: Reason code -> message (EN source; NL/FR/DE in this app's locale folder). ``%(signer)s``
#: and ``%(time)s`` are filled from the result.
MESSAGES: dict[str, _StrPromise] = {
    VALID: _("The signature is valid: signed by %(signer)s on %(time)s."),
    "not_pdf": _("The application form must be a PDF; this file cannot be read as one."),
    "no_signature": _(
        "The application form is not signed. Sign it with your eID or itsme and upload the "
        "signed PDF."
    ),
    "malformed": _("The signature in this PDF cannot be read."),
    "tampered": _(
        "The document was changed after it was signed: the signature no longer matches its content."
    ),
    "modified": _(
        "The document was modified after it was signed: a later revision changes what was signed."
    ),
    "partial_coverage": _("The signature does not cover the whole document."),
    "untrusted": _(
        "The signer's certificate was not issued by an authority on the trust list, so the "
        "signature cannot be trusted."
    ),
    "expired": _(
        "The certificate of %(signer)s had expired when the document was signed on %(time)s."
    ),
    "not_yet_valid": _(
        "The certificate of %(signer)s was not yet valid when the document was signed on %(time)s."
    ),
    "revoked": _("The certificate of %(signer)s has been revoked: the signature is not valid."),
    "revocation_unavailable": _(
        "The revocation status of the signer's certificate could not be checked. Please try "
        "again later."
    ),
    "key_usage": _(
        "The document was signed with a certificate that is not meant for signatures (no "
        "non-repudiation key usage). Sign with the eID's signature certificate, not its "
        "authentication certificate."
    ),
    "timestamp_invalid": _("The signature's time-stamp could not be verified."),
    "invalid": _("The signature is not valid."),
}


@dataclass(frozen=True)
class SignatureResult:
    """The verdict on a PDF's signatures. ``message`` renders in the active language;
    ``message_in("fr")`` in a given one."""

    valid: bool
    reason: str
    signer_name: str = ""
    signing_time: dt.datetime | None = None
    #: ``timestamp`` (proven by a trusted time-stamp) or ``claimed`` (the signer's clock).
    signing_time_source: str = ""
    level: str = ""
    signatures: int = 0
    #: The signer certificate's SHA-256, serial and issuer; pyHanko's indication; the trust
    #: list's digest. No national register number (the certificate's serialNumber).
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        when = (
            self.signing_time.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            if self.signing_time
            else "?"
        )
        return str(MESSAGES[self.reason]) % {"signer": self.signer_name or "?", "time": when}

    def message_in(self, language: str) -> str:
        with translation.override(language):
            return self.message


def fetch_timeout() -> float:
    return float(getattr(settings, "PASSAGE_SIGNATURE_FETCH_TIMEOUT", DEFAULT_FETCH_TIMEOUT))


def signer_name(cert: x509.Certificate) -> str:
    """ "Given Surname" from the subject, as the eID's certificates carry them; else the
    common name without its " (Signature)" suffix."""
    subject = cert.subject.native
    given, surname = subject.get("given_name"), subject.get("surname")
    if given and surname:
        return f"{given} {surname}"
    common = str(subject.get("common_name") or "")
    return common.removesuffix(" (Signature)")


def _has_non_repudiation(cert: x509.Certificate) -> bool:
    usage = cert.key_usage_value
    return usage is not None and "non_repudiation" in usage.native


def _level(reader: Any, status: Any) -> str:
    from pyhanko.sign.general import find_unique_cms_attribute

    if status.timestamp_validity is None:
        return "PAdES-B-B"
    dss = "/DSS" in reader.root
    if not dss:
        try:
            find_unique_cms_attribute(status.cades_signer_attrs, "adobe_revinfo_archival")
            dss = True
        except (KeyError, ValueError, TypeError):  # absent or unreadable: no embedded data
            dss = False
    if dss and reader.embedded_timestamp_signatures:
        return "PAdES-B-LTA"
    return "PAdES-B-LT" if dss else "PAdES-B-T"


def _trust_reason(status: Any, cert: x509.Certificate, when: dt.datetime | None) -> str:
    from pyhanko.sign.validation.status import SignatureStatus

    assert isinstance(status, SignatureStatus)
    indic = status.trust_problem_indic
    name = getattr(indic, "name", "") or ""
    if "NO_CERTIFICATE_CHAIN_FOUND" in name:
        return "untrusted"
    if "REVOKED" in name or status.revoked:
        return "revoked"
    if "OUT_OF_BOUNDS" in name or name in {"EXPIRED", "NOT_YET_VALID"}:
        validity = cert["tbs_certificate"]["validity"]
        not_before = validity["not_before"].native
        if when is not None and when < not_before:
            return "not_yet_valid"
        return "expired"
    # pyHanko 0.38 reports hard-fail revocation without any OCSP or CRL answer
    # (InsufficientRevinfoError) as CERTIFICATE_CHAIN_GENERAL_FAILURE; stale answers as
    # TRY_LATER.
    if name in {
        "TRY_LATER",
        "REVOCATION_OUT_OF_BOUNDS_NO_POE",
        "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    }:
        return "revocation_unavailable"
    if not _has_non_repudiation(cert):
        return "key_usage"
    return "invalid"


def _later_revisions_allowed(status: Any, signature_fields: frozenset[str]) -> bool:
    """What may follow a signature: validation data and document time-stamps (PAdES B-LT,
    B-LTA), and further signatures (each validated in turn). Anything else, filling a form
    field included, changes what the signer saw."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    if not status.docmdp_ok:
        return False
    level = status.modification_level
    if level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return True
    changed = getattr(status.diff_result, "changed_form_fields", None)
    return (
        level == ModificationLevel.FORM_FILLING
        and changed is not None
        and changed <= signature_fields
    )


def _one(
    reader: Any,
    embedded: Any,
    *,
    context: Any,
    key_usage: Any,
    signature_fields: frozenset[str],
) -> SignatureResult:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        status = validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            ts_validation_context=context,
            key_usage_settings=key_usage,
        )
    except (
        PdfError,
        SignatureValidationError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
    ) as exc:
        # A damaged signature dictionary or CMS blob: refused, never a 500.
        logger.info("unreadable signature: %s", type(exc).__name__)
        return SignatureResult(valid=False, reason="malformed")
    cert = status.signing_cert
    ts = status.timestamp_validity
    proven = bool(ts is not None and ts.intact and ts.valid and ts.trusted)
    when = ts.timestamp if ts is not None and proven else status.signer_reported_dt
    details = {
        "certificate_sha256": hashlib.sha256(cert.dump()).hexdigest(),
        "certificate_serial": format(cert.serial_number, "x"),
        "issuer": cert.issuer.human_friendly,
        "indication": getattr(status.trust_problem_indic, "name", None),
        "coverage": status.coverage.name if status.coverage else None,
        "modification_level": status.modification_level.name if status.modification_level else None,
    }
    reason = VALID
    if not (status.intact and status.valid):
        reason = "tampered"
    elif status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        reason = "partial_coverage"
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not _later_revisions_allowed(
        status, signature_fields
    ):
        reason = "modified"
    elif status.trust_problem_indic is not None or not status.trusted:
        reason = _trust_reason(status, cert, when)
    elif not _has_non_repudiation(cert):
        reason = "key_usage"
    elif ts is not None and not proven:
        reason = "timestamp_invalid"
    elif not status.bottom_line:
        reason = "invalid"
    return SignatureResult(
        valid=reason == VALID,
        reason=reason,
        signer_name=signer_name(cert),
        signing_time=when,
        signing_time_source="timestamp" if proven else "claimed",
        level=_level(reader, status),
        signatures=1,
        details=details,
    )


def signature_validate(pdf_bytes: bytes, *, on: dt.datetime, trust: TrustList) -> SignatureResult:
    """Validate every signature of ``pdf_bytes`` at the moment ``on`` (timezone-aware)
    against ``trust``; revocation data is fetched from the certificates' OCSP responders and
    CRL distribution points (network: call outside a database transaction)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    if on.tzinfo is None:
        raise ValueError("on must be timezone-aware")
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=True)
        _ = reader.root
    except (PdfError, KeyError, TypeError, ValueError, AttributeError):
        return SignatureResult(valid=False, reason="not_pdf")
    try:
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        # The PDF parses but a signature dictionary or its CMS blob does not.
        return SignatureResult(valid=False, reason="malformed")
    if not signatures:
        return SignatureResult(valid=False, reason="no_signature")
    # One context per document: OCSP/CRL answers fetched for one signature serve the next.
    context = ValidationContext(
        trust_roots=list(trust.anchors),
        allow_fetching=True,
        revocation_mode="hard-fail",
        moment=on,
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=fetch_timeout()),
    )
    # The eID's signature certificate carries nonRepudiation only; its authentication
    # certificate digitalSignature only. Requiring nonRepudiation refuses the latter.
    key_usage = KeyUsageConstraints(key_usage={"non_repudiation"}, match_all_key_usages=False)
    fields = frozenset(str(sig.field_name) for sig in reader.embedded_signatures)
    results = [
        _one(reader, sig, context=context, key_usage=key_usage, signature_fields=fields)
        for sig in signatures
    ]
    first = results[0]
    failed = next((r for r in results if not r.valid), None)
    chosen = failed or first
    details = {**chosen.details, "trust_list": trust.digest, "trust_list_size": len(trust.anchors)}
    return SignatureResult(
        valid=failed is None,
        reason=chosen.reason,
        signer_name=chosen.signer_name,
        signing_time=chosen.signing_time,
        signing_time_source=chosen.signing_time_source,
        level=first.level,
        signatures=len(results),
        details=details,
    )
