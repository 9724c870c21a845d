# SPDX-License-Identifier: EUPL-1.2
"""Bulk re-evaluation: many cases column-wise (NumPy, PyArrow), Parquet in, Parquet out.

``evaluate_table(table, day)`` answers, for every row, the same ``outcome`` and
``failed_rules`` as the per-case path ``evaluate({**row, "date": day})`` (the row's non-null
columns as facts). tests/rules/test_bulk.py checks this with hypothesis on generated cases
that sit on every threshold and effective date; ``passage bench rules`` checks it again on a
million synthetic cases. Only ``single_permit`` and ``family_reunification`` are supported.

How it works
------------
- Every dated parameter is resolved once per evaluation date (and per reform or regime day,
  or per application date when a named choice keys on it) into small tables; rows index
  into them. Nothing is read per row in Python.
- Each check is two boolean masks, ``failed`` and ``undecided`` (a row in neither passed),
  folded exactly as ``decision.decide``: a blocking failure refuses, an undecided check or a
  failed ``review`` check sends the case to review, ``info`` checks never count. (Masks, not
  an int8 of 1/0/-1: Kleene logic is then all bitwise, and NumPy's ``&``/``|`` cost a
  fraction of ``np.where`` on shuffled rows.)
- ``failed_rules`` keeps ``Decision.failed_rules``' order, repeats included (FRS-01 once per
  family member): each row gets an int64 key whose bits say which rule failed in which slot;
  the few distinct keys are decoded once and the list column is built by ``take``.
- Money is exact: amounts become int64 cents and each threshold a whole number of cents,
  rounded *up* (for an integer ``a``, ``a ≥ t`` ⟺ ``a ≥ ⌈t⌉``); a monthly wage against a
  yearly threshold passes when ``cents ≥ ⌈threshold × 100 / months⌉``, which is
  ``_compare_wage``'s ``wage × months ≥ threshold`` for whole cents. Amounts from ten
  thousand billion euros up are capped there, which changes no comparison.
- A file is read in chunks (``CHUNK_ROWS``) evaluated by a small thread pool (NumPy and
  Arrow release the GIL in their loops) and written in order to a temporary file, renamed
  at the end: nothing is left behind on an error.

Fallback to the per-case engine (counted in the summary as ``per-case fallback``):
- a family of more than 12 members (the key has room for 12; real applications list fewer);
- an amount with digits below the cent (``2111.885``), or a decimal too wide for 64 bits.
Both are rare in real data; the answer is the per-case engine's own.

Input (one row per case; column names are the JSON facts of single_permit/facts.py and
procedures/family_reunification.py): ``procedure``; money as decimal128, text or integer
(never float: a float cannot hold every cent); dates as date32; booleans; integers;
``family_members`` as list<struct<relationship, age, accompanying, bond_predates_arrival,
born_in_belgium_into_existing_family, durable_relationship, application_fee_paid>> (any
subset of those fields); ``fte`` as decimal128, text or
float (read by its shortest repr, as the per-case path reads a JSON float). There is no
``date`` column: the evaluation date is the caller's, the same for every row;
``application_date`` is per row.

Bad input raises ``BulkInputError`` naming the column and the first bad row
(``gross_salary[row 17]``, rows counted from 0; ``family_members[row 3][1].age`` for a
member) with the per-case path's message. A fact is checked where the per-case path reads
it, so in a column of a supported type a row the per-case path accepts is accepted here,
and one it refuses is refused (including a date so late that adding a waiting period
passes the year 9999).

Output: ``id`` (copied when the input has one, else ``row``), ``outcome`` (dictionary:
eligible, not_eligible, needs_review) and ``failed_rules`` (list<string>).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
import tempfile
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from passage.rules.engine import COMPUTATIONS, ELIGIBILITY, KERNEL, evaluate
from passage.rules.errors import InputError, RulebookError
from passage.rules.facts import bounded_decimal, parse_date
from passage.rules.kernel import columns as kc
from passage.rules.kernel.columns import Record
from passage.rules.kernel.facts import FactSheet
from passage.rules.kernel.fold import OUTCOMES as KERNEL_OUTCOMES
from passage.rules.kernel.fold import Interned, evaluate_rows
from passage.rules.parameters import (
    RULEBOOK_START,
    ParameterNotApplicable,
    ParameterValue,
    Rulebook,
    default_rulebook,
)
from passage.rules.procedures import family_reunification as fr
from passage.rules.single_permit import FACT_SHEET as SP_SHEET

I8 = npt.NDArray[np.int8]
I32 = npt.NDArray[np.int32]
Idx = npt.NDArray[np.intp]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

OUTCOMES = KERNEL_OUTCOMES  # eligible, not_eligible, needs_review, incomplete
PROCEDURES = ("single_permit", "family_reunification")
OUTPUT_SCHEMA_FIELDS = (
    pa.field("outcome", pa.dictionary(pa.int8(), pa.string())),
    pa.field("failed_rules", pa.list_(pa.string())),
    pa.field("missing_facts", pa.list_(pa.string())),
)
#: Rows per chunk: the rule kernel pays a fixed cost per chunk (one run of each rule per
#: group of rows that branch alike), so chunks are large; a million rows stay well under the
#: memory target. Measured on 1 000 000 generated cases, two dates: 1 << 17 rows 7.7 s,
#: 1 << 19 4.1 s, 1 << 20 2.9 s (wall, one worker; /tmp/prof5.py, 2026-12-03).
CHUNK_ROWS = 1 << 20
#: Members the failed-rules key has room for (3 bits each); larger families go per case.
MAX_VECTOR_MEMBERS = 12
#: Amounts are capped at 10^13 euros (in cents): far above any threshold, far below int64
#: overflow.
MONEY_CAP = 10**15

_EPOCH = dt.date(1970, 1, 1).toordinal()
_MIN_DAY = dt.date(1, 1, 1).toordinal() - _EPOCH
_MAX_DAY = dt.date(9999, 12, 31).toordinal() - _EPOCH
_START_DAY = RULEBOOK_START.toordinal() - _EPOCH
_SP_FACTS = SP_SHEET.names
_SP_ONLY = _SP_FACTS - fr.FACTS
_FR_ONLY = fr.FACTS - _SP_FACTS
_ALLOWED_COLUMNS = (_SP_FACTS | fr.FACTS) - {"date"}


class BulkInputError(InputError):
    """Bad bulk input; ``field`` names the column and the first bad row."""


def _days(day: dt.date) -> int:
    return day.toordinal() - _EPOCH


def _date(days: int) -> dt.date:
    return dt.date.fromordinal(days + _EPOCH)


def _ceil_cents(amount: Decimal) -> int:
    """The smallest whole number of cents not below ``amount`` (euros)."""
    return int((amount * 100).to_integral_value(rounding=ROUND_CEILING))


def _civil(days: I64) -> tuple[I64, I64, I64]:
    """Epoch days to (year, month, day): H. Hinnant's ``civil_from_days``, in integers."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), month, day


def _from_civil(year: I64, month: I64, day: I64) -> I64:
    """(year, month, day) to epoch days: ``days_from_civil``."""
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: I64 = era * 146097 + doe - 719468
    return out


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def _add_months(days: I64, months: int) -> tuple[I64, Bools]:
    """``common.add_months`` on epoch days (the same calendar day, clamped to the month's
    end), and the entries whose year would pass 9999, where ``datetime.date`` gives up."""
    year, month, day = _civil(days.astype(np.int64))
    index = month - 1 + months
    year = year + index // 12
    month = index % 12 + 1
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    length = _MONTH_DAYS[month] + ((month == 2) & leap)
    return _from_civil(year, month, np.minimum(day, length)), year > 9999


def _bits(buffer: Any, offset: int, n: int) -> Bools:
    """An Arrow bitmap (validity or boolean values) as a NumPy bool array."""
    first, last = offset // 8, (offset + n + 7) // 8
    raw = np.frombuffer(buffer, dtype=np.uint8, count=last, offset=0)[first:last]
    bits = np.unpackbits(raw, bitorder="little")[offset % 8 : offset % 8 + n]
    out: Bools = bits.view(np.bool_)
    return out


def _null_mask(arr: Any) -> Bools:
    n = len(arr)
    if arr.null_count == 0:
        return np.zeros(n, bool)
    if arr.null_count == n:
        return np.ones(n, bool)
    validity = arr.buffers()[0]
    if validity is None:  # a type without a validity bitmap (e.g. a union): ask Arrow
        out: Bools = arr.is_null().to_numpy(zero_copy_only=False)
        return out
    return ~_bits(validity, arr.offset, n)


def _values(arr: Any, dtype: Any) -> Any:
    """A fixed-width array's values, zero-copy (what lies under a null is unspecified)."""
    width = np.dtype(dtype).itemsize
    buffer = arr.buffers()[1]
    return (
        np.frombuffer(buffer, dtype=dtype, count=(len(arr) + arr.offset))[arr.offset :]
        if (buffer is not None and buffer.size >= (len(arr) + arr.offset) * width)
        else np.zeros(len(arr), dtype)
    )


def _integers(arr: Any) -> I64:
    """Integer values as int64, 0 where null (uint64 above 2**62 is capped there)."""
    t = arr.type
    if pa.types.is_uint64(t):
        arr = pc.min_element_wise(arr, pa.scalar(2**62, pa.uint64()))
    values = _values(arr, t.to_pandas_dtype()).astype(np.int64)
    if arr.null_count:  # 0 where null, without a (slow) masked assignment
        np.multiply(values, ~_null_mask(arr), out=values)
    out: I64 = values
    return out


def _flag(arr: Any) -> tuple[Bools, Bools]:
    """A boolean array as (true, null): false is neither."""
    null = _null_mask(arr)
    true = _bits(arr.buffers()[1], arr.offset, len(arr))
    if arr.null_count:
        true = true & ~null
    return true, null


def _scatter(n: int, where: npt.NDArray[np.intp], values: Bools) -> Bools:
    out = np.zeros(n, bool)
    out[where] = values
    return out


# --- the rulebook on one date -------------------------------------------------------------


class _PerCase(Exception):
    """Rows whose evaluation needs a parameter the engine may not apply on that day: the
    per-case path answers them (``ParameterNotApplicable`` → needs review naming it)."""

    def __init__(self, rows: Bools) -> None:
        super().__init__("rows for the per-case path")
        self.rows = rows


