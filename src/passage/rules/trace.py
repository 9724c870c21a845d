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
            fmt = {
                k: v.render(lang) if isinstance(v, Localized) else v for k, v in self._fmt.items()
            }
            text = self._rendered[lang] = MESSAGES[self._key][lang].format_map(fmt)
        return text

    def as_dict(self) -> dict[str, str]:
        """All four translations at once (what a decision's JSON carries)."""
        if len(self._rendered) == len(LANGUAGES):
            return dict(self._rendered)
        templates = MESSAGES[self._key]
        if not any(isinstance(v, Localized) for v in self._fmt.values()):
            self._rendered = {lang: templates[lang].format_map(self._fmt) for lang in LANGUAGES}
        else:
            self._rendered = {lang: self[lang] for lang in LANGUAGES}
        return dict(self._rendered)

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
    missing: tuple[str, ...] = (),
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
        missing=missing,
    )


class Localized:
    """A value whose written form depends on the language (amounts, units)."""

    __slots__ = ()

    def render(self, lang: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class Money(Localized):
    """An amount in euros as each language writes it: € 2,111.89 / € 2.111,89 / 2 111,89 € /
    2.111,89 €; whole amounts without decimals, as the seeds print thresholds."""

    __slots__ = ("amount",)

    def __init__(self, amount: Decimal | int) -> None:
        self.amount = amount

    def render(self, lang: str) -> str:
        a = self.amount
        whole = not isinstance(a, Decimal) or a == a.to_integral()
        text = f"{a:,.0f}" if whole else f"{a:,.2f}"
        if lang == "en":
            return "€" + text
        group = "\u202f" if lang == "fr" else "."
        text = text.replace(",", "\0").replace(".", ",").replace("\0", group)
        return f"€ {text}" if lang == "nl" else f"{text} €"


_UNITS: dict[str, tuple[str, str, str, str]] = {
    "EUR/year gross": ("gross per year", "bruto per jaar", "brut par an", "brutto pro Jahr"),
    "EUR/month gross": ("gross per month", "bruto per maand", "brut par mois", "brutto pro Monat"),
    "EUR/month net": ("net per month", "netto per maand", "net par mois", "netto pro Monat"),
}


class UnitLabel(Localized):
    __slots__ = ("unit",)

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def render(self, lang: str) -> str:
        names = _UNITS.get(self.unit)
        return names[LANGUAGES.index(lang)] if names else self.unit


def eur(amount: Decimal | int) -> Money:
    return Money(amount)
