# SPDX-License-Identifier: EUPL-1.2
"""Single permit: the work-authorisation conditions the regions decide (LAB-01).

Checks, in order: the Flemish 2026 reform's transition (FLA-07) and exclusion of low-skilled
work (FLA-01); one wage condition, either the category's regional minimum (SAL-02) or the
GMMI floor (SAL-01); and for categories without a specific wage condition the labour-market
test (LMT-00) with each region's bottleneck-list exemption (BNP-*), or FLA-02 for seasonal
work. One module per rule; this module is the order in which the law applies them.
"""

from __future__ import annotations

from typing import Any

from passage.rules.single_permit.bnp_bottleneck_list_exemption import EXEMPTION_LIST
from passage.rules.single_permit.facts import CATEGORIES, FACT_SHEET, REGIONS, SECTORS
from passage.rules.single_permit.fla_01_low_skilled_excluded import low_skilled_excluded
from passage.rules.single_permit.fla_07_flemish_transition import flemish_transition
from passage.rules.single_permit.lmt_00_labour_market_test import labour_market_test
from passage.rules.single_permit.sal_01_gmmi import gmmi
from passage.rules.single_permit.sal_02_regional_minimum_salary import (
    UNDER_30_REGIONS,
    regional_minimum_salary,
)

#: Categories with a specific regional wage condition (SAL-02); the rest fall to the GMMI (SAL-01).
SALARY_CATEGORIES = frozenset(CATEGORIES[:8])
PROCEDURE = "single_permit"
#: Every fact name a single-permit case may carry (from the one declaration).
FACTS = FACT_SHEET.names


def single_permit(k: Any, x: Any) -> None:
    """The procedure, on either backend (see ``passage.rules.kernel``)."""
    day = k.day
    application_date = x.application_date
    if k.given(application_date):
        k.fail_if(
            application_date > day, "application_date", "must not be after the evaluation date"
        )
    else:
        application_date = day
    region = k.value(x.region)
    category = k.value(x.category)
    # The day whose rules the reform-dependent conditions read; None when FLA-07 lacks facts
    # (its check names them).
    reform_day = flemish_transition(k, x, application_date) if region == "flanders" else day
    if category is None:
        # The category decides which wage condition applies (SAL-02's table or SAL-01).
        k.missing_facts(regional_minimum_salary.RULE, "category")  # type: ignore[attr-defined]
        return
    if category == "low_skilled" and region in (None, "flanders"):
        if region is None:
            k.missing_facts(low_skilled_excluded.RULE, "region")  # type: ignore[attr-defined]
        elif reform_day is not None and low_skilled_excluded(k, reform_day):
            return
    if category in SALARY_CATEGORIES:
        regional_minimum_salary(k, x, region, category)
        return
    gmmi(k, x, category)
    if region is None:
        k.missing_facts(labour_market_test.RULE, "region")  # type: ignore[attr-defined]
    elif reform_day is not None:
        labour_market_test(k, x, region, category, reform_day)


__all__ = [
    "CATEGORIES",
    "EXEMPTION_LIST",
    "FACTS",
    "FACT_SHEET",
    "PROCEDURE",
    "REGIONS",
    "SALARY_CATEGORIES",
    "SECTORS",
    "UNDER_30_REGIONS",
    "single_permit",
]
