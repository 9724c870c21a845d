# SPDX-License-Identifier: EUPL-1.2
"""Writes of the signatures app: a signed document's upload with its validation result.

``signature_validate`` (re-exported from ``validation``) is the pure check; it reads no
database. ``signed_document_upload`` runs it first (it fetches OCSP/CRL answers over the
network, so before any row lock), then stores the document through
``casework.services.document_upload`` and the result beside it in one transaction, with an
audit row. An invalid signature is refused with ``SignatureInvalid`` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passage.audit.services import audit_record
from passage.casework import services as casework_services
from passage.casework import uploads
from passage.casework.models import Application, Document
from passage.signatures.models import SignatureValidation
from passage.signatures.trust import TrustList, trust_list_configured
from passage.signatures.validation import SignatureResult, signature_validate

__all__ = [
    "SIGNED_KINDS",
    "SignatureInvalid",
    "signature_validate",
    "signed_document_upload",
]

#: Document kinds whose PAdES signature is validated on upload (issue 10 "Signatures").
SIGNED_KINDS = casework_services.SIGNED_DOCUMENT_KINDS


class SignatureInvalid(ValidationError):
    """The document's signature is refused; ``result`` says why (``result.message`` in the
    active language). The API answers 422 problem+json naming ``file`` with the reason."""

    def __init__(self, result: SignatureResult) -> None:
        super().__init__({"file": result.message})
        self.result = result


def signed_document_upload(
    *,
    actor: Any,
    application: Application | int,
    kind: str,
    filename: str,
    content_type: str,
    content: bytes,
    expected_version: int | None = None,
    on: dt.datetime | None = None,
    trust: TrustList | None = None,
) -> tuple[Document, SignatureValidation]:
    """Validate the PDF's signatures at ``on`` (default: now) against ``trust`` (default:
    ``PASSAGE_SIGNATURE_TRUST_ANCHORS``), then store the document and the result."""
    if kind not in SIGNED_KINDS:
        raise ValidationError({"kind": f"{kind!r} is not a signed kind"})
    content = bytes(content)
    limit = casework_services.max_document_bytes()
    if len(content) > limit:
        raise casework_services.DocumentTooLarge(size=len(content), limit=limit)
    declared = str(content_type).split(";", 1)[0].strip().lower()
    if declared != "application/pdf":
        if declared not in uploads.DOCUMENT_SIGNATURES:
            raise casework_services.DocumentTypeNotAllowed(declared)
        raise ValidationError({"file": "an application form must be a signed PDF"})
    # The whole-content check first: a file that is no PDF gets the upload rules' message.
    uploads.document_content_check(
        content=content,
        declared=declared,
        filename=casework_services.document_filename_clean(filename),
    )
    moment = on or timezone.now()
    trust_list = trust if trust is not None else trust_list_configured()
    result = signature_validate(content, on=moment, trust=trust_list)
    if not result.valid:
        raise SignatureInvalid(result)
    return _store(
        actor=actor,
        application=application,
        kind=kind,
        filename=filename,
        content_type=declared,
        content=content,
        expected_version=expected_version,
        result=result,
        trust=trust_list,
        moment=moment,
    )


@transaction.atomic
def _store(
    *,
    actor: Any,
    application: Application | int,
    kind: str,
    filename: str,
    content_type: str,
    content: bytes,
    expected_version: int | None,
    result: SignatureResult,
    trust: TrustList,
    moment: dt.datetime,
) -> tuple[Document, SignatureValidation]:
    document = casework_services.document_upload(
        actor=actor,
        application=application,
        kind=kind,
        filename=filename,
        content_type=content_type,
        content=content,
        expected_version=expected_version,
        signature_validated=True,
    )
    validation = SignatureValidation.objects.create(
        document=document,
        valid=result.valid,
        reason=result.reason,
        signer_name=result.signer_name,
        signing_time=result.signing_time,
        signing_time_source=result.signing_time_source,
        level=result.level,
        signatures=result.signatures,
        certificate_sha256=str(result.details.get("certificate_sha256", "")),
        trust_list_sha256=trust.digest,
        details=result.details,
        validated_at=moment,
    )
    # The signer's name is personal data: the audit row keeps the certificate's hash instead.
    audit_record(
        actor=actor,
        action="signature.validated",
        object_type="document",
        object_id=document.pk,
        details={
            "valid": result.valid,
            "reason": result.reason,
            "level": result.level,
            "signatures": result.signatures,
            "certificate_sha256": validation.certificate_sha256,
            "trust_list_sha256": validation.trust_list_sha256,
        },
    )
    return document, validation
