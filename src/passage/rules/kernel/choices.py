# SPDX-License-Identifier: EUPL-1.2
"""Which named choices of ``parameters/interpretation.yaml`` are open questions.

A settled choice is Passage's reading, applied and named in the trace. An open one has
``open: true`` and its ``alternatives``: a case that reads it is evaluated under each, and
when the outcome depends on the reading it goes to a caseworker naming the choice and what
each reading gives, instead of being decided on one reading (issue 9 item 5; FLA-07 first).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from passage.rules.errors import RulebookError
from passage.rules.parameters import PARAMETERS_DIR

LANGUAGES = ("en", "nl", "fr", "de")


@dataclass(frozen=True, slots=True)
class OpenChoice:
    name: str
    alternatives: tuple[Any, ...]
    question: Mapping[str, str]
    same_key: str = "choice_same"
    depends_key: str = "choice_depends"
    #: The id of the check that reports the doubt (default: the value's catalogue id).
    check_rule: str | None = None


def _value(raw: Any) -> Any:
    # Counts such as 13.92 months are compared with money: exact, never float.
    if isinstance(raw, float):
        return Decimal(repr(raw))
    return raw


@functools.cache
def open_choices() -> Mapping[str, OpenChoice]:
    return load_choices(PARAMETERS_DIR / "interpretation.yaml")


def load_choices(path: Path) -> Mapping[str, OpenChoice]:
    """The open choices of ``path``. Every entry must say what it is (issue 9 item 5): a
    settled reading (``settled: {en: why}``, citing the seed line or catalogue id that settles
    it) or an open question (``open: true``); an entry that says neither, or both, is refused
    so that no reading is applied without its status being stated."""
    # PyYAML is imported on first use, as in parameters._base: importing the engine stays
    # free of it (a one-case `passage rules check` process, issue 9 item 2).
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, OpenChoice] = {}
    for name, node in data.items():
        if not isinstance(node, Mapping):
            continue
        settled = node.get("settled")
        if node.get("open") is not True and node.get("open") is not None:
            raise RulebookError(f"{path}: named choice {name}: open must be true or absent")
        if node.get("open") and settled is not None:
            raise RulebookError(f"{path}: named choice {name} is marked both open and settled")
        if not node.get("open"):
            if not isinstance(settled, Mapping) or not str(settled.get("en") or "").strip():
                raise RulebookError(
                    f"{path}: named choice {name} is neither settled (settled: {{en: why}}) "
                    "nor open (open: true with alternatives and a question)"
                )
            continue
        alternatives = tuple(_value(v) for v in node.get("alternatives") or ())
        question = node.get("question") or {}
        if len(alternatives) < 2 or set(question) != set(LANGUAGES):
            raise RulebookError(
                f"{path}: open choice {name} needs two or more alternatives and a question "
                "in en, nl, fr and de"
            )
        messages = node.get("messages") or {}
        out[name] = OpenChoice(
            name,
            alternatives,
            question,
            messages.get("same", "choice_same"),
            messages.get("depends", "choice_depends"),
            node.get("check_rule"),
        )
    return out
