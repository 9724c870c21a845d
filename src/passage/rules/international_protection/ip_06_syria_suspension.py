# SPDX-License-Identifier: EUPL-1.2
"""IP-06: the CGRS suspended the processing of applications lodged by Syrian nationals after
the fall of the Assad regime (December 2024) and resumed it on 1 Nov 2025 (002 §2.3.1 L646).

Checked: whether the suspension is in force for an applicant on the evaluation date. The
suspension began before the rulebook's first day, so every day of 2025 before 1 Nov is inside it.
"""

from __future__ import annotations

import datetime as dt

from passage.rules.decision import Check, Citation
from passage.rules.parameters import Rulebook
from passage.rules.trace import make_check

PARAMETER = "international_protection.suspensions.syria"
#: "applications … lodged by Syrian nationals" (L646), as an ISO 3166-1 alpha-2 code.
SYRIA = "SY"
CITATION = Citation(catalogue="IP-06", seed="002 §2.3.1 L646")


def check_syria_suspension(country: str, day: dt.date, rb: Rulebook) -> Check:
    """True when the processing of this applicant's application is suspended on ``day``."""
    if country != SYRIA:
        return make_check(
            "IP-06",
            False,
            "ip06_not_concerned",
            severity="info",
            citation=CITATION,
            inputs={"country_of_origin": country},
            country=country,
        )
    pv = rb.require(PARAMETER, day)
    suspended = bool(pv.value)
    return make_check(
        "IP-06",
        suspended,
        "ip06_suspended" if suspended else "ip06_resumed",
        severity="info",
        pv=pv,
        inputs={"country_of_origin": country},
    )
