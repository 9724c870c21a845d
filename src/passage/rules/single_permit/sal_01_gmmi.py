# SPDX-License-Identifier: EUPL-1.2
"""SAL-01: a worker without a category-specific wage condition earns at least the GMMI
(the guaranteed average minimum monthly income; 002 §1.2.1 L208)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule
from passage.rules.single_permit.wage import compare_wage


@rule(
    "SAL-01",
    label="At least the guaranteed average minimum monthly income (GMMI)",
    procedure="single_permit",
    citation=Citation(catalogue="SAL-01", seed="002 §1.2.1 L208"),
    facts=("gross_salary", "salary_period"),
    parameters=("single_permit.gmmi", "interpretation.salary_months_per_year"),
)
def gmmi(k: Any, x: Any, category: str) -> None:
    rule_ = gmmi.RULE  # type: ignore[attr-defined]
    period = k.value(x.salary_period)
    missing = [
        n
        for n, v in (("gross_salary", x.gross_salary), ("salary_period", period))
        if not k.given(v)
    ]
    if missing:
        k.missing_facts(rule_, *missing)
        return
    # The GMMI of the evaluation date, not of the Flemish reform day (FLA-07 governs only
    # the regional labour-market conditions).
    pv = k.param("single_permit.gmmi", k.day)
    compare_wage(k, rule_, pv, x.gross_salary, period, k.day, {"category": category})
