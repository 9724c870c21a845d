# SPDX-License-Identifier: EUPL-1.2
"""Running a procedure over columns and folding its checks into per-row answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from passage.rules.errors import InputError
from passage.rules.kernel import columns as kc
from passage.rules.kernel.choices import open_choices
from passage.rules.kernel.columns import (
    Col,
    ColumnKernel,
    Record,
    Split,
    Tri,
    group_codes,
)
from passage.rules.kernel.facts import FactSheet
from passage.rules.parameters import ParameterNotApplicable

Bools = npt.NDArray[np.bool_]
Idx = npt.NDArray[np.intp]

#: Codes of the outcome column.
OUTCOMES = ("eligible", "not_eligible", "needs_review", "incomplete")
_NOT_ELIGIBLE, _REVIEW, _INCOMPLETE = 1, 2, 3


class LeafFacts:
    """The facts of a leaf: chunk columns taken at the leaf's rows when first read."""

    __slots__ = ("_cache", "_local", "_parent", "_rows", "_source", "_whole")

    def __init__(
        self,
        source: Mapping[str, Any],
        rows: Idx,
        whole: bool,
        parent: Mapping[str, Any] | None = None,
        local: Idx | None = None,
    ) -> None:
        self._source = source
        self._rows = rows
        self._whole = whole
        # A split leaf takes what its parent already took, at its own positions there: the
        # arrays shrink down the tree instead of being taken from the chunk each time.
        self._parent = parent
        self._local = local
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._cache[name]
        except KeyError:
            pass
        parent = self._parent
        if parent is not None and name in parent:
            v = parent[name]
            if isinstance(v, Col) and self._local is not None:
                v = take(v, self._local)
        else:
            v = self._source[name]
            if not self._whole and isinstance(v, Col):
                v = take(v, self._rows)
        self._cache[name] = v
        return v


def take(v: Any, rows: Idx) -> Any:
    taker = _TAKERS.get(type(v))
    if taker is not None:
        return taker(v, rows)
    if hasattr(v, "records_null"):
        return v.take(rows)
    raise TypeError(type(v).__name__)


def _take_tri(v: Tri, rows: Idx) -> Tri:
    return Tri(v.t[rows], v.f[rows])


def _take_enum(v: Any, rows: Idx) -> Any:
    return kc.EnumCol(v.codes[rows], v.labels)


def _take_null(null: Bools, rows: Idx) -> Bools:
    """``null[rows]``; a shared read-only view of zeros when nothing is null (often: a
    leaf's facts are given more often than not), instead of a gather."""
    if null.base is _ZEROS[0] or not null.any():
        return _zeros(len(rows))
    out: Bools = null[rows]
    return out


_ZEROS: list[Bools] = [np.zeros(0, bool)]


def _zeros(n: int) -> Bools:
    if len(_ZEROS[0]) < n:
        buffer = np.zeros(max(n, 1 << 20), bool)
        buffer.flags.writeable = False  # shared: an in-place write would be a bug
        _ZEROS[0] = buffer
    return _ZEROS[0][:n]


def _take_money(v: Any, rows: Idx) -> Any:
    return kc.MoneyCol(v.values[rows], _take_null(v.null, rows), v.factor)


def _take_ordered(v: Any, rows: Idx) -> Any:
    return type(v)(v.values[rows], _take_null(v.null, rows))


def _take_text(v: Any, rows: Idx) -> Any:
    return kc.TextCol(v.codes[rows], v.values)


def _take_decimal(v: Any, rows: Idx) -> Any:
    return kc.DecimalCol(v.codes[rows], v.values)


# By exact type: a dict look-up instead of a chain of isinstance (a leaf takes each column
# it reads; tens of thousands of takes per chunk).
_TAKERS: dict[type, Callable[[Any, Idx], Any]] = {
    Tri: _take_tri,
    kc.EnumCol: _take_enum,
    kc.MoneyCol: _take_money,
    kc.IntCol: _take_ordered,
    kc.DateCol: _take_ordered,
    kc.TextCol: _take_text,
    kc.DecimalCol: _take_decimal,
}