class _Context:
    """One rulebook on one evaluation date; every look-up is memoised, so the chunks of a
    file share them. Parameters are required only when some row needs them, as the per-case
    path requires them only on the branch that reads them. ``scope`` is the rows being
    evaluated: a required value that may not be applied sends them, or the narrower ``rows``
    a caller names, to the per-case path (never wrong, merely slower)."""

    def __init__(self, rb: Rulebook, day: dt.date) -> None:
        self.rb = rb
        self.day = day
        self.day_n = _days(day)
        self.scope: Bools = np.zeros(0, bool)
        self._memo: dict[tuple[Any, ...], Any] = {}

    def scoped(self, rows: Bools) -> _Context:
        """The same context (sharing its memo across chunks and threads) for these rows."""
        view = copy.copy(self)
        view.scope = rows
        return view

    def get(self, name: str, day: dt.date) -> ParameterValue | None:
        key = ("get", name, day)
        if key not in self._memo:
            self._memo[key] = self.rb.get(name, day)
        found: ParameterValue | None = self._memo[key]
        return found

    def require(self, name: str, day: dt.date, rows: Bools | None = None) -> ParameterValue:
        """``Rulebook.require``: a value the engine may apply, else the rows go per case."""
        found = self.get(name, day)
        if found is None or not found.applicable:
            raise _PerCase(self.scope if rows is None else rows)
        return found

    def any_status(self, name: str, day: dt.date, rows: Bools | None = None) -> ParameterValue:
        """``family_reunification._any_status``: a value whatever its status."""
        found = self.get(name, day)
        if found is None:
            raise _PerCase(self.scope if rows is None else rows)
        return found

    def value(self, name: str, day: dt.date, rows: Bools | None = None) -> Any:
        return self.require(name, day, rows).value

    def index_at(self, name: str, days: I64) -> I64:
        """Per row, the index into ``rb.values[name]`` in force on that day (``Rulebook.get``
        for a whole array), -1 before the first value or after an end of validity."""
        key = ("starts", name)
        if key not in self._memo:
            values = self.rb.values.get(name)
            if values is None:
                raise RulebookError(f"unknown parameter {name!r}")
            starts = np.array([_days(v.start) for v in values], np.int64)
            expired = np.array([v.status == "expired" for v in values] + [True], bool)
            self._memo[key] = (starts, expired)
        starts, expired = self._memo[key]
        i = np.searchsorted(starts, days, side="right").astype(np.int64) - 1
        return np.where(expired[i], -1, i)

    def cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


# --- reading columns ------------------------------------------------------------------------


def _is_text(t: Any) -> bool:
    return bool(
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or (hasattr(pa.types, "is_string_view") and pa.types.is_string_view(t))
    )


class _Columns:
    """A chunk's columns as NumPy arrays, converted once and validated where read."""

    def __init__(self, table: Any, offset: int, rows: Idx | None = None) -> None:
        self.table = table
        self.n = int(table.num_rows)
        self.offset = offset
        self.rows = rows  # for a subset: each row's number in the chunk
        self.names = frozenset(table.column_names)
        self._memo: dict[str, Any] = {}

    def subset(self, idx: Idx) -> _Columns:
        """These rows only (``idx`` into this chunk), numbered as in the chunk in errors."""
        rows = idx if self.rows is None else self.rows[idx]
        return _Columns(self.table.take(pa.array(idx)), self.offset, rows)

    # errors

    def row_number(self, i: int) -> int:
        return self.offset + (i if self.rows is None else int(self.rows[i]))

    def where(self, name: str, i: int) -> str:
        return f"{name}[row {self.row_number(i)}]"

    def fail_if(self, name: str, mask: Bools, message: str | Callable[[int], str]) -> None:
        if mask.any():
            i = int(np.argmax(mask))
            text = message(i) if callable(message) else message
            raise BulkInputError(self.where(name, i), text)

    def require(self, name: str, missing: Bools) -> None:
        """Rows that need ``name`` but have no value (the per-case "is required")."""
        suffix = "" if name in self.names else " (the input has no such column)"
        self.fail_if(name, missing, "is required" + suffix)

    def raw(self, name: str) -> Any:
        if name not in self.names:
            return None
        col = self.table.column(name)
        if col.num_chunks == 1:
            arr = col.chunk(0)
        elif col.num_chunks == 0:
            arr = pa.array([], col.type)
        else:
            if pa.types.is_dictionary(col.type):
                col = col.unify_dictionaries()
            arr = col.combine_chunks()
        return None if pa.types.is_null(arr.type) else arr

    def value_at(self, name: str, i: int) -> Any:
        return self.table.column(name)[i].as_py()

    def null(self, name: str) -> Bools:
        key = "null:" + name
        if key not in self._memo:
            arr = self.raw(name)
            if arr is None:
                self._memo[key] = np.ones(self.n, bool)
            else:
                self._memo[key] = _null_mask(arr)
        out: Bools = self._memo[key]
        return out

    def _type_error(self, name: str, expected: str) -> BulkInputError:
        arr = self.raw(name)
        return BulkInputError(name, f"must be a column of {expected}, not {arr.type}")

    # conversions

    def encoded(self, name: str) -> tuple[Idx, list[Any]]:
        """Indices into the column's distinct values (-1 for null), and those values."""
        key = "enc:" + name
        if key not in self._memo:
            self._memo[key] = _encode(self.raw(name), self.n)
        out: tuple[Idx, list[Any]] = self._memo[key]
        return out

    def enum(self, name: str, allowed: Sequence[str]) -> I8:
        """Codes into ``allowed``; -1 null, -2 a value outside it (rejected where read)."""
        key = "enum:" + name
        if key not in self._memo:
            arr = self.raw(name)
            if arr is not None and not _is_text(
                arr.type.value_type if pa.types.is_dictionary(arr.type) else arr.type
            ):
                raise self._type_error(name, "text")
            indices, values = self.encoded(name)
            lut = np.array(
                [allowed.index(v) if v in allowed else -2 for v in values] + [-1], np.int8
            )
            self._memo[key] = lut.take(indices)
        out: I8 = self._memo[key]
        return out

    def check_enum(
        self, name: str, codes: I8, allowed: Sequence[str], read: Bools, required: Bools | None
    ) -> None:
        if required is not None:
            self.require(name, required & (codes == -1))
        self.fail_if(
            name,
            read & (codes == -2),
            lambda i: f"{self.value_at(name, i)!r} is not one of: {', '.join(sorted(allowed))}",
        )

    def flag(self, name: str) -> tuple[Bools, Bools]:
        """A boolean fact as (true, null); false is neither."""
        key = "flag:" + name
        if key not in self._memo:
            arr = self.raw(name)
            if arr is None:
                self._memo[key] = (np.zeros(self.n, bool), np.ones(self.n, bool))
            elif not pa.types.is_boolean(arr.type):
                raise self._type_error(name, "booleans (true/false)")
            else:
                self._memo[key] = _flag(arr)
        out: tuple[Bools, Bools] = self._memo[key]
        return out

    def tri(self, name: str) -> _Tri:
        """A boolean fact as a check: failed when false, undecided when missing."""
        true, null = self.flag(name)
        return _Tri(~(true | null), null)

    def integer(self, name: str) -> I64:
        """Whole numbers (0 where null; see ``null``)."""
        key = "int:" + name
        if key not in self._memo:
            arr = self.raw(name)
            if arr is None:
                out = np.zeros(self.n, np.int64)
            elif not pa.types.is_integer(arr.type):
                raise self._type_error(name, "whole numbers")
            else:
                out = _integers(arr)
            self._memo[key] = out
        result: I64 = self._memo[key]
        return result

    def check_range(self, name: str, values: I64, read: Bools, low: int, high: int) -> None:
        self.fail_if(
            name,
            read & ~self.null(name) & ((values < low) | (values > high)),
            f"must be between {low} and {high}",
        )

    def date(self, name: str) -> I64:
        """Epoch days (0 where null); dates outside years 1–9999 are refused."""
        key = "date:" + name
        if key not in self._memo:
            arr = self.raw(name)
            if arr is None:
                out = np.zeros(self.n, np.int64)
            else:
                if pa.types.is_date64(arr.type):
                    arr = arr.cast(pa.date32())
                if not pa.types.is_date32(arr.type):
                    raise self._type_error(name, "dates (date32)")
                out = _integers(arr.cast(pa.int32()))
                self.fail_if(
                    name,
                    ~self.null(name) & ((out < _MIN_DAY) | (out > _MAX_DAY)),
                    "is not a date in the form YYYY-MM-DD",
                )
            self._memo[key] = out
        result: I64 = self._memo[key]
        return result

    def money(self, name: str) -> tuple[I64, Bools]:
        """Cents (capped at ``MONEY_CAP``) and the rows that need the per-case path (digits
        below the cent, or too wide for int64). Negative or unreadable amounts are refused."""
        key = "money:" + name
        if key not in self._memo:
            self._memo[key] = _money(self, name)
        out: tuple[I64, Bools] = self._memo[key]
        return out

    def string_values(self, name: str, read: Bools, max_length: int = 64) -> tuple[Idx, list[str]]:
        """``Facts.string``: indices into the distinct stripped values (-1 null); a blank or
        over-long text is refused where read."""
        arr = self.raw(name)
        if arr is not None and not _is_text(
            arr.type.value_type if pa.types.is_dictionary(arr.type) else arr.type
        ):
            raise self._type_error(name, "text")
        indices, values = self.encoded(name)
        ok = np.array(
            [v is None or (bool(v.strip()) and len(v) <= max_length) for v in values] + [True],
            bool,
        )
        self.fail_if(
            name,
            read & ~ok.take(indices),
            f"must be a non-empty text of at most {max_length} characters",
        )
        return indices, ["" if v is None else v.strip() for v in values]

    def decimal_ge(
        self, name: str, read: Bools, minimum: Decimal, maximum: Decimal, threshold: Decimal
    ) -> _Tri:
        """``Facts.decimal`` then ``value >= threshold``, per distinct value (exact; a float
        is read by its shortest repr, as ``facts._decimal`` does); undecided when null."""
        arr = self.raw(name)
        if arr is not None and not (
            pa.types.is_decimal(arr.type)
            or pa.types.is_floating(arr.type)
            or pa.types.is_integer(arr.type)
            or _is_text(arr.type)
            or pa.types.is_dictionary(arr.type)
        ):
            raise self._type_error(name, "decimals")
        if arr is not None and pa.types.is_decimal128(arr.type) and 0 <= arr.type.scale <= 18:
            # Exact on the unscaled integers: v ≥ t·10^s ⟺ v ≥ ⌈t·10^s⌉ for an integer v.
            unit = Decimal(10) ** arr.type.scale
            lo, _, fits = _decimal128_words(arr)
            null = self.null(name)
            low = int((minimum * unit).to_integral_value(rounding=ROUND_CEILING))
            high = int((maximum * unit).to_integral_value(rounding=ROUND_FLOOR))
            bad = ~null & (~fits | (lo < low) | (lo > high))
            self.fail_if(name, read & bad, f"must be between {minimum} and {maximum}")
            limit = int((threshold * unit).to_integral_value(rounding=ROUND_CEILING))
            return _Tri(~null & (lo < limit), null)
        indices, values = self.encoded(name)
        key = "decimal:" + name
        if key not in self._memo:
            parsed: list[Decimal | None] = []
            for v in values:
                try:
                    parsed.append(_to_decimal(v))
                except InputError:
                    parsed.append(None)
            self._memo[key] = parsed
        parsed = self._memo[key]
        bad = np.array([d is None or not minimum <= d <= maximum for d in parsed] + [False], bool)

        def message(i: int) -> str:
            raw = self.value_at(name, i)
            try:
                _to_decimal(raw)
            except InputError as exc:
                return exc.message
            return f"must be between {minimum} and {maximum}"

        self.fail_if(name, read & bad.take(indices), message)
        below = np.array([d is not None and d < threshold for d in parsed] + [False], bool)
        return _Tri(below.take(indices), indices < 0)


