# SPDX-License-Identifier: EUPL-1.2
"""Single permit: the work-authorisation conditions the regions decide (LAB-01).

Checks, in order: the Flemish 2026 reform's transition (FLA-07) and exclusion of low-skilled
work (FLA-01); one wage condition, either the category's regional minimum (SAL-02) or the GMMI
floor (SAL-01); and for categories without a specific wage condition the labour-market test
(LMT-00) with each region's bottleneck-list exemption (BNP-*), or FLA-02 for seasonal work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from passage.rules.decision import Check, Citation, decide
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.parameters import ParameterValue, Rulebook
from passage.rules.procedures.common import ListMembership, all3, any3, list_membership
from passage.rules.trace import UnitLabel, eur, explain, make_check

REGIONS = ("flanders", "wallonia", "brussels", "german_speaking_community")
CATEGORIES = (
    "highly_skilled",
    "executive",
    "eu_blue_card",
    "artist",
    "ict_manager",
    "ict_expert",
    "ict_trainee",
    "professional_athlete",
    "bottleneck",
    "seasonal",
    "low_skilled",
    "other",
)
#: Categories with a specific regional wage condition (SAL-02); the rest fall to the GMMI (SAL-01).
SALARY_CATEGORIES = frozenset(CATEGORIES[:8])
#: Under-30 variants exist only where the table prints one (SAL-02; AMB-SAL-1 for the others).
UNDER_30_REGIONS = frozenset({"flanders", "wallonia"})
EXEMPTION_LIST = {
    "flanders": "BNP-FL-2",
    "wallonia": "BNP-WA-1",
    "brussels": "BNP-BX-1",
    "german_speaking_community": "BNP-GSC-1",
}
SECTORS = (
    "agriculture",
    "hospitality",
    "construction",
    "cleaning",
    "meat_processing",
    "parcel_delivery",
    "other",
)

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "region",
        "category",
        "gross_salary",
        "salary_period",
        "age",
        "junior",
        "fte",
        "occupation",
        "application_type",
        "application_date",
        "same_employer",
        "same_occupation",
        "relevant_qualifications",
        "profile_screened",
        "long_term_resident_other_member_state",
        "sector",
        "labour_market_test_passed",
    }
)


def evaluate_single_permit(case: dict[str, Any] | Any, day: dt.date, rb: Rulebook) -> list[Check]:
    f = Facts(case, FACTS)
    region = str(f.enum("region", REGIONS))
    category = str(f.enum("category", CATEGORIES))
    salary = f.money("gross_salary")
    assert salary is not None
    period = str(f.enum("salary_period", ("month", "year")))
    application_date = f.date("application_date", required=False) or day
    if application_date > day:
        raise _after("application_date")
    _validate_optional(f)
    reform_day, fla07 = _flemish_transition(f, region, day, application_date, rb)
    if fla07 is None:
        return _conditions(f, region, category, salary, period, day, reform_day, rb)
    if fla07.passed is not None:
        return [fla07, *_conditions(f, region, category, salary, period, day, reform_day, rb)]
    # FLA-07 flag: which rules govern a first application pending across 1 Jan 2026 is not
    # stated. Evaluate under both; only a difference in outcome needs a caseworker.
    start: dt.date = rb.require("single_permit.labour_market.flemish_reform_start", day).value
    new = _conditions(f, region, category, salary, period, day, day, rb)
    old = _conditions(f, region, category, salary, period, day, start - dt.timedelta(days=1), rb)
    if decide(tuple(new))[0] == decide(tuple(old))[0]:
        same = replace(
            fla07, passed=True, severity="info", explanation=explain("fla07_pending_same", {})
        )
        return [same, *new]
    common = {_signature(c) for c in old}
    return [fla07, *(c if _signature(c) in common else replace(c, severity="info") for c in new)]


def _validate_optional(f: Facts) -> None:
    """Check every optional fact given, even one this region's rules do not read, so a bad
    value is an error everywhere rather than only where it happens to matter."""
    f.integer("age", minimum=15, maximum=100, required=False)
    f.decimal("fte", minimum=Decimal("0.01"), maximum=Decimal(1), required=False)
    for name in (
        "junior",
        "same_employer",
        "same_occupation",
        "relevant_qualifications",
        "profile_screened",
        "long_term_resident_other_member_state",
        "labour_market_test_passed",
    ):
        f.boolean(name, required=False)
    f.enum("application_type", ("first", "renewal"), required=False)
    f.enum("sector", SECTORS, required=False)
    f.string("occupation", required=False)


def _signature(c: Check) -> tuple[object, ...]:
    return (c.rule, c.passed, c.severity, c.threshold, c.value)


def _conditions(
    f: Facts,
    region: str,
    category: str,
    salary: Decimal,
    period: str,
    day: dt.date,
    reform_day: dt.date,
    rb: Rulebook,
) -> list[Check]:
    """Every condition after the Flemish transition, with the reform read as of ``reform_day``."""
    checks: list[Check] = []
    if region == "flanders" and category == "low_skilled":
        excluded = rb.require("single_permit.labour_market.low_skilled_excluded", reform_day)
        if excluded.value:
            checks.append(
                make_check(
                    "FLA-01",
                    False,
                    "fla01_excluded",
                    pv=excluded,
                    threshold=None,
                    inputs={"category": category},
                )
            )
            return checks

    if category in SALARY_CATEGORIES:
        checks.append(_regional_salary(f, region, category, salary, period, day, rb))
    else:
        checks.append(_gmmi(category, salary, period, day, rb))
        checks.extend(_labour_market_test(f, region, category, reform_day, rb))
    return checks


def _after(field: str) -> Exception:
    return InputError(field, "must not be after the evaluation date")


def _flemish_transition(
    f: Facts, region: str, day: dt.date, application_date: dt.date, rb: Rulebook
) -> tuple[dt.date, Check | None]:
    """FLA-07: from 1 Jan 2026 first applications follow the new rules; renewals for the same
    profession and the same employer follow the old ones. Returns the day whose rules apply."""
    if region != "flanders":
        return day, None
    reform = rb.require("single_permit.labour_market.flemish_reform_start", day)
    start: dt.date = reform.value
    old_day = start - dt.timedelta(days=1)
    if day < start:
        return day, None
    application_type = f.enum("application_type", ("first", "renewal"))
    if application_date < start:
        if application_type == "first":
            # FLA-07 flag: the seeds do not say which rules govern a first application filed
            # before 1 Jan 2026 and still pending on that date.
            return day, make_check(
                "FLA-07",
                None,
                "fla07_pending",
                pv=reform,
                threshold=start.isoformat(),
                inputs={"application_type": application_type, "application_date": application_date},
                flags=("FLA-07-PENDING",),
            )
        return old_day, make_check(
            "FLA-07",
            True,
            "fla07_filed_before",
            severity="info",
            pv=reform,
            threshold=start.isoformat(),
            inputs={"application_type": application_type, "application_date": application_date},
        )
    if application_type == "renewal":
        same_employer = f.boolean("same_employer")
        same_occupation = f.boolean("same_occupation")
        old = bool(same_employer and same_occupation)
        return (old_day if old else day), make_check(
            "FLA-07",
            True,
            "fla07_renewal_old" if old else "fla07_renewal_new",
            severity="info",
            pv=reform,
            threshold=start.isoformat(),
            inputs={
                "application_type": application_type,
                "same_employer": same_employer,
                "same_occupation": same_occupation,
            },
        )
    return day, make_check(
        "FLA-07",
        True,
        "fla07_first",
        severity="info",
        pv=reform,
        threshold=start.isoformat(),
        inputs={"application_type": application_type},
    )


def _months(rb: Rulebook, day: dt.date) -> ParameterValue:
    return rb.require("interpretation.salary_months_per_year", day)


def _compare_wage(
    rule: str,
    pv: ParameterValue,
    salary: Decimal,
    period: str,
    day: dt.date,
    rb: Rulebook,
    inputs: dict[str, Any],
    flags: tuple[str, ...] = (),
) -> Check:
    """Compare a wage with a threshold in the threshold's own period; a conversion between
    month and year uses the named months-per-year choice, multiplying so no cent is lost."""
    threshold: Decimal = pv.value
    threshold_period = "month" if pv.unit.startswith("EUR/month") else "year"
    choices: dict[str, str] = {}
    if threshold_period == period:
        compared, limit, unit = salary, threshold, pv.unit
    else:
        months = _months(rb, day)
        choices["salary_months_per_year"] = str(months.value)
        flags = (*flags, "AMB-SAL-8") if rule == "SAL-02" else flags
        if threshold_period == "year":
            try:
                compared = salary * months.value
            except ArithmeticError:
                # Beyond Decimal's exponent range: far above every threshold (as bulk caps it).
                compared = Decimal("9E+999999")
            limit, unit = threshold, pv.unit
        else:
            compared, limit, unit = salary, threshold * months.value, "EUR/year gross"
    passed = compared >= limit
    return make_check(
        rule,
        passed,
        "wage_ok" if passed else "wage_low",
        pv=pv,
        threshold=limit,
        unit=unit,
        value=compared,
        inputs={**inputs, "gross_salary": salary, "salary_period": period},
        flags=flags,
        choices=choices,
        wage=eur(compared),
        limit=eur(limit),
        period=UnitLabel(unit),
    )


def _regional_salary(
    f: Facts, region: str, category: str, salary: Decimal, period: str, day: dt.date, rb: Rulebook
) -> Check:
    variant = category
    inputs: dict[str, Any] = {"region": region, "category": category}
    flags: tuple[str, ...] = ()
    choices: dict[str, str] = {}
    if category == "highly_skilled":
        age = f.integer("age", minimum=15, maximum=100, required=region in UNDER_30_REGIONS)
        inputs["age"] = age
        if region in UNDER_30_REGIONS and age is not None and age < 30:
            variant = "highly_skilled_under_30"
            choices["under_30_reference"] = str(
                rb.require("interpretation.under_30_reference", day).value
            )
    elif category == "eu_blue_card":
        junior = f.boolean("junior", required=False)
        inputs["junior"] = junior
        if junior and region == "wallonia":
            variant = "eu_blue_card_junior"
        elif junior:
            flags = ("BC-JUNIOR-WALLONIA-ONLY",)
    pv = rb.get(f"single_permit.salary.{region}.{variant}", day)
    if pv is None or not pv.applicable:
        return _undecided_parameter(
            "SAL-02", f"single_permit.salary.{region}.{variant}", pv, inputs
        )
    if region == "brussels" and pv.unit.startswith("EUR/month") and period == "year":
        # AMB-SAL-8: the Brussels column is monthly with no annualisation rule in the seeds;
        # comparing would need a conversion the law does not give.
        return make_check(
            "SAL-02",
            None,
            "brussels_monthly_only",
            pv=pv,
            inputs={**inputs, "gross_salary": salary, "salary_period": period},
            flags=("AMB-SAL-8",),
            limit=eur(pv.value),
        )
    check = _compare_wage("SAL-02", pv, salary, period, day, rb, inputs, flags)
    if choices:
        return _with_choices(check, choices)
    return check


def _with_choices(check: Check, choices: dict[str, str]) -> Check:
    return replace(check, choices={**check.choices, **choices})


def _gmmi(category: str, salary: Decimal, period: str, day: dt.date, rb: Rulebook) -> Check:
    pv = rb.require("single_permit.gmmi", day)
    return _compare_wage("SAL-01", pv, salary, period, day, rb, {"category": category})


def _undecided_parameter(
    rule: str, name: str, pv: ParameterValue | None, inputs: dict[str, Any]
) -> Check:
    if pv is None:
        return make_check(
            rule,
            None,
            "parameter_missing",
            citation=Citation(catalogue=rule, seed="002 §1.2.1 L210–L222"),
            inputs=inputs,
            parameter=name,
        )
    reason = pv.needs_review or f"status {pv.status}"
    return make_check(
        rule, None, "parameter_needs_review", pv=pv, inputs=inputs, reason=reason, parameter=name
    )


def _labour_market_test(
    f: Facts, region: str, category: str, reform_day: dt.date, rb: Rulebook
) -> list[Check]:
    occupation = f.string("occupation", required=category == "bottleneck")
    tested = f.boolean("labour_market_test_passed", required=False)
    checks: list[Check] = []
    exempt: bool | None
    if (
        region == "flanders"
        and category == "seasonal"
        and _seasonal_presumption_applies(rb, reform_day)
    ):
        # FLA-02 (002 L279) adds a presumption for seasonal agriculture and hospitality; it
        # takes nothing away from BNP-FL-2 (L248), which exempts any profession on the
        # middle-level list with no exception for seasonal work: either exempts.
        presumed, presumption = _flemish_seasonal(f, occupation, reform_day, rb)
        listed, middle_level = _list_exemption(f, region, occupation, reform_day, rb)
        exempt = any3(presumed, listed)
        checks += [presumption, middle_level]
        # LMT-00 names the exemption that decided (or left the question open).
        check = next((c for c in checks if c.passed is exempt), presumption)
    else:
        exempt, check = _list_exemption(f, region, occupation, reform_day, rb)
        checks.append(check)

    lmt_citation = check.citation.__class__(catalogue="LMT-00", seed="002 §1.2.2 L230")
    inputs = {"labour_market_test_passed": tested, "exempt": exempt}
    if exempt is True:
        checks.append(
            make_check(
                "LMT-00",
                True,
                "lmt_exempt",
                citation=lmt_citation,
                inputs=inputs,
                list_id=check.rule,
            )
        )
    elif tested is True:
        checks.append(
            make_check("LMT-00", True, "lmt_passed", citation=lmt_citation, inputs=inputs)
        )
    elif exempt is False and tested is False:
        checks.append(
            make_check("LMT-00", False, "lmt_failed", citation=lmt_citation, inputs=inputs)
        )
    elif exempt is False:
        checks.append(
            make_check("LMT-00", None, "lmt_missing", citation=lmt_citation, inputs=inputs)
        )
    else:
        checks.append(
            make_check(
                "LMT-00",
                None,
                "lmt_exemption_unknown",
                citation=lmt_citation,
                inputs=inputs,
                list_id=check.rule,
            )
        )
    return checks


def _seasonal_presumption_applies(rb: Rulebook, day: dt.date) -> bool:
    return rb.get("single_permit.labour_market.seasonal_presumed_shortage_sectors", day) is not None


def _flemish_seasonal(
    f: Facts, occupation: str | None, day: dt.date, rb: Rulebook
) -> tuple[bool | None, Check]:
    """FLA-02: seasonal work in agriculture and hospitality is presumed a shortage when the
    occupation is on the Flemish bottleneck list (which list: the named choice fla02_list)."""
    sectors_pv = rb.require("single_permit.labour_market.seasonal_presumed_shortage_sectors", day)
    list_choice = rb.require("interpretation.fla02_list", day)
    sector = f.enum("sector", SECTORS)
    in_sector = sector in sectors_pv.value
    membership = list_membership(rb, str(list_choice.value), day, occupation)
    exempt = all3(in_sector, membership.on_list)
    # Outside the named sectors the sector decides, whatever the list says.
    key = _membership_key(membership, exempt) if in_sector else "fla02_sector_not_presumed"
    return exempt, make_check(
        "FLA-02",
        exempt,
        key,
        severity="info",
        pv=sectors_pv,
        threshold=None,
        inputs={"sector": sector, "occupation": occupation, "list": membership.list_id},
        choices={"fla02_list": str(list_choice.value)},
        flags=("FLA-02",),
        sector=sector,
        sectors=", ".join(sectors_pv.value),
        **_membership_fmt(membership),
    )


def _list_exemption(
    f: Facts, region: str, occupation: str | None, day: dt.date, rb: Rulebook
) -> tuple[bool | None, Check]:
    list_id = EXEMPTION_LIST[region]
    membership = list_membership(rb, list_id, day, occupation)
    inputs: dict[str, Any] = {"occupation": occupation}
    extra: tuple[bool | None, ...] = ()
    pv: ParameterValue | None = None
    if region == "flanders":
        # BNP-FL-2: on the list, at least 0.8 FTE, qualified and screened — all four. The FTE
        # minimum is stated for the list in force from 1 Jan 2026 (002 L248): none before.
        fte_name = "single_permit.labour_market.middle_level_min_fte"
        pv = rb.require(fte_name, day) if rb.get(fte_name, day) is not None else None
        fte = f.decimal("fte", minimum=Decimal("0.01"), maximum=Decimal(1), required=False)
        qualified = f.boolean("relevant_qualifications", required=False)
        screened = f.boolean("profile_screened", required=False)
        inputs.update(fte=fte, relevant_qualifications=qualified, profile_screened=screened)
        fte_ok = True if pv is None else (None if fte is None else fte >= pv.value)
        extra = (fte_ok, qualified, screened)
    elif region == "brussels":
        qualified = f.boolean("relevant_qualifications", required=False)
        inputs["relevant_qualifications"] = qualified
        extra = (qualified,)
    elif region == "german_speaking_community":
        resident = f.boolean("long_term_resident_other_member_state", required=False)
        inputs["long_term_resident_other_member_state"] = resident
        extra = (resident,)
    exempt = all3(membership.on_list, *extra)
    version = membership.version
    citation = version.citation if version is not None else _list_citation(list_id)
    flags = version.flags if version is not None else ()
    if version is not None and not version.start_known:
        flags = (*flags, "START-DATE-NOT-STATED")
    check = make_check(
        list_id,
        exempt,
        _membership_key(membership, exempt),
        severity="info",
        citation=citation,
        threshold=pv.value if pv is not None else None,
        unit=pv.unit if pv is not None else None,
        inputs={
            **inputs,
            "list_size": version.size if version else None,
            "list_start": version.start if version else None,
        },
        flags=flags,
        **_membership_fmt(membership),
    )
    return exempt, check


def _list_citation(list_id: str) -> Citation:
    return Citation(catalogue=list_id, seed="002 §1.2.2 L246–L254")


def _membership_key(m: ListMembership, exempt: bool | None) -> str:
    if m.on_list is None:
        return f"list_{m.reason}"
    if m.on_list is False:
        return "list_not_on" if m.reason == "not_on_list" else "list_no_occupation"
    return (
        "list_exempt"
        if exempt
        else ("list_on_conditions_unknown" if exempt is None else "list_on_conditions_unmet")
    )


def _membership_fmt(m: ListMembership) -> dict[str, Any]:
    v = m.version
    return {
        "list_id": m.list_id,
        "size": v.size if v is not None and v.size is not None else "?",
        "loaded": len(v.codes) if v else 0,
        "start": v.start.isoformat() if v else "?",
    }
