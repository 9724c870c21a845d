# SPDX-License-Identifier: EUPL-1.2
"""Bulk re-evaluation: many cases column-wise (NumPy, PyArrow), Parquet in, Parquet out.

``evaluate_table(table, day)`` answers, for every row, the same ``outcome`` and
``failed_rules`` as the per-case path ``evaluate({**row, "date": day})`` (the row's non-null
columns as facts). tests/rules/test_bulk.py checks this with hypothesis on generated cases
that sit on every threshold and effective date; ``passage bench rules`` checks it again on a
million synthetic cases. Only ``single_permit`` and ``family_reunification`` are supported
(the procedures on the rule kernel).

How it works
------------
- The rules are not written here: each row's procedure runs on the rule kernel's column
  backend (``passage.rules.kernel``; ``engine.KERNEL``), the same rule functions as the
  per-case engine. This module reads and validates the columns each procedure's facts
  declaration names (``_kernel_source``), chunks the file and builds the output.
- The kernel groups rows that branch alike (``Split``), folds each group's checks into
  outcome, ``failed_rules`` (``Decision.failed_rules``' order, repeats included) and
  ``missing_facts``, and interns the few distinct lists; the list columns are built by
  ``take``. Money stays exact: int64 cents against thresholds rounded up to the cent, times a
  rational factor for a months-per-year choice.
- A file is read in chunks (``CHUNK_ROWS``, large: the kernel pays per group, per chunk)
  written in order to a temporary file, renamed at the end: nothing is left behind on an
  error. Each chunk is shared with one forked child process (``_chunk``, ``_Forked``): the
  compare date or the proposal, or on one date the chunk's second half. The kernel's Python
  holds the GIL, so threads would only take turns; the child inherits the chunk's columns
  (already converted, ``_prefetch``) and sends back its answer only. Rows are grouped by
  the facts each procedure branches on first (``GROUP_BY``) before the kernel runs.
- Nothing here calls ``pa.array``: pyarrow's pandas shim would import pandas (0.2–0.3 s a
  process) to ask whether the argument is a DataFrame; arrays are built from buffers.

Fallback to the per-case engine (counted in the summary as ``per-case fallback``): an amount
with digits below the cent (``2111.885``), or a decimal too wide for 64 bits; rare in real
data, and the answer is the per-case engine's own.

Input (one row per case; column names are the JSON facts of single_permit/facts.py and
family_reunification/facts.py): ``procedure``; money as decimal128, text or integer
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
eligible, not_eligible, needs_review, incomplete), ``failed_rules`` and ``missing_facts``
(list<string>). A null is a fact not given (issue 9 item 4).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from passage.rules.engine import COMPUTATIONS, ELIGIBILITY, KERNEL, evaluate
from passage.rules.errors import InputError
from passage.rules.facts import bounded_decimal, parse_date
from passage.rules.family_reunification import FACT_SHEET as FR_SHEET
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
#: memory target. ``run_bulk`` on ``generate_cases(1 000 000)``, two dates, one worker
#: (2026-12-03): 1 << 17 rows 7.7 s, 1 << 19 4.1 s, 1 << 20 2.9 s.
CHUNK_ROWS = 1 << 20
#: Amounts are capped at 10^13 euros (in cents): far above any threshold, far below int64
#: overflow.
MONEY_CAP = 10**15

_EPOCH = dt.date(1970, 1, 1).toordinal()
_MIN_DAY = dt.date(1, 1, 1).toordinal() - _EPOCH
_MAX_DAY = dt.date(9999, 12, 31).toordinal() - _EPOCH
_START_DAY = RULEBOOK_START.toordinal() - _EPOCH
_SP_FACTS = SP_SHEET.names
_FR_FACTS = FR_SHEET.names
_SP_ONLY = _SP_FACTS - _FR_FACTS
_FR_ONLY = _FR_FACTS - _SP_FACTS
_ALLOWED_COLUMNS = (_SP_FACTS | _FR_FACTS) - {"date"}


# --- Arrow arrays without ``pa.array`` -------------------------------------------------------
# ``pa.array`` asks pyarrow's pandas shim whether its argument is a pandas object, and the
# shim imports pandas to answer: 0.3 s in every ``passage rules bulk`` process, which never
# holds a pandas object. The output is built from buffers instead.


def _arrow(values: Any, type_: Any) -> Any:
    """A fixed-width NumPy array as an Arrow array of ``type_`` (no nulls)."""
    data = np.ascontiguousarray(values, dtype=type_.to_pandas_dtype())
    return pa.Array.from_buffers(type_, len(data), [None, pa.py_buffer(data)])


def _arrow_bools(values: Bools) -> Any:
    bits = np.packbits(np.asarray(values, bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def _arrow_strings(items: Sequence[str]) -> Any:
    encoded = [s.encode("utf-8") for s in items]
    offsets = np.zeros(len(encoded) + 1, np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.StringArray.from_buffers(
        len(encoded), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))
    )


def _arrow_string_lists(lists: Sequence[Sequence[str]]) -> Any:
    """``list<string>`` of ``lists`` (no nulls)."""
    offsets = np.zeros(len(lists) + 1, np.int32)
    np.cumsum([len(items) for items in lists], out=offsets[1:])
    values = _arrow_strings([item for items in lists for item in items])
    return pa.ListArray.from_arrays(_arrow(offsets, pa.int32()), values)


class BulkInputError(InputError):
    """Bad bulk input; ``field`` names the column and the first bad row."""


def _pc() -> Any:
    """pyarrow.compute, imported on first use rather than with this module (importing it
    registers every compute function in Python)."""
    import pyarrow.compute

    return pyarrow.compute


def _days(day: dt.date) -> int:
    return day.toordinal() - _EPOCH


def _date(days: int) -> dt.date:
    return dt.date.fromordinal(days + _EPOCH)


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


def _integers(arr: Any, dtype: Any = None) -> I64:
    """Integer values (or ``dtype``'s, such as date32's int32) as int64, 0 where null (uint64
    above 2**62 is capped there)."""
    t = arr.type
    if pa.types.is_uint64(t):
        arr = _pc().min_element_wise(arr, pa.scalar(2**62, pa.uint64()))
    values = _values(arr, dtype or t.to_pandas_dtype()).astype(np.int64)
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


# --- the rulebook on one date -------------------------------------------------------------


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

    def get(self, name: str, day: dt.date) -> ParameterValue | None:
        key = ("get", name, day)
        if key not in self._memo:
            self._memo[key] = self.rb.get(name, day)
        found: ParameterValue | None = self._memo[key]
        return found


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
        return _Columns(self.table.take(_arrow(idx, pa.int64())), self.offset, rows)

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
            arr = pa.chunked_array([], col.type).combine_chunks()
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
                out = _integers(arr, np.int32)  # date32 is int32 days
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
    ) -> tuple[Bools, Bools]:
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
            return ~null & (lo < limit), null
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
        return below.take(indices), indices < 0


def _encode(arr: Any, n: int) -> tuple[Idx, list[Any]]:
    """Indices (intp, so that ``take`` needs no conversion) into the distinct values, -1
    for null."""
    if arr is None:
        return np.full(n, -1, np.intp), []
    d = arr if pa.types.is_dictionary(arr.type) else arr.dictionary_encode()
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
        pc = _pc()
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


# --- procedures written over the rule kernel (single permit) ------------------------------


def _kernel_source(c: _Columns, sheet: FactSheet, rows: Bools) -> dict[str, Any]:
    """The declared facts of ``sheet`` as kernel columns, validated on ``rows`` as the
    per-case path validates them (``FactSheet.read``: every fact given, read or not).
    Memoised per procedure: its rows and columns are the same on every date."""
    key = "source:" + sheet.procedure
    if key in c._memo:
        memo: dict[str, Any] = c._memo[key]
        return memo
    out: dict[str, Any] = {}
    for fact in sheet.facts:
        name = fact.name
        if fact.kind == "records":
            out[name] = _records(c, fact, rows)
            continue
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
    c._memo[key] = out
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
        head, bracket, rest = field.partition("[")
        if bracket:  # a record's fact: family_members[row 3][1].age
            return BulkInputError(f"{head}[row {c.row_number(row)}][{rest}", message)
        return BulkInputError(c.where(field, row), message)

    def not_applicable(exc: ParameterNotApplicable) -> Record:
        template = exc.found or ctx.rb.values[exc.name][-1]
        return Record(template.rule_id, "blocking", None, ())

    idx, folded = evaluate_rows(
        run,
        sheet,
        ctx,
        source,
        _groups(source, np.flatnonzero(rows), GROUP_BY.get(procedure, ())),
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


#: The discrete facts each procedure branches on first, whatever the case: the rows are
#: grouped by them before the kernel runs, so that it does not run the procedure's first
#: steps on every row only to split there and run them again on each part. Only speed
#: depends on this (rows are evaluated independently of each other).
GROUP_BY: Mapping[str, tuple[str, ...]] = {
    "single_permit": ("region", "category", "salary_period"),
    "family_reunification": ("sponsor_status",),
}


def _groups(source: Mapping[str, Any], rows: Idx, names: Sequence[str]) -> Idx | list[Idx]:
    """``rows`` in groups that share the values of ``names`` (each group ascending)."""
    if not names or len(rows) < 2:
        return rows
    key = np.zeros(len(rows), np.int64)
    for name in names:
        col = source[name]
        if not isinstance(col, kc.EnumCol):  # a hint only: other kinds are not grouped on
            continue
        key = key * (len(col.labels) + 3) + (col.codes.take(rows).astype(np.int64) + 2)
    order = np.argsort(key, kind="stable")
    ordered = key.take(order)
    cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    return [rows.take(part) for part in np.split(order, cuts)]


# --- records (family members) --------------------------------------------------------------


def _records(c: _Columns, fact: Any, rows: Bools) -> Any:
    """A ``records`` fact (family_members: list<struct>) as the kernel's exploded member
    table, validated on ``rows`` as ``Fact.read`` validates each record per case."""
    from passage.rules.kernel.members import RecordsCol

    name = fact.name
    sheet = fact.record
    arr = c.raw(name)
    null = c.null(name)
    if arr is None:
        no_lists = _arrow(np.zeros(c.n + 1, np.int32), pa.int32())
        arr = pa.ListArray.from_arrays(no_lists, pa.nulls(0, pa.struct([])))
    offsets = _values(arr.offsets, arr.offsets.type.to_pandas_dtype()).astype(np.int64)
    lengths = np.diff(offsets)
    lengths[null] = 0  # (flatten drops the records behind a null list)
    c.fail_if(name, rows & ~null & (lengths == 0), fact.empty_message)
    c.fail_if(name, rows & (lengths > fact.max_items), f"must have at most {fact.max_items} items")
    starts = np.cumsum(lengths) - lengths
    values = arr.flatten()
    count = len(values)
    owner = np.repeat(np.arange(c.n, dtype=np.int64), lengths)
    positions = np.arange(count, dtype=np.int64) - np.repeat(starts, lengths)
    read = np.repeat(rows, lengths)

    def fail(field: str | None, mask: Bools, message: str) -> None:
        mask = mask & read
        if mask.any():
            m = int(np.argmax(mask))
            suffix = f".{field}" if field else ""
            raise BulkInputError(
                f"{name}[row {c.row_number(int(owner[m]))}][{int(positions[m])}]{suffix}", message
            )

    if values.null_count:
        fail(None, _null_mask(values), "must be a JSON object")
    fields = {values.type.field(i).name: i for i in range(values.type.num_fields)}
    allowed = {f.name for f in sheet.facts}
    for field_name in fields:
        if field_name not in allowed:
            raise BulkInputError(
                f"{name}.{field_name}",
                f"unknown fact; expected one of: {', '.join(sorted(allowed))}",
            )
    children = values.flatten() if fields else []
    source: dict[str, Any] = {}
    for f in sheet.facts:
        child = children[fields[f.name]] if f.name in fields else None
        if child is not None and pa.types.is_null(child.type):
            child = None
        if f.kind == "enum":
            if child is not None and not _is_text(
                child.type.value_type if pa.types.is_dictionary(child.type) else child.type
            ):
                raise BulkInputError(f"{name}.{f.name}", f"must be text, not {child.type}")
            indices, distinct = _encode(child, count)
            lut = np.array(
                [f.values.index(v) if v in f.values else -2 for v in distinct] + [-1], np.int8
            )
            codes = lut.take(indices)
            bad = codes == -2
            if (bad & read).any():
                value = distinct[indices[int(np.argmax(bad & read))]]
                fail(f.name, bad, f"{value!r} is not one of: {', '.join(sorted(f.values))}")
            source[f.name] = kc.EnumCol(np.where(bad, -1, codes), f.values)
        elif f.kind == "integer":
            if child is None:
                ints, nulls = np.zeros(count, np.int64), np.ones(count, bool)
            elif not pa.types.is_integer(child.type):
                raise BulkInputError(f"{name}.{f.name}", f"must be whole numbers, not {child.type}")
            else:
                ints, nulls = _integers(child), _null_mask(child)
            assert isinstance(f.minimum, int) and isinstance(f.maximum, int)
            fail(
                f.name,
                ~nulls & ((ints < f.minimum) | (ints > f.maximum)),
                f"must be between {f.minimum} and {f.maximum}",
            )
            source[f.name] = kc.IntCol(ints, nulls)
        elif f.kind == "boolean":
            if child is None:
                true, nulls = np.zeros(count, bool), np.ones(count, bool)
            elif not pa.types.is_boolean(child.type):
                raise BulkInputError(f"{name}.{f.name}", f"must be true/false, not {child.type}")
            else:
                true, nulls = _flag(child)
            source[f.name] = kc.Tri(true, ~true & ~nulls)
        else:
            raise TypeError(f"{f.kind} facts in records are not read in bulk")
    return RecordsCol(name, sheet, source, np.arange(count, dtype=np.intp), starts, lengths, null)


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
        fallback: dict[int, tuple[tuple[str, ...], tuple[str, ...]]],
        kernel: _KernelRows,
    ) -> None:
        self.outcome = outcome
        self.fallback = fallback
        self.kernel = kernel

    def _lists(self, which: int) -> Any:
        """The list column: the kernel rows' interned lists and the per-case rows' own."""
        n = len(self.outcome)
        pieces = [_arrow_string_lists([()])]
        offset = 1
        index = np.zeros(n, np.int64)
        k = self.kernel
        if k.rows:
            interned = k.rules if which == 0 else k.facts
            pieces.append(_arrow_string_lists(interned.lists))
            codes = np.concatenate(k.failed if which == 0 else k.missing)
            index[np.concatenate(k.rows)] = offset + codes
            offset += len(interned.lists)
        if self.fallback:
            rows = list(self.fallback)
            pieces.append(_arrow_string_lists([self.fallback[i][which] for i in rows]))
            index[rows] = offset + np.arange(len(rows))
        column = pieces[0] if len(pieces) == 1 else pa.concat_arrays(pieces)
        return column.take(_arrow(index, pa.int64()))

    def failed_rules(self) -> Any:
        return self._lists(0)

    def missing_facts(self) -> Any:
        return self._lists(1)

    def outcome_array(self) -> Any:
        return pa.DictionaryArray.from_arrays(
            _arrow(self.outcome, pa.int8()), _arrow_strings(OUTCOMES)
        )


def _procedure_rows(c: _Columns) -> tuple[Bools, Bools]:
    """The rows of each bulk procedure, once the procedure column and the facts that do
    not depend on the date are checked (memoised: the same for every date)."""
    if "procedure_rows" in c._memo:
        found: tuple[Bools, Bools] = c._memo["procedure_rows"]
        return found
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
        (_SP_ONLY, fr_rows, "family_reunification", _FR_FACTS),
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

    c._memo["procedure_rows"] = (sp_rows, fr_rows)
    return sp_rows, fr_rows


def _prefetch(c: _Columns) -> None:
    """Read and check the columns both procedures need before a child is forked, so that
    it inherits them instead of converting them again. An error is left for the
    evaluation to raise, in its own order."""
    try:
        sp_rows, fr_rows = _procedure_rows(c)
        for procedure, rows, money in (
            ("single_permit", sp_rows, "gross_salary"),
            ("family_reunification", fr_rows, "net_monthly_income"),
        ):
            kernel = rows & ~c.money(money)[1]
            if kernel.any():
                _kernel_source(c, KERNEL[procedure][1], kernel)
    except BulkInputError:
        pass


def _evaluate(c: _Columns, ctx: _Context) -> _Result:
    if ctx.day < RULEBOOK_START:
        raise BulkInputError(
            "date", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})"
        )
    n = c.n
    sp_rows, fr_rows = _procedure_rows(c)
    # Both procedures: the rule kernel's column backend; rows with an amount with digits
    # below the cent take the per-case path.
    kernel = _KernelRows()
    fallback = np.zeros(n, bool)
    for procedure, rows, money in (
        ("single_permit", sp_rows, "gross_salary"),
        ("family_reunification", fr_rows, "net_monthly_income"),
    ):
        if not rows.any():
            continue
        sub_cent = rows & c.money(money)[1]
        fallback |= sub_cent
        if (rows & ~sub_cent).any():
            _kernel_procedure(c, ctx, rows & ~sub_cent, procedure, kernel)
    outcome = np.zeros(n, np.int8)
    if kernel.rows:
        outcome[np.concatenate(kernel.rows)] = np.concatenate(kernel.outcome)
    done: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i in np.flatnonzero(fallback).tolist():
        decided, rules, missing = _per_case(c, ctx, i)
        outcome[i] = OUTCOMES.index(decided)
        done[i] = (rules, missing)
    return _Result(outcome, done, kernel)


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
        ident = _arrow(np.arange(row_offset, row_offset + table.num_rows), pa.int64())
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


#: Below this many rows a chunk evaluated on one date is not shared with a child (forking
#: and the second process's per-group Python cost more than they save).
SPLIT_ROWS = 1 << 17


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class _Answer:
    """What ``run_bulk`` counts of one context's answer for a chunk."""

    __slots__ = ("fallback_count", "outcome")

    def __init__(self, outcome: I8, fallback_count: int) -> None:
        self.outcome = outcome
        self.fallback_count = fallback_count


