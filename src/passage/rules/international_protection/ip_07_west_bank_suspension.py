# SPDX-License-Identifier: EUPL-1.2
"""IP-07: from 12 Mar 2025 the CGRS suspended the processing of applications by applicants
from the West Bank who are not registered with UNRWA; refusals of refugee status and decisions
on subsidiary protection are not notified meanwhile (002 §2.3.1 L648).

Checked: whether the suspension is in force for an applicant on the evaluation date. The seeds
give no end (IP-07-NO-END): the suspension is taken to last until a later value is entered.
"""

from __future__ import annotations

import datetime as dt

from passage.rules.decision import Check, Citation
from passage.rules.parameters import Rulebook
from passage.rules.trace import make_check

PARAMETER = "international_protection.suspensions.west_bank"
#: The Palestinian territories' ISO 3166-1 alpha-2 code; the West Bank is asked separately.
PALESTINE = "PS"
CITATION = Citation(catalogue="IP-07", seed="002 §2.3.1 L648")
#: The decisions whose notification is on hold (L648).
ON_HOLD = ("refusal_of_refugee_status", "subsidiary_protection")


def check_west_bank_suspension(
    country: str, from_west_bank: bool | None, unrwa: bool | None, day: dt.date, rb: Rulebook
) -> Check:
    """True when the processing of this applicant's application is suspended on ``day``."""
    inputs = {
        "country_of_origin": country,
        "from_west_bank": from_west_bank,
        "registered_with_unrwa": unrwa,
    }
    if country != PALESTINE or not from_west_bank:
        return make_check(
            "IP-07",
            False,
            "ip07_not_concerned",
            severity="info",
            citation=CITATION,
            inputs=inputs,
        )
    pv = rb.require(PARAMETER, day)
    if unrwa:
        return make_check("IP-07", False, "ip07_unrwa", severity="info", pv=pv, inputs=inputs)
    suspended = bool(pv.value)
    return make_check(
        "IP-07",
        suspended,
        "ip07_suspended" if suspended else "ip07_not_yet",
        severity="info",
        pv=pv,
        inputs=inputs,
    )
