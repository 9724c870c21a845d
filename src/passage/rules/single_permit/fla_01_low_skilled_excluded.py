# SPDX-License-Identifier: EUPL-1.2
"""FLA-01: under the Flemish 2026 reform, low-skilled work no longer gets a work
authorisation (002 §1.2.4 L278)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule


@rule(
    "FLA-01",
    label="Flanders: low-skilled work excluded from 2026",
    procedure="single_permit",
    citation=Citation(catalogue="FLA-01", seed="002 §1.2.4 L278"),
    facts=("region", "category"),
    parameters=("single_permit.labour_market.low_skilled_excluded",),
)
def low_skilled_excluded(k: Any, reform_day: dt.date) -> bool:
    """True (and a failed check) when the reform as of ``reform_day`` excludes the case."""
    excluded = k.param("single_permit.labour_market.low_skilled_excluded", reform_day)
    if not excluded.value:
        return False
    k.check(
        low_skilled_excluded.RULE,  # type: ignore[attr-defined]
        False,
        "fla01_excluded",
        pv=excluded,
        threshold=None,
        inputs={"category": "low_skilled"},
    )
    return True