class Leaf:
    __slots__ = ("choices", "facts", "passes", "records", "rows")

    def __init__(
        self,
        rows: Idx,
        records: list[Record],
        choices: dict[str, Any],
        facts: Mapping[str, Any] | None = None,
        passes: list[Any] | None = None,
    ) -> None:
        self.rows = rows
        self.records = records
        self.choices = choices
        self.facts = facts  # the columns the run took, at the leaf's rows
        self.passes = passes or []  # its record passes (``Members.each``), in order


def run_leaves(
    run: Callable[[Any, Any], None],
    ctx: Any,
    source: Mapping[str, Any],
    rows: Idx | list[Idx],
    error: Callable[[str, int, str], InputError],
    n_chunk: int,
    not_applicable: Callable[[ParameterNotApplicable], Record],
    world: Mapping[str, Any] | None = None,
    seed: Mapping[str, Any] | None = None,
    passes: list[Any] | None = None,
) -> list[Leaf]:
    """Run ``run`` over ``rows`` (indices into the chunk, or a list of groups of them, each
    run on its own), splitting wherever rows disagree;
    ``seed`` holds columns already taken at exactly these rows (a leaf run again), and
    ``passes`` the record passes its first run made before the reading changes."""
    leaves: list[Leaf] = []
    roots = rows if isinstance(rows, list) else [rows]
    stack: list[tuple[Idx, Mapping[str, Any] | None, Idx | None, list[Any] | None]] = [
        (r, seed, None, passes) for r in reversed(roots)
    ]
    while stack:
        idx, parent, local, memo = stack.pop()
        k = ColumnKernel(ctx, idx, error, world)
        if memo:
            k.memo = (memo, local)
        x = LeafFacts(source, idx, len(idx) == n_chunk, parent, local)
        try:
            run(k, x)
        except Split as split:
            cache = x._cache
            for part in reversed(split.parts):
                at = np.flatnonzero(part)
                if len(at):
                    stack.append((idx[at], cache, at, k.each_done))
            continue
        except ParameterNotApplicable as exc:
            leaves.append(Leaf(idx, [not_applicable(exc)], {}))
            continue
        leaves.append(Leaf(idx, k.records, k.choices, x._cache, k.each_done))
    return leaves


def _states(record: Any, n: int) -> tuple[Bools, Bools]:
    """(failed, undecided) masks of a record over its leaf."""
    s = record.state
    if isinstance(s, Tri):
        return s.f, s.unknown
    if s is True:
        return np.zeros(n, bool), np.zeros(n, bool)
    if s is False:
        return np.ones(n, bool), np.zeros(n, bool)
    return np.zeros(n, bool), np.ones(n, bool)


class Folded:
    """Per leaf row: outcome code and the codes of its failed-rules and missing-facts lists."""

    __slots__ = ("blocking", "failed", "lacking", "missing", "outcome", "review")

    def __init__(self, n: int) -> None:
        self.outcome = np.zeros(n, np.int8)
        self.failed = np.zeros(n, np.int32)
        self.missing = np.zeros(n, np.int32)
        # What the outcome is made of, for records folded into their case (kernel.members).
        self.blocking = np.zeros(n, bool)
        self.review = np.zeros(n, bool)
        self.lacking = np.zeros(n, bool)


class Interned:
    """Distinct lists, each stored once (a chunk has a handful)."""

    def __init__(self) -> None:
        self.lists: list[tuple[str, ...]] = [()]
        self._index: dict[tuple[str, ...], int] = {(): 0}

    def code(self, items: tuple[str, ...]) -> int:
        found = self._index.get(items)
        if found is None:
            found = self._index[items] = len(self.lists)
            self.lists.append(items)
        return found


