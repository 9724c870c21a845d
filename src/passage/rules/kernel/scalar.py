# SPDX-License-Identifier: EUPL-1.2
"""The scalar backend: one case, plain Python values, the full trace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from passage.rules.decision import Check, Citation, Severity
from passage.rules.errors import InputError
from passage.rules.kernel.rule import Rule
from passage.rules.parameters import ParameterValue, Rulebook
from passage.rules.procedures.common import ListMembership, add_months, list_membership
from passage.rules.trace import Localized, make_check

Key = str | tuple[str, str] | tuple[str, str, str] | Callable[[], str]


class ChoiceRead:
    """An open named choice a case's evaluation read: where, and with which value."""

    __slots__ = ("check", "day", "name", "position", "pv", "reads", "rule", "settled")

    def __init__(
        self,
        name: str,
        pv: ParameterValue,
        day: dt.date,
        position: int,
        rule: str,
        check: Mapping[str, Any],
    ):
        self.name = name
        self.pv = pv
        self.day = day
        self.position = position
        self.rule = rule
        self.check = check  # what the check that reports on the choice shows
        #: How often the case read the choice, and at how many of those reads the rule
        #: showed (``ScalarKernel.settle``) that every reading gives the same.
        self.reads = 0
        self.settled = 0


class ScalarKernel:
    """Kernel primitives on plain values; checks are built with their explanations."""

    __slots__ = (
        "checks",
        "choices",
        "concerns",
        "day",
        "labels",
        "member",
        "rb",
        "tracing",
        "world",
    )

    backend = "scalar"

    def __init__(
        self,
        rb: Rulebook,
        day: dt.date,
        world: Mapping[str, Any] | None = None,
        labels: Callable[[str, str], str] | None = None,
    ):
        self.rb = rb
        self.day = day
        self.world = world or {}
        self.labels = labels  # (fact, language) -> the fact's label, for explanations
        self.checks: list[Check] = []
        self.choices: dict[str, ChoiceRead] = {}
        #: Per check, the records (family members' fields) a failure concerns; None: all.
        self.concerns: list[frozenset[str] | None] = []
        #: The record whose rules run now (``Members.each``): its checks concern it and the
        #: facts they miss are named after it (``family_members[1].age``).
        self.member: Any = None
        #: True while only the trace is computed (``fmt``, ``trace``): the choices read then
        #: decide nothing (the column backend does not even compute them).
        self.tracing = False

    # --- branching (the column backend splits here) -------------------------------------
    @staticmethod
    def value(v: Any) -> Any:
        return v

    @staticmethod
    def given(v: Any) -> bool:
        return v is not None

    @staticmethod
    def test(cond: Any) -> bool:
        return bool(cond)

    # --- values ----------------------------------------------------------------------------
    @staticmethod
    def isin(v: Any, options: Iterable[Any]) -> bool | None:
        return None if v is None else v in options

    @staticmethod
    def where(cond: bool, a: Any, b: Any) -> Any:
        return a if cond else b

    @staticmethod
    def unknown(v: bool | None) -> bool:
        return v is None

    @staticmethod
    def at_least(v: Any, limit: Any) -> bool | None:
        """``v >= limit``, unknown when ``v`` is not given (no branch needed)."""
        return None if v is None else v >= limit

    @staticmethod
    def absent(v: Any) -> bool:
        """The fact (or value) is not given: for ``missing=[(name, k.absent(v))]``."""
        return v is None

    @staticmethod
    def both(*conds: Any) -> bool:
        return all(conds)

    @staticmethod
    def all3(*values: bool | None) -> bool | None:
        return tri_and(*values)

    @staticmethod
    def any3(*values: bool | None) -> bool | None:
        return tri_or(*values)

    @staticmethod
    def not3(v: bool | None) -> bool | None:
        return None if v is None else not v

    @staticmethod
    def otherwise(v: bool | None, default: bool) -> bool:
        return default if v is None else v

    @staticmethod
    def recode(v: Any, true: bool | None, false: bool | None, unknown: bool | None) -> Any:
        return true if v is True else false if v is False else unknown

    @staticmethod
    def ifgiven(v: Any, fn: Callable[[Any], Any]) -> Any:
        return None if v is None else fn(v)

    def trace(self, fn: Callable[[], Any]) -> Any:
        outer, self.tracing = self.tracing, True
        try:
            return fn()
        finally:
            self.tracing = outer

    @staticmethod
    def map(fn: Callable[..., Any], *args: Any) -> Any:
        return None if any(a is None for a in args) else fn(*args)

    # --- records (family members) ---------------------------------------------------------
    def members(self, v: Any) -> Any:
        from passage.rules.kernel.members import ScalarMembers

        return None if v is None else ScalarMembers(self, tuple(v))

    @staticmethod
    def rows_where(v: Any) -> bool:
        return v is True

    @staticmethod
    def anywhere(rows: Any) -> bool:
        return bool(rows)

    def any_blocking(self) -> bool:
        return any(c.passed is False and c.severity == "blocking" for c in self.checks)

    def refused(self, members: Any) -> frozenset[str]:
        """The records a blocking failure so far concerns (all, when a check names none)."""
        everyone = frozenset(m.field for m in members.items)
        out: set[str] = set()
        for c, concerns in zip(self.checks, self.concerns, strict=True):
            if c.passed is False and c.severity == "blocking":
                out |= everyone if concerns is None else concerns
        return frozenset(out)

    def reweigh(self, flag: str, where: Any = True) -> None:
        """Blocking failures so far weigh as review, flagged (fr_member_outcomes)."""
        if not where:
            return
        self.checks = [
            replace(c, severity="review", flags=(*c.flags, flag))
            if c.passed is False and c.severity == "blocking"
            else c
            for c in self.checks
        ]

    def _concerns(self, concerns: Any) -> frozenset[str] | None:
        if concerns is not None:
            return frozenset(m.field for m in concerns.items)
        if self.member is not None:
            return frozenset({self.member.field})
        return None

    def _named(self, names: Iterable[str]) -> tuple[str, ...]:
        if self.member is None:
            return tuple(names)
        return tuple(f"{self.member.field}.{n}" for n in names)

    @staticmethod
    def times(amount: Decimal, factor: Decimal | int) -> Decimal:
        return exact_times(amount, Decimal(factor))

    @staticmethod
    def add_months(day: dt.date, months: int, field: str) -> dt.date:
        return add_months(day, months, field)

    @staticmethod
    def fail_if(cond: Any, field: str, message: str) -> None:
        if cond:
            raise InputError(field, message)

    # --- the rulebook ----------------------------------------------------------------------
    def param(self, name: str, day: dt.date) -> ParameterValue:
        return self.rb.require(name, day)

    def get(self, name: str, day: dt.date) -> ParameterValue | None:
        return self.rb.get(name, day)

    def choice(
        self, name: str, day: dt.date, rule: str, check: Mapping[str, Any] | None = None
    ) -> ParameterValue:
        """A named choice of interpretation.yaml; an open one is recorded so that the runner
        can evaluate the case under each of its readings (issue 9 item 5)."""
        pv = self.rb.require(f"interpretation.{name}", day)
        if name in self.world:
            pv = replace(pv, value=self.world[name])
        read = self.choices.get(name)
        if read is None:
            read = self.choices[name] = ChoiceRead(
                name, pv, day, len(self.checks), rule, check or {}
            )
            read.reads = 1  # even while tracing: a choice first read there is judged too
            return pv
        if not self.tracing:
            read.reads += 1
        return pv

    def settle(self, name: str, result: Callable[[Any], Any]) -> None:
        """At the read of choice ``name`` just made, the case's result is ``result(value)``
        and nothing else depends on the value: when it is the same under every reading of
        the open choice, the runner need not evaluate the case again under each (issue 9:
        per-case latency). Call it through ``k.trace`` (the column backend judges every
        reading anyway)."""
        from passage.rules.kernel.choices import open_choices

        read = self.choices.get(name)
        choice = open_choices().get(name)
        if read is None or choice is None or name in self.world:
            return
        first = result(read.pv.value)
        if all(result(v) == first for v in choice.alternatives):
            read.settled += 1

    def membership(self, list_id: str, day: dt.date, occupation: str | None) -> ListMembership:
        return list_membership(self.rb, list_id, day, occupation)

    # --- the trace -------------------------------------------------------------------------
    def check(
        self,
        rule: Rule,
        passed: bool | None,
        key: Key,
        *,
        severity: Severity | None = None,
        citation: Citation | None = None,
        pv: ParameterValue | None = None,
        fmt: Callable[[], Mapping[str, Any]] | None = None,
        missing: Iterable[Any] = (),
        concerns: Any = None,
        **details: Any,
    ) -> None:
        if callable(key):
            key = key()
        elif isinstance(key, tuple):
            key = key[0] if passed else key[1] if passed is False or len(key) == 2 else key[2]
        extra = dict(self.trace(fmt)) if fmt is not None else {}
        # What only the trace needs may also name the parameter (FR-01's, found per case).
        pv = extra.pop("pv", pv)
        if citation is None and pv is None:
            citation = rule.citation
        self.checks.append(
            make_check(
                rule.id,
                passed,
                key,
                severity=severity or rule.severity,
                citation=citation,
                pv=pv,
                missing=self._named(_missing_names(missing)) if passed is None else (),
                **details,
                **extra,
            )
        )
        self.concerns.append(self._concerns(concerns))

    def check_given(
        self,
        rule: Rule,
        needs: Mapping[str, Any],
        passed: Callable[[], Any],
        key: Key,
        **details: Any,
    ) -> None:
        """``check`` when every fact in ``needs`` is given, else ``missing_facts`` naming the
        absent ones: one call, so that the column backend need not split rows on them."""
        absent = [name for name, v in needs.items() if v is None]
        if absent:
            self.missing_facts(
                rule, *absent, severity=details.get("severity"), concerns=details.get("concerns")
            )
        else:
            self.check(rule, passed(), key, **details)

    def missing_facts(
        self,
        rule: Rule,
        *facts: Any,
        severity: Severity | None = None,
        concerns: Any = None,
    ) -> None:
        """The rule needs facts the case does not give: undecided, naming them (a name, or
        a (name, condition) pair: named when the condition holds)."""
        named = self._named(_missing_names(facts))
        self.checks.append(
            make_check(
                rule.id,
                None,
                "facts_missing",
                severity=severity or rule.severity,
                citation=rule.citation,
                inputs={"missing_facts": list(named)},
                missing=named,
                facts=FactLabels(named, self.labels),
            )
        )
        self.concerns.append(self._concerns(concerns))


