# SPDX-License-Identifier: EUPL-1.2
"""FRT-02: two years' wait for a sponsor with temporary protection from 18 Aug 2025 (002
§4.4.2 L987), not suspended: Decision 24/2026 (fn 43–46, L632–L638) covers only the
subsidiary-protection rules."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import CONDITIONS, minor_or_disabled_child, waiting
from passage.rules.kernel.rule import rule

PARAMETER = CONDITIONS + "temporary_protection_waiting_period"


@rule(
    "FRT-02",
    label="Temporary protection: two years' wait",
    procedure="family_reunification",
    citation=Citation(catalogue="FRT-02", seed="002 §4.4.2 L987"),
    facts=("sponsor_status_date", "application_date", "family_members"),
    parameters=(PARAMETER,),
)
def temporary_waiting(
    k: Any, x: Any, ms: Any, application_date: Any, new: bool, start_choice: dict[str, str]
) -> None:
    rule_ = temporary_waiting.RULE  # type: ignore[attr-defined]
    day = k.day
    if not new and k.get(PARAMETER, day) is None:
        return
    status_date = x.sponsor_status_date
    missing = [n for n in ("sponsor_status_date", "family_members") if not k.given(getattr(x, n))]
    if missing:
        k.missing_facts(rule_, *missing)
        return
    pv = k.param(PARAMETER, day)
    only = ms.every(minor_or_disabled_child)
    # Under the previous requirements: 002 §4.4.2 applies the two-year wait "from 18 August
    # 2025" while FR-06 keeps the previous requirements for this sponsor; which prevails is
    # not stated, so a wait not yet over is undecided (FRT-02-VS-FR-06).
    waiting(
        k,
        rule_,
        pv,
        status_date,
        application_date,
        only,
        start_choice,
        lacking=ms.lacking("relationship"),
        doubt=None if new else ("FRT-02-VS-FR-06", "frt02_regime_unclear"),
    )