def _chunk(
    batch: Any, offset: int, contexts: list[_Context], proposal: bool = False, workers: int = 1
) -> tuple[Any, _Answer, _Answer | None]:
    """Evaluate one chunk on the evaluation date (and on the compare date, or under the
    proposal, ``contexts[1]``): its output table. With two workers the work is shared with
    a forked child: the other context, or, on one date, the chunk's second half. The
    kernel's Python holds the GIL, so threads would only take turns; the child inherits the
    chunk and sends back its ``_Result`` only."""
    table = pa.Table.from_batches([batch])
    n = table.num_rows
    if len(contexts) == 1 and workers > 1 and n >= SPLIT_ROWS:
        half = n // 2
        first, second = table.slice(0, half), table.slice(half)
        half_child = _Forked(lambda: _evaluate(_Columns(second, offset + half), contexts[0]))
        try:
            head = _evaluate(_Columns(first, offset), contexts[0])
        except BaseException:
            half_child.cancel()
            raise
        tail = half_child.result()
        out = pa.concat_tables(
            [_output(first, offset, head), _output(second, offset + half, tail)]
        ).combine_chunks()
        outcome = np.concatenate([head.outcome, tail.outcome])
        return out, _Answer(outcome, len(head.fallback) + len(tail.fallback)), None
    cols = _Columns(table, offset)
    child: _Forked | None = None
    if len(contexts) > 1 and workers > 1:
        _prefetch(cols)
        child = _Forked(lambda: _evaluate(cols, contexts[1]))
    try:
        result = _evaluate(cols, contexts[0])
    except BaseException:
        if child is not None:
            child.cancel()
        raise
    out = _output(table, offset, result)
    answer = _Answer(result.outcome, len(result.fallback))
    if len(contexts) == 1:
        return out, answer, None
    try:
        other = child.result() if child is not None else _evaluate(cols, contexts[1])
    except BulkInputError as exc:
        where = (
            "under --proposal" if proposal else f"on --compare-date {contexts[1].day.isoformat()}"
        )
        raise BulkInputError(exc.field, f"{exc.message} ({where})") from None
    out = _with_other(
        out,
        other.outcome_array(),
        other.failed_rules() if proposal else None,
        other.outcome != result.outcome,
        proposal,
    )
    return out, answer, _Answer(other.outcome, len(other.fallback))


