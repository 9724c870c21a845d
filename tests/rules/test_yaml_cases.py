# SPDX-License-Identifier: EUPL-1.2
"""Every YAML rule case in tests/rules/cases/ gives the outcome worked out by hand.

Each case goes through the JSON path a client uses (``loads_case`` on the JSON text, so
amounts are exact decimals) and is evaluated with the packaged rulebook, or with the
occupation lists and overlays the case names.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from case_files import all_cases, as_json_case, case_ids, mismatches, rulebook_for

from passage.rules import InputError, evaluate, loads_case


def test_case_names_are_unique_and_every_area_has_a_file() -> None:
    names = Counter(case_ids())
    assert [n for n, k in names.items() if k > 1] == []
    files = {c["file"] for c in all_cases()}
    assert files >= {
        "salary_thresholds.yaml",
        "gmmi.yaml",
        "flemish_reform.yaml",
        "bottleneck_lists.yaml",
        "blue_card_mobility.yaml",
        "family_reunification_income.yaml",
        "family_reunification_conditions.yaml",
        "protection_sponsors.yaml",
        "nationality_fee.yaml",
        "procedural_deadlines.yaml",
        "reception_and_backlog.yaml",
    }


def test_every_case_states_an_expectation() -> None:
    for case in all_cases():
        output = case.get("output") or {}
        assert {"outcome", "error"} & set(output), case["name"]
        assert case.get("reference"), f"{case['name']}: no catalogue reference"


@pytest.mark.parametrize("case", all_cases(), ids=case_ids())
def test_case(case: dict[str, Any]) -> None:
    expected = case["output"]
    rulebook = rulebook_for(case)
    if "error" in expected:
        with pytest.raises(InputError) as caught:
            evaluate(loads_case(as_json_case(case)), rulebook)
        assert caught.value.field == expected["error"]["field"], str(caught.value)
        if "message_contains" in expected["error"]:
            assert expected["error"]["message_contains"] in caught.value.message
        return
    decision = evaluate(loads_case(as_json_case(case)), rulebook)
    problems = mismatches(expected, decision)
    assert not problems, "\n".join(problems)
