# SPDX-License-Identifier: EUPL-1.2
"""IP-03: the period for justifying one's absence at a personal interview in the regular
procedure, reduced from 15 to 8 days by the Law of 14 Jul 2025, in force 4 Aug 2025
(002 §2.2.1 L593).

Computed: the last day to justify the absence, counted from the day of the missed interview (the
day itself not counted, as IP-05 counts from the transfer). Three questions the seed leaves open
are named choices: calendar or working days (``ip03_day_count``), which day picks 15 or 8
(``ip03_reference_date``), and the event the period runs from is flagged (IP-03-START: the day of
the interview; a notification or a summons date would move it). The seed states the period for
the regular procedure only: in another procedure the case goes to a caseworker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.holidays import add_working_days
from passage.rules.parameters import RULEBOOK_START, Rulebook
from passage.rules.terms import Term
from passage.rules.trace import LocalDate, make_check

EXAMINATION_PROCEDURES = ("regular", "fast_track", "other")
#: The procedures as an explanation names them (the accelerated procedure of IP-05, 002 L652).
PROCEDURE_NAMES: dict[str, dict[str, str]] = {
    "regular": {
        "en": "regular procedure",
        "nl": "gewone procedure",
        "fr": "procédure ordinaire",
        "de": "reguläres Verfahren",
    },
    "fast_track": {
        "en": "accelerated procedure",
        "nl": "versnelde procedure",
        "fr": "procédure accélérée",
        "de": "beschleunigtes Verfahren",
    },
    "other": {
        "en": "other procedure",
        "nl": "andere procedure",
        "fr": "autre procédure",
        "de": "anderes Verfahren",
    },
}
FACTS = frozenset({"procedure", "date", "id", "interview_date", "examination_procedure"})
PARAMETER = "international_protection.interview_absence"
CITATION = Citation(catalogue="IP-03", seed="002 §2.2.1 L593")


def evaluate_interview_absence_deadline(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, FACTS)
    interview = f.date("interview_date")
    kind = f.enum("examination_procedure", EXAMINATION_PROCEDURES)
    assert interview is not None and kind is not None
    if interview < RULEBOOK_START:
        raise InputError(
            "interview_date", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})"
        )
    if kind != "regular":
        check = make_check(
            "IP-03",
            None,
            "ip03_not_regular",
            citation=CITATION,
            inputs={"examination_procedure": kind},
            kind=Term(PROCEDURE_NAMES[kind]),
        )
        return [check], {}
    reference = rb.require("interpretation.ip03_reference_date", day)
    count = rb.require("interpretation.ip03_day_count", day)
    picked_by = interview if reference.value == "interview_date" else day
    pv = rb.require(PARAMETER, picked_by)
    if count.value == "working":
        deadline = add_working_days(interview, pv.value)
    else:
        deadline = interview + dt.timedelta(days=pv.value)
    check = make_check(
        "IP-03",
        True,
        "ip03_deadline_working" if count.value == "working" else "ip03_deadline",
        severity="info",
        pv=pv,
        value=deadline.isoformat(),
        inputs={"interview_date": interview, "examination_procedure": kind},
        flags=("IP-03-START",),
        choices={
            "ip03_day_count": str(count.value),
            "ip03_reference_date": str(reference.value),
        },
        n=pv.value,
        interview=LocalDate(interview),
        deadline=LocalDate(deadline),
    )
    return [check], {"deadline": deadline, "days": pv.value, "day_count": str(count.value)}
