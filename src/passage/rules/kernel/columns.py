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
from passage.rules.parameters import (
    APPLICABLE_STATUSES,
    ParameterNotApplicable,
    ParameterValue,
    Rulebook,
)

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

    def _null_with(self, other: Any) -> Bools:
        # A comparison with another column is unknown where either is not given.
        other_null = _null_of(other) if isinstance(other, Col) else None
        if other_null is None:
            return self.null
        out: Bools = self.null | other_null
        return out

    def __ge__(self, other: Any) -> Tri:
        return _known(self.values >= self._limit(other, True), self._null_with(other))

    def __lt__(self, other: Any) -> Tri:
        return ~self.__ge__(other)

    def __gt__(self, other: Any) -> Tri:
        return _known(self.values > self._limit(other, False), self._null_with(other))

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
        if isinstance(other, DecimalCol):
            # A threshold per row (FR-01 by dependants): the limit of each distinct value.
            lut = np.array(
                [0 if v is None else self._limit(v, up) for v in other.values] + [0], np.int64
            )
            return lut.take(other.codes)
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
    if hasattr(v, "records_null"):
        out_: Bools = v.records_null
        return out_
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

    __slots__ = ("concerns", "missing", "review_rows", "rule", "severity", "state")

    def __init__(
        self,
        rule: str,
        severity: str,
        state: Any,
        missing: tuple[Any, ...],
        concerns: Bools | None = None,
    ):
        self.rule = rule
        self.severity = severity
        self.state = state  # True, False, None or a Tri over the leaf
        self.missing = missing  # (name, rows where it counts as missing or None for all)
        self.concerns = concerns  # the records (members) a failure concerns; None: all
        self.review_rows: Bools | None = None  # rows where a blocking failure weighs as review


class ChoiceRecord:
    __slots__ = ("name", "position", "pv", "rule")

    def __init__(self, name: str, pv: ParameterValue, position: int, rule: str) -> None:
        self.name = name
        self.pv = pv
        self.position = position
        self.rule = rule


