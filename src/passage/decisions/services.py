# SPDX-License-Identifier: EUPL-1.2
"""Issuing a decision letter: render, seal, then record its code with an audit row.

Rendering and sealing happen before the transaction (the seal calls the TSA and the CA's
revocation services over the network); the row and its audit entry are written together
afterwards, so a failed seal leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from passage.audit.services import audit_record
from passage.casework.models import ApplicationDecision
from passage.decisions import letters, sealing
from passage.decisions.models import DecisionLetter
from passage.decisions.selectors import letter_for_decision


@dataclass(frozen=True)
class IssuedLetter:
    letter: DecisionLetter
    pdf: bytes


def letter_issue(
    *,
    actor: Any,
    decision: ApplicationDecision,
    language: str | None = None,
    seal_config: sealing.SealConfig | None = None,
) -> IssuedLetter:
    """The sealed PDF/A letter of ``decision``; the first one creates its verification code,
    later ones reuse it."""
    if language is not None and language not in letters.LANGUAGES:
        raise ValueError(f"language: {language!r} is not one of {', '.join(letters.LANGUAGES)}")
    existing = letter_for_decision(decision)
    code = existing.verification_code if existing else letters.code_new()
    language = language or letters.language_for(decision.application.region)
    digest = letters.content_sha256(decision)
    html = letters.letter_html(decision, language=language, code=code, digest=digest)
    pdf = sealing.seal(
        letters.letter_pdf(html),
        config=seal_config,
        reason=f"Decision {decision.application.reference} ({decision.part})",
    )
    flags = [
        str(info["flag"])
        for part, info in letters.APPEAL_INFORMATION.items()
        if part == decision.part and info.get("needs_review")
    ]
    try:
        with transaction.atomic():
            letter = existing or DecisionLetter.objects.create(
                decision=decision,
                verification_code=code,
                content_sha256=digest,
                language=language,
                flags=flags,
                issued_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="decision_letter.issue",
                object_type="application_decision",
                object_id=decision.pk,
                details={"part": decision.part, "language": language, "letter": letter.pk},
            )
    except IntegrityError:
        # Another process issued the first letter meanwhile: ours carries a code never
        # recorded, so it is rendered again with theirs.
        return letter_issue(
            actor=actor, decision=decision, language=language, seal_config=seal_config
        )
    return IssuedLetter(letter=letter, pdf=pdf)
