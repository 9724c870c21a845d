# SPDX-License-Identifier: EUPL-1.2
"""The letter itself: its language, the decision's canonical content and the PDF/A rendering.

The PDF is PDF/A-2b made by WeasyPrint (fonts embedded, XMP metadata with the pdfaid
identification, an sRGB OutputIntent). The letter's ``/Keywords`` carry the verification code
and the SHA-256 of the decision's canonical content, so that ``verify`` can compare the signed
revision with the record without reading the page text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from passage.accounts.models import Region
from passage.casework.models import ApplicationDecision

LANGUAGES = ("nl", "fr", "de", "en")
#: The procedure's language per region: Dutch in Flanders, French in Wallonia, German in the
#: German-speaking Community (each authority works in its language); Brussels is bilingual,
#: so it is a setting (PASSAGE_LETTER_BRUSSELS_LANGUAGE, default fr).
REGION_LANGUAGES = {
    Region.FLANDERS: "nl",
    Region.WALLONIA: "fr",
    Region.GERMAN_SPEAKING_COMMUNITY: "de",
}
PDF_VARIANT = "pdf/a-2b"
KEYWORDS_PREFIX = "passage-letter/1"
_KEYWORDS = re.compile(r"passage-letter/1 code=([0-9A-Z-]{19}) sha256=([0-9a-f]{64})")

#: Appeal information per part. NOT from the seeds for the regional part: the seeds name no
#: appeal body or time limit for a regional work-authorisation refusal, so the text stays
#: general and is flagged needs_review until a lawyer confirms it. The federal text follows
#: the catalogue's annulment appeal before the CALL (seed-catalogue L1077-L1079, stated there
#: for another residence procedure, hence also needs_review).
APPEAL_INFORMATION: dict[str, dict[str, Any]] = {
    "regional": {
        "text": _(
            "You may contest this decision before the authority that took it or, failing that, "
            "before the competent court. The letter of the authority's procedure states the "
            "time limit."
        ),
        "needs_review": True,
        "flag": "LETTER-APPEAL-REGIONAL",
    },
    "federal": {
        "text": _(
            "An appeal for annulment may be lodged with the Council for Alien Law Litigation "
            "(CALL); this appeal does not suspend the decision."
        ),
        "needs_review": True,
        "flag": "LETTER-APPEAL-FEDERAL",
        "source": "seed-catalogue L1077-L1079",
    },
}

_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def language_for(region: str) -> str:
    if region == Region.BRUSSELS:
        return str(settings.PASSAGE_LETTER_BRUSSELS_LANGUAGE)
    return REGION_LANGUAGES.get(Region(region), "en") if region in Region.values else "en"


def code_new() -> str:
    """80 random bits as XXXX-XXXX-XXXX-XXXX: not guessable, easy to type."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def code_normalise(text: str) -> str | None:
    """The code as stored, from what someone typed (case, spaces, dashes, O/0 and I/L/1
    forgiven); None when it cannot be a code."""
    raw = re.sub(r"[\s-]", "", text.upper()).translate(str.maketrans("OIL", "011"))
    if len(raw) != 16 or any(c not in _CODE_ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def canonical_content(decision: ApplicationDecision) -> dict[str, Any]:
    """What a letter certifies, nothing personal: the decision and its application."""
    application = decision.application
    return {
        "decision": decision.pk,
        "reference": application.reference,
        "part": decision.part,
        "outcome": decision.outcome,
        "motivation": decision.motivation,
        "decided_at": decision.decided_at.astimezone(dt.UTC).isoformat(),
        "region": application.region,
        "rulebook_version": application.eligibility_rulebook_version,
    }


def content_sha256(decision: ApplicationDecision) -> str:
    text = json.dumps(canonical_content(decision), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def keywords(code: str, digest: str) -> str:
    return f"{KEYWORDS_PREFIX} code={code} sha256={digest}"


def keywords_parse(text: str) -> tuple[str, str] | None:
    match = _KEYWORDS.search(text or "")
    return (match.group(1), match.group(2)) if match else None


@dataclass(frozen=True)
class LegalBasis:
    rule: str
    text: str
    citation: str


def legal_basis(decision: ApplicationDecision, language: str) -> list[LegalBasis]:
    """The rules the engine applied (``Application.eligibility_decision``), each with its
    explanation in the letter's language and its citation (legal act, catalogue, seed)."""
    stored = decision.application.eligibility_decision or {}
    rows = []
    for check in stored.get("checks", []):
        if not isinstance(check, dict) or check.get("severity") == "info":
            continue
        explanation = check.get("explanation") or {}
        citation = check.get("citation") or {}
        cited = "; ".join(
            str(citation[key]) for key in ("legal_act", "catalogue", "seed") if citation.get(key)
        )
        rows.append(
            LegalBasis(
                rule=str(check.get("rule", "")),
                text=str(explanation.get(language) or explanation.get("en") or ""),
                citation=cited,
            )
        )
    return rows


def letter_html(decision: ApplicationDecision, *, language: str, code: str, digest: str) -> str:
    application = decision.application
    appeal = APPEAL_INFORMATION[decision.part]
    with translation.override(language):
        return render_to_string(
            "decisions/letter.html",
            {
                "language": language,
                "decision": decision,
                "application": application,
                "region_label": Region(application.region).label,
                "part_label": _("Work authorisation (regional)")
                if decision.part == "regional"
                else _("Residence (federal)"),
                "outcome_label": _("Granted") if decision.outcome == "granted" else _("Refused"),
                "legal_basis": legal_basis(decision, language),
                "appeal": str(appeal["text"]),
                "code": code,
                "digest": digest,
                "keywords": keywords(code, digest),
                "issued_on": decision.decided_at.date(),
            },
        )


def letter_pdf(html: str) -> bytes:
    """PDF/A-2b: WeasyPrint embeds the fonts and writes the pdfaid XMP and the OutputIntent."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT))
