# SPDX-License-Identifier: EUPL-1.2
"""REC-08: since 2023 single male applicants for international protection are not accommodated
immediately but first put on a waiting list, unless they present an exceptional vulnerability;
in 2025 young men aged 18–19 were exempted; non-vulnerable single men who benefit from
protection in another EU Member State are no longer invited at all (002 §3.5 L820, fn 58 L832).

The procedure ``immediate_reception`` answers whether this rule lets an applicant into reception
at once: ``eligible`` (not held back by the waiting list), ``not_eligible`` (waiting list, or not
invited), ``needs_review``. Whether a place is actually free is not this rule's question (REC-07).
Exceptional vulnerability is a caseworker's finding, given as a fact. The day of the 2025
exemption is not given: for a man of 18–19 in 2025 the case goes to a caseworker (the value is
``needs_review``). Where the exemption and footnote 58 meet (a young man protected elsewhere)
the seeds do not say which wins: undecided.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.facts import Facts
from passage.rules.parameters import Rulebook
from passage.rules.trace import make_check

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "single_male_applicant",
        "age",
        "exceptionally_vulnerable",
        "protection_in_other_member_state",
    }
)
_P = "reception.waiting_list."
CITATION = Citation(catalogue="REC-08", seed="002 §3.5 L820")
#: REC-12: "minors, families and other vulnerable groups" are prioritised (002 Ch.3 L696).
MINORS = Citation(catalogue="REC-12", seed="002 Ch.3 L696")


def evaluate_immediate_reception(case: Any, day: dt.date, rb: Rulebook) -> list[Check]:
    f = Facts(case, FACTS)
    single_man = f.boolean("single_male_applicant")
    age = f.integer("age", minimum=0, maximum=130, required=bool(single_man))
    vulnerable = f.boolean("exceptionally_vulnerable", required=False)
    protected = f.boolean("protection_in_other_member_state", required=bool(single_man))
    inputs = {
        "single_male_applicant": single_man,
        "age": age,
        "exceptionally_vulnerable": vulnerable,
        "protection_in_other_member_state": protected,
    }
    if not single_man:
        return [
            make_check("REC-08", True, "rec08_not_single_man", citation=CITATION, inputs=inputs)
        ]
    assert age is not None
    waiting = rb.require(_P + "single_men", day)
    if age < 18:
        return [make_check("REC-08", True, "rec08_minor", citation=MINORS, inputs=inputs, age=age)]
    if vulnerable:
        return [make_check("REC-08", True, "rec08_vulnerable", pv=waiting, inputs=inputs)]
    low = rb.require(_P + "young_men_minimum_age", day)
    high = rb.require(_P + "young_men_maximum_age", day)
    reading = rb.require("interpretation.rec08_maximum_age", day)
    inclusive = reading.value == "inclusive"
    young = low.value <= age <= high.value if inclusive else low.value <= age < high.value
    choices = {"rec08_maximum_age": str(reading.value)}
    if young:
        exemption = rb.require(_P + "young_men_exemption", day)
        if protected:
            return [
                make_check(
                    "REC-08",
                    None,
                    "rec08_young_protected_elsewhere",
                    pv=exemption,
                    inputs=inputs,
                    choices=choices,
                    age=age,
                )
            ]
        return [
            make_check(
                "REC-08",
                True,
                "rec08_young_men",
                pv=exemption,
                inputs=inputs,
                flags=high.flags,
                choices=choices,
                age=age,
                low=low.value,
                high=high.value,
            )
        ]
    if vulnerable is None:
        return [
            make_check("REC-08", None, "rec08_vulnerability_unknown", pv=waiting, inputs=inputs)
        ]
    if protected:
        pv = rb.require(_P + "protected_elsewhere_not_invited", day)
        return [
            make_check(
                "REC-08",
                False,
                "rec08_not_invited",
                pv=pv,
                inputs=inputs,
            )
        ]
    return [
        make_check(
            "REC-08",
            False,
            "rec08_waiting_list",
            pv=waiting,
            inputs=inputs,
            choices=choices,
            age=age,
        )
    ]