def _encode(arr: Any, n: int) -> tuple[Idx, list[Any]]:
    """Indices (intp, so that ``take`` needs no conversion) into the distinct values, -1
    for null."""
    if arr is None:
        return np.full(n, -1, np.intp), []
    d = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
    idx = d.indices
    indices = _values(idx, idx.type.to_pandas_dtype()).astype(np.intp)
    if idx.null_count:  # -1 where null, without a (slow) masked assignment
        indices -= (indices + 1) * _null_mask(idx)
    values = d.dictionary.to_pylist()
    if any(v is None for v in values):
        remap = np.array([-1 if v is None else i for i, v in enumerate(values)] + [-1], np.intp)
        indices = remap.take(indices)
    return indices, values


def _to_decimal(raw: Any) -> Decimal:
    """``facts.bounded_decimal`` for the values a column can hold (the field is added by the
    caller, which knows the row)."""
    return bounded_decimal(raw, "")


def _money(cols: _Columns, name: str) -> tuple[I64, Bools]:
    arr = cols.raw(name)
    if arr is None:
        return np.zeros(cols.n, np.int64), np.zeros(cols.n, bool)
    if pa.types.is_dictionary(arr.type):
        # Read each distinct value once, then spread to the rows.
        indices, _ = cols.encoded(name)
        cents, slow, errors = _cents(arr.dictionary, name)
        bad = np.zeros(len(cents) + 1, bool)
        bad[list(errors)] = True
        cols.fail_if(name, bad[indices], lambda i: errors[int(indices[i])])
        cents, slow = np.append(cents, 0), np.append(slow, False)
        return cents[indices], slow[indices]
    cents, slow, errors = _cents(arr, name)
    if errors:
        i = min(errors)
        raise BulkInputError(cols.where(name, i), errors[i])
    return cents, slow


def _cents(arr: Any, name: str) -> tuple[I64, Bools, dict[int, str]]:
    """Cents (capped at ``MONEY_CAP``; 0 where null), the positions that need the per-case
    path (a digit below the cent), and the positions refused with their messages."""
    n = len(arr)
    t = arr.type
    cents = np.zeros(n, np.int64)
    slow = np.zeros(n, bool)
    errors: dict[int, str] = {}
    null = _null_mask(arr)
    python_rows: Bools = np.zeros(n, bool)
    if pa.types.is_integer(t):
        v = _integers(arr)
        errors.update(dict.fromkeys(np.flatnonzero(v < 0)[:1].tolist(), "must not be negative"))
        cents = np.minimum(np.maximum(v, 0), MONEY_CAP // 100) * 100
    elif pa.types.is_decimal128(t) and 0 <= t.scale <= 20:
        cents, slow, python_rows, negative = _decimal128_cents(arr)
        negative &= ~null
        errors.update(dict.fromkeys(np.flatnonzero(negative)[:1].tolist(), "must not be negative"))
    elif pa.types.is_decimal(t):
        python_rows = ~null
    elif _is_text(t):
        # Plain amounts ("2111.89", "63586") are cast by Arrow; anything else (spaces, an
        # exponent, a sign, digits below the cent) is read by Python like facts._decimal.
        plain = pc.fill_null(pc.match_substring_regex(arr, r"^[0-9]{1,13}(\.[0-9]{1,2})?$"), False)
        plain_np = plain.to_numpy(zero_copy_only=False)
        if plain_np.any():
            dec = pc.cast(pc.if_else(plain, arr, pa.scalar("0")), pa.decimal128(16, 2))
            cents = _decimal128_cents(dec)[0]
        python_rows = ~plain_np & ~null
    else:
        raise BulkInputError(
            name,
            f"must be a column of decimals or text, not {t} "
            "(a float cannot hold every amount in cents exactly)",
        )
    for i in np.flatnonzero(python_rows).tolist():
        got = _python_cents(arr[i].as_py())
        if isinstance(got, str):
            errors[i] = got
        else:
            cents[i], slow[i] = got
    # (what a null row holds in ``cents`` does not matter: money is read where required)
    slow &= ~null
    # The per-case bound (facts.AMOUNT_LIMIT = MONEY_CAP cents) for integer and decimal columns.
    for i in np.flatnonzero((cents >= MONEY_CAP) & ~null)[:1].tolist():
        errors.setdefault(i, "must be less than 10 000 000 000 000 euros")
    return cents, slow, errors


def _python_cents(raw: Any) -> tuple[int, bool] | str:
    """Cents (capped) and whether a digit lies below the cent; or the error message."""
    try:
        value = _to_decimal(raw)
    except InputError as exc:
        return exc.message
    if value < 0:
        return "must not be negative"
    try:
        scaled = value * 100
        whole = int(scaled.to_integral_value(rounding=ROUND_CEILING))
    except ArithmeticError:  # beyond Decimal's exponent range: far above every threshold
        return MONEY_CAP, False
    return min(whole, MONEY_CAP), scaled != whole


def _decimal128_words(arr: Any) -> tuple[I64, I64, Bools]:
    """decimal128's unscaled values as (low word, high word, fits in int64): a value fits
    when its high word is the sign extension of its low word."""
    n = len(arr)
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=2 * (arr.offset + n))
    lo = words[2 * arr.offset :: 2]
    hi = words[2 * arr.offset + 1 :: 2]
    fits: Bools = hi == (lo >> 63)
    return lo, hi, fits


