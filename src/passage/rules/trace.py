# SPDX-License-Identifier: EUPL-1.2
"""Building trace entries: one ``Check`` per rule applied, explained in four languages."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from passage.rules.decision import LANGUAGES, Check, Citation, Severity
from passage.rules.messages import LEGAL_ACTS, MESSAGES, MONTHS, PLURAL_FIELDS
from passage.rules.parameters import ParameterValue

START_UNKNOWN = "START-DATE-NOT-STATED"


class Explanation(Mapping[str, str]):
    """The four translations of a check's explanation, rendered when first read: most
    decisions in bulk and batch work are never shown to a person in every language.

    Renderings are shared between explanations with the same message and the same values
    (``_RENDERED``): most checks of a batch say the same thing (the housing condition is
    met, the threshold in force is €2,111.89), so only the sentences that quote a case's
    own figures are written out per case (issue 9: per-case latency)."""

    __slots__ = ("_fmt", "_key", "_memo", "_rendered")

    def __init__(self, key: str, fmt: Mapping[str, Any]) -> None:
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r}")
        self._key = key
        self._fmt = fmt
        self._rendered: dict[str, str] = {}
        self._memo: Any = _UNSET

    @property
    def key(self) -> str:
        return self._key

    def __getitem__(self, lang: str) -> str:
        text = self._rendered.get(lang)
        if text is None:
            shared = _RENDERED.get(self._memo_key())
            if shared is not None:
                self._rendered = shared
                return shared[lang]
            text = self._rendered[lang] = self._render((lang,))[lang]
        return text

    def as_dict(self) -> dict[str, str]:
        """All four translations at once (what a decision's JSON carries)."""
        if len(self._rendered) != len(LANGUAGES):
            memo = self._memo_key()
            shared = _RENDERED.get(memo)
            if shared is None:
                # Languages already read (English, for the reasons) are not rendered again.
                done = self._rendered
                fresh = self._render(tuple(lang for lang in LANGUAGES if lang not in done))
                shared = {lang: done[lang] if lang in done else fresh[lang] for lang in LANGUAGES}
                if memo is not None:
                    if len(_RENDERED) >= RENDERED_LIMIT:
                        _RENDERED.clear()
                    _RENDERED[memo] = shared
            # Shared, so never written to again: __getitem__ only fills missing languages.
            self._rendered = shared
        return dict(self._rendered)

    def _memo_key(self) -> Any:
        """What the four renderings depend on: the message and each value's written form
        (types included: 1, True and Decimal("1.0") print differently); None when a value
        cannot say (then nothing is shared)."""
        memo = self._memo
        if memo is _UNSET:
            parts: list[Any] = [self._key]
            for name, v in self._fmt.items():
                k = v if type(v) is str else value_key(v)
                if k is None:
                    memo = None
                    break
                parts.append(name)
                parts.append(k)
            else:
                memo = tuple(parts)
            self._memo = memo
        return memo

    def _render(self, languages: tuple[str, ...]) -> dict[str, str]:
        key, fmt = self._key, self._fmt
        templates = MESSAGES[key]
        counted = PLURAL_FIELDS[key]
        counts = tuple(_count(fmt.get(name)) for name in counted)
        localized = [k for k, v in fmt.items() if isinstance(v, Localized)]
        out = {}
        for lang in languages:
            template = (
                _plural_variant(key, lang, tuple(_is_one(n, lang) for n in counts))
                if counted
                else templates[lang]
            )
            values = fmt
            if localized:
                values = dict(fmt)
                for k in localized:
                    values[k] = fmt[k].render(lang)
            out[lang] = template.format_map(values)
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Explanation({self._key!r})"


_UNSET: Any = object()
#: Shared renderings by ``Explanation._memo_key``; cleared when full (about 1 kB each).
_RENDERED: dict[Any, dict[str, str]] = {}
RENDERED_LIMIT = 8192
_EXACT = frozenset({str, int, bool, type(None), dt.date})


def value_key(v: Any) -> Any:
    """A hashable stand-in for how ``v`` is written in a sentence, or None when unknown."""
    t = type(v)
    if t is str:
        return v
    if t in _EXACT:
        return (t, v)
    if t is Decimal:
        # str, not the value: Decimal("1.5") == Decimal("1.50"), yet "{}" prints them apart.
        return (t, str(v))
    if isinstance(v, Localized):
        return v.memo_key()
    return None


def plural_category(n: int, lang: str) -> str:
    """CLDR cardinal category of a whole number: French puts 0 with 1 ("0 personne"), English,
    Dutch and German only 1."""
    if lang == "fr":
        return "one" if n in (0, 1) else "other"
    return "one" if n == 1 else "other"


def _count(value: Any) -> int | None:
    """The whole number a counted argument holds; None for anything else ("?" for an unknown
    list size), which takes the plural."""
    if isinstance(value, Number):
        value = value.value
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value != int(value):
        return None
    return int(value)


def _is_one(n: int | None, lang: str) -> bool:
    return n is not None and plural_category(n, lang) == "one"


_PLURAL_SPEC = re.compile(r"\{(\w+):([^{}|]*)\|([^{}]*)\}")


@functools.cache
def _plural_variant(key: str, lang: str, ones: tuple[bool, ...]) -> str:
    """The template with each ``{n:one|other}`` replaced by the form ``n`` takes; ``ones``
    follows ``PLURAL_FIELDS[key]``. At most 2**k variants per template and language."""
    singular = {name for name, one in zip(PLURAL_FIELDS[key], ones, strict=True) if one}
    return _PLURAL_SPEC.sub(lambda m: m[2] if m[1] in singular else m[3], MESSAGES[key][lang])


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
        if threshold is None and not isinstance(pv.value, (tuple, bool)):
            threshold = pv.value
        flags = (*pv.flags, *flags) if pv.start_known else (*pv.flags, START_UNKNOWN, *flags)
    if citation is None:
        raise ValueError(f"check {rule} needs a citation")
    # Positional, in Check's field order: this runs for every check of every case.
    return Check(
        rule,
        passed,
        severity,
        citation,
        Explanation(key, fmt),
        threshold,
        unit,
        value,
        pv.name if pv is not None else None,
        pv.start if pv is not None else None,
        inputs or {},
        tuple(flags) if len(flags) < 2 else tuple(dict.fromkeys(flags)),
        choices or {},
        missing,
    )


class Localized:
    """A value whose written form depends on the language (amounts, units)."""

    __slots__ = ()

    def render(self, lang: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def memo_key(self) -> Any:
        """A hashable key equal for two values that render alike in every language (see
        ``Explanation._memo_key``); None: do not share renderings of sentences with it."""
        return None


class Money(Localized):
    """An amount in euros as each language writes it: € 2,111.89 / € 2.111,89 / 2 111,89 € /
    2.111,89 €; whole amounts without decimals, as the seeds print thresholds."""

    __slots__ = ("_text", "amount")

    def __init__(self, amount: Decimal | int) -> None:
        self.amount = amount
        self._text: str | None = None  # the English digits, grouped per language below

    def memo_key(self) -> Any:
        return (Money, value_key(self.amount))

    def render(self, lang: str) -> str:
        text = self._text
        if text is None:
            a = self.amount
            whole = not isinstance(a, Decimal) or a == a.to_integral()
            text = self._text = f"{a:,.0f}" if whole else f"{a:,.2f}"
        if lang == "en":
            return "€" + text
        text = _group(text, lang)
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

    def memo_key(self) -> Any:
        return (UnitLabel, value_key(self.unit))

    def render(self, lang: str) -> str:
        names = _UNITS.get(self.unit)
        return names[LANGUAGES.index(lang)] if names else self.unit


def eur(amount: Decimal | int) -> Money:
    return Money(amount)


def _group(text: str, lang: str) -> str:
    """Thousands and decimal separators of an en-formatted number, as ``lang`` writes them."""
    if lang == "en":
        return text
    group = "\u202f" if lang == "fr" else "."
    return text.replace(",", "\0").replace(".", ",").replace("\0", group)


class Number(Localized):
    """A count or a decimal as each language writes it: 17,906 / 17.906 / 17 906 / 17.906 and
    93.99 / 93,99 / 93,99 / 93,99. ``places`` fixes the decimals; whole numbers print none."""

    __slots__ = ("places", "value")

    def __init__(self, value: Decimal | int, places: int | None = None) -> None:
        self.value = value
        self.places = places

    def memo_key(self) -> Any:
        return (Number, value_key(self.value), self.places)

    def render(self, lang: str) -> str:
        v = self.value
        if self.places is not None:
            text = f"{v:,.{self.places}f}"
        elif isinstance(v, Decimal) and v != v.to_integral():
            text = f"{v:,f}"
        else:
            text = f"{v:,.0f}"
        return _group(text, lang)


class LocalDate(Localized):
    """A date as a sentence writes it: 1 January 2026 / 1 januari 2026 / 1er janvier 2026 /
    1. Januar 2026. Templates carry the preposition and article ("le {until}", "am {until}")."""

    __slots__ = ("day",)

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def memo_key(self) -> Any:
        return (LocalDate, value_key(self.day))

    def render(self, lang: str) -> str:
        return _date_text(self.day, lang)


@functools.lru_cache(maxsize=4096)
def _date_text(d: dt.date, lang: str) -> str:
    # Cached: a few dates (the law's start, the transition's end) recur in every decision.
    month = MONTHS[lang][d.month - 1]
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"
    if lang == "de":
        return f"{d.day}. {month} {d.year}"
    return f"{d.day} {month} {d.year}"


def local_date(day: dt.date | None) -> LocalDate | None:
    return None if day is None else LocalDate(day)


class LegalAct(Localized):
    """The name of a legal act in the citation's language (``messages.LEGAL_ACTS``). Parts
    joined by "; " are translated one by one; a name the table does not hold (an
    administrator's override) is shown as written rather than guessed."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def memo_key(self) -> Any:
        return (LegalAct, value_key(self.name))

    def render(self, lang: str) -> str:
        if lang == "en":
            return self.name
        i = LANGUAGES.index(lang) - 1
        return "; ".join(
            names[i] if (names := LEGAL_ACTS.get(part)) else part for part in self.name.split("; ")
        )


def legal_act_name(name: str | None, lang: str) -> str | None:
    return None if name is None else LegalAct(name).render(lang)
