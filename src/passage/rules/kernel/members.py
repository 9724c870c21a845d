# SPDX-License-Identifier: EUPL-1.2
"""Records of a case (family members) on both backends, so that a rule over them is written once.

``ms = k.members(x.family_members)`` gives the case's records (None when the fact is not
given). On one case they are the record objects; over columns they are an exploded table of
the leaf's records with each record's owner (its row in the leaf) and position. The same
calls work on both:

- ``ms.each(fn)`` runs ``fn(k, m)`` per record: its checks are per record in the trace
  (``failed_rules`` repeats a rule once per member, as the per-case engine always did) and
  the facts they miss are named after the record (``family_members[1].age``);
- ``ms.every(fn)``, ``ms.some(fn)``, ``ms.count(fn)``: three-valued reductions to the case
  of ``fn(k, m)`` (or of a per-record value such as ``k.refused(ms)``);
- ``ms.subset(fn)``: the records for which ``fn`` holds, for ``concerns=`` (which members a
  check's failure refuses) and ``ms.fields_of``; ``ms.lacking(name)``: the records' facts
  not given, for ``missing=``.

Over columns, ``each`` runs ``fn`` over the leaf's records with the same splitting as the
case-level runner, folds each record's checks as ``kernel.run.conclude`` does, and records
one ``Composite`` per call: per case row, whether some record refuses, doubts or lacks a
fact, and the concatenation of the records' failed rules and missing facts in record order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from passage.rules.kernel.columns import (
    ChoiceRecord,
    Col,
    ColumnKernel,
    Split,
    Tri,
    _states_of,
    as_tri,
    group_codes,
)
from passage.rules.kernel.facts import FactSheet
from passage.rules.kernel.scalar import tri_and, tri_or
from passage.rules.parameters import ParameterNotApplicable

Bools = npt.NDArray[np.bool_]
Idx = npt.NDArray[np.intp]
I64 = npt.NDArray[np.int64]


# --- one case -----------------------------------------------------------------------------


class ScalarMembers:
    __slots__ = ("items", "k")

    def __init__(self, k: Any, items: tuple[Any, ...]) -> None:
        self.k = k
        self.items = items

    def _values(self, fn: Any) -> list[Any]:
        if isinstance(fn, frozenset | set):
            return [m.field in fn for m in self.items]
        return [fn(self.k, m) for m in self.items]

    def each(self, fn: Callable[[Any, Any], None]) -> None:
        k = self.k
        outer = k.member
        try:
            for m in self.items:
                k.member = m
                fn(k, m)
        finally:
            k.member = outer

    def every(self, fn: Any) -> bool | None:
        return tri_and(*self._values(fn))

    def some(self, fn: Any) -> bool | None:
        return tri_or(*self._values(fn))

    def count(self, fn: Any = None) -> int:
        if fn is None:
            return len(self.items)
        return sum(1 for v in self._values(fn) if v is True)

    def subset(self, fn: Any) -> ScalarMembers:
        return ScalarMembers(
            self.k, tuple(m for m, v in zip(self.items, self._values(fn), strict=True) if v is True)
        )

    @property
    def fields(self) -> list[str]:
        return [m.field for m in self.items]

    def lacking(self, name: str, fn: Any = None) -> list[str]:
        """``family_members[i].name`` for the records (where ``fn`` holds) not giving it."""
        keep = [True] * len(self.items) if fn is None else self._values(fn)
        return [
            f"{m.field}.{name}"
            for m, v in zip(self.items, keep, strict=True)
            if v is True and getattr(m, name) is None
        ]


# --- columns --------------------------------------------------------------------------------


class RecordsCol(Col):
    """A ``records`` fact over rows: per row its records' span in an exploded table."""

    __slots__ = ("base", "lengths", "member_idx", "name", "records_null", "sheet", "starts")

    def __init__(
        self,
        name: str,
        sheet: FactSheet,
        base: Mapping[str, Any],
        member_idx: Idx,
        starts: I64,
        lengths: I64,
        null: Bools,
    ) -> None:
        self.name = name
        self.sheet = sheet
        self.base = base  # the chunk's member columns
        self.member_idx = member_idx  # this level's records, as indices into ``base``
        self.starts = starts  # per row, its first record in ``member_idx``
        self.lengths = lengths
        self.records_null = null

    def take(self, rows: Idx) -> RecordsCol:
        lengths = self.lengths[rows]
        total = int(lengths.sum())
        first = np.repeat(self.starts[rows], lengths)
        begin = np.cumsum(lengths) - lengths
        within = np.arange(total, dtype=np.int64) - np.repeat(begin, lengths)
        idx = self.member_idx[first + within]
        return RecordsCol(
            self.name, self.sheet, self.base, idx, begin, lengths, self.records_null[rows]
        )

    @property
    def owner(self) -> Idx:
        out: Idx = np.repeat(np.arange(len(self.lengths), dtype=np.intp), self.lengths)
        return out

    @property
    def position(self) -> I64:
        begin = np.cumsum(self.lengths) - self.lengths
        out: I64 = np.arange(int(self.lengths.sum()), dtype=np.int64) - np.repeat(
            begin, self.lengths
        )
        return out


