# SPDX-License-Identifier: EUPL-1.2
"""The parameter files: units, statuses, citations, flags, doubtful values, overlays, lists,
and the amounts themselves against a table transcribed from the seed catalogue."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
from case_files import all_cases, as_json_case, rulebook_for

from passage.rules import (
    ParameterOverlay,
    RulebookError,
    default_rulebook,
    evaluate,
    load_rulebook,
    loads_case,
)
from passage.rules.parameters import (
    APPLICABLE_STATUSES,
    STATUSES,
    UNITS,
    ParameterValue,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = (ROOT.parent / "shared" / "reference" / "seed-catalogue.md").read_text(encoding="utf-8")
FLAGS_DOC = (ROOT / "docs" / "rules" / "flags.md").read_text(encoding="utf-8")
RULES_SRC = ROOT / "src" / "passage" / "rules"
PROCEDURES_SRC = RULES_SRC / "procedures"
#: The rule-per-module packages (issue 9 item 6), whose modules may attach flags too.
RULE_PACKAGES = (
    "employment",
    "integration",
    "international_protection",
    "nationality",
    "reception",
    "return_and_reintegration",
    "temporary_protection",
    "trafficking",
)

#: The units the contract documents (docs/rules/contract.md); the engine may not grow new ones
#: silently.
DOCUMENTED_UNITS = {
    "EUR/year gross",
    "EUR/month gross",
    "EUR/month net",
    "EUR",
    "days",
    "working days",
    "months",
    "years",
    "count",
    "ratio",
    "date",
    "boolean",
    "choice",
    "country list",
}
#: Seed keys of the catalogue's §0 table: a citation must point into one of the five seeds.
SEED_REFERENCE = re.compile(r"^00[0-4] ")

D = Decimal
RB = default_rulebook()


def _values() -> list[ParameterValue]:
    return [v for values in RB.values.values() for v in values]


def _in_catalogue(identifier: str) -> bool:
    return (
        re.search(rf"(?<![A-Za-z0-9-]){re.escape(identifier)}(?![A-Za-z0-9-])", CATALOGUE)
        is not None
    )


# --- units, statuses, citations --------------------------------------------------------------


def test_units_are_the_documented_set() -> None:
    assert set(UNITS) == DOCUMENTED_UNITS


@pytest.mark.parametrize("name", sorted(RB.values))
def test_parameter_has_allowed_unit_status_and_seed_citation(name: str) -> None:
    values = RB.values[name]
    assert values, name
    for v in values:
        assert v.unit in DOCUMENTED_UNITS, (name, v.unit)
        assert v.status in STATUSES, (name, v.start, v.status)
        assert v.description.strip(), name
        assert v.rule_id.strip(), name
        assert v.citation.catalogue.strip(), (name, v.start)
        assert SEED_REFERENCE.match(v.citation.seed), (name, v.start, v.citation.seed)
    starts = [v.start for v in values]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), name


def test_occupation_list_versions_have_status_and_seed_citation() -> None:
    assert set(RB.occupation_lists) == {"BNP-FL-1", "BNP-FL-2", "BNP-WA-1", "BNP-BX-1", "BNP-GSC-1"}
    for list_id, versions in RB.occupation_lists.items():
        for v in versions:
            assert v.status in STATUSES, (list_id, v.start)
            assert SEED_REFERENCE.match(v.citation.seed), (list_id, v.start)
            # no codes in the seeds; a size the seeds do not give is None
            assert (v.size is None or v.size > 0) and not v.codes, (list_id, v.start)
        for earlier, later in itertools.pairwise(versions):
            assert earlier.end is not None and earlier.end < later.start, list_id


def test_every_catalogue_id_used_by_a_parameter_exists_in_the_catalogue() -> None:
    used = {v.rule_id for v in _values()} | {v.citation.catalogue for v in _values()}
    used |= {v.citation.catalogue for vs in RB.occupation_lists.values() for v in vs}
    used |= set(RB.occupation_lists)
    missing = sorted(i for i in used if not _in_catalogue(i))
    assert missing == []


# --- flags and named choices are documented ----------------------------------------------------


def _documented_flags() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9-]+)` \|", FLAGS_DOC, flags=re.MULTILINE))


def _source_flags() -> set[str]:
    """Flags the procedures attach in code (``flags=("X", …)``) besides the parameters'."""
    found = {"START-DATE-NOT-STATED"}
    paths = [*PROCEDURES_SRC.glob("*.py")]
    paths += [p for package in RULE_PACKAGES for p in (RULES_SRC / package).glob("*.py")]
    for path in paths:
        for group in re.findall(r"flags=\(([^)]*)\)", path.read_text(encoding="utf-8")):
            found |= set(re.findall(r'"([A-Z][A-Z0-9-]+)"', group))
    return found