class _Forked:
    """``fn()`` in a forked child process, its result (or the ``BulkInputError`` it raised)
    pickled back through a pipe. The child shares the parent's memory copy-on-write, so the
    chunk's columns are not serialised; it never returns into the caller's code
    (``os._exit``), so nothing of the parent (database connections, temporary files) is
    closed or flushed twice."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        read, write = os.pipe()
        # The collector would write into every object's page of both processes (a page
        # copy each, shared copy-on-write until then): objects of before the fork are left
        # out of collections until the child is done.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            code = 0
            try:
                os.close(read)
                try:
                    payload: tuple[Any, ...] = ("ok", fn())
                except BulkInputError as exc:
                    payload = ("input", exc.field, exc.message)
                except BaseException as exc:
                    payload = ("crash", f"{type(exc).__name__}: {exc}")
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self.pid = pid
        self.pipe = os.fdopen(read, "rb")

    def result(self) -> Any:
        try:
            data = self.pipe.read()
        finally:
            self.pipe.close()
            _, status = os.waitpid(self.pid, 0)
            gc.unfreeze()
        if not data:
            raise RuntimeError(f"bulk worker process ended without an answer (status {status})")
        payload = pickle.loads(data)  # noqa: S301 - our own child's answer
        if payload[0] == "input":
            raise BulkInputError(payload[1], payload[2])
        if payload[0] == "crash":
            raise RuntimeError(f"bulk worker process failed: {payload[1]}")
        return payload[1]

    def cancel(self) -> None:
        self.pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        gc.unfreeze()


def _with_other(out: Any, outcome: Any, failed_rules: Any, changed: Bools, proposal: bool) -> Any:
    """The output with the other answer's columns: ``outcome_compare_date``, or (what-if,
    issue 9 item 8) ``outcome_proposal`` and ``failed_rules_proposal``; then ``changed``."""
    if proposal:
        out = out.append_column("outcome_proposal", outcome).append_column(
            "failed_rules_proposal", failed_rules
        )
    else:
        out = out.append_column("outcome_compare_date", outcome)
    return out.append_column("changed", _arrow_bools(changed))


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
    _check_columns(pa.Table.from_batches([], schema=source.schema_arrow))
    contexts = [_Context(rb, day)] + ([_Context(rb, compare_date)] if compare_date else [])
    if proposal is not None:
        contexts.append(_Context(proposal, day))
    # transitions[a, b]: cases whose outcome is OUTCOMES[a] today and OUTCOMES[b] under the
    # proposal.
    transitions = np.zeros((len(OUTCOMES), len(OUTCOMES)), np.int64)

    counts = np.zeros(len(OUTCOMES), np.int64)
    done = 0
    # Two processes at most: the parent and one forked child per chunk (``_chunk``).
    if workers is None:
        workers = 2 if _usable_cpus() > 1 and hasattr(os, "fork") else 1
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
        # Chunks in order, so the output rows follow the input rows; within a chunk the
        # work is shared with a forked child (``_chunk``).
        offset = 0
        for batch in source.iter_batches(batch_size=chunk_rows):
            out, result, other = _chunk(batch, offset, contexts, proposal is not None, workers)
            offset += batch.num_rows
            fallback_rows += result.fallback_count
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
                    changed_ids.extend(out.column(0).take(_arrow(first, pa.int64())).to_pylist())
            if writer is None:
                writer = pq.ParquetWriter(tmp, out.schema)
            writer.write_table(out)
            done += out.num_rows
            if bar is not None:
                bar.update(task, completed=done)
        if writer is None:  # an empty file: still write the schema
            empty = _output(
                pa.Table.from_batches([], schema=source.schema_arrow),
                0,
                _Result(np.zeros(0, np.int8), {}, _KernelRows()),
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

_COLUMNAR_PROCEDURES = {"single_permit": _SP_FACTS, "family_reunification": _FR_FACTS}


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
        raw_id = case.get("id")
        plain_id = raw_id is None or (type(raw_id) in (str, int))
        if (
            allowed is not None
            and isinstance(raw_date, str)
            and plain_id
            and case.keys() <= allowed
        ):
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
    pc = _pc()
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
