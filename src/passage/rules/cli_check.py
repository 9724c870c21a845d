# SPDX-License-Identifier: EUPL-1.2
"""``passage rules check`` itself, free of Typer.

``passage.cli.main`` calls ``check`` directly for ``passage rules check [FILE]`` so that a
one-case check, as a whole process, stays within 0.2 s (issue 9 item 2); the Typer command in
``passage.rules.cli`` calls the same function. This module imports only the engine, whose
modules import nothing heavier than the standard library at import time (PyYAML is loaded
with the rulebook; NumPy and PyArrow only by ``passage.rules.bulk``).

Bad input exits with code 2 and one line naming the field, on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import orjson

from passage.rules.engine import evaluate_batch
from passage.rules.errors import InputError
from passage.rules.jsonio import loads_cases


def fail(field: str, message: str) -> NoReturn:
    sys.stderr.write(f"error: {field}: {message}\n")
    raise SystemExit(2)


def _read(path: Path | None) -> bytes:
    if path is None or str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fail("FILE", f"{path}: no such file")
    except IsADirectoryError:
        fail("FILE", f"{path}: is a directory")
    except PermissionError:
        fail("FILE", f"{path}: permission denied")


def read_cases(path: Path | None) -> tuple[list[dict[str, object]], bool]:
    """The cases in FILE (standard input when None or '-'), and whether FILE held a single
    JSON object (then errors name the field without the ``[0].`` prefix)."""
    data = _read(path)
    try:
        text = data.decode("utf-8").strip()
        cases = loads_cases(data)
    except InputError as exc:
        fail(exc.field, exc.message)
    except UnicodeDecodeError:
        fail("body", "is not UTF-8 text")
    return cases, text.startswith("{") and len(cases) == 1


def check(file: Path | None) -> None:
    """Evaluate one case (or a batch) and print the decision as JSON."""
    cases, single = read_cases(file)
    try:
        decisions = evaluate_batch(cases)
    except InputError as exc:
        fail(exc.field.removeprefix("[0].") if single else exc.field, exc.message)
    out = []
    for case, decision in zip(cases, decisions, strict=True):
        doc = decision.to_dict()
        if "id" in case:
            doc = {"id": case["id"], **doc}
        out.append(doc)
    text = orjson.dumps(out[0] if single else out, option=orjson.OPT_INDENT_2).decode()
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