class FactLabels(Localized):
    """Facts named in an explanation by their labels in each language (the declaration's),
    "the age" rather than ``age``."""

    __slots__ = ("labels", "names")

    def __init__(self, names: tuple[str, ...], labels: Callable[[str, str], str] | None):
        self.names = names
        self.labels = labels

    def memo_key(self) -> Any:
        # Labels come from a procedure's FactSheet (one per procedure name), or none.
        if self.labels is None:
            return (FactLabels, self.names)
        sheet = getattr(self.labels, "__self__", None)
        procedure = getattr(sheet, "procedure", None)
        if not isinstance(procedure, str) or getattr(self.labels, "__name__", "") != "label":
            return None
        return (FactLabels, self.names, procedure)

    def render(self, lang: str) -> str:
        if self.labels is None:
            return ", ".join(self.names)
        return "; ".join(self.labels(n, lang) for n in self.names)


def _missing_names(missing: Iterable[Any]) -> tuple[str, ...]:
    """Names, or (name, condition) pairs whose condition says the fact counts as missing."""
    out = []
    for m in missing:
        if isinstance(m, str):
            out.append(m)
        elif m[1]:
            out.append(m[0])
    return tuple(out)


def tri_and(*values: bool | None) -> bool | None:
    """Kleene AND: False if any is False, None (undecided) if any is None, else True."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def tri_or(*values: bool | None) -> bool | None:
    """Kleene OR: True if any is True, None (undecided) if any is None, else False."""
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def exact_times(amount: Decimal, factor: Decimal) -> Decimal:
    """``amount × factor``; beyond Decimal's exponent range, a value above every threshold
    (amounts are bounded at parse time, so only a rulebook value could get there)."""
    try:
        return amount * factor
    except ArithmeticError:
        return Decimal("9E+999999")