def _decimal128_cents(arr: Any) -> tuple[I64, Bools, Bools, Bools]:
    """Cents, sub-cent digits, too wide for int64, negative: from decimal128's raw words."""
    n = len(arr)
    scale = arr.type.scale
    lo, hi, fits = _decimal128_words(arr)
    negative = hi < 0
    # Rows that do not fit are read by Python; their value here does not matter.
    v = np.maximum(lo, 0)
    if scale == 2:
        cents = np.minimum(v, MONEY_CAP)
        sub = np.zeros(n, bool)
    elif scale < 2:
        factor = 10 ** (2 - scale)
        cents = np.minimum(v, MONEY_CAP // factor) * factor
        sub = np.zeros(n, bool)
    else:
        factor = 10 ** (scale - 2)
        cents, rest = np.divmod(v, factor)
        cents = np.minimum(cents, MONEY_CAP)
        sub = rest != 0
    return np.asarray(cents, np.int64), sub, ~fits & ~negative, negative


# --- three-valued checks -----------------------------------------------------------------


class _Tri(NamedTuple):
    """A check over all rows as two masks: ``failed`` (passed is False) and ``undecided``
    (passed is None); a row in neither passed. Masks rather than an int8 of 1/0/-1, because
    NumPy's bitwise operators cost a fraction of ``np.where`` on shuffled data, and Kleene
    logic is all bitwise on masks."""

    failed: Bools | bool
    undecided: Bools | bool


_PASSED = _Tri(False, False)
_FAILED = _Tri(True, False)
_UNDECIDED = _Tri(False, True)


def _and3(*checks: _Tri) -> _Tri:
    """Kleene AND (``procedures.common.all3``): failed if any failed, else undecided if any is."""
    failed: Bools | bool = False
    undecided: Bools | bool = False
    for t in checks:
        failed = failed | t.failed
        undecided = undecided | t.undecided
    return _Tri(failed, undecided & ~np.asarray(failed))


def _or3(*checks: _Tri) -> _Tri:
    """Kleene OR (``procedures.common.any3``): passed if any passed, else undecided if any is."""
    failed: Bools | bool = True
    passed: Bools | bool = False
    for t in checks:
        failed = failed & t.failed
        passed = passed | (~np.asarray(t.failed) & ~np.asarray(t.undecided))
    return _Tri(failed, ~np.asarray(passed) & ~np.asarray(failed))


class _Fold:
    """``decision.decide`` and ``Decision.failed_rules`` for arrays of checks."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.blocking = np.zeros(n, bool)
        self.review = np.zeros(n, bool)
        self.flags = np.zeros(n, np.uint32)
        self.undecided = np.zeros(n, np.uint32)  # which counted checks were undecided
        self.partners = np.zeros(n, np.int64)

    def check(self, applies: Bools, t: _Tri, severity: str, bit: int | None) -> Bools:
        failed = applies & t.failed
        undecided = applies & t.undecided
        counted: Bools = failed | undecided
        if severity == "blocking":
            self.blocking |= failed
            self.review |= undecided
        else:  # "review": any failure sends the case to a caseworker
            self.review |= counted
        if bit is not None:
            self.set_bit(counted, bit)
            if undecided.any():
                self.undecided |= undecided.astype(np.uint32) << np.uint32(bit)
        return counted

    def outcome(self) -> I8:
        """OUTCOMES codes: not eligible 1, needs review 2, eligible 0."""
        out: I8 = self.blocking.view(np.int8) + (self.review & ~self.blocking).view(np.int8) * 2
        return out

    def set_bit(self, mask: Bools, bit: int) -> None:
        if mask.any():
            self.flags |= mask.astype(np.uint32) << np.uint32(bit)

    def set_count(self, count: I64, bit: int) -> None:
        if count.any():
            self.flags |= np.minimum(count, 15).astype(np.uint32) << np.uint32(bit)

    def keys(self) -> I64:
        keys: I64 = self.flags.astype(np.int64)
        if self.partners.any():
            keys |= self.partners
        return keys


# Key layout. Bit 0: the procedure. Single permit, in trace order: FLA-07, FLA-01, SAL-02,
# SAL-01, LMT-00. Family reunification, in trace order: FR-05; FRS-01/FRT-01 (a count);
# FRS-05/FRT-03; FRS-03/FRT-02; FRR-05 (a count); per member the partner checks (3 bits
# each, from bit 17); the income check (FR-01 or FRX-02); FR-04; FR-MAT; the application
# fees FRR-04/FRS-07 (a count at bit 53, FRS-07 when bit 57 is set); FRR-01's proof of
# identity and bond (bit 58). The last three are in ``_Fold.partners``, the key's int64 part.
_FR05, _FRS05, _FRS03, _TEMPORARY, _INCOME, _SPW, _FR04, _FRMAT = 1, 2, 3, 4, 5, 6, 7, 8
_COUNT1, _COUNT2, _PARTNERS = 9, 13, 17
_FEES, _FEES_FRS07, _PROOF = 53, 57, 58
_AGE_RULES = ("", "FR-02", "FRS-08", "FRR-06")


@functools.lru_cache(maxsize=4096)
def _decode(key: int) -> tuple[str, ...]:
    return tuple(_decode_rules(key))


def _decode_rules(key: int) -> list[str]:
    if not key & 1:
        return []  # not a family-reunification key (kernel rows carry their own lists)
    temporary = bool(key >> _TEMPORARY & 1)
    out: list[str] = []
    if key >> _FR05 & 1:
        out.append("FR-05")
    out += ["FRT-01" if temporary else "FRS-01"] * (key >> _COUNT1 & 15)
    if key >> _FRS05 & 1:
        out.append("FRT-03" if temporary else "FRS-05")
    if key >> _FRS03 & 1:
        out.append("FRT-02" if temporary else "FRS-03")
    out += ["FRR-05"] * (key >> _COUNT2 & 15)
    for j in range(MAX_VECTOR_MEMBERS):
        code = key >> (_PARTNERS + 3 * j) & 7
        if code & 3:
            out.append(_AGE_RULES[code & 3])
        if code & 4:
            out.append("FR-03")
    if key >> _INCOME & 1:
        out.append("FRX-02" if key >> _SPW & 1 else "FR-01")
    if key >> _FR04 & 1:
        out.append("FR-04")
    if key >> _FRMAT & 1:
        out.append("FR-MAT")
    out += ["FRS-07" if key >> _FEES_FRS07 & 1 else "FRR-04"] * (key >> _FEES & 15)
    if key >> _PROOF & 1:
        out.append("FRR-01")
    return out


def _any_of(codes: I8, allowed: Sequence[str], names: Sequence[str] | frozenset[str]) -> Bools:
    """Rows whose code is one of ``names``: a few comparisons beat a table look-up."""
    out = np.zeros(len(codes), bool)
    for name in names:
        out |= codes == allowed.index(name)
    return out


# --- procedures written over the rule kernel (single permit) ------------------------------


def _kernel_source(c: _Columns, sheet: FactSheet, rows: Bools) -> dict[str, Any]:
    """The declared facts of ``sheet`` as kernel columns, validated on ``rows`` as the
    per-case path validates them (``FactSheet.read``: every fact given, read or not)."""
    out: dict[str, Any] = {}
    for fact in sheet.facts:
        name = fact.name
        if fact.kind == "enum":
            codes = c.enum(name, fact.values)
            c.check_enum(name, codes, fact.values, rows, None)
            out[name] = kc.EnumCol(codes, fact.values)
        elif fact.kind == "money":
            cents, _ = c.money(name)
            out[name] = kc.MoneyCol(cents, c.null(name))
        elif fact.kind == "integer":
            assert isinstance(fact.minimum, int) and isinstance(fact.maximum, int)
            values = c.integer(name)
            c.check_range(name, values, rows, fact.minimum, fact.maximum)
            out[name] = kc.IntCol(values, c.null(name))
        elif fact.kind == "boolean":
            true, null = c.flag(name)
            out[name] = kc.Tri(true, ~true & ~null)
        elif fact.kind == "date":
            out[name] = kc.DateCol(c.date(name), c.null(name))
        elif fact.kind == "text":
            codes_, values_ = c.string_values(name, rows, fact.max_length)
            out[name] = kc.TextCol(codes_, values_)
        else:
            low, high = fact.minimum, fact.maximum
            assert isinstance(low, Decimal) and isinstance(high, Decimal)
            c.decimal_ge(name, rows, low, high, low)  # validates every given value
            indices, distinct = c.encoded(name)
            parsed: list[Decimal | None] = []
            for v in distinct:
                try:
                    parsed.append(None if v is None else _to_decimal(v))
                except InputError:
                    parsed.append(None)  # refused above where read; never compared
            out[name] = kc.DecimalCol(indices, parsed)
    return out


class _KernelRows:
    """A kernel procedure's answers for some rows of a chunk."""

    def __init__(self) -> None:
        self.rows: list[Idx] = []
        self.outcome: list[Any] = []
        self.failed: list[Any] = []
        self.missing: list[Any] = []
        self.rules = Interned()
        self.facts = Interned()


def _kernel_procedure(
    c: _Columns, ctx: _Context, rows: Bools, procedure: str, into: _KernelRows
) -> None:
    run, sheet = KERNEL[procedure]
    source = _kernel_source(c, sheet, rows)

    def error(field: str, row: int, message: str) -> InputError:
        return BulkInputError(c.where(field, row), message)

    def not_applicable(exc: ParameterNotApplicable) -> Record:
        template = exc.found or ctx.rb.values[exc.name][-1]
        return Record(template.rule_id, "blocking", None, ())

    idx, folded = evaluate_rows(
        run,
        sheet,
        ctx,
        source,
        np.flatnonzero(rows),
        c.n,
        error,
        not_applicable,
        into.rules,
        into.facts,
    )
    into.rows.append(idx)
    into.outcome.append(folded.outcome)
    into.failed.append(folded.failed)
    into.missing.append(folded.missing)


# --- family reunification -----------------------------------------------------------------


class _Members:
    """The family members of a chunk, flattened: one entry per member, with its row."""

    def __init__(self, c: _Columns, rows: Bools) -> None:
        name = "family_members"
        arr = c.raw(name)
        null = c.null(name)
        c.require(name, rows & null)
        self.c = c
        if arr is None:
            arr = pa.array([[]] * c.n, pa.list_(pa.struct([])))
        offsets = _values(arr.offsets, arr.offsets.type.to_pandas_dtype()).astype(np.int64)
        lengths = np.diff(offsets)
        lengths[null] = 0
        c.fail_if(name, rows & ~null & (lengths == 0), "must list at least one family member")
        c.fail_if(name, rows & (lengths > 50), "must have at most 50 items")
        self.lengths = lengths
        self.ends = np.cumsum(lengths)
        self.starts = self.ends - lengths
        values = arr.flatten()
        self.count = len(values)
        self.row = np.repeat(np.arange(c.n, dtype=np.int32), lengths)
        if values.null_count:
            self.fail(None, _null_mask(values), "must be a JSON object")
        fields = {values.type.field(i).name: i for i in range(values.type.num_fields)}
        for field_name in fields:
            if field_name not in fr.MEMBER_FACTS:
                raise BulkInputError(
                    f"{name}.{field_name}",
                    f"unknown fact; expected one of: {', '.join(sorted(fr.MEMBER_FACTS))}",
                )
        children = values.flatten()
        self._arrays = {f: children[i] for f, i in fields.items()}

        self.relationship = self._enum("relationship", fr.RELATIONSHIPS)
        self.partner = _any_of(self.relationship, fr.RELATIONSHIPS, fr.PARTNERS)
        self.age, self.age_null = self._int("age")
        self.fail("age", self.partner & self.age_null, "is required")
        self.fail(
            "age", ~self.age_null & ((self.age < 0) | (self.age > 130)), "must be between 0 and 130"
        )
        self.accompanying = self._flag("accompanying")[0]
        self.bond, self.bond_null = self._flag("bond_predates_arrival")
        self.born_here = self._flag("born_in_belgium_into_existing_family")[0]
        self.durable, self.durable_null = self._flag("durable_relationship")
        self.fee_paid, self.fee_paid_null = self._flag("application_fee_paid")

    def is_(self, *names: str) -> Bools:
        return _any_of(self.relationship, fr.RELATIONSHIPS, names)

    def position(self, members: npt.NDArray[np.intp]) -> I64:
        """Each member's index within its family."""
        out: I64 = members - self.starts[self.row[members]]
        return out

    def fail(self, field: str | None, mask: Bools, message: str) -> None:
        if mask.any():
            m = int(np.argmax(mask))
            row = int(self.row[m])
            suffix = f".{field}" if field else ""
            raise BulkInputError(
                f"family_members[row {self.c.row_number(row)}][{m - int(self.starts[row])}]"
                + suffix,
                message,
            )

    def _array(self, field: str) -> Any:
        arr = self._arrays.get(field)
        return None if arr is None or pa.types.is_null(arr.type) else arr

    def _enum(self, field: str, allowed: Sequence[str]) -> I8:
        arr = self._array(field)
        if arr is not None and not _is_text(
            arr.type.value_type if pa.types.is_dictionary(arr.type) else arr.type
        ):
            raise BulkInputError(f"family_members.{field}", f"must be text, not {arr.type}")
        indices, values = _encode(arr, self.count)
        lut = np.array([allowed.index(v) if v in allowed else -2 for v in values] + [-1], np.int8)
        codes: I8 = lut.take(indices)
        self.fail(field, codes == -1, "is required")
        bad = codes == -2
        if bad.any():
            value = values[indices[int(np.argmax(bad))]]
            self.fail(field, bad, f"{value!r} is not one of: {', '.join(sorted(allowed))}")
        return codes

    def _int(self, field: str) -> tuple[I64, Bools]:
        arr = self._array(field)
        if arr is None:
            return np.zeros(self.count, np.int64), np.ones(self.count, bool)
        if not pa.types.is_integer(arr.type):
            raise BulkInputError(
                f"family_members.{field}", f"must be whole numbers, not {arr.type}"
            )
        return _integers(arr), _null_mask(arr)

    def _flag(self, field: str) -> tuple[Bools, Bools]:
        arr = self._array(field)
        if arr is None:
            return np.zeros(self.count, bool), np.ones(self.count, bool)
        if not pa.types.is_boolean(arr.type):
            raise BulkInputError(f"family_members.{field}", f"must be true/false, not {arr.type}")
        return _flag(arr)

    def count_rows(self, mask: Bools) -> I64:
        """Per row, how many of its members are in ``mask`` (cumulative sums at the offsets:
        cheaper than ``bincount`` because the members of a row are contiguous)."""
        total = np.zeros(self.count + 1, np.int32)
        np.cumsum(mask, dtype=np.int32, out=total[1:])
        out: I64 = (total[self.ends] - total[self.starts]).astype(np.int64)
        return out

    def every(self, mask: Bools) -> Bools:
        out: Bools = self.count_rows(mask) == self.lengths
        return out

    def some(self, mask: Bools) -> Bools:
        if not mask.any():
            return np.zeros(self.c.n, bool)
        out: Bools = self.count_rows(mask) > 0
        return out

    def spread(self, per_row: Bools) -> Bools:
        """A row mask, repeated for each of the row's members."""
        out: Bools = per_row.take(self.row)
        return out


def _family_reunification(c: _Columns, ctx: _Context, rows: Bools, fold: _Fold) -> Bools:
    """Returns the rows that need the per-case path (more than 12 members)."""
    day, day_n = ctx.day, ctx.day_n
    statuses = fr.SPONSOR_STATUSES
    status = c.enum("sponsor_status", statuses)
    c.check_enum("sponsor_status", status, statuses, rows, rows)
    c.require("application_date", rows & c.null("application_date"))
    app = c.date("application_date")
    c.fail_if("application_date", rows & (app > day_n), "must not be after the evaluation date")
    cents, _ = c.money("net_monthly_income")
    c.require("net_monthly_income", rows & c.null("net_monthly_income"))
    dependants = c.integer("additional_dependants")
    c.require("additional_dependants", rows & c.null("additional_dependants"))
    c.check_range("additional_dependants", dependants, rows, 0, 50)
    m = _Members(c, rows)

    def is_status(*names: str) -> Bools:
        out: Bools = rows & _any_of(status, statuses, names)
        return out

    belgian = is_status("belgian")
    permit = c.date("sponsor_permit_date")
    permit_null = c.null("sponsor_permit_date")
    c.require("sponsor_permit_date", rows & ~belgian & permit_null)
    status_date = c.date("sponsor_status_date")
    c.require(
        "sponsor_status_date",
        is_status(
            "permanent_resident",
            "refugee",
            "stateless_person",
            "subsidiary_protection",
            "temporary_protection",
        )
        & c.null("sponsor_status_date"),
    )
    sponsor_age = c.integer("sponsor_age")
    age_known = ~c.null("sponsor_age")
    c.check_range("sponsor_age", sponsor_age, rows, 0, 130)
    uam = c.flag("sponsor_unaccompanied_minor")[0]
    sub = is_status("subsidiary_protection")
    temp = is_status("temporary_protection")
    sub_or_temp = sub | temp
    m.fail(
        "bond_predates_arrival",
        m.spread(sub_or_temp) & m.bond_null & ~m.accompanying,
        "is required for this sponsor status",
    )
    proof = c.date("identity_and_bond_proof_date")
    proof_known = ~c.null("identity_and_bond_proof_date")
    c.fail_if(
        "identity_and_bond_proof_date",
        rows & proof_known & (proof > day_n),
        "must not be after the evaluation date",
    )
    # Facts only some sponsors' rules read are still validated for every sponsor.
    categories = fr.PRESUMED_INCOME_CATEGORIES
    category = c.enum("single_permit_category", categories)
    c.check_enum("single_permit_category", category, categories, rows, None)
    c.date("single_permit_issue_date")
    for name in (
        "posted_worker",
        "filed_with_single_permit",
        "bond_predates_single_permit",
        "adequate_housing",
        "health_insurance",
    ):
        c.flag(name)
    fallback: Bools = rows & (m.lengths > MAX_VECTOR_MEMBERS)

    # FR-06: the new requirements or the previous ones; a regime's parameters are read on
    # the evaluation date (new) or the day before the Law of 18 Jul 2025 (previous).
    law_start: dt.date = ctx.value("family_reunification.income.new_regime_start", day)
    transition_end: dt.date = ctx.value("family_reunification.income.transition_end", day)
    law_n = _days(law_start)
    # The end of the transition is judged on the date the named choice fr06_transition_anchor
    # picks (002 L342 does not say).
    by_application = ctx.value("interpretation.fr06_transition_anchor", day) == "application_date"
    after_end = (app >= _days(transition_end)) if by_application else (day >= transition_end)
    before = app < law_n
    permit_after = ~permit_null & (permit >= law_n)
    by_permit = False
    if (rows & before & permit_after).any():
        by_permit = ctx.value("interpretation.fr06_precedence", day) == "permit_date"
    new = rows & (
        (before & permit_after & by_permit)
        | (~before & belgian & after_end)
        | (~before & ~belgian & (permit_after | after_end))
    )
    old = rows & ~new
    old_day = law_start - dt.timedelta(days=1)

    minor_or_disabled = m.is_("disabled_child") | (m.is_("child") & ~m.age_null & (m.age < 18))
    only_children = m.every(minor_or_disabled)
    minor_sponsor = uam & (~age_known | (sponsor_age < 18))
    all_accompanying = m.every(m.accompanying)
    # Who a blocking failure refuses (the per-case path's ``_scope``), for the named choice
    # fr_member_outcomes at the end: members (``refused``), whole families (``everyone``), and
    # rows whose failure concerns some members, spread only if the choice needs them.
    refused = np.zeros(m.count, bool)
    everyone = np.zeros(c.n, bool)
    parents_refused = np.zeros(c.n, bool)
    waiting_refused = np.zeros(c.n, bool)

    def until(start: I64, months: int, mask: Bools, field: str) -> I64:
        """``start`` plus ``months`` on the rows of ``mask`` (elsewhere: the far future)."""
        where = np.flatnonzero(mask)
        out = np.full(c.n, np.iinfo(np.int64).max // 2, np.int64)
        if len(where):
            ends, overflow = _add_months(start[where], months)
            out[where] = ends
            c.fail_if(
                field,
                _scatter(c.n, where, overflow),
                "is too late a date: the period would end after 9999-12-31",
            )
        return out

    # --- status-specific conditions
    ctx.require("interpretation.waiting_period_start", day)
    temporary_old = old & temp
    if temporary_old.any():
        # FRT-02 under the previous requirements: 002 §4.4.2 applies the two-year wait "from
        # 18 August 2025" while FR-06 keeps the previous requirements for this sponsor;
        # which prevails is not stated, so a wait not yet over is undecided (FRT-02-VS-FR-06).
        name = "family_reunification.conditions.temporary_protection_waiting_period"
        if ctx.get(name, day) is not None:
            pv = ctx.require(name, day, temporary_old)
            waiting = temporary_old & ~only_children
            passed = app >= until(status_date, int(pv.value), waiting, "sponsor_status_date")
            fold.check(waiting, _Tri(False, ~passed), "blocking", _FRS03)
            fold.set_bit(temporary_old, _TEMPORARY)
    pr = new & is_status("permanent_resident")
    if pr.any():
        # FR-05: one year if every bond predates the sponsor's arrival, else two; an unknown
        # bond is undecided only when the two periods disagree.
        conditions = "family_reunification.conditions."
        short = int(ctx.value(conditions + "permanent_resident_waiting_period_prior_bond", day))
        long = int(ctx.value(conditions + "permanent_resident_waiting_period", day))
        prior_failed = m.some(~m.bond & ~m.bond_null)
        prior_unknown = ~prior_failed & m.some(m.bond_null)
        prior = ~prior_failed & ~prior_unknown
        waiting = pr & ~only_children
        # (the per-case path computes the short period unless a bond is known not to be
        # prior, the long one unless every bond is)
        field = "sponsor_status_date"
        pass_short = app >= until(status_date, short, waiting & ~prior_failed, field)
        pass_long = app >= until(status_date, long, waiting & ~prior, field)
        passed = (prior & pass_short) | (prior_failed & pass_long) | (pass_long & pass_short)
        undecided = prior_unknown & (pass_long != pass_short)
        fold.check(waiting, _Tri(~passed & ~undecided, undecided), "blocking", _FR05)
        everyone |= waiting & ~passed & ~undecided

    protected = new & sub_or_temp
    if protected.any():
        # FRS-01 / FRT-01: each family member not accompanying needs a bond that predates
        # the sponsor's arrival (or is a child born in Belgium into the family).
        ctx.require("family_reunification.conditions.bond_predates_arrival_required_from", day)
        ok = m.bond | (m.is_("child") & m.born_here)
        bad = m.spread(protected) & ~m.accompanying & ~ok
        refused |= bad
        count = m.count_rows(bad)
        fold.blocking |= count > 0
        fold.set_count(count, _COUNT1)
        # FRS-05 / FRT-03: no reunification with the parents of an unaccompanied minor.
        parents = protected & minor_sponsor & m.some(m.is_("parent"))
        fold.check(parents, _FAILED, "blocking", _FRS05)
        parents_refused |= parents
        fold.set_bit(protected & temp, _TEMPORARY)

    subsidiary = new & sub & ~all_accompanying
    if subsidiary.any():
        # FRS-03: two years' wait, suspended by Constitutional Court Decision 24/2026.
        pv = ctx.any_status(
            "family_reunification.conditions.subsidiary_waiting_period", day, subsidiary
        )
        if pv.status != "suspended":
            # The wait concerns only the members who did not accompany the sponsor (002
            # L623); which members the children exception looks at is a named choice.
            which = ctx.value("interpretation.frs03_children_exception_members", day)
            children = (
                only_children
                if which == "all_members"
                else m.every(minor_or_disabled | m.accompanying)
            )
            waiting = subsidiary & ~children
            passed = app >= until(status_date, int(pv.value), waiting, "sponsor_status_date")
            fold.check(waiting, _Tri(~passed, False), "blocking", _FRS03)
            waiting_refused |= waiting & ~passed

    temporary = new & temp
    if temporary.any():
        # FRT-02: two years' wait (002 §4.4.2 L987), not suspended: Decision 24/2026 (fn
        # 43–46, L632–L638) covers only the subsidiary-protection rules.
        months = int(
            ctx.value("family_reunification.conditions.temporary_protection_waiting_period", day)
        )
        waiting = temporary & ~only_children
        passed = app >= until(status_date, months, waiting, "sponsor_status_date")
        fold.check(waiting, _Tri(~passed, False), "blocking", _FRS03)
        everyone |= waiting & ~passed

    frr05 = new & is_status(*fr.REFUGEE_LIKE) & ~uam & age_known & (sponsor_age < 18)
    if frr05.any():
        # FRR-05: an accompanied minor refugee cannot bring a second parent.
        bad = m.spread(frr05) & m.is_("parent") & ~m.accompanying
        refused |= bad
        count = m.count_rows(bad)
        fold.blocking |= count > 0
        fold.set_count(count, _COUNT2)

    # --- partners (FR-02, FRR-06/FRS-08, FR-03), on each regime's day
    if m.partner.any():
        ctx.require("interpretation.fr02_age_reference", day)
        protection = is_status(*fr.PROTECTION)
        accompanying_rule = (
            m.partner
            & m.accompanying
            & m.spread(protection)
            & m.is_("spouse", "registered_partner")
        )
        general = m.partner & ~accompanying_rule
        member_new = m.spread(new)
        age_failed = np.zeros(m.count, bool)
        conditions = "family_reunification.conditions."
        for name, mask in (
            (conditions + "accompanying_partner_minimum_age", accompanying_rule),
            (conditions + "partner_minimum_age", general),
        ):
            for regime_new, rday in ((True, day), (False, old_day)):
                part = mask & (member_new if regime_new else ~member_new)
                if part.any():
                    age_failed |= part & (m.age < int(ctx.value(name, rday)))
        durable_rule = m.is_("partner", "registered_partner")
        durable_failed = durable_rule & ~m.durable
        refused |= age_failed | (durable_failed & ~m.durable_null)
        fold.blocking |= m.some(age_failed | (durable_failed & ~m.durable_null))
        fold.review |= m.some(durable_rule & m.durable_null)
        # Each failing member's rules, in trace order, at its position in the key.
        members = np.flatnonzero(age_failed | durable_failed)
        if len(members):
            position = m.position(members)
            keep = position < MAX_VECTOR_MEMBERS
            members, position = members[keep], position[keep]
            rule = np.where(accompanying_rule[members], np.where(m.spread(sub)[members], 2, 3), 1)
            code = np.where(age_failed[members], rule, 0) | (durable_failed[members] << 2)
            np.bitwise_or.at(
                fold.partners,
                m.row[members],
                code.astype(np.int64) << (_PARTNERS + 3 * position),
            )

    # --- exemption from the material requirements (FRR-01, FRR-02, FRS-02)
    exempt = np.zeros(c.n, bool)
    exempt_unknown = np.zeros(c.n, bool)
    prot = is_status(*fr.PROTECTION)
    if prot.any():
        accompanied = prot & all_accompanying
        conditions = "family_reunification.conditions."
        for rday, regime in ((day, new), (old_day, old)):
            for status_name, period_name in (
                ("subsidiary_protection", "subsidiary_exemption_period"),
                ("refugee", "refugee_exemption_period"),
                ("stateless_person", "refugee_exemption_period"),
            ):
                part = accompanied & regime & is_status(status_name)
                if part.any():  # (read for the trace)
                    ctx.any_status(conditions + period_name, rday, part)
        exempt |= accompanied
        own = prot & ~all_accompanying
        if own.any():
            ctx.require("interpretation.exemption_period_start", day)
        refugees = own & is_status(*fr.REFUGEE_LIKE)
        subs = own & sub
        conditions = "family_reunification.conditions."
        for rday, regime in ((day, new), (old_day, old)):
            refugee_part = refugees & regime
            if refugee_part.any():
                months = int(ctx.value(conditions + "refugee_exemption_period", rday))
                ends = until(status_date, months, refugee_part, "sponsor_status_date")
                exempt |= refugee_part & (app <= ends)
            sub_part = subs & regime
            if sub_part.any():
                pv = ctx.any_status(conditions + "subsidiary_exemption_period", rday, sub_part)
                if pv.status == "suspended":
                    # FRS-02: the abolition is suspended; whether the former one-year
                    # exemption revives is for a caseworker, within that year.
                    former = int(ctx.value(conditions + "subsidiary_exemption_period", old_day))
                    ends = until(status_date, former, sub_part, "sponsor_status_date")
                    exempt_unknown |= sub_part & (app <= ends)
                else:
                    months = int(pv.value)
                    ends = until(status_date, months, sub_part, "sponsor_status_date")
                    exempt |= sub_part & (app <= ends) & (months > 0)

    # --- single-permit workers: FRX-03 (info) and the FRX-04 presumption
    spw = is_status("single_permit_worker")
    presumed = np.zeros(c.n, bool)
    if spw.any():
        window = int(ctx.value("family_reunification.conditions.ex_officio_window", day))
        ctx.require("interpretation.frx03_window_end", day)
        inclusive = ctx.value("interpretation.frx03_window_end", day) == "inclusive"
        issued = c.date("single_permit_issue_date")
        issued_null = c.null("single_permit_issue_date")
        together = c.flag("filed_with_single_permit")[0]
        bond, bond_null = c.flag("bond_predates_single_permit")
        ends = until(issued, window, spw & ~together & ~issued_null, "single_permit_issue_date")
        in_window = together | (
            ~issued_null & (issued <= app) & ((app <= ends) if inclusive else (app < ends))
        )
        window_unknown = ~together & issued_null
        route = _and3(
            _Tri(~in_window & ~window_unknown, window_unknown), _Tri(~bond & ~bond_null, bond_null)
        )
        posted = c.flag("posted_worker")[0]
        presumed = (
            spw
            & (category >= 0)
            & (category != categories.index("other"))
            & ~((category == categories.index("highly_skilled")) & posted)
        )
        # FRX-04's presumption is stated for the ex-officio route (002 §1.1.4 L198); outside
        # it only under the named choice frx04_scope. A route not known to be open leaves the
        # income check in place (failed or undecided, it counts the same).
        if presumed.any() and ctx.value("interpretation.frx04_scope", day) != "any_route":
            presumed &= ~np.asarray(route.failed) & ~np.asarray(route.undecided)

    # --- income (FR-01 / FRX-02, review severity), housing and health insurance
    material = rows & ~exempt
    income_rows = material & ~presumed
    if income_rows.any():
        low = cents < _income_limits(c, ctx, income_rows, new, app, dependants)
        counted = fold.check(
            income_rows, _Tri(low & ~exempt_unknown, low & exempt_unknown), "review", _INCOME
        )
        fold.set_bit(counted & spw, _SPW)
    if material.any():
        failed: Bools | bool = False
        for name, bit in (("adequate_housing", _FR04), ("health_insurance", _FRMAT)):
            t = c.tri(name)
            fold.check(material, t, "blocking", bit)
            failed = failed | t.failed
        # Members who accompanied a protected sponsor are not subject to them (002 L603, L622).
        everyone |= material & failed & ~prot
        material_refused = material & failed & prot
    else:
        material_refused = np.zeros(c.n, bool)

    # --- application fees (FRR-04, 002 L605; FRS-07, L627, suspended by 24/2026, fn 46)
    conditions = "family_reunification.conditions."
    for group, name, frs07 in (
        (new & is_status(*fr.REFUGEE_LIKE), "refugee_application_fee_required_from", False),
        (new & sub, "subsidiary_application_fee_required_from", True),
    ):
        if not group.any():
            continue
        pv = ctx.any_status(conditions + name, day, group)
        applies = group & (app >= _days(pv.value))
        if pv.status == "suspended" or not applies.any():
            continue
        # Owed by a member known to be an adult, not accompanying, whose bond is known and
        # postdates the arrival (FRR-04) or predates it (FRS-07); unpaid or not stated: review.
        bond_excuses = (~m.bond & ~m.bond_null) if frs07 else m.bond
        due = (
            m.spread(applies)
            & ~m.accompanying
            & ~m.bond_null
            & ~m.age_null
            & (m.age >= 18)
            & ~bond_excuses
        )
        owed = due & ~(m.fee_paid & ~m.fee_paid_null)
        if not owed.any():
            continue
        count = m.count_rows(owed)
        fold.review |= count > 0
        if count.any():
            fold.partners |= np.minimum(count, 15).astype(np.int64) << _FEES
            if frs07:
                fold.partners |= (count > 0).astype(np.int64) << _FEES_FRS07

    # --- FRR-01: proof of identity and bond within six months of recognition (002 L603),
    # checked when its date is given; a late one is for a caseworker
    proving = new & is_status(*fr.REFUGEE_LIKE) & proof_known
    name = conditions + "refugee_bond_proof_period"
    if proving.any() and ctx.get(name, day) is not None:
        months = int(ctx.require(name, day, proving).value)
        ctx.require("interpretation.exemption_period_start", day)
        late = proving & (proof > until(status_date, months, proving, "sponsor_status_date"))
        if late.any():
            fold.review |= late
            fold.partners |= late.astype(np.int64) << _PROOF

    # --- how the members' results combine (named choice fr_member_outcomes)
    # (a family of one is refused exactly when a blocking check fails)
    candidates = rows & fold.blocking & (m.lengths > 1) & ~everyone
    if candidates.any():
        part = candidates & parents_refused
        if part.any():
            refused |= m.spread(part) & m.is_("parent")
        # FRS-03 and the material requirements concern the members who did not accompany.
        part = candidates & (waiting_refused | material_refused)
        if part.any():
            refused |= m.spread(part) & ~m.accompanying
        mixed = candidates & ~m.every(refused)
        if mixed.any() and ctx.value("interpretation.fr_member_outcomes", day) == "per_member":
            fold.blocking &= ~mixed
            fold.review |= mixed
    return fallback


def _income_limits(
    c: _Columns, ctx: _Context, rows: Bools, new: Bools, app: I64, dependants: I64
) -> I64:
    """FR-01's threshold per row in cents (rounded up): ``income_threshold`` with the
    indexation date the named choice fr01_indexation_reference picks."""
    day = ctx.day
    reference = str(ctx.value("interpretation.fr01_indexation_reference", day))
    # With the evaluation date as the reference (the default) every row has the same index.
    index_day = app if reference == "application_date" else np.full(1, ctx.day_n, np.int64)
    limit = np.zeros(c.n, np.int64)

    def indices(name: str, part: Bools) -> I64:
        """``Rulebook.require(name, index_day)`` per row: the value's index; rows whose value
        is missing or may not be applied go to the per-case path."""
        values = ctx.rb.values[name]
        idx = ctx.index_at(name, index_day)
        usable = np.array([v.applicable for v in values] + [False], bool)
        refused = part & ~usable.take(idx)
        if refused.any():
            raise _PerCase(refused)
        return idx

    old = rows & ~new
    if old.any():
        name = "family_reunification.income.old_regime"
        idx = indices(name, old)
        cents = np.array([_ceil_cents(v.value) for v in ctx.rb.values[name]] + [0], np.int64)
        limit += old * cents.take(idx)

    recent = rows & new
    if recent.any():
        name = "family_reunification.income.new_regime"
        values = ctx.rb.values[name]
        idx = indices(name, recent)
        deps = np.clip(dependants, 0, 50)

        def table() -> I64:
            out = np.zeros((len(values), 51), np.int64)
            for i, pv in enumerate(values):
                out[i, :] = _ceil_cents(pv.value)
            return out

        grid: I64 = ctx.cached(("FR-01", "base"), table)
        if (recent & (deps > 0)).any():

            def supplements() -> I64:
                rate: Decimal = ctx.value(
                    "family_reunification.income.dependant_supplement_rate", day
                )
                method = str(ctx.value("interpretation.fr01_supplement_method", day))
                rounding = str(ctx.value("interpretation.fr01_rounding", day))
                out = grid.copy()
                for i, pv in enumerate(values):
                    base: Decimal = pv.value
                    for k in range(1, 51):
                        raw = (
                            base * (1 + rate * k) if method == "linear" else base * (1 + rate) ** k
                        )
                        out[i, k] = _ceil_cents(fr._round(raw, rounding))
                return out

            grid = ctx.cached(("FR-01", "supplements"), supplements)
        if len(idx) == 1:
            limit += recent * grid[int(idx[0])].take(deps)
        else:
            limit += recent * grid[np.maximum(idx, 0), deps]
    return limit


# --- the whole table ----------------------------------------------------------------------


_TEXT = ("text", lambda t: _is_text(t))
_KINDS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    **dict.fromkeys(
        (
            "procedure",
            "region",
            "category",
            "salary_period",
            "application_type",
            "sector",
            "occupation",
            "sponsor_status",
            "single_permit_category",
        ),
        _TEXT,
    ),
    **dict.fromkeys(
        ("gross_salary", "net_monthly_income"),
        (
            "decimals or text (a float cannot hold every amount in cents exactly)",
            lambda t: pa.types.is_decimal(t) or _is_text(t) or pa.types.is_integer(t),
        ),
    ),
    **dict.fromkeys(
        ("age", "sponsor_age", "additional_dependants"), ("whole numbers", pa.types.is_integer)
    ),
    **dict.fromkeys(
        (
            "junior",
            "same_employer",
            "same_occupation",
            "relevant_qualifications",
            "profile_screened",
            "long_term_resident_other_member_state",
            "labour_market_test_passed",
            "sponsor_unaccompanied_minor",
            "adequate_housing",
            "health_insurance",
            "posted_worker",
            "filed_with_single_permit",
            "bond_predates_single_permit",
        ),
        ("booleans", pa.types.is_boolean),
    ),
    **dict.fromkeys(
        (
            "application_date",
            "sponsor_permit_date",
            "sponsor_status_date",
            "single_permit_issue_date",
            "identity_and_bond_proof_date",
        ),
        ("dates (date32)", lambda t: pa.types.is_date32(t) or pa.types.is_date64(t)),
    ),
    "fte": (
        "decimals",
        lambda t: (
            pa.types.is_decimal(t)
            or pa.types.is_floating(t)
            or pa.types.is_integer(t)
            or _is_text(t)
        ),
    ),
    "family_members": (
        "lists of family members (list<struct>)",
        lambda t: (
            (pa.types.is_list(t) or pa.types.is_large_list(t)) and pa.types.is_struct(t.value_type)
        ),
    ),
    "id": ("anything", lambda t: True),
}
assert set(_KINDS) == _ALLOWED_COLUMNS


def _check_columns(table: Any) -> None:
    """Column names and types, before any row is read."""
    for field in table.schema:
        name = field.name
        if name == "date":
            raise BulkInputError(
                "date", "is not a column: the evaluation date is the same for every row (--date)"
            )
        if name not in _ALLOWED_COLUMNS:
            raise BulkInputError(
                name, f"unknown fact; expected one of: {', '.join(sorted(_ALLOWED_COLUMNS))}"
            )
        expected, accepts = _KINDS[name]
        t = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if not pa.types.is_null(t) and not accepts(t):
            raise BulkInputError(name, f"must be a column of {expected}, not {field.type}")
    if "procedure" not in table.column_names:
        raise BulkInputError("procedure", "is required (the input has no such column)")


class _Result:
    def __init__(
        self,
        outcome: I8,
        keys: I64,
        fallback: dict[int, tuple[tuple[str, ...], tuple[str, ...]]],
        kernel: _KernelRows | None = None,
    ) -> None:
        self.outcome = outcome
        self.keys = keys
        self.fallback = fallback
        self.kernel = kernel

    def _lists(self, base: list[list[str]], index: Any, which: int) -> Any:
        """The list column: ``base`` at ``index``, the kernel rows' interned lists and the
        per-case rows' own lists laid over it."""
        pieces = [pa.array(base, pa.list_(pa.string()))]
        offset = len(base)
        index = np.asarray(index, np.int64).copy()
        k = self.kernel
        if k is not None and k.rows:
            interned = k.rules if which == 0 else k.facts
            pieces.append(pa.array([list(t) for t in interned.lists], pa.list_(pa.string())))
            codes = np.concatenate(k.failed if which == 0 else k.missing)
            index[np.concatenate(k.rows)] = offset + codes
            offset += len(interned.lists)
        if self.fallback:
            rows = list(self.fallback)
            pieces.append(
                pa.array([list(self.fallback[i][which]) for i in rows], pa.list_(pa.string()))
            )
            index[rows] = offset + np.arange(len(rows))
        column = pieces[0] if len(pieces) == 1 else pa.concat_arrays(pieces)
        return column.take(pa.array(index))

    def failed_rules(self) -> Any:
        """The list column, from the few distinct keys (decoded once each)."""
        distinct, inverse = _distinct(self.keys)
        return self._lists([list(_decode(k)) for k in distinct], inverse, 0)

    def missing_facts(self) -> Any:
        return self._lists([[]], np.zeros(len(self.keys), np.int64), 1)

    def outcome_array(self) -> Any:
        return pa.DictionaryArray.from_arrays(
            pa.array(self.outcome, pa.int8()), pa.array(OUTCOMES, pa.string())
        )


#: Keys below this are deduplicated through a dense table: every single-permit key and every
#: family key without a partner failure beyond the first member.
_DENSE_KEYS = 1 << 20


def _distinct(keys: I64) -> tuple[list[int], I32]:
    """The distinct keys and each row's index among them (``np.unique`` sorts; a dense table
    for the usual small keys is ten times faster)."""
    small = (keys >= 0) & (keys < _DENSE_KEYS)
    if small.all():
        seen = np.zeros(_DENSE_KEYS, bool)
        seen[keys] = True
        distinct = np.flatnonzero(seen)
        table = np.zeros(_DENSE_KEYS, np.int32)
        table[distinct] = np.arange(len(distinct), dtype=np.int32)
        return distinct.tolist(), table.take(keys)
    rest = np.flatnonzero(~small)
    if 4 * len(rest) < len(keys):
        # A few large keys (a fee, or a partner failure beyond the first member): the dense
        # table for the others, a sort for these only.
        seen = np.zeros(_DENSE_KEYS, bool)
        seen[keys[small]] = True
        distinct = np.flatnonzero(seen)
        table = np.zeros(_DENSE_KEYS, np.int32)
        table[distinct] = np.arange(len(distinct), dtype=np.int32)
        values, inverse = np.unique(keys[rest], return_inverse=True)
        index: I32 = table.take(np.where(small, keys, 0))
        index[rest] = len(distinct) + inverse.astype(np.int32).ravel()
        return distinct.tolist() + values.tolist(), index
    values, inverse = np.unique(keys, return_inverse=True)
    return values.tolist(), inverse.astype(np.int32).ravel()


def _evaluate(c: _Columns, ctx: _Context) -> _Result:
    if ctx.day < RULEBOOK_START:
        raise BulkInputError(
            "date", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})"
        )
    n = c.n
    known = (*PROCEDURES, *[p for p in (*ELIGIBILITY, *COMPUTATIONS) if p not in PROCEDURES])
    codes = c.enum("procedure", known)
    c.require("procedure", codes == -1)
    c.fail_if(
        "procedure",
        codes == -2,
        lambda i: f"{c.value_at('procedure', i)!r} is not one of: {', '.join(known)}",
    )
    c.fail_if(
        "procedure",
        codes >= len(PROCEDURES),
        lambda i: (
            f"{c.value_at('procedure', i)!r} is not evaluated in bulk; one of: "
            + ", ".join(PROCEDURES)
        ),
    )
    sp_rows = codes == 0
    fr_rows = codes == 1
    for names, rows, procedure, allowed in (
        (_SP_ONLY, fr_rows, "family_reunification", fr.FACTS),
        (_FR_ONLY, sp_rows, "single_permit", _SP_FACTS),
    ):
        for name in sorted(names & c.names):
            c.fail_if(
                name,
                rows & ~c.null(name),
                f"unknown fact for {procedure}; expected one of: {', '.join(sorted(allowed))}",
            )
    c.fail_if(
        "application_date",
        ~c.null("application_date") & (c.date("application_date") < _START_DAY),
        f"is before the rulebook starts ({RULEBOOK_START.isoformat()})",
    )

    # Single permit: the rule kernel's column backend; rows with digits below the cent
    # take the per-case path.
    kernel = _KernelRows()
    sp_fallback = sp_rows & c.money("gross_salary")[1] if sp_rows.any() else sp_rows
    rows = sp_rows & ~sp_fallback
    if rows.any():
        _kernel_procedure(c, ctx, rows, "single_permit", kernel)

    per_case = np.zeros(n, bool)  # rows that need a parameter the engine may not apply
    while True:
        fold = _Fold(n)
        fallback = per_case | sp_fallback
        try:
            rows = fr_rows & ~per_case
            if rows.any():
                fallback |= _family_reunification(c, ctx.scoped(rows), rows, fold)
                fallback |= rows & c.money("net_monthly_income")[1]
                fold.set_bit(rows, 0)
        except _PerCase as exc:
            per_case |= exc.rows
            continue
        break
    outcome = fold.outcome()
    if kernel.rows:
        outcome[np.concatenate(kernel.rows)] = np.concatenate(kernel.outcome)
    done: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i in np.flatnonzero(fallback).tolist():
        decided, rules, missing = _per_case(c, ctx, i)
        outcome[i] = OUTCOMES.index(decided)
        done[i] = (rules, missing)
    return _Result(outcome, fold.keys(), done, kernel)


