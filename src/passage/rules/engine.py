# SPDX-License-Identifier: EUPL-1.2
"""Evaluating cases: dispatch by procedure, fold the checks into a decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from passage.rules.decision import Check, Decision, Outcome, decide
from passage.rules.employment.emp_01_subcontracting_duty_of_care import (
    evaluate_subcontracting_duty_of_care,
)
from passage.rules.errors import InputError
from passage.rules.facts import parse_date
from passage.rules.family_reunification import FACT_SHEET as FAMILY_REUNIFICATION_FACTS
from passage.rules.family_reunification import family_reunification
from passage.rules.integration.int_wa_01_walloon_programme_deadline import (
    evaluate_integration_programme_deadline,
)
from passage.rules.international_protection.ip_03_interview_absence_deadline import (
    evaluate_interview_absence_deadline,
)
from passage.rules.international_protection.processing_suspension import (
    evaluate_processing_suspension,
)
from passage.rules.kernel.run import evaluate_case, not_applicable
from passage.rules.nationality.nat_01_naturalisation import evaluate_naturalisation
from passage.rules.parameters import (
    RULEBOOK_START,
    ParameterNotApplicable,
    Rulebook,
    default_rulebook,
)
from passage.rules.procedures import other
from passage.rules.reception.rec_08_single_men_waiting_list import evaluate_immediate_reception
from passage.rules.return_and_reintegration.ret_01_avrr_order_to_leave import (
    evaluate_voluntary_return,
)
from passage.rules.single_permit import FACT_SHEET as SINGLE_PERMIT_FACTS
from passage.rules.single_permit import single_permit
from passage.rules.temporary_protection.procedure import evaluate_temporary_protection
from passage.rules.trafficking.thb_03_reflection_period import evaluate_reflection_period_end

Eligibility = Callable[[Any, dt.date, Rulebook], list[Check]]
Computation = Callable[[Any, dt.date, Rulebook], tuple[list[Check], dict[str, Any]]]

#: Procedures written once over the rule kernel (passage.rules.kernel): the per-case trace
#: and bulk run the same rules. The others still have a column twin in bulk.py.
KERNEL: dict[str, tuple[Any, Any]] = {
    "single_permit": (single_permit, SINGLE_PERMIT_FACTS),
    "family_reunification": (family_reunification, FAMILY_REUNIFICATION_FACTS),
}
ELIGIBILITY: dict[str, Eligibility] = {
    "blue_card_mobility": other.evaluate_blue_card_mobility,
    "temporary_protection": evaluate_temporary_protection,
    "immediate_reception": evaluate_immediate_reception,
    "naturalisation": evaluate_naturalisation,
    "voluntary_return": evaluate_voluntary_return,
}
COMPUTATIONS: dict[str, Computation] = {
    "nationality_fee": other.evaluate_nationality_fee,
    "procedural_deadline": other.evaluate_procedural_deadline,
    "reception_saturation": other.evaluate_reception_saturation,
    "cgrs_backlog": other.evaluate_cgrs_backlog,
    "interview_absence_deadline": evaluate_interview_absence_deadline,
    "processing_suspension": evaluate_processing_suspension,
    "subcontracting_duty_of_care": evaluate_subcontracting_duty_of_care,
    "integration_programme_deadline": evaluate_integration_programme_deadline,
    "reflection_period_end": evaluate_reflection_period_end,
}
PROCEDURES = tuple(KERNEL) + tuple(ELIGIBILITY) + tuple(COMPUTATIONS)
#: Dates inside a case that select parameters and so must not precede the rulebook.
_DATED_FACTS = ("application_date", "payment_date", "transfer_date")


def evaluate(case: Mapping[str, Any], rulebook: Rulebook | None = None) -> Decision:
    """Evaluate one case as of its ``date``; raises ``InputError`` naming the bad field."""
    rb = rulebook or default_rulebook()
    if not isinstance(case, Mapping):
        raise InputError("body", "a case must be a JSON object")
    procedure = case.get("procedure")
    if procedure is None:
        raise InputError("procedure", "is required")
    if not isinstance(procedure, str) or procedure not in PROCEDURES:
        raise InputError("procedure", f"{procedure!r} is not one of: {', '.join(PROCEDURES)}")
    if case.get("date") is None:
        raise InputError("date", "is required")
    case_id = case.get("id")
    # The contract's `id` (docs/rules/case.schema.json): copied into the answer, so an object
    # or a list would come back as the caller's "reference".
    if case_id is not None and (isinstance(case_id, bool) or not isinstance(case_id, (str, int))):
        raise InputError("id", "must be a string or an integer")
    day = parse_date(case["date"], "date")
    for name in ("date", *_DATED_FACTS):
        raw = case.get(name)
        if raw is not None and parse_date(raw, name) < RULEBOOK_START:
            raise InputError(name, f"is before the rulebook starts ({RULEBOOK_START.isoformat()})")
    if procedure in KERNEL:
        run, sheet = KERNEL[procedure]
        return evaluate_case(procedure, run, sheet, case, day, rb)
    try:
        if procedure in ELIGIBILITY:
            decided = tuple(ELIGIBILITY[procedure](case, day, rb))
            verdict, reasons = decide(decided)
            return Decision(procedure, day, verdict, decided, reasons, {}, rb.version)
        computed, result = COMPUTATIONS[procedure](case, day, rb)
    except ParameterNotApplicable as exc:
        return not_applicable(procedure, day, rb, exc)
    checks = tuple(computed)
    undecided = tuple(f"{c.rule}: {c.explanation['en']}" for c in checks if c.passed is None)
    outcome: Outcome = "needs_review" if undecided else "computed"
    return Decision(procedure, day, outcome, checks, undecided, result, rb.version)


def evaluate_batch(
    cases: Sequence[Mapping[str, Any]], rulebook: Rulebook | None = None
) -> list[Decision]:
    """Evaluate many cases; the first bad one raises, its field prefixed with its index."""
    rb = rulebook or default_rulebook()
    out = []
    for i, case in enumerate(cases):
        try:
            out.append(evaluate(case, rb))
        except InputError as exc:
            raise InputError(f"[{i}].{exc.field}", exc.message) from None
    return out
