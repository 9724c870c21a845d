# SPDX-License-Identifier: EUPL-1.2
"""Building trace entries: one ``Check`` per rule applied, explained in four languages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from passage.rules.decision import LANGUAGES, Check, Citation, Severity
from passage.rules.messages import MESSAGES
from passage.rules.parameters import ParameterValue

START_UNKNOWN = "START-DATE-NOT-STATED"


class Explanation(Mapping[str, str]):
    """The four translations of a check's explanation, rendered when first read: most
    decisions in bulk and batch work are never shown to a person in every language."""

    __slots__ = ("_fmt", "_key", "_rendered")

    def __init__(self, key: str, fmt: Mapping[str, Any]) -> None:
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r}")
        self._key = key
        self._fmt = fmt
        self._rendered: dict[str, str] = {}

    @property
    def key(self) -> str:
        return self._key

    def __getitem__(self, lang: str) -> str:
        text = self._rendered.get(lang)
        if text is None:
            text = self._rendered[lang] = MESSAGES[self._key][lang].format_map(self._fmt)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Explanation({self._key!r})"


def explain(key: str, fmt: Mapping[str, Any]) -> Explanation:
    return Explanation(key, fmt)


def make_check(
    rule: str,
    passed: bool | None,
    key: str,
    *,
    severity: Severity = "blocking",
    pv: ParameterValue | None = None,
    citation: Citation | None = None,
    threshold: Decimal | int | str | None = None,
    unit: str | None = None,
    value: Decimal | int | str | None = None,
    inputs: Mapping[str, Any] | None = None,
    flags: tuple[str, ...] = (),
    choices: Mapping[str, str] | None = None,
    **fmt: Any,
) -> Check:
    if pv is not None:
        if citation is None:
            citation = pv.citation
        if unit is None:
            unit = pv.unit
        if threshold is None and not isinstance(pv.value, tuple | bool):
            threshold = pv.value
        flags = (*pv.flags, *flags) if pv.start_known else (*pv.flags, START_UNKNOWN, *flags)
    if citation is None:
        raise ValueError(f"check {rule} needs a citation")
    return Check(
        rule=rule,
        passed=passed,
        severity=severity,
        citation=citation,
        explanation=explain(key, fmt),
        threshold=threshold,
        unit=unit,
        value=value,
        parameter=pv.name if pv is not None else None,
        effective_date=pv.start if pv is not None else None,
        inputs=inputs or {},
        flags=tuple(dict.fromkeys(flags)),
        choices=choices or {},
    )


def eur(amount: Decimal | int) -> str:
    """Amounts in explanations: grouped thousands with a thin space, as the seeds print them."""
    text = (
        f"{amount:,.2f}"
        if isinstance(amount, Decimal) and amount != amount.to_integral()
        else f"{amount:,}"
    )
    return "€ " + text.replace(",", "\u202f")