def _per_case(c: _Columns, ctx: _Context, i: int) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    case = _row_case(c.table, i)
    case["date"] = ctx.day
    try:
        decision = evaluate(case, ctx.rb)
    except InputError as exc:
        raise BulkInputError(f"{exc.field}[row {c.row_number(i)}]", exc.message) from None
    return decision.outcome, decision.failed_rules, decision.missing_facts


def _row_case(table: Any, i: int) -> dict[str, Any]:
    """A row as the per-case path reads it: the non-null facts (and members' facts)."""
    row = table.slice(i, 1).to_pylist()[0]
    case = {k: v for k, v in row.items() if v is not None}
    if "family_members" in case:
        case["family_members"] = [
            {k: v for k, v in member.items() if v is not None} if member is not None else None
            for member in case["family_members"]
        ]
    return case


def evaluate_table(
    table: Any, day: dt.date, rulebook: Rulebook | None = None, *, row_offset: int = 0
) -> Any:
    """Evaluate every row of ``table`` on ``day``: a table of ``id`` (or ``row``),
    ``outcome`` and ``failed_rules``, equal row by row to the per-case path.
    ``row_offset`` numbers the rows in error messages (for a chunk of a larger file)."""
    ctx = _Context(rulebook or default_rulebook(), day)
    _check_columns(table)
    result = _evaluate(_Columns(table, row_offset), ctx)
    return _output(table, row_offset, result)