class _MemberFacts:
    """A member leaf's facts: the chunk's member columns at its records."""

    __slots__ = ("_cache", "_idx", "_source")

    def __init__(self, source: Mapping[str, Any], idx: Idx) -> None:
        self._source = source
        self._idx = idx
        self._cache: dict[str, Any] = {}

    field = None  # only the per-case trace names a member
    index = None

    def __getattr__(self, name: str) -> Any:
        from passage.rules.kernel.fold import take

        try:
            return self._cache[name]
        except KeyError:
            pass
        v = take(self._source[name], self._idx)
        self._cache[name] = v
        return v


class _NoSplit(ColumnKernel):
    """A member kernel for reductions: a branch there has no place to split."""

    __slots__ = ()


class Composite:
    """The checks of one ``each`` call, per case row of the leaf (see the module doc)."""

    __slots__ = (
        "blocking",
        "keys",
        "lacking",
        "member_blocking",
        "member_names",
        "member_rules",
        "name",
        "review",
        "rule",
        "severity",
        "table",
    )

    def __init__(self, rule: str, name: str) -> None:
        self.rule = rule
        self.severity = "composite"
        self.name = name
        self.blocking: Bools = np.zeros(0, bool)
        self.review: Bools = np.zeros(0, bool)
        self.lacking: Bools = np.zeros(0, bool)
        self.member_blocking: Bools = np.zeros(0, bool)
        self.keys: I64 = np.zeros(0, np.int64)
        self.table: list[tuple[tuple[int, int, int], ...]] = [()]
        self.member_rules: list[tuple[str, ...]] = [()]
        self.member_names: list[tuple[str, ...]] = [()]

    def subset(self, local: Idx | slice, members: Bools | slice) -> Composite:
        """The same pass for some of the leaf's cases (``local``) and their records."""
        out = Composite(self.rule, self.name)
        out.blocking = self.blocking[local]
        out.review = self.review[local]
        out.lacking = self.lacking[local]
        out.keys = self.keys[local]
        out.member_blocking = self.member_blocking[members]
        out.table = self.table
        out.member_rules = self.member_rules
        out.member_names = self.member_names
        return out

    @property
    def state(self) -> Tri:
        # For the comparisons under open choices: failed where a record refuses.
        doubt = self.review | self.lacking
        return Tri(~self.blocking & ~doubt, self.blocking)

    def rules(self, key: int) -> tuple[str, ...]:
        out: list[str] = []
        for _, f, _m in self.table[key]:
            out.extend(self.member_rules[f])
        return tuple(out)

    def names(self, key: int) -> tuple[str, ...]:
        out: list[str] = []
        for p, _f, m in self.table[key]:
            out.extend(f"{self.name}[{p}].{n}" for n in self.member_names[m])
        return tuple(out)


