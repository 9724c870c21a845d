# SPDX-License-Identifier: EUPL-1.2
"""TP-04: temporary protection and the rights attached to it in another Member State must be
formally terminated before a person can obtain temporary protection in Belgium (Art. 57/30 §2
2° Aliens Act; Recital 6 of Council Implementing Decision (EU) 2025/1460; 002 §4.1.2
L937, fn 69 L945).

Before the summer of 2025 the Immigration Office did not, as a rule, refuse on this ground;
since then it does, and the day it started is not given. The refusal is applied from
2025-09-23 (after the summer on any reading; TP-04-SUMMER-2025); before that day a person whose
other protection still runs is undecided, not refused and not admitted.
"""

from __future__ import annotations

import datetime as dt

from passage.rules.decision import Check
from passage.rules.parameters import Rulebook
from passage.rules.trace import make_check

PARAMETER = "temporary_protection.eligibility.concurrent_protection_refused"


def check_protection_elsewhere(
    holds: bool, terminated: bool | None, day: dt.date, rb: Rulebook
) -> Check:
    inputs = {
        "temporary_protection_other_member_state": holds,
        "other_member_state_protection_terminated": terminated,
    }
    pv = rb.require(PARAMETER, day)
    if not holds:
        return make_check("TP-04", True, "tp04_none", pv=pv, inputs=inputs)
    if terminated:
        return make_check("TP-04", True, "tp04_terminated", pv=pv, inputs=inputs)
    if pv.value:
        return make_check("TP-04", False, "tp04_refused", pv=pv, inputs=inputs)
    return make_check("TP-04", None, "tp04_before_practice", pv=pv, inputs=inputs)
