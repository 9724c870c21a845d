# SPDX-License-Identifier: EUPL-1.2
"""The procedure ``temporary_protection``: the conditions the seeds give for temporary
protection in Belgium on the evaluation date: protection still in force (TP-02), presence in
Ukraine on 24 Feb 2022 (TP-03), no concurrent protection in another Member State (TP-04).
Registration (TP-05) and the other refusal grounds are not encoded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.international_protection.processing_suspension import country_code
from passage.rules.parameters import Rulebook
from passage.rules.temporary_protection.tp_02_duration import check_duration
from passage.rules.temporary_protection.tp_03_presence_in_ukraine import (
    check_presence_in_ukraine,
)
from passage.rules.temporary_protection.tp_04_protection_in_another_member_state import (
    check_protection_elsewhere,
)

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "nationality",
        "birth_date",
        "mother_holds_temporary_protection_in_belgium",
        "resided_in_ukraine_before_invasion",
        "present_in_ukraine_on_invasion_date",
        "residence_evidence",
        "temporary_protection_other_member_state",
        "other_member_state_protection_terminated",
    }
)


def evaluate_temporary_protection(case: Any, day: dt.date, rb: Rulebook) -> list[Check]:
    f = Facts(case, FACTS)
    nationality = country_code(f, "nationality")
    birth_date = f.date("birth_date", required=False)
    if birth_date is not None and birth_date > day:
        raise InputError("birth_date", "must not be after date")
    invasion = rb.require("temporary_protection.eligibility.invasion_date", day).value
    born_after = birth_date is not None and birth_date > invasion
    mother = f.boolean("mother_holds_temporary_protection_in_belgium", required=born_after)
    resided = f.boolean("resided_in_ukraine_before_invasion", required=not born_after)
    present = f.boolean("present_in_ukraine_on_invasion_date", required=not born_after)
    evidence = f.boolean("residence_evidence", required=False)
    holds = f.boolean("temporary_protection_other_member_state")
    assert holds is not None
    terminated = f.boolean("other_member_state_protection_terminated", required=holds)
    return [
        check_duration(day, rb),
        check_presence_in_ukraine(
            nationality=nationality,
            birth_date=birth_date,
            mother_protected=mother,
            resided=resided,
            present=present,
            evidence=evidence,
            day=day,
            rb=rb,
        ),
        check_protection_elsewhere(holds, terminated, day, rb),
    ]
