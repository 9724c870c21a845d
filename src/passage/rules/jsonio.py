# SPDX-License-Identifier: EUPL-1.2
"""JSON in and out with exact decimals: 2111.88 stays 2111.88, never 2111.8799999."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from passage.jsondepth import JSONTooDeep, check_json_depth
from passage.rules.errors import InputError


def _text(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("body", "is not UTF-8 text") from None
    return data


#: An integer literal longer than this is read as a Decimal, so that the fact it belongs to
#: refuses it by name (``facts.bounded_decimal``) instead of ``int()`` raising past Python's
#: 4 300-digit limit, which no caller could tie to a field.
_INT_DIGITS = 20


def _parse_int(literal: str) -> int | Decimal:
    return int(literal) if len(literal) <= _INT_DIGITS else Decimal(literal)


def _load(text: str, where: str) -> Any:
    try:
        # Before parsing: json recurses per level and would exhaust the stack (issue 12).
        check_json_depth(text)
    except JSONTooDeep as exc:
        raise InputError(where, str(exc)) from None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InputError(
            where, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError(where, "is nested too deeply to be a case") from None


def loads_case(data: str | bytes) -> dict[str, Any]:
    doc = _load(_text(data), "body")
    if not isinstance(doc, dict):
        raise InputError("body", "a case must be a JSON object")
    return doc


def loads_cases(data: str | bytes) -> list[dict[str, Any]]:
    """A JSON array of cases, or JSON Lines (one case per line)."""
    text = _text(data).strip()
    if not text:
        raise InputError("body", "is empty")
    try:
        # One document first: an array, or one object, pretty-printed or not (a single
        # object is a one-case batch, as JSON Lines of length 1 would be).
        doc = _load(text, "body")
    except InputError:
        if text.startswith("[") or "\n" not in text or not _is_json_lines(text):
            raise
        cases = [
            _load(line, f"line {n}") for n, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
    else:
        cases = [doc] if isinstance(doc, dict) else doc
        if not isinstance(cases, list):
            raise InputError("body", "must be a JSON array of cases")
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            raise InputError(f"[{i}]", "a case must be a JSON object")
    return cases


def _is_json_lines(text: str) -> bool:
    """Whether the first non-blank line is a whole JSON object on its own: then the text is
    JSON Lines and a later line's error is the one to report; otherwise it is one document
    (pretty-printed) and the whole document's error is."""
    first = next(line for line in text.splitlines() if line.strip())
    try:
        return isinstance(_load(first, "line 1"), dict)
    except InputError:
        return False
