# SPDX-License-Identifier: EUPL-1.2
"""JSON in and out with exact decimals: 2111.88 stays 2111.88, never 2111.8799999."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from passage.rules.errors import InputError


def _text(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("body", "is not UTF-8 text") from None
    return data


def _load(text: str, where: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(
            where, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


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
    if text.startswith("[") or "\n" not in text:
        doc = _load(text, "body")
        # One line holding one object is a one-case batch (JSON Lines of length 1).
        cases = [doc] if isinstance(doc, dict) else doc
        if not isinstance(cases, list):
            raise InputError("body", "must be a JSON array of cases")
    else:
        cases = [
            _load(line, f"line {n}") for n, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            raise InputError(f"[{i}]", "a case must be a JSON object")
    return cases