def _emitted_flags() -> set[str]:
    out: set[str] = set()
    for case in all_cases():
        if "error" in case["output"]:
            continue
        decision = evaluate(loads_case(as_json_case(case)), rulebook_for(case))
        for check in decision.checks:
            out |= set(check.flags)
    return out


def test_every_flag_is_documented() -> None:
    flags = {f for v in _values() for f in v.flags}
    flags |= {f for vs in RB.occupation_lists.values() for v in vs for f in v.flags}
    flags |= _source_flags() | _emitted_flags()
    undocumented = sorted(flags - _documented_flags())
    assert undocumented == []


def test_flags_documented_as_catalogue_ids_exist_in_the_catalogue() -> None:
    section = FLAGS_DOC.split("## Flags from the seed catalogue", 1)[1].split("\n## ", 1)[0]
    ids = re.findall(r"^\| `([A-Z][A-Z0-9-]+)` \|", section, flags=re.MULTILINE)
    assert ids
    assert sorted(i for i in ids if not _in_catalogue(i)) == []


def test_every_named_choice_is_documented_with_its_default() -> None:
    interpretation = {
        n.removeprefix("interpretation."): vs
        for n, vs in RB.values.items()
        if n.startswith("interpretation.")
    }
    assert interpretation
    for name, values in interpretation.items():
        row = re.search(rf"^\| `{re.escape(name)}` \|(.*)$", FLAGS_DOC, flags=re.MULTILINE)
        assert row, f"named choice {name} is not in docs/rules/flags.md"
        assert f"`{values[-1].value}`" in row.group(1), (name, values[-1].value)
        assert all(v.status == "interpretation" for v in values), name


_CHOICE = """
description: test
{name}:
  description: a choice
  rule_id: FR-01
  unit: choice
{extra}  values:
    2025-01-01: {{value: a, status: interpretation, reference: {{seed: "002 L1"}}}}
"""
_OPEN = "  open: true\n  alternatives: [a, b]\n  question: {en: q, nl: q, fr: q, de: q}\n"


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("", "is neither settled"),
        ("  settled: {en: ''}\n", "is neither settled"),
        ("  settled: because\n", "is neither settled"),
        ("  open: false\n", "open must be true or absent"),
        ("  open: yes please\n", "open must be true or absent"),
        (_OPEN + "  settled: {en: why}\n", "both open and settled"),
        ("  open: true\n  alternatives: [a]\n  question: {en: q, nl: q, fr: q, de: q}\n", "two"),
        ("  open: true\n  alternatives: [a, b]\n  question: {en: q}\n", "en, nl, fr and de"),
    ],
)
def test_a_named_choice_that_is_neither_settled_nor_open_is_refused(
    tmp_path: Path, extra: str, says: str
) -> None:
    """Issue 9 item 5: every named choice states whether it is a settled reading or an open
    question; the loader refuses one that does not, naming it."""
    from passage.rules.kernel.choices import load_choices

    path = tmp_path / "interpretation.yaml"
    path.write_text(_CHOICE.format(name="some_reading", extra=extra), encoding="utf-8")
    with pytest.raises(RulebookError, match=r"some_reading.*" + re.escape(says)):
        load_choices(path)


