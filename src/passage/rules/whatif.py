# SPDX-License-Identifier: EUPL-1.2
"""What-if (issue 9 item 8): the same cases under the rules in force and under a proposal.

A proposal is a list of changes ``{parameter, start, value[, label]}`` (``Rulebook.
with_proposal`` validates it and builds the rulebook under it). The answer holds both sets
of decisions and the cases whose outcome changes: what an indexation or a new threshold does
before it is in force. A case has changed when its outcome differs, or, for a computation
(outcome ``computed``), when its result differs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from passage.jsondepth import JSONTooDeep, check_json_depth
from passage.rules.engine import evaluate_batch
from passage.rules.errors import InputError
from passage.rules.parameters import Rulebook


def _parse_int(literal: str) -> int | Decimal:
    # Past 20 digits a Decimal, refused by name by the value's bounds, instead of int()
    # raising past Python's 4 300-digit limit (as jsonio does for cases).
    return int(literal) if len(literal) <= 20 else Decimal(literal)


def loads_proposal(data: str | bytes, field: str = "--proposal") -> Any:
    """A proposal's JSON with exact decimals (``"2150.00"`` or ``2150.00`` alike); its shape is
    checked by ``Rulebook.with_proposal``."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise InputError(field, "is not UTF-8 text") from None
    if not text.strip():
        raise InputError(field, "is empty: a proposal is a JSON array of changes")
    try:
        check_json_depth(text)
    except JSONTooDeep as exc:
        raise InputError(field, str(exc)) from None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InputError(
            field, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError(field, "is nested too deeply to be a proposal") from None


def _brief(doc: Mapping[str, Any]) -> dict[str, Any]:
    out = {"outcome": doc["outcome"], "failed_rules": list(doc["failed_rules"])}
    if doc.get("result"):
        out["result"] = doc["result"]
    return out


def changed_cases(
    baseline: Sequence[Mapping[str, Any]], proposal: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The cases (by index, with their id when they have one) whose outcome, or computed
    result, differs between two answers to the same cases, with both outcomes. Summaries
    carry no result, so only their outcomes are compared."""
    out = []
    for i, (before, after) in enumerate(zip(baseline, proposal, strict=True)):
        if before["outcome"] == after["outcome"] and before.get("result") == after.get("result"):
            continue
        entry: dict[str, Any] = {"index": i}
        if "id" in before:
            entry["id"] = before["id"]
        entry["baseline"] = _brief(before)
        entry["proposal"] = _brief(after)
        out.append(entry)
    return out


def what_if(
    baseline: Sequence[Mapping[str, Any]], proposal: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The what-if answer for two lists of decision documents of the same cases."""
    return {
        "baseline": list(baseline),
        "proposal": list(proposal),
        "changed": changed_cases(baseline, proposal),
    }


def evaluate_what_if(
    cases: Sequence[Mapping[str, Any]], rulebook: Rulebook, proposed: Rulebook
) -> dict[str, Any]:
    """Every case evaluated under ``rulebook`` and under ``proposed`` (full decisions, the
    case's id first); a bad case raises ``InputError`` as ``evaluate_batch`` does."""
    docs = []
    for rb in (rulebook, proposed):
        decisions = evaluate_batch(cases, rb)
        docs.append(
            [
                {"id": c["id"], **d.to_dict()} if "id" in c else d.to_dict()
                for c, d in zip(cases, decisions, strict=True)
            ]
        )
    return what_if(docs[0], docs[1])
