# SPDX-License-Identifier: EUPL-1.2
"""NAT-01: the ways to obtain Belgian nationality under the Belgian Nationality Code (002 Ch.8
L1347): attribution for minors (Arts 8–12), acquisition by declaration for adults and
emancipated minors (Arts 12bis–21: a national language, social integration, economic
participation) and naturalisation (Arts 18–21), granted by the federal parliament to persons
with exceptional merits or to recognised stateless persons legally resident for at least two
years, without the language, integration or economic conditions.

Machine-checkable is only the stateless route's access condition: adult (or emancipated), a
recognised stateless person, two years of legal residence on the day the named choice
``nat01_residence_reference`` picks. Exceptional merits are the parliament's judgement
(undecided, for a caseworker), and naturalisation stays discretionary (an ``info`` check says
so). Attribution and the declaration's conditions are described, not stated as checkable
conditions in the seeds, and are not encoded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.parameters import Rulebook
from passage.rules.procedures.common import add_months
from passage.rules.trace import LocalDate, make_check

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "adult_or_emancipated",
        "recognised_stateless",
        "legal_residence_start",
        "exceptional_merits",
        "application_date",
    }
)
PARAMETER = "nationality.naturalisation.stateless_minimum_legal_residence"
CITATION = Citation(
    catalogue="NAT-01", seed="002 Ch.8 L1347", legal_act="Belgian Nationality Code, Arts 18–21"
)


def evaluate_naturalisation(case: Any, day: dt.date, rb: Rulebook) -> list[Check]:
    f = Facts(case, FACTS)
    adult = f.boolean("adult_or_emancipated")
    stateless = f.boolean("recognised_stateless")
    assert adult is not None and stateless is not None
    residence = f.date("legal_residence_start", required=stateless)
    merits = bool(f.boolean("exceptional_merits", required=False))
    applied = f.date("application_date", required=False) or day
    if applied > day:
        raise InputError("application_date", "must not be after date")
    if residence is not None and residence > applied:
        raise InputError("legal_residence_start", "must not be after application_date")
    inputs: dict[str, Any] = {
        "adult_or_emancipated": adult,
        "recognised_stateless": stateless,
        "legal_residence_start": residence,
        "exceptional_merits": merits,
        "application_date": applied,
    }
    discretionary = make_check(
        "NAT-01", True, "nat01_discretionary", severity="info", citation=CITATION
    )
    if not adult:
        return [make_check("NAT-01", False, "nat01_minor", citation=CITATION, inputs=inputs)]
    checks = []
    if stateless:
        assert residence is not None
        pv = rb.require(PARAMETER, day)
        reading = rb.require("interpretation.nat01_residence_reference", day)
        on = applied if reading.value == "application_date" else day
        reached = add_months(residence, 12 * pv.value, "legal_residence_start")
        enough = reached <= on
        checks.append(
            make_check(
                "NAT-01",
                enough,
                "nat01_stateless_ok" if enough else "nat01_stateless_short",
                pv=pv,
                value=reached.isoformat(),
                inputs=inputs,
                choices={"nat01_residence_reference": str(reading.value)},
                years=pv.value,
                since=LocalDate(residence),
                on=LocalDate(on),
                reached=LocalDate(reached),
            )
        )
        if enough or not merits:
            return [*checks, discretionary]
    # The other route: exceptional merits for Belgium, which only the parliament can weigh.
    # Omitted means not claimed.
    if merits:
        checks = [replace(c, severity="info") for c in checks]
        checks.append(make_check("NAT-01", None, "nat01_merits", citation=CITATION, inputs=inputs))
    elif not stateless:
        checks.append(
            make_check("NAT-01", False, "nat01_no_route", citation=CITATION, inputs=inputs)
        )
    return [*checks, discretionary]