def test_settled_and_open_named_choices_load(tmp_path: Path) -> None:
    from passage.rules.kernel.choices import load_choices

    path = tmp_path / "interpretation.yaml"
    text = _CHOICE.format(name="settled_one", extra="  settled: {en: C-38}\n")
    text += _CHOICE.format(name="open_one", extra=_OPEN).split("description: test\n", 1)[1]
    path.write_text(text, encoding="utf-8")
    choices = load_choices(path)
    assert set(choices) == {"open_one"}
    assert choices["open_one"].alternatives == ("a", "b")


def test_every_named_choice_of_the_rulebook_is_settled_or_open() -> None:
    """The shipped file: each entry is settled (with its reason) or open (with its question),
    and the open ones are the ones the documentation lists as open."""
    from passage.rules.kernel.choices import load_choices

    path = RULES_SRC / "parameters" / "interpretation.yaml"
    opened = set(load_choices(path))
    assert opened == {
        "salary_months_per_year",
        "fr01_supplement_method",
        "fla07_pending_rules",
        "frx04_scope",
    }
    section = FLAGS_DOC.split("## Named choices", 1)[1].split("\n## ", 1)[0]
    for name in opened:
        row = re.search(rf"^\| `{re.escape(name)}` \|(.*)$", section, flags=re.MULTILINE)
        assert row and "open" in row.group(1), name


# --- doubtful values are never applied ----------------------------------------------------------


def test_the_not_applicable_values_are_the_known_doubtful_ones() -> None:
    """A new unverified, suspended or needs_review value must come with cases proving it is
    not applied; this list makes adding one a conscious change."""
    found = {(v.name, v.start.isoformat(), v.status) for v in _values() if not v.applicable}
    assert found == {
        ("single_permit.salary.wallonia.professional_athlete", "2025-01-01", "in_force"),
        ("single_permit.salary.german_speaking_community.eu_blue_card", "2025-01-01", "in_force"),
        ("family_reunification.conditions.subsidiary_exemption_period", "2026-02-26", "suspended"),
        ("family_reunification.conditions.subsidiary_waiting_period", "2026-02-26", "suspended"),
        # REC-08: the young men's exemption "in 2025", day not given (002 L820).
        ("reception.waiting_list.young_men_exemption", "2025-01-01", "practice"),
        # THB-03: Myria's three months, a proposal (002 L1615).
        ("trafficking.reflection_period.severe_trauma_duration", "2025-01-01", "policy"),
        (
            "family_reunification.conditions.subsidiary_application_fee_required_from",
            "2026-02-26",
            "suspended",
        ),
    }
    assert RB.values["single_permit.salary.wallonia.professional_athlete"][0].needs_review
    unverified_lists = {
        (v.list_id, v.start.isoformat())
        for vs in RB.occupation_lists.values()
        for v in vs
        if v.status not in APPLICABLE_STATUSES
    }
    assert unverified_lists == {("BNP-GSC-1", "2025-01-01")}


def _sp(region: str, category: str, salary: str, **extra: Any) -> dict[str, Any]:
    return {
        "procedure": "single_permit",
        "date": "2025-06-02",
        "region": region,
        "category": category,
        "gross_salary": salary,
        "salary_period": "year",
        **extra,
    }


@pytest.mark.parametrize(
    ("region", "category", "parameter"),
    [
        ("wallonia", "professional_athlete", "single_permit.salary.wallonia.professional_athlete"),
        (
            "german_speaking_community",
            "eu_blue_card",
            "single_permit.salary.german_speaking_community.eu_blue_card",
        ),
    ],
)
@pytest.mark.parametrize("salary", ["0", "53219.99", "63586", "1000000"])
def test_needs_review_cell_is_not_applied(
    region: str, category: str, parameter: str, salary: str
) -> None:
    decision = evaluate(_sp(region, category, salary))
    assert decision.outcome == "needs_review"
    (check,) = decision.checks
    assert check.rule == "SAL-02" and check.passed is None and check.parameter == parameter
    assert "not applied" in check.explanation["en"]


