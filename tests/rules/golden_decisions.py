# SPDX-License-Identifier: EUPL-1.2
"""The JSON of every decision, as digests: what the per-case speed work must not change.

``decisions()`` yields the orjson document of ``evaluate(case).to_dict()`` for every YAML
case and for ``generate_cases(20 000)`` (the benchmark's mix) on three evaluation dates;
``tests/rules/golden/decisions.sha256`` holds one SHA-256 per block of 100 of them,
written from main before the per-case work (issue 9) and compared by
``test_per_case_paths.py``. After an intended change of a rule, a parameter or a message,
write it again from the changed tree::

    .venv/bin/python tests/rules/golden_decisions.py --write
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))

from case_files import all_cases, as_json_case, rulebook_for

from passage.bench.rules import EVALUATION_DAY, _cases, generate_cases
from passage.rules import InputError, default_rulebook, evaluate, loads_case

GOLDEN = Path(__file__).parent / "golden" / "decisions.sha256"
GENERATED = 20_000
BLOCK = 100
DAYS = (EVALUATION_DAY, dt.date(2026, 1, 1), dt.date(2027, 8, 17))


def _default(value: Any) -> Any:
    # As the API writes a decision (passage.rulebook.api._default).
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(type(value).__name__)


def decisions(generated: int = GENERATED) -> Iterator[bytes]:
    for case in all_cases():
        try:
            decision = evaluate(loads_case(as_json_case(case)), rulebook_for(case))
        except InputError:
            continue
        yield orjson.dumps(decision.to_dict(), default=_default)
    rb = default_rulebook()
    for case in _cases(generate_cases(generated), 0, generated):
        for day in DAYS:
            filed = case.get("application_date")
            if filed is not None and filed > day:
                continue
            yield orjson.dumps(evaluate({**case, "date": day}, rb).to_dict(), default=_default)


def digests(generated: int = GENERATED) -> list[str]:
    out = []
    block = hashlib.sha256()
    count = 0
    for doc in decisions(generated):
        block.update(doc + b"\n")
        count += 1
        if count % BLOCK == 0:
            out.append(block.hexdigest())
            block = hashlib.sha256()
    if count % BLOCK:
        out.append(block.hexdigest())
    return [f"{count}", *out]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: golden_decisions.py --write")
    GOLDEN.write_text("\n".join(digests()) + "\n")
    print(f"wrote {GOLDEN}")
