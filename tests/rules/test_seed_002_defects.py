# SPDX-License-Identifier: EUPL-1.2
"""Defects an independent read against seed 002 found (issue 9 item 6) that a YAML case cannot
state: the reasons a check gives (and, for family reunification, the bulk path's agreement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules import evaluate
from passage.rules.bulk import evaluate_table

SEASONAL = {
    "procedure": "single_permit",
    "region": "flanders",
    "category": "seasonal",
    "salary_period": "month",
    "gross_salary": "2111.89",
    "application_type": "first",
    "date": "2026-01-01",
}


def _check(case: dict[str, Any], rule: str) -> dict[str, Any]:
    (check,) = [c for c in evaluate(case).to_dict()["checks"] if c["rule"] == rule]
    return check


def test_bnp_fl2_conditions_are_those_of_the_2026_list_only() -> None:
    """002 L248 states 0.8 FTE, the qualifications and the screening for the list in force
    from 1 Jan 2026; for the previous list (2025) the seeds give none, so an occupation on it
    is exempt without them, and the 2026 list still needs all three."""
    from dataclasses import replace

    from passage.rules import default_rulebook

    base = default_rulebook()
    # Both versions with the occupation loaded, so that only their conditions differ.
    versions = tuple(
        replace(v, codes=frozenset({"7126"})) for v in base.occupation_lists["BNP-FL-2"]
    )
    rb = replace(base, occupation_lists={**base.occupation_lists, "BNP-FL-2": versions})
    case = {
        "procedure": "single_permit",
        "region": "flanders",
        "category": "other",
        "salary_period": "month",
        "gross_salary": "2111.89",
        "occupation": "7126",
        "relevant_qualifications": False,
    }
    before = evaluate({**case, "date": "2025-12-31"}, rb)
    (listed,) = [c for c in before.checks if c.rule == "BNP-FL-2"]
    after = evaluate({**case, "date": "2026-01-02", "application_type": "first"}, rb)
    (listed_2026,) = [c for c in after.checks if c.rule == "BNP-FL-2"]
    assert listed.passed is True and before.outcome == "eligible"
    assert listed_2026.passed is False  # not qualified under the 2026 list's conditions
    assert "LMT-00" in after.failed_rules


def test_fla02_outside_the_sectors_gives_the_sector_as_its_reason_not_the_list() -> None:
    """FLA-02 (002 L279) covers "agriculture and hospitality": seasonal construction work is
    not presumed a shortage whatever the list says, so "list not loaded" is the wrong reason."""
    check = _check({**SEASONAL, "sector": "construction", "occupation": "7112"}, "FLA-02")
    assert check["passed"] is False
    assert "construction" in check["explanation"]["en"]
    assert "loaded" not in check["explanation"]["en"]


def test_lmt00_names_the_exemption_left_open() -> None:
    """With FLA-02 failed (sector) and BNP-FL-2 undecided (list not loaded), LMT-00 names
    BNP-FL-2 (002 L248), the exemption still open."""
    check = _check({**SEASONAL, "sector": "construction", "occupation": "7112"}, "LMT-00")
    assert check["passed"] is None
    assert "BNP-FL-2" in check["explanation"]["en"]


# --- family reunification: accompanying exceptions per member, FRX-04, fees ------------------

REFUGEE = {
    "procedure": "family_reunification",
    "sponsor_status": "refugee",
    "sponsor_permit_date": "2025-09-01",
    "sponsor_status_date": "2025-09-01",
    "application_date": "2026-06-01",
    "date": "2026-06-01",
    "net_monthly_income": "0",
    "additional_dependants": 0,
    "adequate_housing": False,
    "health_insurance": True,
    "family_members": [
        {"relationship": "spouse", "age": 30, "accompanying": True},
        {"relationship": "child", "age": 10, "bond_predates_arrival": True},
    ],
}


def _bulk(case: dict[str, Any]) -> tuple[str, list[str]]:
    """The bulk path's answer for one case (the same facts as columns)."""
    from test_bulk import SCHEMA, _column_value, _table

    day = dt.date.fromisoformat(case["date"])
    row = {f.name: _column_value(f, case.get(f.name)) for f in SCHEMA if f.name != "id"}
    got = evaluate_table(_table([row]), day).to_pylist()[0]
    return got["outcome"], got["failed_rules"]


def _both(case: dict[str, Any]) -> dict[str, Any]:
    decision = evaluate(case)
    assert _bulk(case) == (decision.outcome, list(decision.failed_rules))
    return decision.to_dict()


def test_frr02_material_requirements_concern_only_the_member_abroad() -> None:
    """002 L603: "Family members who accompanied their sponsor with refugee status to Belgium
    are not subject to material requirements." Outside the six months the income and housing
    checks concern the child abroad only, and the housing failure does not refuse the spouse."""
    decision = _both(REFUGEE)
    checks = {c["rule"]: c for c in decision["checks"]}
    for rule in ("FR-01", "FR-04", "FR-MAT"):
        assert checks[rule]["inputs"]["members"] == ["family_members[1]"], rule
    assert decision["outcome"] == "needs_review"
    assert checks["FR-04"]["severity"] == "review"
    note = checks["FR-MEMBERS"]
    assert note["inputs"] == {
        "refused": ["family_members[1]"],
        "not_refused": ["family_members[0]"],
    }
    assert "family_members[0]" in note["explanation"]["en"]