def test_suspended_waiting_period_is_not_applied() -> None:
    case = {
        "procedure": "family_reunification",
        "date": "2026-02-26",
        "sponsor_status": "subsidiary_protection",
        "sponsor_permit_date": "2025-09-01",
        "sponsor_status_date": "2025-09-01",
        "application_date": "2025-09-02",
        "net_monthly_income": "5000",
        "additional_dependants": 0,
        "adequate_housing": True,
        "health_insurance": True,
        "family_members": [
            {
                "relationship": "spouse",
                "age": 30,
                "bond_predates_arrival": True,
                "application_fee_paid": True,
            }
        ],
    }
    decision = evaluate(case)
    frs03 = next(c for c in decision.checks if c.rule == "FRS-03")
    assert frs03.severity == "info" and "not applied" in frs03.explanation["en"]
    assert decision.outcome == "eligible"
    before = evaluate({**case, "date": "2026-02-25"})
    assert before.outcome == "not_eligible" and before.failed_rules == ("FRS-03",)


def test_unverified_list_version_is_not_applied() -> None:
    rb = load_rulebook(occupation_lists={"BNP-GSC-1": ["3221"]})
    case = _sp(
        "german_speaking_community",
        "bottleneck",
        "30000",
        date="2025-08-31",
        occupation="3221",
        long_term_resident_other_member_state=True,
        # Given, so that only the list's doubt (not a missing fact) keeps LMT-00 open.
        labour_market_test_passed=False,
    )
    decision = evaluate(case, rb)
    gsc = next(c for c in decision.checks if c.rule == "BNP-GSC-1")
    assert gsc.passed is None and "not verified" in gsc.explanation["en"]
    assert decision.outcome == "needs_review"


_GMMI_CASE = {
    "procedure": "single_permit",
    "region": "wallonia",
    "category": "other",
    "salary_period": "month",
    "gross_salary": "2150.00",
    "labour_market_test_passed": True,
}
_FR_CASE = {
    "procedure": "family_reunification",
    "sponsor_status": "third_country_national",
    "sponsor_permit_date": "2025-09-01",
    "application_date": "2026-06-01",
    "net_monthly_income": "2450.00",
    "additional_dependants": 0,
    "adequate_housing": True,
    "health_insurance": True,
    "family_members": [{"relationship": "spouse", "age": 30}],
}


@pytest.mark.parametrize(
    ("parameter", "value", "case", "rule"),
    [
        ("single_permit.gmmi", "2200.00", _GMMI_CASE, "SAL-01"),
        ("family_reunification.income.new_regime", "2500.00", _FR_CASE, "FR-01"),
        ("nationality.fee", "1060", {"procedure": "nationality_fee"}, "NAT-02"),
    ],
    ids=["SAL-01", "FR-01", "NAT-02"],
)
def test_a_value_not_in_force_is_never_applied(
    parameter: str, value: str, case: dict[str, Any], rule: str
) -> None:
    """An entered value whose status is not applicable may be listed, but a decision must
    not rest on it, and the engine must still answer. The statuses are those an administrator
    can pick for an override (passage.rulebook.models.OverrideStatus: "adopted, not yet in
    force", "suspended", "no longer applies") plus "unverified"."""
    start = dt.date(2026, 6, 1)
    full = {**case, "date": "2026-06-15"}
    if rule == "NAT-02":
        full["payment_date"] = "2026-06-15"
    wrong = []
    for status in ("adopted_not_in_force", "suspended", "expired", "unverified"):
        overlay = ParameterOverlay(parameter, start, value, status, "announced, not in force", "t")
        rb = load_rulebook(overlays=[overlay])
        try:
            decision = evaluate(full, rb)
        except RulebookError as exc:
            wrong.append(f"{status}: RulebookError {exc}")
            continue
        check = next(c for c in decision.checks if c.rule == rule)
        used = check.parameter == parameter and check.effective_date == start
        # The previous applicable value is used, or nothing is decided.
        if used and (check.passed is not None or decision.outcome != "needs_review"):
            wrong.append(f"{status}: {decision.outcome}, threshold {check.threshold}")
    assert wrong == [], f"{rule} with a value that is not in force: {wrong}"


