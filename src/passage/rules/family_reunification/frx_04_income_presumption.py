# SPDX-License-Identifier: EUPL-1.2
"""FRX-04: for some single-permit categories the income requirement is presumed met. 002
states it in §1.1.4, the ex-officio route (L190–L198); whether it also holds when FRX-03 finds
that route closed is the open choice frx04_scope: the case is judged under both readings."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule

ABSENT = "absent"
CITATION = Citation(catalogue="FRX-04", seed="002 §1.1.4 L198", legal_act="Law of 18 Jul 2025")


@rule(
    "FRX-04",
    label="Single-permit workers: income presumed met",
    procedure="family_reunification",
    citation=CITATION,
    facts=("single_permit_category", "posted_worker"),
    parameters=("interpretation.frx04_scope",),
    severity="info",
)
def income_presumption(k: Any, x: Any, route: Any) -> Any:
    """``ABSENT`` when no presumption applies; else whether it is applied (None: the route is
    not known to be open)."""
    rule_ = income_presumption.RULE  # type: ignore[attr-defined]
    category = k.value(x.single_permit_category)
    if category is None or category == "other":
        return ABSENT
    posted = k.value(k.otherwise(x.posted_worker, False))
    if category == "highly_skilled" and posted:
        return ABSENT
    # An open choice (002 L198 is in the ex-officio section and silent on the regular
    # procedure): read through the kernel so that the case is judged under both readings.
    scope = str(k.choice("frx04_scope", k.day, rule_.id, check={"citation": CITATION}).value)
    applied = True if scope == "any_route" else k.value(route)
    # The scope only sets ``applied``: with the route open both readings apply it, and the
    # case need not be judged again under each (passage.rules.kernel.run).
    k.trace(lambda: k.settle("frx04_scope", lambda v: True if v == "any_route" else route))
    k.check(
        rule_,
        applied,
        ("frx04_presumed", "frx04_route_closed", "frx04_route_unknown"),
        severity="info",
        citation=CITATION,
        inputs={
            "single_permit_category": category,
            "posted_worker": posted,
            "ex_officio_route": route,
        },
        choices={"frx04_scope": scope},
        flags=("FRX-04-SCOPE",),
        category=category,
    )
    return applied
