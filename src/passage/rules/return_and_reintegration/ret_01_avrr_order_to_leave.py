# SPDX-License-Identifier: EUPL-1.2
"""RET-01: as of February 2025 access to the assisted voluntary return and reintegration
(AVRR) programme requires the prior issuance of an order to leave the territory; a voluntary
return without one, possible until then, remains possible only in exceptional cases (002
§13.1.1 L1853; fn 147 L1829).

Checked: the order-to-leave condition on the evaluation date. The exceptional cases are not
described in the seeds: a person without an order whose case is put forward as exceptional goes
to a caseworker. The seeds give no other AVRR condition, so ``eligible`` means only that this
one is met. The day in February 2025 is not given: 1 February is assumed (RET-01-START).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check
from passage.rules.facts import Facts
from passage.rules.parameters import Rulebook
from passage.rules.trace import make_check

FACTS = frozenset({"procedure", "date", "id", "order_to_leave_issued", "exceptional_case"})
PARAMETER = "return_and_reintegration.avrr.order_to_leave_required"


def evaluate_voluntary_return(case: Any, day: dt.date, rb: Rulebook) -> list[Check]:
    f = Facts(case, FACTS)
    order = f.boolean("order_to_leave_issued")
    exceptional = f.boolean("exceptional_case", required=False)
    inputs = {"order_to_leave_issued": order, "exceptional_case": exceptional}
    pv = rb.require(PARAMETER, day)
    if not pv.value:
        return [make_check("RET-01", True, "ret01_not_required", pv=pv, inputs=inputs)]
    if order:
        return [make_check("RET-01", True, "ret01_order", pv=pv, inputs=inputs)]
    if exceptional:
        return [make_check("RET-01", None, "ret01_exceptional", pv=pv, inputs=inputs)]
    return [make_check("RET-01", False, "ret01_no_order", pv=pv, inputs=inputs)]