# --- overlays and occupation lists ----------------------------------------------------------


def _athlete_overlay(start: str = "2025-01-01", value: str = "88320") -> ParameterOverlay:
    return ParameterOverlay(
        parameter="single_permit.salary.wallonia.professional_athlete",
        start=dt.date.fromisoformat(start),
        value=value,
        status="in_force",
        reference="Walloon Government Decision (verified by an administrator)",
        entered_by="admin@example.org",
    )


def test_overlay_replaces_a_needs_review_cell_and_decides() -> None:
    rb = load_rulebook(overlays=[_athlete_overlay()])
    under = evaluate(_sp("wallonia", "professional_athlete", "88319.99"), rb)
    at = evaluate(_sp("wallonia", "professional_athlete", "88320"), rb)
    assert (under.outcome, under.failed_rules) == ("not_eligible", ("SAL-02",))
    assert (at.outcome, at.failed_rules) == ("eligible", ())
    check = at.checks[0]
    assert check.threshold == D("88320") and check.passed is True
    assert check.citation.legal_act == "Walloon Government Decision (verified by an administrator)"
    pv = rb.require("single_permit.salary.wallonia.professional_athlete", dt.date(2025, 6, 2))
    assert pv.applicable and pv.entered_by == "admin@example.org" and pv.needs_review is None
    # Without the overlay the same cases are not decided.
    assert evaluate(_sp("wallonia", "professional_athlete", "88320")).outcome == "needs_review"


def test_overlay_from_a_later_date_leaves_earlier_dates_undecided() -> None:
    rb = load_rulebook(overlays=[_athlete_overlay(start="2026-01-01")])
    before = evaluate(_sp("wallonia", "professional_athlete", "88320", date="2025-12-31"), rb)
    after = evaluate(_sp("wallonia", "professional_athlete", "88320", date="2026-01-01"), rb)
    assert before.outcome == "needs_review"
    assert after.outcome == "eligible" and after.checks[0].effective_date == dt.date(2026, 1, 1)


def test_overlay_for_the_blue_card_cell_of_the_german_speaking_community() -> None:
    overlay = ParameterOverlay(
        "single_permit.salary.german_speaking_community.eu_blue_card",
        dt.date(2025, 1, 1),
        "68896",
        "in_force",
        "verified",
        "admin",
    )
    rb = load_rulebook(overlays=[overlay])
    case = _sp("german_speaking_community", "eu_blue_card", "68895.99")
    assert evaluate(case, rb).outcome == "not_eligible"
    assert evaluate({**case, "gross_salary": "68896"}, rb).outcome == "eligible"


def test_overlay_changes_the_rulebook_version() -> None:
    rb = load_rulebook(overlays=[_athlete_overlay()])
    assert rb.version != RB.version and rb.version.startswith(RB.version + "+")
    assert evaluate(_sp("wallonia", "executive", "90000"), rb).rulebook_version == rb.version


def test_overlay_for_an_unknown_parameter_or_with_a_bad_status_is_refused() -> None:
    with pytest.raises(RulebookError):
        load_rulebook(
            overlays=[ParameterOverlay("nope", dt.date(2025, 1, 1), "1", "in_force", "r", "a")]
        )
    with pytest.raises(RulebookError):
        load_rulebook(
            overlays=[
                ParameterOverlay("single_permit.gmmi", dt.date(2025, 1, 1), "1", "rumour", "r", "a")
            ]
        )


def test_occupation_list_turns_needs_review_into_a_decided_exemption() -> None:
    case = {
        "procedure": "single_permit",
        "date": "2025-11-03",
        "region": "wallonia",
        "category": "other",
        "occupation": "2512",
        "salary_period": "month",
        "gross_salary": "2111.89",
        "labour_market_test_passed": False,
    }
    without = evaluate(case)
    assert without.outcome == "needs_review" and without.failed_rules == ("LMT-00",)
    rb = load_rulebook(occupation_lists={"BNP-WA-1": ["2512"]})
    with_list = evaluate(case, rb)
    assert with_list.outcome == "eligible"
    wa = next(c for c in with_list.checks if c.rule == "BNP-WA-1")
    assert wa.passed is True
    assert rb.version != RB.version


