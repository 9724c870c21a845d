# SPDX-License-Identifier: EUPL-1.2
"""Where a rule is encoded: the places in the engine's code that name its catalogue id.

``rule_locations("SAL-02")`` lists every ``"SAL-02"`` string literal in
``src/passage/rules/**/*.py``, read with ``ast``: comments and docstrings (which cite ids
freely) do not count, a literal such as ``"SAL-02"`` passed to ``make_check`` does. This is
a stand-in for a rule registry; keep the interface (id in, sorted ``(path, line)`` out) when
the registry replaces the search.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

RULES_DIR = Path(__file__).parent
#: Paths are shown from the repository root in a checkout (src/passage/rules/…), else from
#: the directory that holds the installed package (passage/rules/…).
_BASE = RULES_DIR.parents[2] if RULES_DIR.parents[1].name == "src" else RULES_DIR.parents[1]


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings or other bare string statements."""
    out = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            out.add(id(node.value))
    return out


@functools.cache
def _literals(path: Path) -> dict[str, tuple[int, ...]]:
    tree = ast.parse(path.read_bytes(), filename=str(path))
    skip = _docstrings(tree)
    found: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found.setdefault(node.value, []).append(node.lineno)
    return {text: tuple(sorted(set(lines))) for text, lines in found.items()}


def display_path(path: Path) -> str:
    """A module's path as ``rule_locations`` shows it."""
    return path.resolve().relative_to(_BASE).as_posix()


def rule_locations(rule_id: str) -> list[tuple[str, int]]:
    """``(path, line)`` of every string literal equal to ``rule_id`` in the rules engine's
    modules, sorted by path and line."""
    out: list[tuple[str, int]] = []
    for path in sorted(RULES_DIR.rglob("*.py")):
        shown = display_path(path)
        out.extend((shown, line) for line in _literals(path).get(rule_id, ()))
    return out