class ColumnKernel:
    __slots__ = (
        "choices",
        "ctx",
        "day",
        "each_done",
        "error",
        "memo",
        "n",
        "rb",
        "records",
        "rows",
        "world",
    )

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
        #: The record passes (``Members.each``) this run completed, in order, and those of
        #: the run this leaf split from with this leaf's rows in it: a leaf re-runs the
        #: procedure from the start, and takes the passes before the split from its parent.
        self.each_done: list[Any] = []
        self.memo: tuple[list[Any], Idx | None] | None = None

    # --- branching -------------------------------------------------------------------------
    def value(self, v: Any) -> Any:
        if isinstance(v, EnumCol):
            codes = v.codes
            first = int(codes[0])
            if (codes == first).all():
                return v.labels[first] if first >= 0 else None
            # The distinct codes in ascending order, counted instead of sorted.
            low = int(codes.min())
            distinct = np.flatnonzero(np.bincount(codes.astype(np.intp) - low)) + low
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

    def isin(self, v: Any, options: Iterable[Any]) -> Any:
        if isinstance(v, EnumCol):
            hit = np.zeros(len(v.codes), bool)
            for o in options:
                if o in v.labels:
                    hit |= v.codes == v.labels.index(o)
            return _known(hit, v.codes < 0)
        return None if v is None else v in options

    @staticmethod
    def not3(v: Any) -> Any:
        if isinstance(v, Tri):
            return ~v
        return None if v is None else not v

    def otherwise(self, v: Any, default: bool) -> Any:
        """Three-valued ``v`` with its unknown rows read as ``default`` (a fact that, not
        given, counts as false: ``accompanying``)."""
        if isinstance(v, Tri):
            u = v.unknown
            return Tri(v.t | u, v.f) if default else Tri(v.t, v.f | u)
        return default if v is None else v

    def recode(self, v: Any, true: bool | None, false: bool | None, unknown: bool | None) -> Any:
        """Each state of the three-valued ``v`` mapped to another (False → None: a failure
        the seeds leave open)."""
        if not isinstance(v, Tri):
            return true if v is True else false if v is False else unknown
        parts = ((v.t, true), (v.f, false), (v.unknown, unknown))
        t = np.zeros(self.n, bool)
        f = np.zeros(self.n, bool)
        for mask, to in parts:
            if to is True:
                t |= mask
            elif to is False:
                f |= mask
        return Tri(t, f)

    @staticmethod
    def ifgiven(v: Any, fn: Callable[[Any], Any]) -> Any:
        """``fn(v)``, unknown where ``v`` is not given (columns carry their nulls)."""
        if v is None:
            return None
        return fn(v)

    @staticmethod
    def trace(fn: Callable[[], Any]) -> Any:
        """What only the per-case trace shows: not computed over columns."""
        return None

    def map(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn`` of the arguments' values (a threshold by dependants and date), computed once
        per distinct combination; the result is a decimal column (None where an argument is
        not given). Rows whose value needs a parameter that may not be applied are split off."""
        if not any(isinstance(a, Col) for a in args):
            return None if any(a is None for a in args) else fn(*args)
        key = np.zeros(self.n, np.int64)
        null = np.zeros(self.n, bool)
        decoders: list[tuple[int, Callable[[int], Any]]] = []
        for a in args:
            codes, values, decode = _distinct_values(a, self.n)
            null |= codes < 0
            radix = len(values) + 1
            key = key * radix + (codes + 1)
            decoders.append((radix, decode))
        distinct, inverse = np.unique(key, return_inverse=True)
        inverse = inverse.ravel().astype(np.intp)
        results: list[Any] = []
        refused = np.zeros(len(distinct), bool)
        first: ParameterNotApplicable | None = None
        for j, combined in enumerate(distinct.tolist()):
            parts: list[Any] = []
            for radix, decode in reversed(decoders):
                combined, code = divmod(combined, radix)
                parts.append(None if code == 0 else decode(code - 1))
            parts.reverse()
            if any(p is None for p in parts):
                results.append(None)
                continue
            try:
                results.append(fn(*parts))
            except ParameterNotApplicable as exc:
                refused[j] = True
                first = first or exc
                results.append(None)
        if first is not None:
            rows = refused.take(inverse)
            if rows.all():
                raise first
            raise Split([rows, ~rows])
        codes = np.where(null, -1, inverse).astype(np.intp)
        return DecimalCol(codes, results)

    def add_months(self, day: Any, months: int, field: str) -> Any:
        if not isinstance(day, DateCol):
            from passage.rules.procedures.common import add_months

            return add_months(day, months, field)
        ends, overflow = add_months_days(day.values, months)
        hit = np.flatnonzero(overflow & ~day.null)
        if len(hit):
            raise self.error(field, int(self.rows[hit[0]]), "is too far in the future")
        return DateCol(np.where(day.null, 0, ends), day.null)

    # --- records (family members) ---------------------------------------------------------
    def members(self, v: Any) -> Any:
        """The records of a ``records`` fact over this leaf (see ``kernel.members``)."""
        from passage.rules.kernel.members import ColumnMembers

        return None if v is None else ColumnMembers(self, v)

    @staticmethod
    def refused(members: Any) -> Any:
        """Per record: some blocking failure recorded so far concerns it."""
        return members.refused()

    def any_blocking(self) -> Any:
        """Rows with a blocking failure among the checks recorded so far."""
        from passage.rules.kernel.members import Composite

        hit = np.zeros(self.n, bool)
        for r in self.records:
            if isinstance(r, Composite):
                hit |= r.blocking
            elif r.severity == "blocking":
                hit |= _states_of(r.state, self.n)[0]
        return Tri(hit, ~hit)

    def reweigh(self, flag: str, where: Any = True) -> None:
        """Blocking failures recorded so far weigh as review (fr_member_outcomes), on the
        rows ``where`` (a mask, or every row): row-wise, so the rows need not split."""
        from passage.rules.kernel.members import Composite

        rows = where if isinstance(where, np.ndarray) else np.full(self.n, bool(where))
        if not rows.any():
            return
        for r in self.records:
            if isinstance(r, Composite):
                r.review = r.review | (r.blocking & rows)
                r.blocking = r.blocking & ~rows
            elif r.severity == "blocking":
                if rows.all():
                    r.severity = "review"
                else:
                    before = r.review_rows
                    r.review_rows = rows if before is None else (before | rows)

    @staticmethod
    def rows_where(v: Any) -> Any:
        """The rows where the three-valued ``v`` is true (a mask; a bool for a scalar)."""
        if isinstance(v, Tri):
            return v.t
        return v is True

    @staticmethod
    def anywhere(rows: Any) -> bool:
        return bool(rows.any()) if isinstance(rows, np.ndarray) else bool(rows)

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
        missing: Iterable[Any] = (),
        concerns: Any = None,
        **details: Any,
    ) -> None:
        self._record(rule, severity, passed, missing, concerns)

    def check_given(
        self,
        rule: Rule,
        needs: Mapping[str, Any],
        passed: Callable[[], Any],
        key: Any,
        **details: Any,
    ) -> None:
        """The scalar ``check_given`` row-wise: undecided where a needed fact is absent (a
        comparison with a null is unknown), naming it there; no split."""
        missing: list[Any] = []
        absent_any: Any = False
        for name, v in needs.items():
            absent = self.absent(v)
            missing.append((name, absent))
            absent_any = absent_any | absent
        if absent_any is True or (isinstance(absent_any, np.ndarray) and absent_any.all()):
            self.missing_facts(
                rule,
                *needs,
                severity=details.get("severity"),
                concerns=details.get("concerns"),
            )
            return
        state = passed()
        if isinstance(absent_any, np.ndarray) and absent_any.any():
            t = as_tri(state, self.n)
            state = Tri(t.t & ~absent_any, t.f & ~absent_any)
        self.check(
            rule,
            state,
            key,
            severity=details.get("severity"),
            missing=[*details.get("missing", ()), *missing],
            concerns=details.get("concerns"),
        )

    def missing_facts(
        self, rule: Rule, *facts: Any, severity: str | None = None, concerns: Any = None
    ) -> None:
        self._record(rule, severity, None, facts, concerns)

    def _record(
        self, rule: Rule, severity: str | None, state: Any, missing: Iterable[Any], concerns: Any
    ) -> None:
        """Names, or (name, rows) pairs, of the facts that could still decide the check."""
        entries = tuple(
            (m, None) if isinstance(m, str) else (m[0], _mask(m[1], self.n)) for m in missing
        )
        self.records.append(
            Record(
                rule.id,
                severity or rule.severity,
                state,
                tuple(e for e in entries if e[1] is not False),
                None if concerns is None else concerns.mask,
            )
        )


def _states_of(s: Any, n: int) -> tuple[Bools, Bools]:
    """(failed, undecided) masks of a three-valued state over ``n`` rows."""
    if isinstance(s, Tri):
        return s.f, s.unknown
    if s is True:
        return np.zeros(n, bool), np.zeros(n, bool)
    if s is False:
        return np.ones(n, bool), np.zeros(n, bool)
    return np.zeros(n, bool), np.ones(n, bool)


def _distinct_values(a: Any, n: int) -> tuple[Idx, list[Any], Callable[[int], Any]]:
    """Codes (-1 not given) into the distinct values of an argument of ``k.map``."""
    if not isinstance(a, Col):
        return np.zeros(n, np.intp), [a], lambda i: a
    if isinstance(a, EnumCol):
        return a.codes.astype(np.intp), list(a.labels), lambda i: a.labels[i]
    if isinstance(a, DecimalCol):
        return a.codes, list(a.values), lambda i: a.values[i]
    if isinstance(a, IntCol | DateCol):
        values, inverse = np.unique(np.where(a.null, 0, a.values), return_inverse=True)
        codes = np.where(a.null, -1, inverse.ravel()).astype(np.intp)
        py = values.tolist()
        if isinstance(a, DateCol):
            return codes, py, lambda i: dt.date.fromordinal(py[i] + _EPOCH)
        return codes, py, lambda i: py[i]
    raise TypeError(f"k.map of {type(a).__name__}")


# --- civil dates on epoch days (the proleptic Gregorian calendar, as datetime.date) --------

_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def civil(days: I64) -> tuple[I64, I64, I64]:
    """Epoch days to (year, month, day) (Howard Hinnant's algorithm, vectorised)."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return y + (m <= 2), m, d


def from_civil(year: I64, month: I64, day: I64) -> I64:
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(month > 2, month - 3, month + 9)
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: I64 = era * 146097 + doe - 719468
    return out


def add_months_days(days: I64, months: int) -> tuple[I64, Bools]:
    """``procedures.common.add_months`` on epoch days: the same day ``months`` later, clamped
    to the month's end; also the rows whose result would pass the year 9999."""
    year, month, day = civil(days)
    index = month - 1 + months
    year = year + index // 12
    month = index % 12 + 1
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _MONTH_DAYS.take(month) + ((month == 2) & leap)
    overflow: Bools = year > 9999
    return from_civil(year, month, np.minimum(day, last)), overflow


def group_codes(keys: npt.NDArray[Any]) -> tuple[list[int], Idx]:
    """The distinct values of ``keys`` (ascending) and each row's index into them: what the
    fold groups rows by."""
    n = len(keys)
    if n == 0:
        return [], np.zeros(0, np.intp)
    first = keys[0]
    if (keys == first).all():
        return [int(first)], np.zeros(n, np.intp)
    low, high = int(keys.min()), int(keys.max())
    if high - low <= max(n, 1 << 16):
        # A short range: a look-up table instead of a sort.
        shifted = keys - low if low else keys
        present = np.zeros(high - low + 1, bool)
        present[shifted] = True
        distinct = np.flatnonzero(present)
        lut = np.cumsum(present, dtype=np.intp) - 1
        return (distinct + low).tolist(), lut.take(shifted)
    found, inverse = np.unique(keys, return_inverse=True)
    return found.tolist(), np.asarray(inverse, np.intp).ravel()


def _mask(cond: Any, n: int) -> Any:
    """None (every row), False (no row) or a mask."""
    if isinstance(cond, np.ndarray):
        if cond.all():
            return None
        return cond if cond.any() else False
    return None if cond else False


def ceil_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_CEILING))
