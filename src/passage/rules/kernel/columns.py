# SPDX-License-Identifier: EUPL-1.2
"""The column backend: the same rule functions over NumPy columns (see ``passage.rules.kernel``).

A run covers a *leaf*: row indices into a chunk. Facts come as columns restricted to the
leaf; a branch on values the leaf's rows do not share raises ``Split`` and the runner runs
the function again on each part, so every branch the function takes is uniform over its
leaf. Checks are recorded as (rule, severity, three-valued state, missing facts); the fold
turns them into each row's outcome, failed rules and missing facts exactly as
``kernel.run.conclude`` does for one case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from passage.rules.errors import InputError
from passage.rules.kernel.rule import Rule
from passage.rules.parameters import APPLICABLE_STATUSES, ParameterValue, Rulebook

Bools = npt.NDArray[np.bool_]
Idx = npt.NDArray[np.intp]
I64 = npt.NDArray[np.int64]

_EPOCH = dt.date(1970, 1, 1).toordinal()


def epoch_days(day: dt.date) -> int:
    return day.toordinal() - _EPOCH


class Split(Exception):
    """The leaf's rows disagree on a branch: run again on each part (masks over the leaf)."""

    def __init__(self, parts: list[Bools]) -> None:
        super().__init__("split")
        self.parts = parts


class Col:
    """A column value over a leaf's rows."""

    __slots__ = ()
    column = True

    def __bool__(self) -> bool:
        raise TypeError("branch on a column through the kernel: k.value, k.given or k.test")

    __hash__ = None  # type: ignore[assignment]


class Tri(Col):
    """Three-valued: ``t`` rows are true, ``f`` rows false, the rest unknown."""

    __slots__ = ("f", "t")

    def __init__(self, t: Bools, f: Bools) -> None:
        self.t = t
        self.f = f

    @property
    def unknown(self) -> Bools:
        out: Bools = ~(self.t | self.f)
        return out

    def __invert__(self) -> Tri:
        return Tri(self.f, self.t)

    def __and__(self, other: Any) -> Tri:
        o = as_tri(other, len(self.t))
        return Tri(self.t & o.t, self.f | o.f)

    __rand__ = __and__

    def __or__(self, other: Any) -> Tri:
        o = as_tri(other, len(self.t))
        return Tri(self.t | o.t, self.f & o.f)

    __ror__ = __or__


def as_tri(v: Any, n: int) -> Tri:
    if isinstance(v, Tri):
        return v
    if v is None:
        return Tri(np.zeros(n, bool), np.zeros(n, bool))
    b = bool(v)
    return Tri(np.full(n, b), np.full(n, not b))


def _known(result: Bools, null: Bools | None) -> Tri:
    if null is None or not null.any():
        return Tri(result, ~result)
    return Tri(result & ~null, ~result & ~null)


class EnumCol(Col):
    __slots__ = ("codes", "labels")

    def __init__(self, codes: npt.NDArray[Any], labels: Sequence[str]) -> None:
        self.codes = codes
        self.labels = tuple(labels)

    def __eq__(self, other: object) -> Tri:  # type: ignore[override]
        i = self.labels.index(other) if other in self.labels else -3
        return _known(self.codes == i, self.codes < 0)

    def __ne__(self, other: object) -> Tri:  # type: ignore[override]
        return ~(self == other)


class _Ordered(Col):
    """Integers (``values``) with nulls, compared with scalars the subclass converts."""

    __slots__ = ("null", "values")

    def __init__(self, values: I64, null: Bools) -> None:
        self.values = values
        self.null = null

    def _limit(self, other: Any, up: bool) -> Any:
        raise NotImplementedError

    def __ge__(self, other: Any) -> Tri:
        return _known(self.values >= self._limit(other, True), self.null)

    def __lt__(self, other: Any) -> Tri:
        return ~self.__ge__(other)

    def __gt__(self, other: Any) -> Tri:
        return _known(self.values > self._limit(other, False), self.null)

    def __le__(self, other: Any) -> Tri:
        return ~self.__gt__(other)


class IntCol(_Ordered):
    __slots__ = ()

    def _limit(self, other: Any, up: bool) -> Any:
        return int(other)


class DateCol(_Ordered):
    __slots__ = ()

    def _limit(self, other: Any, up: bool) -> Any:
        if isinstance(other, DateCol):
            return other.values
        return epoch_days(other)


