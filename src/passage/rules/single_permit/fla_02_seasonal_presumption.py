# SPDX-License-Identifier: EUPL-1.2
"""FLA-02: from the Flemish reform, seasonal work in agriculture and hospitality is presumed
a shortage when the occupation is on the Flemish bottleneck list (002 §1.2.4 L279); which
list is the named choice fla02_list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule
from passage.rules.single_permit.bnp_bottleneck_list_exemption import (
    membership_fmt,
    membership_key,
)

SECTORS = "single_permit.labour_market.seasonal_presumed_shortage_sectors"


def applies(k: Any, day: dt.date) -> bool:
    return k.get(SECTORS, day) is not None


@rule(
    "FLA-02",
    label="Flanders: seasonal work presumed a shortage (agriculture, hospitality)",
    procedure="single_permit",
    citation=Citation(catalogue="FLA-02", seed="002 §1.2.4 L279"),
    facts=("sector", "occupation"),
    parameters=(SECTORS, "interpretation.fla02_list"),
    severity="info",
)
def seasonal_presumption(k: Any, x: Any, occupation: Any, day: dt.date) -> tuple[Any, list[Any]]:
    rule_ = seasonal_presumption.RULE  # type: ignore[attr-defined]
    sectors_pv = k.param(SECTORS, day)
    list_choice = k.choice("fla02_list", day, rule_.id)
    sector = k.value(x.sector)
    if sector is None:
        k.missing_facts(rule_, "sector", severity="info")
        return None, [("sector", True)]
    in_sector = sector in sectors_pv.value
    membership = k.membership(str(list_choice.value), day, occupation)
    exempt = k.all3(in_sector, membership.on_list)
    k.check(
        rule_,
        exempt,
        # Outside the named sectors the sector decides, whatever the list says.
        (lambda: membership_key(membership, exempt)) if in_sector else "fla02_sector_not_presumed",
        pv=sectors_pv,
        threshold=None,
        inputs={"sector": sector, "occupation": occupation, "list": membership.list_id},
        choices={"fla02_list": str(list_choice.value)},
        flags=("FLA-02",),
        sector=sector,
        sectors=", ".join(sectors_pv.value),
        **membership_fmt(membership),
    )
    return exempt, []
