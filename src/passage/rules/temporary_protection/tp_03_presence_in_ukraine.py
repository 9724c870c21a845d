# SPDX-License-Identifier: EUPL-1.2
"""TP-03: Art. 2 of Council Implementing Decision (EU) 2022/382 limits temporary protection to
Ukrainian nationals residing in Ukraine before 24 Feb 2022, with documentary evidence; persons
temporarily absent on that day are outside the scope, and so are children born after it unless
born to a mother who already holds temporary protection in Belgium (002 §4.1.2 L933).

Whether the evidence is sufficient is the Immigration Office's finding, given as a fact; a
refusal for want of evidence can be followed by a resubmission with adequate documents (L933).
Other groups Decision 2022/382 covers (some third-country nationals and stateless persons
protected in Ukraine) are not described in the seeds: such an applicant is undecided.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check
from passage.rules.parameters import Rulebook
from passage.rules.trace import LocalDate, make_check

_P = "temporary_protection.eligibility."


def check_presence_in_ukraine(
    *,
    nationality: str,
    birth_date: dt.date | None,
    mother_protected: bool | None,
    resided: bool | None,
    present: bool | None,
    evidence: bool | None,
    day: dt.date,
    rb: Rulebook,
) -> Check:
    invasion_pv = rb.require(_P + "invasion_date", day)
    invasion: dt.date = invasion_pv.value
    inputs: dict[str, Any] = {
        "nationality": nationality,
        "birth_date": birth_date,
        "mother_holds_temporary_protection_in_belgium": mother_protected,
        "resided_in_ukraine_before_invasion": resided,
        "present_in_ukraine_on_invasion_date": present,
        "residence_evidence": evidence,
    }
    shown = LocalDate(invasion)
    if birth_date is not None and birth_date > invasion:
        key = "tp03_child_of_beneficiary" if mother_protected else "tp03_born_after"
        return make_check(
            "TP-03", bool(mother_protected), key, pv=invasion_pv, inputs=inputs, invasion=shown
        )
    nationalities = rb.require(_P + "nationalities", day)
    if nationality not in nationalities.value:
        return make_check(
            "TP-03",
            None,
            "tp03_other_group",
            pv=nationalities,
            inputs=inputs,
            nationality=nationality,
        )
    if not resided:
        return make_check(
            "TP-03", False, "tp03_not_resident", pv=invasion_pv, inputs=inputs, invasion=shown
        )
    if not present:
        return make_check(
            "TP-03", False, "tp03_absent", pv=invasion_pv, inputs=inputs, invasion=shown
        )
    if evidence is None:
        return make_check(
            "TP-03", None, "tp03_evidence_unknown", pv=invasion_pv, inputs=inputs, invasion=shown
        )
    return make_check(
        "TP-03",
        evidence,
        "tp03_resident" if evidence else "tp03_no_evidence",
        pv=invasion_pv,
        inputs=inputs,
        invasion=shown,
    )
