# SPDX-License-Identifier: EUPL-1.2
"""BNP-*: each region's bottleneck list exempts from the labour-market test (002 §1.2.2
L246–L254), with the region's own extra conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import declare
from passage.rules.kernel.scalar import tri_and
from passage.rules.parameters import ParameterValue

EXEMPTION_LIST = {
    "flanders": "BNP-FL-2",
    "wallonia": "BNP-WA-1",
    "brussels": "BNP-BX-1",
    "german_speaking_community": "BNP-GSC-1",
}
MIN_FTE = "single_permit.labour_market.middle_level_min_fte"

LISTS = {
    list_id: declare(
        list_id,
        label=label,
        procedure="single_permit",
        citation=Citation(catalogue=list_id, seed=f"002 §1.2.2 {line}"),
        facts=facts,
        parameters=(f"occupation list {list_id}", *((MIN_FTE,) if list_id == "BNP-FL-2" else ())),
        severity="info",
        module=__name__,
    )
    for list_id, label, line, facts in (
        (
            "BNP-FL-2",
            "Flanders: middle-level shortage list (with 0.8 FTE, qualified, screened)",
            "L248",
            ("occupation", "fte", "relevant_qualifications", "profile_screened"),
        ),
        ("BNP-WA-1", "Wallonia: shortage list", "L250", ("occupation",)),
        (
            "BNP-BX-1",
            "Brussels: shortage list (with the relevant qualifications)",
            "L252",
            ("occupation", "relevant_qualifications"),
        ),
        (
            "BNP-GSC-1",
            "German-speaking Community: shortage list (long-term residents of "
            "another Member State)",
            "L254",
            ("occupation", "long_term_resident_other_member_state"),
        ),
    )
}


def list_exemption(k: Any, x: Any, region: str, occupation: Any, day: dt.date) -> Any:
    """Whether the region's list exempts the case (three-valued), with its info check."""
    list_id = EXEMPTION_LIST[region]
    declared = LISTS[list_id]
    membership = k.membership(list_id, day, occupation)
    inputs: dict[str, Any] = {"occupation": occupation}
    extra: list[tuple[str, Any]] = []
    pv: ParameterValue | None = None
    if region == "flanders":
        # BNP-FL-2: on the list, at least 0.8 FTE, qualified and screened — all four. The three
        # conditions are stated in one sentence for the list in force from 1 Jan 2026 (002
        # L248); the seeds give none for the previous list, so none is applied to it.
        pv = k.param(MIN_FTE, day) if k.get(MIN_FTE, day) is not None else None
        fte, qualified, screened = x.fte, x.relevant_qualifications, x.profile_screened
        inputs.update(fte=fte, relevant_qualifications=qualified, profile_screened=screened)
        if pv is not None:
            fte_ok = k.at_least(fte, pv.value)
            extra = [
                ("fte", fte_ok),
                ("relevant_qualifications", qualified),
                ("profile_screened", screened),
            ]
    elif region == "brussels":
        qualified = x.relevant_qualifications
        inputs["relevant_qualifications"] = qualified
        extra = [("relevant_qualifications", qualified)]
    elif region == "german_speaking_community":
        resident = x.long_term_resident_other_member_state
        inputs["long_term_resident_other_member_state"] = resident
        extra = [("long_term_resident_other_member_state", resident)]
    exempt = k.all3(membership.on_list, *(v for _, v in extra))
    version = membership.version
    citation = version.citation if version is not None else declared.citation
    flags = version.flags if version is not None else ()
    if version is not None and not version.start_known:
        flags = (*flags, "START-DATE-NOT-STATED")
    k.check(
        declared,
        exempt,
        lambda: membership_key(membership, exempt),
        severity="info",
        citation=citation,
        threshold=pv.value if pv is not None else None,
        unit=pv.unit if pv is not None else None,
        inputs={
            **inputs,
            "list_size": version.size if version else None,
            "list_start": version.start if version else None,
        },
        flags=flags,
        **membership_fmt(membership),
    )
    # The facts that could still decide an undecided exemption, for missing_facts; once the
    # list has decided (off the list, or a condition unmet) none of them is asked. Row-wise
    # conditions, not branches: bulk need not split the rows on each fact's absence.
    open_ = k.unknown(exempt)
    unknown = [(name, k.both(open_, k.absent(v))) for name, v in extra]
    return exempt, unknown


def membership_key(m: Any, exempt: bool | None) -> str:
    if m.on_list is None:
        return f"list_{m.reason}"
    if m.on_list is False:
        return "list_not_on" if m.reason == "not_on_list" else "list_no_occupation"
    return (
        "list_exempt"
        if exempt
        else ("list_on_conditions_unknown" if exempt is None else "list_on_conditions_unmet")
    )


def membership_fmt(m: Any) -> dict[str, Any]:
    v = m.version
    return {
        "list_id": m.list_id,
        "size": v.size if v is not None and v.size is not None else "?",
        "loaded": len(v.codes) if v else 0,
        "start": v.start.isoformat() if v else "?",
    }


__all__ = ["EXEMPTION_LIST", "LISTS", "list_exemption", "tri_and"]