class ColumnMembers:
    __slots__ = ("_all", "col", "k", "owner", "position")

    def __init__(self, k: ColumnKernel, col: RecordsCol) -> None:
        self.k = k
        self.col = col
        self.owner = col.owner
        self.position = col.position
        self._all: _MemberFacts | None = None

    @property
    def count_members(self) -> int:
        return len(self.owner)

    def _facts(self) -> _MemberFacts:
        if self._all is None:
            self._all = _MemberFacts(self.col.base, self.col.member_idx)
        return self._all

    def _error(self, field: str, row: int, message: str) -> Any:
        k = self.k
        owner = int(self.owner[row])
        return k.error(
            f"{self.col.name}[{int(self.position[row])}].{field}", int(k.rows[owner]), message
        )

    def _value(self, fn: Any) -> Tri:
        """A per-record three-valued value over all the leaf's records."""
        m = len(self.owner)
        if isinstance(fn, np.ndarray):
            return Tri(fn, ~fn)
        mk = _NoSplit(self.k.ctx, np.arange(m, dtype=np.intp), self._error, self.k.world)
        try:
            v = fn(mk, self._facts())
        except Split:
            raise TypeError("a reduction over records cannot branch: compute it") from None
        return as_tri(v, m)

    def _any(self, mask: Bools) -> Bools:
        out: Bools = np.bincount(self.owner[mask], minlength=self.k.n) > 0
        return out

    def every(self, fn: Any) -> Tri:
        v = self._value(fn)
        false = self._any(v.f)
        unknown = self._any(v.unknown) & ~false
        return Tri(~false & ~unknown, false)

    def some(self, fn: Any) -> Tri:
        v = self._value(fn)
        true = self._any(v.t)
        unknown = self._any(v.unknown) & ~true
        return Tri(true, ~true & ~unknown)

    def count(self, fn: Any = None) -> Any:
        from passage.rules.kernel.columns import IntCol

        if fn is None:
            counts = self.col.lengths.astype(np.int64)
        else:
            v = self._value(fn)
            counts = np.bincount(self.owner[v.t], minlength=self.k.n).astype(np.int64)
        return IntCol(counts, np.zeros(self.k.n, bool))

    def subset(self, fn: Any) -> _Subset:
        return _Subset(self._value(fn).t)

    fields = None  # the trace's lists of members: per case only

    def lacking(self, name: str, fn: Any = None) -> list[tuple[str, Bools]]:
        """Per position, the rows whose record there (where ``fn`` holds) does not give it."""
        null = getattr(self._facts(), name)
        from passage.rules.kernel.columns import _null_of

        absent = _null_of(null)
        if absent is None:
            return []
        if fn is not None:
            absent = absent & self._value(fn).t
        out: list[tuple[str, Bools]] = []
        where = np.flatnonzero(absent)
        if not len(where):
            return out
        positions = self.position[where]
        for p in np.flatnonzero(np.bincount(positions)).tolist():
            rows = np.zeros(self.k.n, bool)
            rows[self.owner[where[positions == p]]] = True
            out.append((f"{self.col.name}[{p}].{name}", rows))
        return out

    def refused(self) -> Bools:
        """Per record: some blocking failure recorded so far concerns it."""
        k = self.k
        out = np.zeros(len(self.owner), bool)
        for r in k.records:
            if isinstance(r, Composite):
                if len(r.member_blocking) == len(out):
                    out |= r.member_blocking
            elif r.severity == "blocking":
                failed = _states_of(r.state, k.n)[0]
                if not failed.any():
                    continue
                spread = failed.take(self.owner)
                out |= spread if r.concerns is None else spread & r.concerns
        return out

    def each(self, fn: Callable[[Any, Any], None]) -> None:
        from passage.rules.kernel.fold import Interned, fold_leaf

        k = self.k
        ordinal = len(k.each_done)
        if k.memo is not None and ordinal < len(k.memo[0]):
            # The run this leaf split from made this pass already: take this leaf's part.
            done, owner, choices = k.memo[0][ordinal]
            local = k.memo[1]
            if local is None:  # the same rows (a leaf run again under another reading)
                child = done.subset(slice(None), slice(None))
            else:
                # The records whose owner is among this leaf's rows (a mask, not a sort).
                size = max(int(owner.max()) if len(owner) else 0, int(local.max())) + 1
                kept = np.zeros(size, bool)
                kept[local] = True
                child = done.subset(local, kept.take(owner))
            for name, c in choices.items():
                k.choices.setdefault(name, ChoiceRecord(name, c.pv, len(k.records), c.rule))
            k.records.append(child)
            k.each_done.append((child, self.owner, choices))
            return
        pass_choices: dict[str, Any] = {}
        m = len(self.owner)
        composite = Composite(f"{self.col.name}:{len(k.records)}", self.col.name)
        rules, names = Interned(), Interned()
        out_blocking = np.zeros(m, bool)
        out_review = np.zeros(m, bool)
        out_lacking = np.zeros(m, bool)
        fcodes = np.zeros(m, np.int64)
        mcodes = np.zeros(m, np.int64)
        stack = [np.arange(m, dtype=np.intp)]
        while stack:
            idx = stack.pop()
            mk = ColumnKernel(k.ctx, idx, self._error, k.world)
            mx = _MemberFacts(self.col.base, self.col.member_idx[idx])
            try:
                fn(mk, mx)
            except Split as split:
                stack.extend(idx[part] for part in reversed(split.parts) if part.any())
                continue
            except ParameterNotApplicable:
                # The cases whose records need the parameter: the whole case is then for a
                # caseworker, as on one case; the others go on.
                owners = np.zeros(k.n, bool)
                owners[self.owner[idx]] = True
                if owners.all():
                    raise
                raise Split([owners, ~owners]) from None
            for name, c in mk.choices.items():
                k.choices.setdefault(name, ChoiceRecord(name, c.pv, len(k.records), c.rule))
                pass_choices.setdefault(name, c)
            folded = fold_leaf(
                mk.records, len(idx), self.col.sheet, rules, names, keep_missing=True
            )
            out_blocking[idx] = folded.blocking
            out_review[idx] = folded.review
            out_lacking[idx] = folded.lacking
            fcodes[idx] = folded.failed
            mcodes[idx] = folded.missing
        composite.member_rules = rules.lists
        composite.member_names = names.lists
        composite.member_blocking = out_blocking
        composite.blocking = self._any(out_blocking)
        composite.review = self._any(out_review)
        composite.lacking = self._any(out_lacking)
        # Per case, the (position, failed-list, missing-list) of its records that have any,
        # in record order: each position extends the case's key (distinct keys, few).
        radix = max(len(names.lists), 1)
        pair = fcodes * radix + mcodes
        keys = np.zeros(k.n, np.int64)
        table: list[tuple[tuple[int, int, int], ...]] = [()]
        hit = np.flatnonzero(pair)
        if len(hit):
            positions = self.position[hit]
            # Position by position, in record order (a key is the path of its records').
            for p in np.flatnonzero(np.bincount(positions)).tolist():
                at = hit[positions == p]
                rows = self.owner[at]
                combined = keys[rows] * (len(rules.lists) * radix) + pair[at]
                distinct, inverse = group_codes(combined)
                base = len(table)
                for v in distinct:
                    old, code = divmod(v, len(rules.lists) * radix)
                    f, mm = divmod(code, radix)
                    table.append((*table[old], (p, f, mm)))
                keys[rows] = base + inverse
        composite.keys = keys
        composite.table = table
        k.records.append(composite)  # type: ignore[arg-type]
        k.each_done.append((composite, self.owner, pass_choices))


class _Subset:
    """Some records of the leaf (a per-record mask), for ``concerns=``."""

    __slots__ = ("mask",)

    def __init__(self, mask: Bools) -> None:
        self.mask = mask

    fields = None