def fold_leaf(
    records: Sequence[Record],
    n: int,
    sheet: FactSheet,
    rules: Interned,
    facts: Interned,
    demoted: Sequence[Bools | None] | None = None,
    keep_missing: bool = False,
) -> Folded:
    """``kernel.run.conclude`` for every row of a leaf; ``demoted[j]`` marks the rows for
    which record ``j`` counts as info (an open choice's readings do not share it).
    ``keep_missing`` keeps the missing facts of refused rows (a member's, whose refusal may
    yet weigh as review: fr_member_outcomes)."""
    from passage.rules.kernel.members import Composite

    if any(isinstance(r, Composite) for r in records):
        return _fold_segments(records, n, sheet, rules, facts, demoted, keep_missing)
    out = Folded(n)
    blocking = np.zeros(n, bool)
    review = np.zeros(n, bool)
    lacking = np.zeros(n, bool)
    fkey = np.zeros(n, np.int64)
    mkey = np.zeros(n, np.int64)
    counted_rules: list[int] = []
    missing_bits: list[str] = []
    for j, r in enumerate(records):
        if r.severity == "info" or r.state is True:
            continue  # (a passed check adds nothing to any row)
        failed, undecided, refuses, doubts = _weigh(r, n, None if demoted is None else demoted[j])
        blocking |= refuses
        review |= doubts
        counted = failed | undecided
        # Bits only for the checks and facts that count on some row: short keys.
        if counted.any():
            if len(counted_rules) == 31:
                return _fold_segments(records, n, sheet, rules, facts, demoted, keep_missing)
            fkey |= counted.astype(np.int64) << len(counted_rules)
            counted_rules.append(j)
        for name, where in r.missing:
            short = undecided if where is None else undecided & where
            if short.any():
                if len(missing_bits) == 32:
                    return _fold_segments(records, n, sheet, rules, facts, demoted, keep_missing)
                lacking |= short
                mkey |= short.astype(np.int64) << len(missing_bits)
                missing_bits.append(name)
    outcome = np.where(
        blocking, _NOT_ELIGIBLE, np.where(lacking, _INCOMPLETE, np.where(review, _REVIEW, 0))
    ).astype(np.int8)
    if not keep_missing:
        mkey = np.where(blocking, 0, mkey)
    out.blocking, out.review, out.lacking = blocking, review, lacking
    out.outcome = outcome
    combined = fkey | (mkey << 31)
    signature = (
        tuple(records[j].rule for j in counted_rules),
        tuple(missing_bits),
        sheet.procedure,
    )
    if n == 0:
        keys, inverse = [0], np.zeros(0, np.intp)
    else:
        # Usually one key for the whole leaf once its branches are uniform.
        keys, inverse = group_codes(combined)
    fcodes = np.zeros(len(keys), np.int32)
    mcodes = np.zeros(len(keys), np.int32)
    for i, key in enumerate(keys):
        failed_rules, missing_facts = _decoded(signature, key, sheet)
        fcodes[i] = rules.code(failed_rules)
        mcodes[i] = facts.code(missing_facts)
    out.failed = np.asarray(fcodes.take(inverse), np.int32)
    out.missing = np.asarray(mcodes.take(inverse), np.int32)
    return out


