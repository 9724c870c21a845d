# SPDX-License-Identifier: EUPL-1.2
"""Reads of the signatures app, for the portal and the API: "signature valid, signed by X on
Y" for a document the caller has already read through its scoped selector (the scope is the
document's application; this module adds none of its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from passage.signatures.models import SignatureValidation
from passage.signatures.validation import SignatureResult


@dataclass(frozen=True)
class SignatureSummary:
    """What a page shows next to a signed document. ``message`` renders in the active
    language (e.g. "The signature is valid: signed by Jan Peeters on 2026-12-04 09:15 UTC.")."""

    document_id: int
    valid: bool
    reason: str
    signer_name: str
    signing_time: dt.datetime | None
    signing_time_source: str
    level: str
    validated_at: dt.datetime

    def _result(self) -> SignatureResult:
        return SignatureResult(
            valid=self.valid,
            reason=self.reason,
            signer_name=self.signer_name,
            signing_time=self.signing_time,
            signing_time_source=self.signing_time_source,
            level=self.level,
        )

    @property
    def message(self) -> str:
        return self._result().message

    def message_in(self, language: str) -> str:
        return self._result().message_in(language)


def summary_of(row: SignatureValidation) -> SignatureSummary:
    return SignatureSummary(
        document_id=row.document_id,
        valid=row.valid,
        reason=row.reason,
        signer_name=row.signer_name,
        signing_time=row.signing_time,
        signing_time_source=row.signing_time_source,
        level=row.level,
        validated_at=row.validated_at,
    )


def document_signature(*, document_id: int) -> SignatureSummary | None:
    """The stored validation of one document, or None (an unsigned kind)."""
    row = SignatureValidation.objects.filter(document_id=document_id).first()
    return summary_of(row) if row is not None else None


def document_signatures(*, document_ids: Iterable[int]) -> dict[int, SignatureSummary]:
    """Validations of several documents in one query, keyed by document id."""
    rows = SignatureValidation.objects.filter(document_id__in=list(document_ids))
    return {row.document_id: summary_of(row) for row in rows}