def _output(table: Any, row_offset: int, result: _Result) -> Any:
    if "id" in table.column_names:
        first = pa.field("id", table.schema.field("id").type)
        ident = table.column("id").combine_chunks()
    else:
        first = pa.field("row", pa.int64())
        ident = pa.array(np.arange(row_offset, row_offset + table.num_rows, dtype=np.int64))
    schema = pa.schema([first, *OUTPUT_SCHEMA_FIELDS])
    return pa.Table.from_arrays(
        [ident, result.outcome_array(), result.failed_rules(), result.missing_facts()],
        schema=schema,
    )


# --- files --------------------------------------------------------------------------------


def _open(input_path: Path) -> Any:
    try:
        probe = pq.ParquetFile(input_path)
    except (OSError, pa.ArrowException) as exc:
        raise BulkInputError(
            "--input", f"{input_path}: not a readable Parquet file ({exc})"
        ) from None
    text = [f.name for f in probe.schema_arrow if _is_text(f.type)]
    return pq.ParquetFile(input_path, read_dictionary=text)


def _chunk(
    batch: Any, offset: int, contexts: list[_Context], proposal: bool = False
) -> tuple[Any, _Result, _Result | None]:
    """Evaluate one chunk on the evaluation date (and on the compare date, or under the
    proposal, ``contexts[1]``): its output table."""
    table = pa.Table.from_batches([batch])
    cols = _Columns(table, offset)
    result = _evaluate(cols, contexts[0])
    out = _output(table, offset, result)
    other = None
    if len(contexts) > 1:
        try:
            other = _evaluate(cols, contexts[1])
        except BulkInputError as exc:
            where = (
                "under --proposal"
                if proposal
                else f"on --compare-date {contexts[1].day.isoformat()}"
            )
            raise BulkInputError(exc.field, f"{exc.message} ({where})") from None
        out = _with_other(
            out,
            other.outcome_array(),
            other.failed_rules() if proposal else None,
            other.outcome != result.outcome,
            proposal,
        )
    return out, result, other