class MoneyCol(_Ordered):
    """Exact money: whole cents times a rational ``factor`` (a months-per-year choice)."""

    __slots__ = ("factor",)

    def __init__(self, values: I64, null: Bools, factor: Fraction = Fraction(1)) -> None:
        super().__init__(values, null)
        self.factor = factor

    def __mul__(self, other: Any) -> MoneyCol:
        return MoneyCol(self.values, self.null, self.factor * Fraction(Decimal(other)))

    __rmul__ = __mul__

    def _limit(self, other: Any, up: bool) -> Any:
        # cents × p/q ≥ t × 100 ⟺ cents ≥ ⌈t × 100 × q / p⌉ for whole cents (p, q > 0);
        # ">" is "≥ the next whole cent" when the limit is itself whole.
        limit = Fraction(Decimal(other)) * 100 / self.factor
        whole = limit.numerator // limit.denominator
        if up:
            return whole if whole == limit else whole + 1
        return whole


class DecimalCol(Col):
    """A decimal fact (``fte``): indices into its distinct exact values (-1 null), so a
    comparison is one look-up table over the few distinct values."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: Idx, values: Sequence[Decimal | None]) -> None:
        self.codes = codes
        self.values = values

    @property
    def null(self) -> Bools:
        out: Bools = self.codes < 0
        return out

    def __ge__(self, other: Any) -> Tri:
        limit = Decimal(other)
        ge_lut = np.array([v is not None and v >= limit for v in self.values] + [False], bool)
        known = np.array([v is not None for v in self.values] + [False], bool)
        ge = ge_lut.take(self.codes)
        return Tri(ge, known.take(self.codes) & ~ge)


class TextCol(Col):
    __slots__ = ("codes", "values")

    def __init__(self, codes: Idx, values: Sequence[str]) -> None:
        self.codes = codes
        self.values = values

    @property
    def null(self) -> Bools:
        out: Bools = self.codes < 0
        return out


def _null_of(v: Any) -> Bools | None:
    if isinstance(v, Tri):
        return v.unknown
    if isinstance(v, (_Ordered, TextCol, DecimalCol)):
        return v.null
    if isinstance(v, EnumCol):
        out: Bools = v.codes < 0
        return out
    return None


class Membership:
    __slots__ = ("list_id", "on_list", "reason", "version")

    def __init__(self, list_id: str, on_list: Any, version: Any) -> None:
        self.list_id = list_id
        self.on_list = on_list
        self.version = version
        self.reason = None  # only the scalar backend explains


class Record:
    """One check as the fold needs it."""

    __slots__ = ("missing", "rule", "severity", "state")

    def __init__(self, rule: str, severity: str, state: Any, missing: tuple[Any, ...]):
        self.rule = rule
        self.severity = severity
        self.state = state  # True, False, None or a Tri over the leaf
        self.missing = missing  # (name, rows where it counts as missing or None for all)


class ChoiceRecord:
    __slots__ = ("name", "position", "pv", "rule")

    def __init__(self, name: str, pv: ParameterValue, position: int, rule: str) -> None:
        self.name = name
        self.pv = pv
        self.position = position
        self.rule = rule


class ColumnKernel:
    __slots__ = ("choices", "ctx", "day", "error", "n", "rb", "records", "rows", "world")

    backend = "columns"

    def __init__(
        self,
        ctx: Any,
        rows: Idx,
        error: Callable[[str, int, str], InputError],
        world: Mapping[str, Any] | None = None,
    ) -> None:
        self.ctx = ctx  # bulk._Context: the rulebook on one date, memoised
        self.rb: Rulebook = ctx.rb
        self.day: dt.date = ctx.day
        self.rows = rows
        self.n = len(rows)
        self.error = error
        self.world = world or {}
        self.records: list[Record] = []
        self.choices: dict[str, ChoiceRecord] = {}

    # --- branching -------------------------------------------------------------------------
    def value(self, v: Any) -> Any:
        if isinstance(v, EnumCol):
            codes = v.codes
            first = int(codes[0])
            if (codes == first).all():
                return v.labels[first] if first >= 0 else None
            distinct = np.unique(codes)
            raise Split([codes == c for c in distinct])
        if isinstance(v, Tri):
            if v.t.all():
                return True
            if v.f.all():
                return False
            unknown = v.unknown
            if unknown.all():
                return None
            raise Split([m for m in (v.t, v.f, unknown) if m.any()])
        if isinstance(v, Col):
            raise TypeError(f"k.value of {type(v).__name__}: compare it instead")
        return v

    def given(self, v: Any) -> bool:
        null = _null_of(v)
        if null is None:
            return v is not None
        if not null.any():
            return True
        if null.all():
            return False
        raise Split([~null, null])

    def test(self, cond: Any) -> bool:
        if isinstance(cond, np.ndarray):
            cond = Tri(cond, ~cond)
        if isinstance(cond, Tri):
            t = cond.t
            if t.all():
                return True
            if not t.any():
                return False
            raise Split([t, ~t])
        return bool(cond)

    # --- values ----------------------------------------------------------------------------
    def unknown(self, v: Any) -> Any:
        """Rows where the three-valued ``v`` is unknown (a mask, or a bool for a scalar)."""
        if isinstance(v, Tri):
            return v.unknown
        return v is None

    @staticmethod
    def at_least(v: Any, limit: Any) -> Any:
        """``v >= limit``, unknown on the rows where ``v`` is not given."""
        if v is None:
            return None
        return v >= limit

    def absent(self, v: Any) -> Any:
        """Rows where the value is not given (a mask, or a bool for a scalar)."""
        null = _null_of(v)
        return (v is None) if null is None else null

    @staticmethod
    def both(*conds: Any) -> Any:
        out: Any = True
        for c in conds:
            out = out & c
        return out

    def all3(self, *values: Any) -> Any:
        if not any(isinstance(v, Tri) for v in values):
            from passage.rules.kernel.scalar import tri_and

            return tri_and(*values)
        out = as_tri(True, self.n)
        for v in values:
            out = out & as_tri(v, self.n)
        return out

    def any3(self, *values: Any) -> Any:
        if not any(isinstance(v, Tri) for v in values):
            from passage.rules.kernel.scalar import tri_or

            return tri_or(*values)
        out = as_tri(False, self.n)
        for v in values:
            out = out | as_tri(v, self.n)
        return out

    @staticmethod
    def times(amount: Any, factor: Any) -> Any:
        if isinstance(amount, MoneyCol):
            return amount * factor
        from passage.rules.kernel.scalar import exact_times

        return exact_times(amount, Decimal(factor))

    def fail_if(self, cond: Any, field: str, message: str) -> None:
        if isinstance(cond, Tri):
            hit = np.flatnonzero(cond.t)
            if len(hit):
                raise self.error(field, int(self.rows[hit[0]]), message)
        elif cond:
            raise self.error(field, int(self.rows[0]), message)

    # --- the rulebook ----------------------------------------------------------------------
    def param(self, name: str, day: dt.date) -> ParameterValue:
        found = self.ctx.get(name, day)
        if found is None or not found.applicable:
            self.rb.require(name, day)  # raises ParameterNotApplicable, as per case
        out: ParameterValue = found
        return out

    def get(self, name: str, day: dt.date) -> ParameterValue | None:
        out: ParameterValue | None = self.ctx.get(name, day)
        return out

    def choice(
        self, name: str, day: dt.date, rule: str, check: Mapping[str, Any] | None = None
    ) -> ParameterValue:
        pv = self.param(f"interpretation.{name}", day)
        if name in self.world:
            pv = replace(pv, value=self.world[name])
        if name not in self.choices:
            self.choices[name] = ChoiceRecord(name, pv, len(self.records), rule)
        return pv

    def membership(self, list_id: str, day: dt.date, occupation: Any) -> Membership:
        """``common.list_membership`` per row: on the list → true; off a complete list or
        no occupation → false; no list in force, unverified, or codes not loaded → unknown."""
        version = self.rb.occupation_list(list_id, day)
        if version is None or version.status not in APPLICABLE_STATUSES:
            return Membership(list_id, None, version)
        codes: set[str] = set(version.codes)
        if isinstance(occupation, TextCol):
            lut = np.array([v in codes for v in occupation.values] + [False], bool)
            on = lut.take(occupation.codes)
            missing = occupation.codes < 0
            if version.complete:
                return Membership(list_id, Tri(on, ~on), version)
            return Membership(list_id, Tri(on, missing), version)
        if occupation is None:
            return Membership(list_id, False, version)
        if occupation in codes:
            return Membership(list_id, True, version)
        return Membership(list_id, False if version.complete else None, version)

    # --- the trace, as the fold needs it ---------------------------------------------------
    def check(
        self,
        rule: Rule,
        passed: Any,
        key: Any,
        *,
        severity: str | None = None,
        missing: Iterable[str] = (),
        **details: Any,
    ) -> None:
        entries = tuple(
            (m, None) if isinstance(m, str) else (m[0], _mask(m[1], self.n)) for m in missing
        )
        self.records.append(
            Record(
                rule.id,
                severity or rule.severity,
                passed,
                tuple(e for e in entries if e[1] is not False),
            )
        )

    def missing_facts(self, rule: Rule, *facts: str, severity: str | None = None) -> None:
        self.records.append(
            Record(rule.id, severity or rule.severity, None, tuple((f, None) for f in facts))
        )


def _mask(cond: Any, n: int) -> Any:
    """None (every row), False (no row) or a mask."""
    if isinstance(cond, np.ndarray):
        if cond.all():
            return None
        return cond if cond.any() else False
    return None if cond else False


def ceil_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_CEILING))
