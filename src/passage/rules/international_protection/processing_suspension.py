# SPDX-License-Identifier: EUPL-1.2
"""The procedure ``processing_suspension``: is the CGRS's processing of an application
suspended on the evaluation date? Two suspensions are in the seeds, Syria (IP-06) and the West
Bank (IP-07); an applicant covered by neither is reported as not suspended by them, which says
nothing of suspensions the seeds do not describe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.international_protection.ip_06_syria_suspension import (
    check_syria_suspension,
)
from passage.rules.international_protection.ip_07_west_bank_suspension import (
    ON_HOLD,
    PALESTINE,
    check_west_bank_suspension,
)
from passage.rules.parameters import Rulebook

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "country_of_origin",
        "from_west_bank",
        "registered_with_unrwa",
    }
)


def country_code(f: Facts, name: str) -> str:
    """An ISO 3166-1 alpha-2 code in either case (XK for Kosovo), upper-cased."""
    raw = f.string(name, max_length=2)
    assert raw is not None
    code = raw.upper()
    if len(code) != 2 or not code.isalpha():
        raise InputError(name, "must be an ISO 3166-1 alpha-2 code (XK for Kosovo)")
    return code


def evaluate_processing_suspension(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, FACTS)
    country = country_code(f, "country_of_origin")
    palestinian = country == PALESTINE
    from_west_bank = f.boolean("from_west_bank", required=palestinian)
    if from_west_bank and not palestinian:
        raise InputError("from_west_bank", "applies only to country_of_origin PS")
    unrwa = f.boolean("registered_with_unrwa", required=bool(from_west_bank))
    checks = [
        check_syria_suspension(country, day, rb),
        check_west_bank_suspension(country, from_west_bank, unrwa, day, rb),
    ]
    syria, west_bank = checks
    result: dict[str, Any] = {"suspended": bool(syria.passed or west_bank.passed)}
    if west_bank.passed:
        result["notification_on_hold"] = list(ON_HOLD)
    return checks, result