def test_a_fully_loaded_list_decides_absence() -> None:
    codes = [f"{i:04d}" for i in range(56)]
    rb = load_rulebook(occupation_lists={"BNP-WA-1": codes})
    case = {
        "procedure": "single_permit",
        "date": "2025-11-03",
        "region": "wallonia",
        "category": "other",
        "occupation": "9999",
        "salary_period": "month",
        "gross_salary": "2111.89",
        "labour_market_test_passed": False,
    }
    decision = evaluate(case, rb)
    assert decision.outcome == "not_eligible" and decision.failed_rules == ("LMT-00",)
    # 55 of 56 codes is not the whole list: absence is not concluded.
    partial = load_rulebook(occupation_lists={"BNP-WA-1": codes[:55]})
    assert evaluate(case, partial).outcome == "needs_review"


def test_occupation_list_unknown_id_is_refused() -> None:
    with pytest.raises(RulebookError):
        load_rulebook(occupation_lists={"BNP-XX-9": ["1"]})


# --- the amounts against the catalogue --------------------------------------------------------

#: Seed catalogue §1.B SAL-02, transcribed from the reconstruction table (FL/WA/GSC € per year,
#: Brussels € per month except athletes per year).
SAL_02 = {
    "flanders": {
        "highly_skilled": "48912",
        "highly_skilled_under_30": "39129.60",
        "executive": "78259",
        "eu_blue_card": "63586",
        "professional_athlete": "101019",
        "artist": "42313",
        "ict_manager": "78259",
        "ict_expert": "48912",
        "ict_trainee": "48912",
    },
    "wallonia": {
        "highly_skilled": "53220",
        "highly_skilled_under_30": "42576",
        "executive": "88790",
        "eu_blue_card": "68815",
        "eu_blue_card_junior": "55052",
        "professional_athlete": "53220",
        "artist": "44396",
        "ict_manager": "68815",
        "ict_expert": "55053",
        "ict_trainee": "34408",
    },
    "brussels": {
        "highly_skilled": "3703.44",
        "executive": "6647.20",
        "eu_blue_card": "4748",
        "professional_athlete": "88320",
        "artist": "3086.20",
        "ict_manager": "5460.20",
        "ict_expert": "4510.60",
        "ict_trainee": "2611.40",
    },
    "german_speaking_community": {
        "highly_skilled": "52773",
        "executive": "88045",
        "eu_blue_card": "63586",
        "professional_athlete": "88320",
        "artist": "44023",
        "ict_manager": "68896",
        "ict_expert": "55117",
        "ict_trainee": "34449",
    },
}
#: Catalogue SAL-02 "evidence": every Brussels monthly value is a percentage of € 4 748.
BRUSSELS_PERCENT = {
    "highly_skilled": 78,
    "executive": 140,
    "artist": 65,
    "eu_blue_card": 100,
    "ict_manager": 115,
    "ict_expert": 95,
    "ict_trainee": 55,
}


def test_sal02_table_matches_the_catalogue() -> None:
    present = {tuple(n.split(".")[2:4]) for n in RB.values if n.startswith("single_permit.salary.")}
    expected = {(r, c) for r, cells in SAL_02.items() for c in cells}
    assert present == expected
    for region, cells in SAL_02.items():
        for category, amount in cells.items():
            (pv,) = RB.values[f"single_permit.salary.{region}.{category}"]
            assert pv.value == D(amount), (region, category)
            monthly = region == "brussels" and category != "professional_athlete"
            assert pv.unit == ("EUR/month gross" if monthly else "EUR/year gross")
            assert pv.rule_id == "SAL-02" and not pv.start_known  # AMB-SAL-7
    for category, pct in BRUSSELS_PERCENT.items():
        assert D(SAL_02["brussels"][category]) == D(4748) * pct / 100, category


