# SPDX-License-Identifier: EUPL-1.2
"""Comparing a wage with a threshold in the threshold's own period (SAL-01, SAL-02)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.kernel.rule import Rule
from passage.rules.parameters import ParameterValue
from passage.rules.trace import UnitLabel, eur


def compare_wage(
    k: Any,
    rule: Rule,
    pv: ParameterValue,
    salary: Any,
    period: str,
    day: dt.date,
    inputs: dict[str, Any],
    flags: tuple[str, ...] = (),
    choices: dict[str, str] | None = None,
) -> Any:
    """A conversion between month and year uses the named choice salary_months_per_year
    (AMB-SAL-8: the seeds give none), multiplying so that no cent is lost; the case is then
    judged under every reading of that open choice."""
    threshold = pv.value
    threshold_period = "month" if pv.unit.startswith("EUR/month") else "year"
    choices = dict(choices or {})
    if threshold_period == period:
        compared, limit, unit = salary, threshold, pv.unit
    else:
        months = k.choice("salary_months_per_year", day, rule.id)
        choices["salary_months_per_year"] = str(months.value)
        if rule.id == "SAL-02":
            flags = (*flags, "AMB-SAL-8")
        if threshold_period == "year":
            compared, limit, unit = k.times(salary, months.value), threshold, pv.unit
            judged = lambda m: k.times(salary, m) >= threshold  # noqa: E731
        else:
            compared, limit, unit = salary, threshold * months.value, "EUR/year gross"
            judged = lambda m: salary >= threshold * m  # noqa: E731
        # The months only set this comparison: per case, when every reading gives the same
        # result, the case need not be judged again under each (passage.rules.kernel.run).
        k.trace(lambda: k.settle("salary_months_per_year", judged))
    passed = compared >= limit
    k.check(
        rule,
        passed,
        ("wage_ok", "wage_low"),
        pv=pv,
        threshold=limit,
        unit=unit,
        value=compared,
        inputs={**inputs, "gross_salary": salary, "salary_period": period},
        flags=flags,
        choices=choices,
        fmt=lambda: {"wage": eur(compared), "limit": eur(limit), "period": UnitLabel(unit)},
    )
    return passed
