# SPDX-License-Identifier: EUPL-1.2
"""FR-05: a sponsor with permanent residence waits one year if the relationship existed before
the sponsor's arrival, else two; none when only minor or disabled children apply (002 §1.5.2)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.common import CONDITIONS, minor_or_disabled_child, waiting
from passage.rules.kernel.rule import rule


@rule(
    "FR-05",
    label="Permanent residents: waiting period before reunification",
    procedure="family_reunification",
    citation=Citation(catalogue="FR-05", seed="002 §1.5.2 L340"),
    facts=("sponsor_status_date", "application_date", "family_members"),
    parameters=(
        CONDITIONS + "permanent_resident_waiting_period_prior_bond",
        CONDITIONS + "permanent_resident_waiting_period",
    ),
)
def permanent_resident_waiting(
    k: Any, x: Any, ms: Any, application_date: Any, rday: Any, start_choice: dict[str, str]
) -> None:
    rule_ = permanent_resident_waiting.RULE  # type: ignore[attr-defined]
    status_date = x.sponsor_status_date
    missing = [n for n in ("sponsor_status_date", "family_members") if not k.given(getattr(x, n))]
    if missing:
        k.missing_facts(rule_, *missing)
        return
    only = ms.every(minor_or_disabled_child)
    lacking = ms.lacking("relationship")
    prior = k.value(ms.every(lambda km, m: m.bond_predates_arrival))
    short = k.param(CONDITIONS + "permanent_resident_waiting_period_prior_bond", rday)
    long = k.param(CONDITIONS + "permanent_resident_waiting_period", rday)
    if prior is not None or k.value(only) is True:
        waiting(
            k,
            rule_,
            short if prior else long,
            status_date,
            application_date,
            only,
            start_choice,
            lacking=lacking,
        )
        return
    # Unknown bond: decided only if both periods agree (or only children apply).
    until_short = k.add_months(status_date, short.value, "sponsor_status_date")
    until_long = k.add_months(status_date, long.value, "sponsor_status_date")
    pass_short = application_date >= until_short
    pass_long = application_date >= until_long
    agree = k.value(
        k.any3(k.all3(pass_short, pass_long), k.all3(k.not3(pass_short), k.not3(pass_long)))
    )
    if agree:
        waiting(k, rule_, long, status_date, application_date, only, start_choice, lacking=lacking)
        return
    k.check(
        rule_,
        None,
        "waiting_bond_unknown",
        pv=long,
        inputs={"sponsor_status_date": status_date, "application_date": application_date},
        choices=start_choice,
        missing=[*ms.lacking("bond_predates_arrival"), *lacking],
        short=short.value,
        months=long.value,
    )
