# SPDX-License-Identifier: EUPL-1.2
"""SAL-02: the category's regional minimum salary (002 §1.2.1 L210–L222, the table of
thresholds per region and category; under-30 variants where the table prints one)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule
from passage.rules.single_permit.wage import compare_wage
from passage.rules.trace import eur

#: Under-30 variants exist only where the table prints one (SAL-02; AMB-SAL-1 for the others).
UNDER_30_REGIONS = frozenset({"flanders", "wallonia"})
CITATION = Citation(catalogue="SAL-02", seed="002 §1.2.1 L210–L222")


@rule(
    "SAL-02",
    label="The category's regional minimum salary",
    procedure="single_permit",
    citation=CITATION,
    facts=("region", "category", "gross_salary", "salary_period", "age", "junior"),
    parameters=(
        "single_permit.salary.*",
        "interpretation.salary_months_per_year",
        "interpretation.under_30_reference",
    ),
)
def regional_minimum_salary(k: Any, x: Any, region: str | None, category: str) -> None:
    rule_ = regional_minimum_salary.RULE  # type: ignore[attr-defined]
    day = k.day
    period = k.value(x.salary_period)
    variant = category
    inputs: dict[str, Any] = {"region": region, "category": category}
    flags: tuple[str, ...] = ()
    choices: dict[str, str] = {}
    missing = [
        name
        for name, v in (
            ("region", region),
            ("gross_salary", x.gross_salary),
            ("salary_period", period),
        )
        if not k.given(v)
    ]
    if category == "highly_skilled":
        age = x.age
        inputs["age"] = age
        if region in UNDER_30_REGIONS:
            if not k.given(age):
                missing.append("age")
            elif k.test(age < 30):
                variant = "highly_skilled_under_30"
                choices["under_30_reference"] = str(
                    k.param("interpretation.under_30_reference", day).value
                )
    elif category == "eu_blue_card":
        junior = k.value(x.junior)
        inputs["junior"] = junior
        if junior and region == "wallonia":
            variant = "eu_blue_card_junior"
        elif junior:
            flags = ("BC-JUNIOR-WALLONIA-ONLY",)
    if missing:
        k.missing_facts(rule_, *missing)
        return
    name = f"single_permit.salary.{region}.{variant}"
    pv = k.get(name, day)
    if pv is None:
        k.check(rule_, None, "parameter_missing", citation=CITATION, inputs=inputs, parameter=name)
        return
    if not pv.applicable:
        reason = pv.needs_review or f"status {pv.status}"
        k.check(
            rule_,
            None,
            "parameter_needs_review",
            pv=pv,
            inputs=inputs,
            reason=reason,
            parameter=name,
        )
        return
    if region == "brussels" and pv.unit.startswith("EUR/month") and period == "year":
        # AMB-SAL-8: the Brussels column is monthly with no annualisation rule in the seeds;
        # comparing would need a conversion the law does not give.
        k.check(
            rule_,
            None,
            "brussels_monthly_only",
            pv=pv,
            inputs={**inputs, "gross_salary": x.gross_salary, "salary_period": period},
            flags=("AMB-SAL-8",),
            limit=eur(pv.value),
        )
        return
    compare_wage(k, rule_, pv, x.gross_salary, period, day, inputs, flags, choices)
