# SPDX-License-Identifier: EUPL-1.2
"""FRX-03: the ex-officio visa needs the bond before the single permit and an application
with the permit or within six months of its issue; otherwise the regular procedure (002
§1.1.4 L196)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import CONDITIONS
from passage.rules.kernel.rule import rule

WINDOW = CONDITIONS + "ex_officio_window"


@rule(
    "FRX-03",
    label="Single-permit workers: the ex-officio route",
    procedure="family_reunification",
    citation=Citation(catalogue="FRX-03", seed="002 §1.1.4 L196"),
    facts=("single_permit_issue_date", "filed_with_single_permit", "bond_predates_single_permit"),
    parameters=(WINDOW, "interpretation.frx03_window_end"),
    severity="info",
)
def ex_officio_route(k: Any, x: Any, application_date: Any) -> Any:
    """The route: True open, False closed, None not known."""
    rule_ = ex_officio_route.RULE  # type: ignore[attr-defined]
    day = k.day
    pv = k.param(WINDOW, day)
    issued = x.single_permit_issue_date
    together = k.otherwise(x.filed_with_single_permit, False)
    bond = x.bond_predates_single_permit
    choice = str(k.param("interpretation.frx03_window_end", day).value)
    in_window: Any
    if k.test(together):
        in_window = True
    elif not k.given(issued):
        in_window = None
    else:
        end = k.add_months(issued, pv.value, "single_permit_issue_date")
        after_end = application_date <= end if choice == "inclusive" else application_date < end
        in_window = k.all3(issued <= application_date, after_end)
    ok = k.all3(in_window, bond)
    k.check(
        rule_,
        ok,
        ("frx_route_ok", "frx_route_regular", "frx_route_unknown"),
        severity="info",
        pv=pv,
        inputs={
            "single_permit_issue_date": issued,
            "filed_with_single_permit": together,
            "bond_predates_single_permit": bond,
        },
        choices={"frx03_window_end": choice},
        fmt=lambda: {"value": application_date.isoformat()},
    )
    return ok
