# SPDX-License-Identifier: EUPL-1.2
"""LMT-00: without a category-specific wage condition, the employer shows that no suitable
candidate was found (002 §1.2.2 L230), unless the region's bottleneck list exempts the
occupation (BNP-*) or, for Flemish seasonal work, FLA-02 presumes a shortage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule
from passage.rules.single_permit import fla_02_seasonal_presumption as fla02
from passage.rules.single_permit.bnp_bottleneck_list_exemption import EXEMPTION_LIST, list_exemption

CITATION = Citation(catalogue="LMT-00", seed="002 §1.2.2 L230")


@rule(
    "LMT-00",
    label="Labour-market test, or an exemption from it",
    procedure="single_permit",
    citation=CITATION,
    facts=("region", "category", "occupation", "labour_market_test_passed"),
)
def labour_market_test(k: Any, x: Any, region: str, category: str, reform_day: dt.date) -> None:
    rule_ = labour_market_test.RULE  # type: ignore[attr-defined]
    occupation = x.occupation
    tested = x.labour_market_test_passed
    unknown: list[Any] = []
    if category == "bottleneck" and not k.given(occupation):
        k.missing_facts(rule_, "occupation")
        return
    if region == "flanders" and category == "seasonal" and fla02.applies(k, reform_day):
        # FLA-02 (002 L279) adds a presumption for seasonal agriculture and hospitality; it
        # takes nothing away from BNP-FL-2 (L248), which exempts any profession on the
        # middle-level list with no exception for seasonal work: either exempts.
        presumed, unknown_presumed = fla02.seasonal_presumption(k, x, occupation, reform_day)
        listed, unknown_listed = list_exemption(k, x, region, occupation, reform_day)
        exempt = k.any3(presumed, listed)
        unknown = unknown_presumed + unknown_listed

        def named() -> str:  # the exemption that decided, or left the question open
            return "BNP-FL-2" if presumed is not exempt and listed is exempt else "FLA-02"
    else:
        exempt, unknown = list_exemption(k, x, region, occupation, reform_day)

        def named() -> str:
            return EXEMPTION_LIST[region]

    passed = k.any3(exempt, tested)
    unknown = [
        ("occupation", k.absent(occupation)),
        *unknown,
        ("labour_market_test_passed", k.absent(tested)),
    ]
    k.check(
        rule_,
        passed,
        lambda: _key(exempt, tested),
        citation=CITATION,
        inputs={"labour_market_test_passed": tested, "exempt": exempt},
        missing=unknown,
        fmt=lambda: {"list_id": named()},
    )


def _key(exempt: bool | None, tested: bool | None) -> str:
    if exempt is True:
        return "lmt_exempt"
    if tested is True:
        return "lmt_passed"
    if exempt is False and tested is False:
        return "lmt_failed"
    if exempt is False:
        return "lmt_missing"
    return "lmt_exemption_unknown"