_DECODED: dict[tuple[Any, int], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _decoded(
    signature: tuple[tuple[str, ...], tuple[str, ...], str], key: int, sheet: FactSheet
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A leaf key as its failed rules and (ordered) missing facts, memoised: leaves of the
    same shape recur in every chunk, date and member pass."""
    found = _DECODED.get((signature, key))
    if found is None:
        rule_ids, missing_bits, _ = signature
        f, m = key & ((1 << 31) - 1), key >> 31
        failed = tuple(rule for b, rule in enumerate(rule_ids) if f >> b & 1)
        names = [name for b, name in enumerate(missing_bits) if m >> b & 1]
        found = (failed, tuple(sheet.order(names)))
        if len(_DECODED) > 100_000:
            _DECODED.clear()
        _DECODED[(signature, key)] = found
    return found


def _weigh(r: Record, n: int, demoted: Bools | None) -> tuple[Bools, Bools, Bools, Bools]:
    """A simple record's (failed, undecided) masks and what they add to the rows' refusal and
    review: a blocking failure refuses except on its ``review_rows`` (reweighed), anything
    else undecided or failed sends to review; ``demoted`` rows count as info."""
    failed, undecided = _states(r, n)
    if demoted is not None:
        failed, undecided = failed & ~demoted, undecided & ~demoted
    if r.severity != "blocking":
        return failed, undecided, np.zeros(n, bool), failed | undecided
    if r.review_rows is None:
        return failed, undecided, failed, undecided
    return failed, undecided, failed & ~r.review_rows, undecided | (failed & r.review_rows)


def _fold_segments(
    records: Sequence[Any],
    n: int,
    sheet: FactSheet,
    rules: Interned,
    facts: Interned,
    demoted: Sequence[Bools | None] | None,
    keep_missing: bool,
) -> Folded:
    """``fold_leaf`` when some records are a member block (``kernel.members.Composite``):
    each row's lists are built segment by segment, in record order. Consecutive simple
    records share one bit field; each segment extends the row's key, and a key is a path in
    ``table`` (the distinct combinations, few)."""
    from passage.rules.kernel.members import Composite

    out = Folded(n)
    blocking = np.zeros(n, bool)
    review = np.zeros(n, bool)
    lacking = np.zeros(n, bool)
    keys = np.zeros(n, np.int64)
    table: list[tuple[Any, ...]] = [()]
    # A segment: ("bits", [(bit, kind, payload)]) or ("block", composite).
    segments: list[tuple[str, Any]] = []

    def extend(codes: Any, segment: int) -> None:
        nonlocal keys
        hit = np.flatnonzero(codes)
        if not len(hit):
            return
        values = np.asarray(codes)[hit].astype(np.int64)
        radix = int(values.max()) + 1
        # One int64 per (key so far, code): a 1-D unique, far cheaper than axis=1 (int64
        # holds it: the table has few keys and codes are bit fields below 2**60 / radix).
        if len(table) < (1 << 62) // radix:
            distinct_keys, inverse = group_codes(keys[hit] * radix + values)
            pairs = [divmod(v, radix) for v in distinct_keys]
        else:
            stacked = np.stack([keys[hit], values])
            distinct2, inverse = np.unique(stacked, axis=1, return_inverse=True)
            pairs = [tuple(p) for p in distinct2.T.tolist()]
        base = len(table)
        for old, code in pairs:
            table.append((*table[old], (segment, code)))
        keys[hit] = base + np.asarray(inverse).ravel()

    bits = np.zeros(n, np.int64)
    layout: list[tuple[int, str, str]] = []

    def flush() -> None:
        nonlocal bits, layout
        if layout:
            segments.append(("bits", layout))
            extend(bits, len(segments) - 1)
        bits = np.zeros(n, np.int64)
        layout = []

    for j, r in enumerate(records):
        if isinstance(r, Composite):
            flush()
            blocking |= r.blocking
            review |= r.review
            lacking |= r.lacking
            segments.append(("block", r))
            extend(r.keys, len(segments) - 1)
            continue
        if r.severity == "info":
            continue
        failed, undecided, refuses, doubts = _weigh(r, n, None if demoted is None else demoted[j])
        blocking |= refuses
        review |= doubts
        if len(layout) + 1 + len(r.missing) > 60:
            flush()
        counted = failed | undecided
        bit = len(layout)
        layout.append((bit, "rule", r.rule))
        if counted.any():
            bits |= counted.astype(np.int64) << bit
        for name, where in r.missing:
            short = undecided if where is None else undecided & where
            bit = len(layout)
            layout.append((bit, "fact", name))
            if short.any():
                lacking |= short
                bits |= short.astype(np.int64) << bit
    flush()
    outcome = np.where(
        blocking, _NOT_ELIGIBLE, np.where(lacking, _INCOMPLETE, np.where(review, _REVIEW, 0))
    ).astype(np.int8)
    out.blocking, out.review, out.lacking = blocking, review, lacking
    out.outcome = outcome
    final = keys * 2 + (blocking & (not keep_missing))
    distinct_keys, inverse = group_codes(final) if n else ([0], np.zeros(0, np.intp))
    fcodes = np.zeros(len(distinct_keys), np.int32)
    mcodes = np.zeros(len(distinct_keys), np.int32)
    # Keys share their segments (a key is a path in ``table``): each (segment, code) is
    # decoded once.
    pieces: dict[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i, v in enumerate(distinct_keys):
        key, refused = divmod(v, 2)
        failed_rules: list[str] = []
        names: list[str] = []
        for step in table[key]:
            piece = pieces.get(step)
            if piece is None:
                piece = pieces[step] = _segment_lists(segments[step[0]], step[1])
            failed_rules.extend(piece[0])
            names.extend(piece[1])
        fcodes[i] = rules.code(tuple(failed_rules))
        mcodes[i] = facts.code(() if refused else _ordered(sheet, tuple(names)))
    inverse = inverse.ravel()
    out.failed = np.asarray(fcodes.take(inverse), np.int32)
    out.missing = np.asarray(mcodes.take(inverse), np.int32)
    return out


def _segment_lists(segment: tuple[str, Any], code: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    kind, payload = segment
    if kind == "block":
        return payload.rules(code), payload.names(code)
    failed_rules: list[str] = []
    names: list[str] = []
    for bit, what, name in payload:
        if code >> bit & 1:
            (failed_rules if what == "rule" else names).append(name)
    return tuple(failed_rules), tuple(names)


_ORDERED: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _ordered(sheet: FactSheet, names: tuple[str, ...]) -> tuple[str, ...]:
    """``sheet.order(names)``, memoised (the same lists recur in every leaf and chunk)."""
    key = (sheet.procedure, names)
    found = _ORDERED.get(key)
    if found is None:
        if len(_ORDERED) > 100_000:
            _ORDERED.clear()
        found = _ORDERED[key] = tuple(sheet.order(names))
    return found


def _row_states(records: Sequence[Record], n: int) -> dict[tuple[str, str], list[Any]]:
    """Per (rule, severity), each row's state code (0 passed, 1 failed, 2 undecided)."""
    out: dict[tuple[str, str], list[Any]] = {}
    for r in records:
        failed, undecided = _states(r, n)
        out.setdefault((r.rule, r.severity), []).append(failed * 1 + undecided * 2)
    return out


def evaluate_rows(
    run: Callable[[Any, Any], None],
    sheet: FactSheet,
    ctx: Any,
    source: Mapping[str, Any],
    rows: Idx | list[Idx],
    n_chunk: int,
    error: Callable[[str, int, str], InputError],
    not_applicable: Callable[[ParameterNotApplicable], Record],
    rules: Interned,
    facts: Interned,
) -> tuple[Idx, Folded]:
    """Every row of ``rows`` (or of each group of rows, each with ascending indices): its
    outcome and its lists' codes; also returns the rows in the order the codes are (leaf by
    leaf)."""
    choices = open_choices()
    order: list[Idx] = []
    parts: list[Folded] = []
    for leaf in run_leaves(run, ctx, source, rows, error, n_chunk, not_applicable):
        n = len(leaf.rows)
        folded = fold_leaf(leaf.records, n, sheet, rules, facts)
        read = [c for c in leaf.choices.values() if c.name in choices]
        if read:
            folded = _doubt(
                run,
                sheet,
                ctx,
                source,
                leaf,
                folded,
                read,
                choices,
                n_chunk,
                error,
                not_applicable,
                rules,
                facts,
            )
        order.append(leaf.rows)
        parts.append(folded)
    if not parts:
        return np.zeros(0, np.intp), Folded(0)
    out = Folded(0)
    out.outcome = np.concatenate([p.outcome for p in parts])
    out.failed = np.concatenate([p.failed for p in parts])
    out.missing = np.concatenate([p.missing for p in parts])
    return np.concatenate(order), out


def _doubt(
    run: Callable[[Any, Any], None],
    sheet: FactSheet,
    ctx: Any,
    source: Mapping[str, Any],
    leaf: Leaf,
    folded: Folded,
    read: list[Any],
    choices: Mapping[str, Any],
    n_chunk: int,
    error: Callable[[str, int, str], InputError],
    not_applicable: Callable[[ParameterNotApplicable], Record],
    rules: Interned,
    facts: Interned,
) -> Folded:
    """``kernel.run._doubt`` over a leaf: the leaf's rows again under every other reading;
    rows whose outcome changes count only the checks every reading shares, plus an
    undecided check naming the choice at the place it was read."""
    n = len(leaf.rows)
    records = list(leaf.records)
    demoted: list[Bools | None] = [None] * len(records)
    inserts: list[tuple[int, Record]] = []
    for c in read:
        depends = np.zeros(n, bool)
        shared = [np.ones(n, bool) for _ in records]
        own: dict[int, Any] = {}
        # The passes the leaf made before it first read the choice are the same under every
        # reading (the run is the same up to there): the rerun takes them as they are.
        passes_before = [p for p in leaf.passes if _index_of(records, p[0]) < c.position]
        for alternative in choices[c.name].alternatives:
            if alternative == c.pv.value:
                continue
            for alt in run_leaves(
                run,
                ctx,
                source,
                leaf.rows,
                error,
                n_chunk,
                not_applicable,
                {c.name: alternative},
                leaf.facts,
                passes_before,
            ):
                # Leaf rows are ascending (split masks keep the order): positions by search.
                at = np.searchsorted(leaf.rows, alt.rows)
                m = len(alt.rows)
                alt_folded = fold_leaf(alt.records, m, sheet, Interned(), Interned())
                depends[at] |= alt_folded.outcome != folded.outcome[at]
                states = _row_states(alt.records, m)
                for j, r in enumerate(records):
                    if j < c.position and _same_check(r, alt.records, j):
                        # Recorded before the choice was read: the same check with the
                        # same states on these rows (its weight may have changed since).
                        continue
                    if j not in own:
                        own[j] = _own_state(r, n)
                    match = np.zeros(m, bool)
                    for s in states.get((r.rule, r.severity), ()):
                        match |= s == own[j][at]
                    shared[j][at] &= match
        if not depends.any():
            continue
        for j in range(len(records)):
            lost = depends & ~shared[j]
            if lost.any():
                before = demoted[j]
                demoted[j] = lost if before is None else (before | lost)
        rule = choices[c.name].check_rule or c.pv.citation.catalogue or c.rule
        inserts.append((c.position, Record(rule, "blocking", _undecided_where(depends), ())))
    if not inserts:
        return folded
    for position, record in sorted(inserts, key=lambda p: p[0], reverse=True):
        records.insert(position, record)
        demoted.insert(position, None)
    return fold_leaf(records, n, sheet, rules, facts, demoted)


def _same_check(r: Any, others: Sequence[Any], j: int) -> bool:
    """``others[j]`` is ``r`` recorded again by the same run on some of its rows, with the
    same weight (a member block's states can change after it is recorded: not compared)."""
    if j >= len(others) or isinstance(r, _composite()):
        return False
    o = others[j]
    return bool(o.rule == r.rule and o.severity == r.severity)


def _composite() -> type:
    from passage.rules.kernel.members import Composite

    return Composite


def _index_of(records: Sequence[Any], record: Any) -> int:
    for i, r in enumerate(records):
        if r is record:
            return i
    return len(records)


def _own_state(r: Record, n: int) -> Any:
    failed, undecided = _states(r, n)
    return failed * 1 + undecided * 2


def _undecided_where(mask: Bools) -> Tri:
    # Undecided on the rows whose outcome depends on the choice, passed elsewhere.
    return Tri(~mask, np.zeros(len(mask), bool))