def _series(name: str) -> list[tuple[str, Any, bool]]:
    out = []
    for v in RB.values[name]:
        value = str(v.value) if isinstance(v.value, Decimal) else v.value
        out.append((v.start.isoformat(), value, v.start_known))
    return out


def test_gmmi_matches_the_catalogue() -> None:
    assert _series("single_permit.gmmi") == [
        ("2025-01-01", "2070.48", False),  # "Before, this amount was € 2 070.48" (no start)
        ("2025-02-01", "2111.89", True),
    ]


def test_family_reunification_income_matches_the_catalogue() -> None:
    assert _series("family_reunification.income.new_regime") == [
        ("2025-08-18", "2323.07", True),
        ("2026-04-01", "2408.79", True),
    ]
    assert _series("family_reunification.income.old_regime") == [
        ("2025-01-01", "2131.28", False),
        ("2026-03-01", "2173.88", True),
    ]
    assert _series("family_reunification.income.dependant_supplement_rate") == [
        ("2025-08-18", "0.10", True)
    ]
    # C-38: 110 % × GMMI 2 111.89 = 2 323.079, the published 2 323.07 when truncated.
    gmmi = RB.values["single_permit.gmmi"][-1].value
    assert (gmmi * D("1.10")).quantize(D("0.01"), rounding=ROUND_DOWN) == D("2323.07")
    rounding = RB.values["interpretation.fr01_rounding"][-1].value
    assert rounding == "truncate"


def test_nationality_fee_matches_the_catalogue() -> None:
    assert _series("nationality.fee") == [
        ("2025-01-01", "150", False),
        ("2025-07-29", "1000", True),
        ("2026-01-01", "1030", False),  # "In 2026": 1 January assumed (NAT-02 flag)
    ]


def test_dates_and_counts_match_the_catalogue() -> None:
    def only(name: str) -> Any:
        return RB.values[name][-1].value

    assert only("family_reunification.income.new_regime_start") == dt.date(2025, 8, 18)
    assert only("family_reunification.income.transition_end") == dt.date(2027, 8, 18)
    assert only("single_permit.labour_market.flemish_reform_start") == dt.date(2026, 1, 1)
    assert _series("single_permit.labour_market.low_skilled_excluded") == [
        ("2025-01-01", False, True),
        ("2026-01-01", True, True),
    ]
    assert only("single_permit.labour_market.middle_level_min_fte") == D("0.8")
    assert only("single_permit.labour_market.seasonal_presumed_shortage_sectors") == (
        "agriculture",
        "hospitality",
    )
    assert _series("single_permit.blue_card_mobility.max_days") == [("2025-07-10", 90, True)]
    assert _series("single_permit.blue_card_mobility.window_days") == [("2025-07-10", 180, True)]
    assert _series("family_reunification.conditions.partner_minimum_age")[-1] == (
        "2025-08-18",
        21,
        True,
    )
    assert only("family_reunification.conditions.accompanying_partner_minimum_age") == 18
    assert only("family_reunification.conditions.permanent_resident_waiting_period") == 24
    assert (
        only("family_reunification.conditions.permanent_resident_waiting_period_prior_bond") == 12
    )
    assert [
        v for _, v, _ in _series("family_reunification.conditions.refugee_exemption_period")
    ] == [
        12,
        6,
    ]
    assert only("family_reunification.conditions.subsidiary_waiting_period") == 24
    assert only("family_reunification.conditions.temporary_protection_waiting_period") == 24
    assert only("family_reunification.conditions.ex_officio_window") == 6
    assert only("reception.saturation") == D("0.94")
    assert only("international_protection.cgrs.standard_capacity") == 6500
    assert only("international_protection.fast_track.safe_country_time_limit") == 15
    assert only("international_protection.fast_track.other_country_time_limit") == 50
    safe = RB.values["international_protection.fast_track.safe_countries_of_origin"]
    assert safe[-1].start == dt.date(2025, 12, 15)
    assert set(safe[-1].value) == {"AL", "BA", "MK", "XK", "ME", "RS", "MA"}
    assert {"IN", "MD"} <= set(safe[0].value) and "MA" not in safe[0].value
    others = set(only("international_protection.fast_track.other_fast_track_countries"))
    assert {"GE", "BJ", "AO", "IN", "MD"} <= others and "CD" not in others


