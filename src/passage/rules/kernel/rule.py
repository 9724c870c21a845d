# SPDX-License-Identifier: EUPL-1.2
"""Declaring a rule once: its id, label, facts, parameters and citation beside its formula."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from passage.rules.decision import Citation, Severity

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Rule:
    """One legal rule as the engine applies it (OpenFisca's country template declares one
    variable per legal concept with its reference; here one rule per catalogue id)."""

    id: str
    label: str
    procedure: str
    citation: Citation
    facts: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    severity: Severity = "blocking"
    module: str = ""
    function: str = ""
    line: int = 0

    @property
    def location(self) -> str:
        return f"{self.module.replace('.', '/')}.py:{self.line}"


#: Every declared rule by id, in declaration order.
RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    label: str,
    procedure: str,
    citation: Citation,
    facts: tuple[str, ...] = (),
    parameters: tuple[str, ...] = (),
    severity: Severity = "blocking",
) -> Callable[[F], F]:
    """Register the decorated formula as the one definition of ``rule_id``; the function
    gets a ``RULE`` attribute, which its checks name."""

    def register(fn: F) -> F:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is declared twice ({RULES[rule_id].location})")
        declared = Rule(
            id=rule_id,
            label=label,
            procedure=procedure,
            citation=citation,
            facts=facts,
            parameters=parameters,
            severity=severity,
            module=fn.__module__,
            function=fn.__qualname__,
            # The code object's first line is where getsourcelines would start (the first
            # decorator) without reading and tokenising the file at import: ~1 ms per rule
            # in every `passage rules check` process (issue 9 item 2).
            line=fn.__code__.co_firstlineno
            if hasattr(fn, "__code__")
            else inspect.getsourcelines(fn)[1],
        )
        RULES[rule_id] = declared
        fn.RULE = declared  # type: ignore[attr-defined]
        return fn

    return register


def declare(
    rule_id: str,
    *,
    label: str,
    procedure: str,
    citation: Citation,
    facts: tuple[str, ...] = (),
    parameters: tuple[str, ...] = (),
    severity: Severity = "blocking",
    module: str,
    line: int = 0,
) -> Rule:
    """A rule whose formula is part of another's (e.g. each region's bottleneck list, which
    the labour-market test reads): declared for the registry, applied by its reader."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is declared twice ({RULES[rule_id].location})")
    declared = Rule(
        rule_id, label, procedure, citation, facts, parameters, severity, module, "", line
    )
    RULES[rule_id] = declared
    return declared
