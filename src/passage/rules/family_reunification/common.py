# SPDX-License-Identifier: EUPL-1.2
"""What several family-reunification rules share: groups of statuses and relationships, the
waiting-period comparison (FR-05, FRS-03, FRT-02) and the exemption-period check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.kernel.rule import Rule
from passage.rules.parameters import ParameterNotApplicable, ParameterValue
from passage.rules.trace import LocalDate

CONDITIONS = "family_reunification.conditions."
PARTNERS = frozenset({"spouse", "registered_partner", "partner"})
#: FR-05, FRS-03, FRT-02: no waiting period when the sponsor brings only minor children or
#: dependent disabled children over 18.
CHILDREN = frozenset({"child", "disabled_child"})
#: STL-02: recognised stateless persons reunite under the same conditions as refugees.
REFUGEE_LIKE = frozenset({"refugee", "stateless_person"})
PROTECTION = frozenset({"refugee", "stateless_person", "subsidiary_protection"})


def any_status(k: Any, name: str, day: dt.date) -> ParameterValue:
    """A value whatever its status, for rules that treat a suspension themselves (FRS-02,
    FRS-03, FRS-07: a suspended provision is reported and not applied)."""
    found: ParameterValue | None = k.get(name, day)
    if found is None:
        raise ParameterNotApplicable(name, day, None)
    return found


def accompanying(k: Any, m: Any) -> Any:
    # Not given counts as not accompanying (the exemptions are the member's to claim).
    return k.otherwise(m.accompanying, False)


def minor_or_disabled_child(k: Any, m: Any) -> Any:
    """A minor child, or a disabled child of any age (an age not given is not a minor's)."""
    relationship = m.relationship
    minor = k.otherwise(k.ifgiven(m.age, lambda a: a < 18), False)
    return k.all3(
        k.isin(relationship, CHILDREN), k.any3(k.isin(relationship, ("disabled_child",)), minor)
    )


def waiting(
    k: Any,
    rule: Rule,
    pv: ParameterValue,
    start: Any,
    application_date: Any,
    only_children: Any,
    choices: dict[str, str],
    members: Any = None,
    lacking: Any = (),
    concerns: Any = None,
    doubt: tuple[str, str] | None = None,
) -> None:
    """The wait from ``start`` has passed by the application date, unless only minor or
    disabled children apply. ``only_children`` unknown (a relationship not given): a wait
    not yet over is undecided, naming ``lacking``. ``doubt`` = (flag, key): a wait not yet
    over is undecided for that reason (FRT-02-VS-FR-06)."""
    scope = {} if members is None else {"members": members}
    only = k.value(only_children)
    if only is True:
        k.check(
            rule,
            True,
            "waiting_children_exception",
            severity="info",
            pv=pv,
            inputs={"only_minor_or_disabled_children": True, **scope},
            choices=choices,
        )
        return
    until = k.add_months(start, pv.value, "sponsor_status_date")
    passed = application_date >= until
    if only is None or doubt is not None:
        passed = k.recode(passed, True, None, None)

    def key() -> str:
        v = k.value(passed)
        if v:
            return "waiting_ok"
        if doubt is not None and only is not None:
            return doubt[1]
        return "waiting_short" if v is False or only is not None else "facts_missing"

    def fmt() -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": application_date.isoformat(),
            "until": LocalDate(until),
            "months": pv.value,
        }
        if doubt is not None and k.value(passed) is None:
            out["flags"] = (doubt[0],)
        if only is None:
            out["facts"] = ", ".join(k.trace(lambda: [n for n in lacking if isinstance(n, str)]))
        return out

    k.check(
        rule,
        passed,
        key,
        pv=pv,
        inputs={"sponsor_status_date": start, "application_date": application_date, **scope},
        choices=choices,
        missing=lacking if only is None else (),
        concerns=concerns,
        fmt=fmt,
    )


def exemption_period(
    k: Any,
    rule: Rule,
    exempt: Any,
    pv: ParameterValue,
    until: Any,
    status_date: Any,
    application_date: Any,
    start_choice: str,
    flags: tuple[str, ...] = (),
) -> None:
    k.check(
        rule,
        exempt,
        # FRS-02 (002 L622): a period of 0 months is the abolished exemption.
        ("exempt_period_in", "exempt_abolished" if pv.value == 0 else "exempt_period_out"),
        severity="info",
        pv=pv,
        inputs={"sponsor_status_date": status_date, "application_date": application_date},
        choices={"exemption_period_start": start_choice},
        flags=flags,
        fmt=lambda: {
            "value": application_date.isoformat(),
            "until": LocalDate(until),
            "months": pv.value,
        },
    )
