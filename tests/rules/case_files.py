# SPDX-License-Identifier: EUPL-1.2
"""Loading and checking the YAML rule cases in ``tests/rules/cases/*.yaml``.

A case file is a mapping with ``description``, optional ``defaults`` (YAML anchors shared by
the cases) and ``cases``, a list in the OpenFisca style: ``name``, ``reference`` (catalogue id
and seed line the expectation comes from), ``input`` (the JSON case, exactly as an HR system
would send it) and ``output``. A top-level list would be closer to OpenFisca, but anchors need
a place to live, and a merge key (``<<: *base``) keeps each case to the facts it varies.

``output`` holds what was worked out by hand from the seed catalogue:

- ``outcome``; ``failed_rules`` (compared as a multiset) or ``failed_rules_include``;
- ``checks``: ``{RULE: {...}}`` (``RULE#1`` for the second check of that rule), each with any of
  ``passed``, ``severity``, ``threshold``, ``unit``, ``value``, ``parameter``,
  ``effective_date``, ``flags_include``, ``choices`` (a subset) and ``inputs`` (a subset);
- ``absent_rules``: rules that must not be checked at all;
- ``result``: a subset of the computed result;
- ``error``: ``{field: …}`` when the case must be refused (``InputError`` naming that field).

A case may also name ``occupation_lists`` (``{LIST: [codes]}`` or ``{LIST: {codes: [...],
complete: true}}``, the latter padded with placeholder codes so the list counts as fully
loaded) and ``overlays`` (administrators' verified values, as ``ParameterOverlay`` fields).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from passage.rules import Decision, ParameterOverlay, Rulebook, default_rulebook, load_rulebook

CASES_DIR = Path(__file__).parent / "cases"
#: Enough placeholder codes to exceed the size of every list version (the largest is 251).
_PADDING = tuple(f"PAD-{i:04d}" for i in range(300))


class _JsonLikeLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays the ISO string JSON would carry."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_file(path: Path) -> list[dict[str, Any]]:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_JsonLikeLoader)
    assert isinstance(doc, dict) and isinstance(doc.get("cases"), list), path
    for case in doc["cases"]:
        case["file"] = path.name
    return doc["cases"]


@functools.cache
def all_cases() -> tuple[dict[str, Any], ...]:
    out: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        out.extend(load_file(path))
    return tuple(out)


def case_ids() -> list[str]:
    return [c["name"] for c in all_cases()]


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def rulebook_for(case: Mapping[str, Any]) -> Rulebook:
    lists = case.get("occupation_lists")
    overlays = case.get("overlays")
    if not lists and not overlays:
        return default_rulebook()
    return _rulebook(_freeze(lists or {}), _freeze(overlays or []))


@functools.cache
def _rulebook(lists: Any, overlays: Any) -> Rulebook:
    codes: dict[str, list[str]] = {}
    for list_id, spec in lists:
        spec_dict = dict(spec) if spec and isinstance(spec[0], tuple) else {"codes": spec}
        loaded = list(spec_dict.get("codes", ()))
        if spec_dict.get("complete"):
            loaded += _PADDING
        codes[list_id] = loaded
    entries = [dict(o) for o in overlays]
    return load_rulebook(
        overlays=[
            ParameterOverlay(
                parameter=e["parameter"],
                start=dt.date.fromisoformat(e["start"]),
                value=str(e["value"]),
                status=e["status"],
                reference=e["reference"],
                entered_by=e["entered_by"],
            )
            for e in entries
        ],
        occupation_lists=codes,
    )


def as_json_case(case: Mapping[str, Any]) -> str:
    """The case's input as the JSON text a client would send."""
    return json.dumps(case["input"], ensure_ascii=False)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def same(expected: Any, actual: Any) -> bool:
    """Equal, with amounts compared as numbers ("48912" == "48912.00" == 48912)."""
    if isinstance(expected, list):
        return isinstance(actual, list) and expected == actual
    a, b = _decimal(expected), _decimal(actual)
    if a is not None and b is not None:
        return a == b
    return expected == actual


def _check_index(decision: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    seen: Counter[str] = Counter()
    out: dict[str, dict[str, Any]] = {}
    for check in decision["checks"]:
        rule = check["rule"]
        key = rule if not seen[rule] else f"{rule}#{seen[rule]}"
        seen[rule] += 1
        out[key] = check
    return out


def mismatches(expected: Mapping[str, Any], decision: Decision) -> list[str]:
    """Every way the decision differs from the hand-worked expectation (empty when equal)."""
    got = json.loads(json.dumps(decision.to_dict()))
    problems: list[str] = []
    if "outcome" in expected and got["outcome"] != expected["outcome"]:
        problems.append(f"outcome: expected {expected['outcome']}, got {got['outcome']}")
    if "failed_rules" in expected and Counter(got["failed_rules"]) != Counter(
        expected["failed_rules"]
    ):
        problems.append(
            f"failed_rules: expected {expected['failed_rules']}, got {got['failed_rules']}"
        )
    if "missing_facts" in expected and got["missing_facts"] != expected["missing_facts"]:
        # In order: the order a form asks them is part of the contract (issue 9 item 4).
        problems.append(
            f"missing_facts: expected {expected['missing_facts']}, got {got['missing_facts']}"
        )
    for rule in expected.get("failed_rules_include", ()):
        if rule not in got["failed_rules"]:
            problems.append(f"failed_rules: {rule} missing from {got['failed_rules']}")
    checks = _check_index(got)
    for rule in expected.get("absent_rules", ()):
        if any(c["rule"] == rule for c in got["checks"]):
            problems.append(f"{rule}: expected no such check")
    for key, fields in (expected.get("checks") or {}).items():
        check = checks.get(key)
        if check is None:
            problems.append(f"{key}: no such check (got {sorted(checks)})")
            continue
        for name, want in fields.items():
            if name == "flags_include":
                missing = [f for f in want if f not in check["flags"]]
                if missing:
                    problems.append(f"{key}.flags: {missing} missing from {check['flags']}")
            elif name in {"choices", "inputs"}:
                for k, v in want.items():
                    if k not in check[name] or not same(v, check[name][k]):
                        problems.append(
                            f"{key}.{name}.{k}: expected {v!r}, got {check[name].get(k)!r}"
                        )
            elif name not in check or not same(want, check[name]):
                problems.append(f"{key}.{name}: expected {want!r}, got {check.get(name)!r}")
    for name, want in (expected.get("result") or {}).items():
        if name not in got["result"] or not same(want, got["result"][name]):
            problems.append(f"result.{name}: expected {want!r}, got {got['result'].get(name)!r}")
    return problems