def _with_other(out: Any, outcome: Any, failed_rules: Any, changed: Bools, proposal: bool) -> Any:
    """The output with the other answer's columns: ``outcome_compare_date``, or (what-if,
    issue 9 item 8) ``outcome_proposal`` and ``failed_rules_proposal``; then ``changed``."""
    if proposal:
        out = out.append_column("outcome_proposal", outcome).append_column(
            "failed_rules_proposal", failed_rules
        )
    else:
        out = out.append_column("outcome_compare_date", outcome)
    return out.append_column("changed", pa.array(changed, pa.bool_()))


def run_bulk(
    input_path: Path | str,
    output_path: Path | str,
    day: dt.date,
    *,
    compare_date: dt.date | None = None,
    proposal: Rulebook | None = None,
    progress: bool = False,
    rulebook: Rulebook | None = None,
    chunk_rows: int = CHUNK_ROWS,
    workers: int | None = None,
) -> str:
    """Evaluate a Parquet file of cases on ``day`` and write the decisions as Parquet.

    With ``compare_date``, also evaluate on that date and add ``outcome_compare_date`` and
    ``changed``. With ``proposal`` (a rulebook from ``Rulebook.with_proposal``), also
    evaluate under it on ``day`` and add ``outcome_proposal``, ``failed_rules_proposal`` and
    ``changed``; the summary counts the changes from each outcome to each other. The output
    is written to a temporary file and renamed, so nothing is left behind on an error.
    Returns a one-line summary.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    rb = rulebook or default_rulebook()
    for name, d in (("--date", day), ("--compare-date", compare_date)):
        if d is not None and d < RULEBOOK_START:
            raise BulkInputError(
                name, f"is before the rulebook starts ({RULEBOOK_START.isoformat()})"
            )
    if proposal is not None and compare_date is not None:
        # Both would fill ``changed``; a proposal is judged on one date, --date.
        raise BulkInputError("--proposal", "cannot be combined with --compare-date")
    source = _open(input_path)
    total = source.metadata.num_rows
    _check_columns(source.schema_arrow.empty_table())
    contexts = [_Context(rb, day)] + ([_Context(rb, compare_date)] if compare_date else [])
    if proposal is not None:
        contexts.append(_Context(proposal, day))
    # transitions[a, b]: cases whose outcome is OUTCOMES[a] today and OUTCOMES[b] under the
    # proposal.
    transitions = np.zeros((len(OUTCOMES), len(OUTCOMES)), np.int64)

    counts = np.zeros(len(OUTCOMES), np.int64)
    done = 0
    # One more worker than cores: while one waits on Arrow, the others compute.
    workers = min(4, (os.cpu_count() or 1) + 1) if workers is None else max(1, workers)
    changed_total = 0
    changed_ids: list[Any] = []
    fallback_rows = 0
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{output_path.name}.", suffix=".tmp", dir=output_path.parent or Path(".")
    )
    os.close(fd)
    tmp = Path(tmp_name)
    writer: Any = None
    bar: Any = None
    try:
        if progress:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            bar.start()
            task = bar.add_task(f"evaluating on {day.isoformat()}", total=total)
        # Chunks are evaluated in a small thread pool (NumPy and Arrow release the GIL in
        # their loops) while the main thread reads the next and writes the finished ones,
        # in order, so the output rows follow the input rows.
        pending: deque[Future[tuple[Any, _Result, _Result | None]]] = deque()
        offset = 0
        with ThreadPoolExecutor(max_workers=workers) as pool:

            def drain(limit: int) -> None:
                nonlocal writer, changed_total, fallback_rows, counts, done, transitions
                while len(pending) > limit:
                    out, result, other = pending.popleft().result()
                    fallback_rows += len(result.fallback)
                    counts += np.bincount(result.outcome, minlength=len(OUTCOMES))
                    if other is not None:
                        changed = other.outcome != result.outcome
                        changed_total += int(changed.sum())
                        if proposal is not None:
                            pairs = result.outcome.astype(np.int64) * len(OUTCOMES) + other.outcome
                            transitions += np.bincount(pairs, minlength=len(OUTCOMES) ** 2).reshape(
                                transitions.shape
                            )
                        if len(changed_ids) < 10 and changed.any():
                            first = np.flatnonzero(changed)[: 10 - len(changed_ids)]
                            changed_ids.extend(out.column(0).take(pa.array(first)).to_pylist())
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, out.schema)
                    writer.write_table(out)
                    done += out.num_rows
                    if bar is not None:
                        bar.update(task, completed=done)

            try:
                for batch in source.iter_batches(batch_size=chunk_rows):
                    pending.append(
                        pool.submit(_chunk, batch, offset, contexts, proposal is not None)
                    )
                    offset += batch.num_rows
                    drain(workers)
                drain(0)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
        if writer is None:  # an empty file: still write the schema
            empty = _output(
                source.schema_arrow.empty_table(),
                0,
                _Result(np.zeros(0, np.int8), np.zeros(0, np.int64), {}),
            )
            if len(contexts) > 1:
                empty = _with_other(
                    empty,
                    empty.column("outcome"),
                    empty.column("failed_rules"),
                    np.zeros(0, bool),
                    proposal is not None,
                )
            writer = pq.ParquetWriter(tmp, empty.schema)
            writer.write_table(empty)
        writer.close()
        writer = None
        os.replace(tmp, output_path)
    except BaseException:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if bar is not None:
            bar.stop()

    parts = ", ".join(f"{int(k)} {name}" for name, k in zip(OUTCOMES, counts, strict=True))
    summary = (
        f"{total} cases evaluated on {day.isoformat()} ({parts}; "
        f"{fallback_rows} by the per-case fallback) → {output_path}"
    )
    listed = ", ".join(str(x) for x in changed_ids)
    if compare_date is not None:
        summary += f"; {changed_total} changed outcome on {compare_date.isoformat()}" + (
            f" (first: {listed})" if changed_total else ""
        )
    if proposal is not None:
        moves = ", ".join(
            f"{int(transitions[a, b])} {OUTCOMES[a]} → {OUTCOMES[b]}"
            for a in range(len(OUTCOMES))
            for b in range(len(OUTCOMES))
            if a != b and transitions[a, b]
        )
        summary += f"; {changed_total} change outcome under the proposal {proposal.version}" + (
            f": {moves} (first: {listed})" if changed_total else ""
        )
    return summary


__all__ = ["BulkInputError", "evaluate_table", "run_bulk"]


# --- summaries of JSON cases -----------------------------------------------------------------

_COLUMNAR_PROCEDURES = {"single_permit": _SP_FACTS, "family_reunification": fr.FACTS}


def summarise_cases(
    cases: Sequence[Mapping[str, Any]], rulebook: Rulebook | None = None
) -> list[dict[str, Any]]:
    """The outcome and failed rules of each case, as ``evaluate_batch`` gives them, computed
    column-wise where it can be: cases of the two bulk procedures are grouped by their date
    and evaluated as Arrow tables. Anything the column-wise path refuses or cannot type
    (mixed types in a fact, other procedures) goes through the per-case path, so a bad case
    raises the same ``InputError`` (``[i].field``) as ``evaluate_batch``."""
    rb = rulebook or default_rulebook()
    out: list[dict[str, Any] | None] = [None] * len(cases)
    groups: dict[Any, list[int]] = {}
    slow: list[int] = []
    for i, case in enumerate(cases):
        allowed = _COLUMNAR_PROCEDURES.get(case.get("procedure"))  # type: ignore[arg-type]
        raw_date = case.get("date")
        if allowed is not None and isinstance(raw_date, str) and case.keys() <= allowed:
            groups.setdefault(raw_date, []).append(i)
        else:
            slow.append(i)
    for raw_date, rows in groups.items():
        try:
            day = _parse_day(raw_date)
            # Every fact any case of the group gives becomes a column (from_pylist would
            # take the first case's facts only).
            names = sorted({k for i in rows for k in cases[i]} - {"date", "id"})
            table = _json_dates(
                pa.Table.from_pydict({k: [cases[i].get(k) for i in rows] for k in names})
            )
            result = evaluate_table(table, day, rb)
        except (InputError, pa.ArrowException, TypeError, ValueError):
            slow.extend(rows)  # the per-case path names the exact field
            continue
        outcomes = result.column("outcome").to_pylist()
        failed = result.column("failed_rules").to_pylist()
        for j, i in enumerate(rows):
            out[i] = {"outcome": outcomes[j], "failed_rules": failed[j]}
    for i in sorted(slow):
        try:
            decision = evaluate(cases[i], rb)
        except InputError as exc:
            raise InputError(f"[{i}].{exc.field}", exc.message) from None
        out[i] = {"outcome": decision.outcome, "failed_rules": list(decision.failed_rules)}
    return [
        {"id": case["id"], **summary} if "id" in case else summary
        for case, summary in zip(cases, out, strict=True)
        if summary is not None
    ]


_JSON_DATE_FACTS = (
    "application_date",
    "sponsor_permit_date",
    "sponsor_status_date",
    "single_permit_issue_date",
)


def _json_dates(table: Any) -> Any:
    """JSON carries dates as text: cast the date facts to date32 when every value has the
    strict YYYY-MM-DD form the per-case path accepts; otherwise raise, to the per-case path."""
    for name in _JSON_DATE_FACTS:
        if name not in table.column_names or not _is_text(table.schema.field(name).type):
            continue
        column = table.column(name)
        strict = pc.match_substring_regex(column, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        if not pc.all(pc.fill_null(strict, True)).as_py():
            raise ValueError(name)
        index = table.column_names.index(name)
        table = table.set_column(index, name, pc.cast(column, pa.date32()))
    return table


def _parse_day(raw: str) -> dt.date:
    day = parse_date(raw, "date")
    if day < RULEBOOK_START:
        raise InputError("date", "is before the rulebook starts")
    return day