def test_bottleneck_list_sizes_and_dates_match_the_catalogue() -> None:
    def versions(list_id: str) -> list[tuple[str, str | None, int]]:
        return [
            (v.start.isoformat(), v.end.isoformat() if v.end else None, v.size)
            for v in RB.occupation_lists[list_id]
        ]

    assert versions("BNP-FL-1")[-1] == ("2025-02-01", None, 251)
    assert versions("BNP-FL-1")[0][2] == 241  # "10 more professions than in 2024"
    assert versions("BNP-FL-2") == [("2025-01-01", "2025-12-31", 29), ("2026-01-01", None, 21)]
    assert versions("BNP-WA-1")[-1] == ("2025-10-01", "2026-09-30", 56)
    assert versions("BNP-WA-1")[0][2] == 73
    assert versions("BNP-BX-1") == [("2025-01-01", "2025-06-30", 84), ("2025-07-01", None, 81)]
    assert versions("BNP-GSC-1")[-1][2] == 84
    # 002 L254 gives only the 2025-2026 list's size; the previous list's is not in the seed.
    assert versions("BNP-GSC-1")[0][2] is None
    assert not RB.occupation_lists["BNP-GSC-1"][0].complete


SEED_002 = next((ROOT.parent / "shared" / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")


def _cited_002_lines() -> list[tuple[str, str, int]]:
    cited = [(n, v.start.isoformat(), v.citation.seed) for n, vs in RB.values.items() for v in vs]
    cited += [
        (i, v.start.isoformat(), v.citation.seed)
        for i, vs in RB.occupation_lists.items()
        for v in vs
    ]
    return [
        (name, start, int(line))
        for name, start, seed in cited
        if seed.startswith("002")
        for line in re.findall(r"L(\d+)", seed)
    ]


def test_every_cited_line_of_seed_002_holds_text() -> None:
    """FRS-02 cited L621, which is blank (the text is on L622)."""
    lines = SEED_002.split("\n")
    blank = [c for c in _cited_002_lines() if not lines[c[2] - 1].strip()]
    assert blank == []


def test_frs_dates_cite_the_entry_into_force_on_l597() -> None:
    """002 L597: "On 18 August 2025, the law of 18 July 2025 entered into force" — the date of
    FRS-01/02/03 is there, not on L611 or L983."""
    assert (
        "On 18 August 2025, the law of 18 July 2025 entered into force" in SEED_002.split("\n")[596]
    )
    conditions = "family_reunification.conditions."
    for name in ("subsidiary_exemption_period", "subsidiary_waiting_period"):
        (value,) = [v for v in RB.values[conditions + name] if v.start == dt.date(2025, 8, 18)]
        assert "L597" in value.citation.seed, name
    (bond,) = RB.values[conditions + "bond_predates_arrival_required_from"]
    assert bond.value == dt.date(2025, 8, 18) and "L597" in bond.citation.seed


def test_decision_24_2026_is_the_legal_act_only_of_values_from_26_feb_2026() -> None:
    decided = dt.date(2026, 2, 26)
    for name, values in RB.values.items():
        for v in values:
            if v.citation.legal_act and "24/2026" in v.citation.legal_act:
                assert v.start >= decided, (name, v.start)


def test_the_fte_minimum_of_bnp_fl_2_starts_with_the_2026_list() -> None:
    """002 L248 states "at least 0.8fte" for the list that "applies from 1 January 2026"."""
    name = "single_permit.labour_market.middle_level_min_fte"
    assert RB.get(name, dt.date(2025, 12, 31)) is None
    assert RB.require(name, dt.date(2026, 1, 1)).value == Decimal("0.8")
