# SPDX-License-Identifier: EUPL-1.2
"""Issue 9 item 7: pretty-printed JSON is read; amounts are bounded where they are parsed.

An amount such as "1e100000000" once made one anonymous request allocate 2.1 GB while its
trace was written out, and a 5 001-digit JSON number gave a 500 (Python's int() limit).
"""

from __future__ import annotations

import json
import tracemalloc
from decimal import Decimal
from typing import Any

import pytest

from passage.rules import InputError, evaluate, loads_case, loads_cases
from passage.rules.facts import AMOUNT_LIMIT

CASE: dict[str, Any] = {
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "flanders",
    "category": "highly_skilled",
    "gross_salary": "48911.99",
    "salary_period": "year",
    "age": 35,
}


def test_pretty_printed_object_is_one_case() -> None:
    cases = loads_cases(json.dumps(CASE, indent=2))
    assert cases == [loads_case(json.dumps(CASE))]
    assert cases[0]["gross_salary"] == "48911.99"


def test_pretty_printed_array_and_json_lines_still_read() -> None:
    assert len(loads_cases(json.dumps([CASE, CASE], indent=2))) == 2
    assert len(loads_cases(json.dumps(CASE) + "\n" + json.dumps(CASE) + "\n")) == 2


def test_json_lines_error_names_its_line() -> None:
    with pytest.raises(InputError) as err:
        loads_cases(json.dumps(CASE) + "\n{oops\n")
    assert err.value.field == "line 2"


def test_pretty_printed_but_malformed_names_the_body() -> None:
    text = json.dumps(CASE, indent=2)[:-3]
    with pytest.raises(InputError) as err:
        loads_cases(text)
    assert err.value.field == "body"
    assert "malformed JSON" in err.value.message


def test_deep_nesting_is_bad_input() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        loads_cases("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('"1e100000000"', "must be less than 10 000 000 000 000 euros"),
        ("1e999999999", "must be less than 10 000 000 000 000 euros"),
        ('"10000000000000"', "must be less than"),
        ("9" * 5001, "must be less than"),
        ('"' + "9" * 5001 + '"', "is too long to be an amount"),
        ('"1e-999999999"', "must have at most 20 decimals"),
        ('"Infinity"', "is not an amount"),
    ],
)
def test_amounts_out_of_bounds_name_the_field(raw: str, message: str) -> None:
    body = json.dumps({**CASE, "gross_salary": "@"}).replace('"@"', raw)
    with pytest.raises(InputError, match=message) as err:
        evaluate(loads_case(body))
    assert err.value.field == "gross_salary"


def test_whole_number_facts_refuse_huge_exponents() -> None:
    with pytest.raises(InputError) as err:
        evaluate({**CASE, "age": Decimal("1e999999999")})
    assert err.value.field == "age"


def test_largest_accepted_amount_is_decided_in_little_memory() -> None:
    """The bound keeps every accepted amount small: a case at the limit, explained in four
    languages, allocates well under a megabyte (it was 2.1 GB for 1e100000000)."""
    largest = str(AMOUNT_LIMIT - Decimal("0.01"))
    tracemalloc.start()
    decision = evaluate({**CASE, "gross_salary": largest, "salary_period": "month"})
    for lang in ("en", "nl", "fr", "de"):
        decision.to_dict() if lang == "en" else None
        [c.explanation[lang] for c in decision.checks]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert decision.outcome in {"eligible", "needs_review"}
    assert peak < 1_000_000
