# SPDX-License-Identifier: EUPL-1.2
"""Defects an independent read against seed 002 found (issue 9 item 6) that a YAML case cannot
state: the reasons a check gives."""

from __future__ import annotations

from typing import Any

from passage.rules import evaluate

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
