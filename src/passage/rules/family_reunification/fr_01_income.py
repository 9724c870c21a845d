# SPDX-License-Identifier: EUPL-1.2
"""FR-01 / FRX-02: the sponsor's stable, regular and sufficient net monthly income: 110 % of
the GMMI plus 10 % per additional dependant under the new requirements (002 §1.5.2 L333), one
amount under the previous ones (FR-06, L335). Failing it is not a refusal: an individual
needs assessment follows (severity review). Amounts are indexed by the date the named choice
fr01_indexation_reference picks."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import declare, rule
from passage.rules.parameters import ParameterValue, Rulebook
from passage.rules.trace import eur

INCOME = "family_reunification.income."
FRX_02 = declare(
    "FRX-02",
    label="Single-permit workers: income",
    procedure="family_reunification",
    citation=Citation(catalogue="FRX-02", seed="002 §1.1.4"),
    facts=("net_monthly_income", "additional_dependants"),
    parameters=(INCOME + "new_regime", INCOME + "old_regime"),
    severity="review",
    module=__name__,
)


def _round(amount: Decimal, choice: str) -> Decimal:
    return amount.quantize(
        Decimal("0.01"), rounding=ROUND_DOWN if choice == "truncate" else ROUND_HALF_UP
    )


def income_threshold(
    new: bool, dependants: int, index_day: dt.date, day: dt.date, rb: Any
) -> tuple[Decimal, ParameterValue, dict[str, str]]:
    """The net monthly income the family needs (FR-01/FR-06), and the choices it used;
    ``rb`` is a rulebook or a kernel (both have ``require``-like look-ups)."""
    require = rb.require if isinstance(rb, Rulebook) else rb.param
    choices: dict[str, str] = {}
    if not new:
        pv = require(INCOME + "old_regime", index_day)
        return pv.value, pv, choices
    pv = require(INCOME + "new_regime", index_day)
    base: Decimal = pv.value
    if dependants == 0:
        return base, pv, choices
    rate: Decimal = require(INCOME + "dependant_supplement_rate", day).value
    # An open choice (linear or compound, 002 L335 does not say): read through the kernel so
    # that the case is judged under both readings.
    method = str(
        require("interpretation.fr01_supplement_method", day).value
        if isinstance(rb, Rulebook)
        else rb.choice("fr01_supplement_method", day, "FR-01").value
    )
    rounding = str(require("interpretation.fr01_rounding", day).value)
    choices.update(fr01_supplement_method=method, fr01_rounding=rounding)
    return _supplemented(base, rate, dependants, method, rounding), pv, choices


def _supplemented(
    base: Decimal, rate: Decimal, dependants: int, method: str, rounding: str
) -> Decimal:
    raw = base * (1 + rate * dependants) if method == "linear" else base * (1 + rate) ** dependants
    return _round(raw, rounding)


@rule(
    "FR-01",
    label="The sponsor's income",
    procedure="family_reunification",
    citation=Citation(catalogue="FR-01", seed="002 §1.5.2 L333"),
    facts=("net_monthly_income", "additional_dependants", "application_date"),
    parameters=(
        INCOME + "new_regime",
        INCOME + "old_regime",
        INCOME + "dependant_supplement_rate",
        "interpretation.fr01_supplement_method",
        "interpretation.fr01_rounding",
        "interpretation.fr01_indexation_reference",
    ),
    severity="review",
)
def income(
    k: Any,
    x: Any,
    status: str,
    application_date: Any,
    new: bool,
    members: Any,
    review: bool,
) -> None:
    rule_ = FRX_02 if status == "single_permit_worker" else income.RULE  # type: ignore[attr-defined]
    day = k.day
    reference = str(k.param("interpretation.fr01_indexation_reference", day).value)
    index_day = application_date if reference == "application_date" else day
    amount = x.net_monthly_income
    dependants = x.additional_dependants
    # Under the new requirements the supplement only raises the amount: an income below the
    # amount for no dependant fails whatever their number.
    deps_given = not new or k.given(dependants)
    if not k.given(amount):
        missing = ["net_monthly_income"] + ([] if deps_given else ["additional_dependants"])
        k.missing_facts(rule_, *missing)
        return
    counted = dependants if deps_given and new else 0
    threshold = k.map(lambda d, n: income_threshold(new, n, d, day, k)[0], index_day, counted)
    passed = amount >= threshold

    def judged(method: Any) -> bool:
        # ``passed`` under another reading of fr01_supplement_method (read only when the
        # supplement applies): when all agree, the case is not judged again under each.
        rate = k.param(INCOME + "dependant_supplement_rate", day).value
        base = k.param(INCOME + "new_regime", index_day).value
        rounding = str(k.param("interpretation.fr01_rounding", day).value)
        return bool(amount >= _supplemented(base, rate, counted, str(method), rounding))

    k.trace(lambda: k.settle("fr01_supplement_method", judged))
    if not deps_given:
        passed = k.recode(passed, None, False, None)
    if review:
        passed = k.recode(passed, True, None, None)

    def key() -> str:
        if passed is None and not deps_given and not review:
            return "facts_missing"
        if passed is None:
            return "income_low_exemption_unclear" if review else "facts_missing"
        return ("income_ok" if passed else "income_low") + ("" if new else "_previous")

    def fmt() -> dict[str, Any]:
        _, pv, choices = income_threshold(new, counted, index_day, day, k)
        choices["fr01_indexation_reference"] = reference
        flags = ("FR-01-GROSS-NET", "FR-01-SUPPLEMENT") if counted and new else ("FR-01-GROSS-NET",)
        return {
            "pv": pv,
            "choices": choices,
            "flags": flags,
            "income": eur(amount),
            "limit": eur(threshold),
            "dependants": dependants,
            "facts": "additional_dependants",
        }

    k.check(
        rule_,
        passed,
        key,
        threshold=threshold,
        unit="EUR/month net",
        value=amount,
        inputs={
            "net_monthly_income": amount,
            "additional_dependants": dependants,
            "regime": "new" if new else "previous",
            "members": members,
        },
        missing=[] if deps_given else ["additional_dependants"],
        fmt=fmt,
    )
