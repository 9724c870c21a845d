# SPDX-License-Identifier: EUPL-1.2
"""The decision and its trace: what was checked, against which dated parameter, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Outcome = Literal["eligible", "not_eligible", "needs_review", "incomplete", "computed"]
Severity = Literal["blocking", "review", "info"]
LANGUAGES: tuple[str, ...] = ("en", "nl", "fr", "de")


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule or value comes from: the catalogue id, the seed line, the legal act."""

    catalogue: str
    seed: str
    legal_act: str | None = None
    href: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"catalogue": self.catalogue, "seed": self.seed}
        if self.legal_act:
            out["legal_act"] = self.legal_act
        if self.href:
            out["href"] = self.href
        return out


# Not frozen: a frozen dataclass pays object.__setattr__ per field, and a case builds a
# dozen checks; treat instances as immutable all the same (``dataclasses.replace``).
@dataclass(slots=True)
class Check:
    """One rule applied to one case.

    ``passed`` is None when the rule could not be decided (a doubtful parameter, a missing
    list, a suspended provision); ``severity`` says what a failure means for the outcome:
    ``blocking`` → not eligible, ``review`` → needs review, ``info`` → no effect.
    """

    rule: str
    passed: bool | None
    severity: Severity
    citation: Citation
    explanation: Mapping[str, str]
    threshold: Decimal | int | str | None = None
    unit: str | None = None
    value: Decimal | int | str | None = None
    parameter: str | None = None
    effective_date: dt.date | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    choices: Mapping[str, str] = field(default_factory=dict)
    #: Facts not given that could still decide this check (when undecided).
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        # Hot: every check of every decision a batch returns (issue 9: 20 000 per second).
        threshold, value, inputs = self.threshold, self.value, self.inputs
        return {
            "rule": self.rule,
            "passed": self.passed,
            "severity": self.severity,
            "threshold": threshold if type(threshold) in _PLAIN_TYPES else _jsonable(threshold),
            "unit": self.unit,
            "value": value if type(value) in _PLAIN_TYPES else _jsonable(value),
            "parameter": self.parameter,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "inputs": {k: v if type(v) in _PLAIN_TYPES else _jsonable(v) for k, v in inputs.items()}
            if inputs
            else {},
            "citation": _citation_dict(self.citation),
            "flags": list(self.flags),
            "choices": dict(self.choices),
            "explanation": _translations(self.explanation),
        }


@dataclass(slots=True)
class Decision:
    procedure: str
    date: dt.date
    outcome: Outcome
    checks: tuple[Check, ...]
    reasons: tuple[str, ...] = ()
    result: Mapping[str, Any] = field(default_factory=dict)
    rulebook_version: str = ""
    #: The facts still needed for a final outcome, in the order a form asks them; empty
    #: when the outcome is final (issue 9 item 4).
    missing_facts: tuple[str, ...] = ()

    @property
    def failed_rules(self) -> tuple[str, ...]:
        """Rules that did not pass (False or undecided) and that weigh on the outcome."""
        return tuple(c.rule for c in self.checks if c.passed is not True and c.severity != "info")

    def to_dict(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "date": self.date.isoformat(),
            "outcome": self.outcome,
            "reasons": list(self.reasons),
            "failed_rules": list(self.failed_rules),
            "missing_facts": list(self.missing_facts),
            "result": {k: _jsonable(v) for k, v in self.result.items()},
            "checks": [c.to_dict() for c in self.checks],
            "rulebook_version": self.rulebook_version,
        }


_PLAIN = (str, int, bool, type(None))
_PLAIN_TYPES = frozenset(_PLAIN)
#: ``Citation.to_dict`` by the citation's identity (the object is kept, so its id is not
#: reused): a decision's checks cite a few dozen rulebook values and rules, over and over.
_CITATIONS: dict[int, tuple[Citation, dict[str, str]]] = {}


def _citation_dict(citation: Citation) -> dict[str, str]:
    found = _CITATIONS.get(id(citation))
    if found is None or found[0] is not citation:
        if len(_CITATIONS) >= 4096:
            _CITATIONS.clear()
        found = _CITATIONS[id(citation)] = (citation, citation.to_dict())
    # A copy: a caller may change its decision's document without changing the next one's.
    return dict(found[1])


def _translations(explanation: Mapping[str, str]) -> dict[str, str]:
    as_dict = getattr(explanation, "as_dict", None)
    return as_dict() if as_dict is not None else dict(explanation)


def _jsonable(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def decide(checks: tuple[Check, ...]) -> tuple[Outcome, tuple[str, ...]]:
    """Fold the checks into an outcome: any blocking failure refuses; anything undecided or
    failed with ``review`` severity sends the case to a caseworker, with the reasons."""
    blocking = False
    reasons: list[str] = []
    for c in checks:
        if c.severity == "info" or c.passed is True:
            continue
        if c.passed is False and c.severity == "blocking":
            blocking = True
        else:
            reasons.append(f"{c.rule}: {c.explanation['en']}")
    if blocking:
        return "not_eligible", tuple(reasons)
    if reasons:
        return "needs_review", tuple(reasons)
    return "eligible", ()