def test_frs03_wait_does_not_refuse_the_accompanying_spouse() -> None:
    """002 L623: the two-year wait "does not apply to persons who accompanied their sponsor";
    before the suspension (26 Feb 2026) a parent abroad waits, the accompanying spouse not."""
    case = {
        **REFUGEE,
        "sponsor_status": "subsidiary_protection",
        "date": "2026-01-15",
        "application_date": "2026-01-15",
        "net_monthly_income": "5000",
        "adequate_housing": True,
        "family_members": [
            {"relationship": "spouse", "age": 30, "accompanying": True},
            {
                "relationship": "parent",
                "age": 60,
                "bond_predates_arrival": True,
                "application_fee_paid": True,
            },
        ],
    }
    decision = _both(case)
    assert decision["outcome"] == "needs_review" and decision["failed_rules"] == ["FRS-03"]
    (frs03,) = [c for c in decision["checks"] if c["rule"] == "FRS-03"]
    assert frs03["inputs"]["members"] == ["family_members[1]"]
    assert "FR-MEMBERS-DIFFER" in frs03["flags"]


def test_frx04_presumption_is_not_applied_when_the_ex_officio_route_is_closed() -> None:
    """002 L198 presumes the income for some categories in §1.1.4, the ex-officio route; FRX-03
    (L196) closes it when the application comes more than six months after the permit."""
    case = {
        "procedure": "family_reunification",
        "sponsor_status": "single_permit_worker",
        "sponsor_permit_date": "2025-09-10",
        "single_permit_issue_date": "2025-09-10",
        "single_permit_category": "eu_blue_card",
        "bond_predates_single_permit": True,
        "application_date": "2026-06-01",
        "date": "2026-06-01",
        "net_monthly_income": "0",
        "additional_dependants": 0,
        "adequate_housing": True,
        "health_insurance": True,
        "family_members": [{"relationship": "spouse", "age": 30}],
    }
    decision = _both(case)
    checks = {c["rule"]: c for c in decision["checks"]}
    assert checks["FRX-03"]["passed"] is False
    assert checks["FRX-04"]["passed"] is False
    assert checks["FRX-04"]["choices"] == {"frx04_scope": "ex_officio_route"}
    assert "FRX-04-SCOPE" in checks["FRX-04"]["flags"]
    assert "ex-officio" in checks["FRX-04"]["explanation"]["en"]
    # frx04_scope is an open choice (issue 9 items 5 and 6): on the any-route reading the
    # income is presumed, so the low income is not decided on one reading; a caseworker gets
    # the question, with what each reading gives.
    assert decision["outcome"] == "needs_review"
    assert decision["failed_rules"] == ["FRX-04-SCOPE"]
    doubt = checks["FRX-04-SCOPE"]
    assert doubt["passed"] is None
    assert "OPEN-CHOICE" in doubt["flags"]
    assert "ex_officio_route: " in doubt["explanation"]["en"]
    assert "any_route: " in doubt["explanation"]["en"]
    within = _both({**case, "date": "2026-03-10", "application_date": "2026-03-10"})
    assert within["outcome"] == "eligible"


def test_frr04_and_frs07_fees_name_the_member_and_frs07_is_suspended() -> None:
    """002 L605 (FRR-04, no suspension footnote) and L627 (FRS-07, suspended by fn 46, L638)."""
    case = {
        **REFUGEE,
        "date": "2026-01-15",
        "application_date": "2026-01-15",
        "family_members": [{"relationship": "spouse", "age": 30, "bond_predates_arrival": False}],
    }
    decision = _both(case)
    (fee,) = [c for c in decision["checks"] if c["rule"] == "FRR-04"]
    assert fee["passed"] is None and "family_members[0]" in fee["explanation"]["en"]
    sub = {
        **case,
        "sponsor_status": "subsidiary_protection",
        "sponsor_status_date": "2023-09-01",
        "application_date": "2025-10-01",
        "net_monthly_income": "5000",
        "adequate_housing": True,
        "family_members": [
            {
                "relationship": "spouse",
                "age": 30,
                "bond_predates_arrival": True,
                "application_fee_paid": False,
            }
        ],
    }
    before = _both({**sub, "date": "2026-02-25"})
    assert before["failed_rules"] == ["FRS-07"]
    after = _both({**sub, "date": "2026-02-26"})
    (fee,) = [c for c in after["checks"] if c["rule"] == "FRS-07"]
    assert after["outcome"] == "eligible" and fee["severity"] == "info"
    assert "suspended" in fee["explanation"]["en"]
