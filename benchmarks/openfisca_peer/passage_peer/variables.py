# SPDX-License-Identifier: EUPL-1.2
"""Inputs (fixed for a case: ETERNITY) and the two rules, per evaluation day (DAY).

Money is in cents (int64), dates are days since 1970-01-01, and -1 means "not given".
Formulas are written once for the whole array, the way OpenFisca evaluates them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from passage_peer.entities import Applicant


class Procedure(Enum):
    single_permit = "single_permit"
    family_reunification = "family_reunification"


class Region(Enum):
    flanders = "flanders"
    wallonia = "wallonia"
    brussels = "brussels"
    german_speaking_community = "german_speaking_community"


class Category(Enum):
    highly_skilled = "highly_skilled"
    executive = "executive"
    eu_blue_card = "eu_blue_card"
    artist = "artist"
    ict_manager = "ict_manager"
    ict_expert = "ict_expert"
    ict_trainee = "ict_trainee"
    professional_athlete = "professional_athlete"
    bottleneck = "bottleneck"
    seasonal = "seasonal"
    low_skilled = "low_skilled"
    other = "other"


class SalaryVariant(Enum):
    highly_skilled = "highly_skilled"
    executive = "executive"
    eu_blue_card = "eu_blue_card"
    artist = "artist"
    ict_manager = "ict_manager"
    ict_expert = "ict_expert"
    ict_trainee = "ict_trainee"
    professional_athlete = "professional_athlete"
    highly_skilled_under_30 = "highly_skilled_under_30"
    eu_blue_card_junior = "eu_blue_card_junior"


class SponsorStatus(Enum):
    belgian = "belgian"
    third_country_national = "third_country_national"
    permanent_resident = "permanent_resident"
    refugee = "refugee"
    subsidiary_protection = "subsidiary_protection"
    temporary_protection = "temporary_protection"
    single_permit_worker = "single_permit_worker"
    stateless_person = "stateless_person"


#: Sponsors whose income condition is another rule or may be exempt (FRX-02, FRX-04, the
#: material exemption of protection statuses): FR-01 is not the peer's to decide for them.
FR01_NOT_COVERED = (
    SponsorStatus.refugee,
    SponsorStatus.subsidiary_protection,
    SponsorStatus.stateless_person,
    SponsorStatus.temporary_protection,
    SponsorStatus.single_permit_worker,
)
N_SALARY_CATEGORIES = 8  # the first eight categories have a regional minimum (SAL-02)
UNDER_30_REGIONS = (Region.flanders, Region.wallonia)
EPOCH = dt.date(1970, 1, 1)


def _cell(node, region_: np.ndarray, variant: np.ndarray) -> np.ndarray:
    """``node[region][variant]`` for every row.

    OpenFisca's own fancy indexing (``node[region_array][variant_array]``) builds the
    vectorial node element by element in Python: with it, calculating both dates took 13.5 s
    of a 1 000 000-row run, against 0.35 s with the 4 × 10 table of the date's values indexed
    by the enums' codes, which gives the same numbers (docs/benchmarks.md).
    """
    table = np.array([[node[r.name][v.name] for v in SalaryVariant] for r in Region])
    return table[region_.view(np.ndarray), variant.view(np.ndarray)]


def _is_in(values: np.ndarray, members: tuple[Enum, ...]) -> np.ndarray:
    return np.isin(values.view(np.ndarray), [m.index for m in members])


class procedure(Variable):
    value_type = Enum
    possible_values = Procedure
    default_value = Procedure.single_permit
    entity = Applicant
    definition_period = ETERNITY
    label = "Procedure"


class region(Variable):
    value_type = Enum
    possible_values = Region
    default_value = Region.flanders
    entity = Applicant
    definition_period = ETERNITY
    label = "Region"


class category(Variable):
    value_type = Enum
    possible_values = Category
    default_value = Category.other
    entity = Applicant
    definition_period = ETERNITY
    label = "Category"


class sponsor_status(Variable):
    value_type = Enum
    possible_values = SponsorStatus
    default_value = SponsorStatus.third_country_national
    entity = Applicant
    definition_period = ETERNITY
    label = "Sponsor status"


class gross_salary_cents(Variable):
    value_type = int
    default_value = -1
    entity = Applicant
    definition_period = ETERNITY
    label = "Gross salary in cents (-1: not given)"


class salary_yearly(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "The gross salary is per year"


class age(Variable):
    value_type = int
    default_value = -1
    entity = Applicant
    definition_period = ETERNITY
    label = "Age (-1: not given)"


class junior(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Junior EU Blue Card"


class application_day(Variable):
    value_type = int
    entity = Applicant
    definition_period = ETERNITY
    label = "Application date, days since 1970"


class sponsor_permit_day(Variable):
    value_type = int
    default_value = -1
    entity = Applicant
    definition_period = ETERNITY
    label = "Sponsor's permit date, days since 1970 (-1: not given)"


class net_monthly_income_cents(Variable):
    value_type = int
    entity = Applicant
    definition_period = ETERNITY
    label = "Net monthly income in cents"


class additional_dependants(Variable):
    value_type = int
    entity = Applicant
    definition_period = ETERNITY
    label = "Additional dependants"


class salary_variant(Variable):
    value_type = Enum
    possible_values = SalaryVariant
    default_value = SalaryVariant.highly_skilled
    entity = Applicant
    definition_period = ETERNITY
    label = "Which SAL-02 minimum applies (for the first eight categories)"

    def formula(applicant, period):
        cat = applicant("category", period)
        reg = applicant("region", period)
        age_ = applicant("age", period)
        young = (
            (cat == Category.highly_skilled)
            & _is_in(reg, UNDER_30_REGIONS)
            & (age_ >= 0)
            & (age_ < 30)
        )
        wallonia_junior = (
            (cat == Category.eu_blue_card) & applicant("junior", period) & (reg == Region.wallonia)
        )
        index = np.minimum(cat.view(np.ndarray), N_SALARY_CATEGORIES - 1).astype(np.int16)
        index = np.where(young, SalaryVariant.highly_skilled_under_30.index, index)
        index = np.where(wallonia_junior, SalaryVariant.eu_blue_card_junior.index, index)
        return index


class salary_threshold_cents(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "The wage threshold in cents, in its own period (-1: none may be applied)"

    def formula(applicant, period, parameters):
        p = parameters(period).single_permit
        regional = _cell(p.salary, applicant("region", period), applicant("salary_variant", period))
        specific = applicant("category", period).view(np.ndarray) < N_SALARY_CATEGORIES
        return np.where(specific, regional, p.gmmi).astype(np.int64)


class salary_threshold_monthly(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The wage threshold is per month"

    def formula(applicant, period, parameters):
        p = parameters(period).single_permit
        monthly = _cell(
            p.salary_monthly, applicant("region", period), applicant("salary_variant", period)
        )
        specific = applicant("category", period).view(np.ndarray) < N_SALARY_CATEGORIES
        return np.where(specific, monthly == 1, True)


class salary_covered(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The peer decides the wage condition (SAL-01/SAL-02) of this case"

    def formula(applicant, period):
        cat = applicant("category", period)
        reg = applicant("region", period)
        specific = cat.view(np.ndarray) < N_SALARY_CATEGORIES
        age_missing = (
            (cat == Category.highly_skilled)
            & _is_in(reg, UNDER_30_REGIONS)
            & (applicant("age", period) < 0)
        )
        # AMB-SAL-8: the Brussels column is monthly, with no rule to compare a yearly wage.
        brussels_yearly = (
            specific
            & (reg == Region.brussels)
            & applicant("salary_threshold_monthly", period)
            & applicant("salary_yearly", period)
        )
        # FLA-01: low-skilled work in Flanders is excluded before any wage is compared.
        flemish_low_skilled = (reg == Region.flanders) & (cat == Category.low_skilled)
        return (
            (applicant("procedure", period) == Procedure.single_permit)
            & (applicant("gross_salary_cents", period) >= 0)
            & (applicant("salary_threshold_cents", period) >= 0)
            & ~age_missing
            & ~brussels_yearly
            & ~flemish_low_skilled
        )


class salary_ok(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The wage meets its threshold (SAL-01/SAL-02), compared in the threshold's period"

    def formula(applicant, period):
        wage = applicant("gross_salary_cents", period).astype(np.int64)
        limit = applicant("salary_threshold_cents", period).astype(np.int64)
        monthly = applicant("salary_threshold_monthly", period)
        yearly = applicant("salary_yearly", period)
        months = 12  # interpretation.salary_months_per_year (checked by generate_parameters)
        compared = np.where(~monthly & ~yearly, wage * months, wage)
        limit = np.where(monthly & yearly, limit * months, limit)
        return compared >= limit


class fr06_new_regime(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The new income requirements apply (FR-06)"

    def formula(applicant, period, parameters):
        p = parameters(period).family_reunification
        law_start = p.new_regime_start_day
        filed = applicant("application_day", period)
        permit = applicant("sponsor_permit_day", period)
        belgian = applicant("sponsor_status", period) == SponsorStatus.belgian
        # fr06_transition_anchor = evaluation_date: the day evaluated against 18 Aug 2027.
        day = (period.start.date - EPOCH).days
        after_transition = day >= p.transition_end_day
        return (filed >= law_start) & (((permit >= law_start) & ~belgian) | after_transition)


class fr01_threshold_cents(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "The net monthly income the family needs, in cents (-1: none may be applied)"

    def formula(applicant, period, parameters):
        p = parameters(period).family_reunification
        deps = applicant("additional_dependants", period).astype(np.int64)
        new = np.int64(p.new_regime)
        # fr01_supplement_method = linear, fr01_rounding = truncate (to the cent).
        supplemented = (new * (1000 + np.int64(p.dependant_supplement_per_mille) * deps)) // 1000
        new_limit = np.where(deps == 0, new, supplemented)
        if new < 0 or p.dependant_supplement_per_mille < 0:
            new_limit = np.where(deps == 0, new, -1)
        return np.where(applicant("fr06_new_regime", period), new_limit, p.old_regime)


class fr01_covered(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The peer decides FR-01 for this case"

    def formula(applicant, period):
        return (
            (applicant("procedure", period) == Procedure.family_reunification)
            & ~_is_in(applicant("sponsor_status", period), FR01_NOT_COVERED)
            & (applicant("fr01_threshold_cents", period) >= 0)
        )


class fr01_ok(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The net monthly income meets FR-01"

    def formula(applicant, period):
        income = applicant("net_monthly_income_cents", period)
        return income >= applicant("fr01_threshold_cents", period)
