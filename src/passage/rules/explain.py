# SPDX-License-Identifier: EUPL-1.2
"""A decision as readable text, in English, Dutch, French or German."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from passage.rules.decision import LANGUAGES, Decision
from passage.rules.errors import InputError
from passage.rules.messages import LABELS, RESULT_LABELS, RESULT_VALUES
from passage.rules.trace import LocalDate, Money, Number, legal_act_name


def result_value(key: str, value: Any, lang: str) -> str:
    """One value of ``Decision.result`` as a reader of ``lang`` writes it: dates spelt out,
    amounts and counts with the language's separators, codes translated."""
    if isinstance(value, bool):
        return RESULT_VALUES["*", "yes" if value else "no"][lang]
    if isinstance(value, dt.date):
        return LocalDate(value).render(lang)
    if key == "fee" and isinstance(value, Decimal | int):
        return Money(value).render(lang)
    if key == "occupancy_rate" and isinstance(value, Decimal):
        # A ratio (0.9399) read as the percentage REC-07 states (94 %, 002 §3.2 L744).
        return Number(value * 100, 2).render(lang) + " %"
    if isinstance(value, Decimal | int):
        return Number(value).render(lang)
    if isinstance(value, str):
        names = RESULT_VALUES.get((key, value))
        return names[lang] if names else value
    if isinstance(value, list | tuple):
        # A list of codes (IP-07's decisions whose notification is on hold), each translated.
        return ", ".join(result_value(key, v, lang) for v in value)
    return str(value)


def result_lines(decision: Decision, lang: str) -> list[tuple[str, str]]:
    """(label, value) for each entry of ``Decision.result``, both in ``lang``."""
    return [
        (RESULT_LABELS[key][lang] if key in RESULT_LABELS else key, result_value(key, v, lang))
        for key, v in decision.result.items()
    ]


def explain_text(decision: Decision, lang: str = "en") -> str:
    if lang not in LANGUAGES:
        raise InputError("lang", f"{lang!r} is not one of: {', '.join(LANGUAGES)}")
    t = LABELS[lang]
    lines = [
        f"{t['procedure']}: {t.get(decision.procedure, decision.procedure)}",
        f"{t['date']}: {LocalDate(decision.date).render(lang)}",
        f"{t['outcome']}: {t[decision.outcome]}",
    ]
    for label, text in result_lines(decision, lang):
        lines.append(f"  {label}: {text}")
    lines.append("")
    for c in decision.checks:
        mark = t["passed"] if c.passed else t["undecided"] if c.passed is None else t["failed"]
        if c.severity == "info":
            mark = t["note"] if c.passed is not False else t["note_no"]
        lines.append(f"[{mark}] {c.rule} — {c.explanation[lang]}")
        source = f"{c.citation.catalogue}, {c.citation.seed}"
        if c.citation.legal_act:
            source += f"; {legal_act_name(c.citation.legal_act, lang)}"
        lines.append(f"    {t['source']}: {source}")
        if c.effective_date:
            lines.append(f"    {t['effective']}: {LocalDate(c.effective_date).render(lang)}")
        if c.flags:
            lines.append(f"    {t['flags']}: {', '.join(c.flags)}")
        if c.choices:
            lines.append(
                f"    {t['choices']}: {', '.join(f'{k}={v}' for k, v in c.choices.items())}"
            )
    return "\n".join(lines) + "\n"
