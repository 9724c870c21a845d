# SPDX-License-Identifier: EUPL-1.2
"""A decision as readable text, in English, Dutch, French or German."""

from __future__ import annotations

from passage.rules.decision import LANGUAGES, Decision
from passage.rules.errors import InputError
from passage.rules.messages import LABELS


def explain_text(decision: Decision, lang: str = "en") -> str:
    if lang not in LANGUAGES:
        raise InputError("lang", f"{lang!r} is not one of: {', '.join(LANGUAGES)}")
    t = LABELS[lang]
    lines = [
        f"{t['procedure']}: {t.get(decision.procedure, decision.procedure)}",
        f"{t['date']}: {decision.date.isoformat()}",
        f"{t['outcome']}: {t[decision.outcome]}",
    ]
    for key, value in decision.result.items():
        lines.append(f"  {key}: {value}")
    lines.append("")
    for c in decision.checks:
        mark = t["passed"] if c.passed else t["undecided"] if c.passed is None else t["failed"]
        if c.severity == "info":
            mark = t["note"] if c.passed is not False else t["note_no"]
        lines.append(f"[{mark}] {c.rule} — {c.explanation[lang]}")
        source = f"{c.citation.catalogue}, {c.citation.seed}"
        if c.citation.legal_act:
            source += f"; {c.citation.legal_act}"
        lines.append(f"    {t['source']}: {source}")
        if c.effective_date:
            lines.append(f"    {t['effective']}: {c.effective_date.isoformat()}")
        if c.flags:
            lines.append(f"    {t['flags']}: {', '.join(c.flags)}")
        if c.choices:
            lines.append(
                f"    {t['choices']}: {', '.join(f'{k}={v}' for k, v in c.choices.items())}"
            )
    return "\n".join(lines) + "\n"
