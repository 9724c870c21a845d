# SPDX-License-Identifier: EUPL-1.2
"""What-if proposals (issue 9 item 8): ``Rulebook.with_proposal``, ``passage rules check
--proposal`` and ``passage rules bulk --proposal``.

A proposal is an administration's draft (an indexation, a new threshold) evaluated beside the
rules in force: the proposal's rulebook applies the proposed values from their start, the
rulebook in force never sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bulk import BOUNDARY_DAYS, SCHEMA, _table, family_case, single_permit_case

from passage.rules import InputError, ParameterOverlay, evaluate, load_rulebook
from passage.rules.bulk import BulkInputError, evaluate_table, run_bulk
from passage.rules.parameters import (
    MAX_PROPOSAL_CHANGES,
    PROPOSAL_FLAG,
    PROPOSED,
    RULEBOOK_START,
    Rulebook,
    default_rulebook,
)
from passage.rules.whatif import changed_cases, evaluate_what_if, loads_proposal

PASSAGE = Path(sys.executable).with_name("passage")
RB = default_rulebook()
HS_FLANDERS = "single_permit.salary.flanders.highly_skilled"
#: SAL-02, Flanders, highly skilled: € 48 912 a year (002 L213–L214). SAL-03 (002 L224): the
#: 2026 thresholds are pending; a proposal lets an administration try one before it exists.
RAISE_HS = {
    "parameter": HS_FLANDERS,
    "start": "2026-07-01",
    "value": "50000",
    "label": "Flemish 2026 thresholds (SAL-03)",
}
#: SAL-01: the GMMI is € 2 111.89 from 1 Feb 2025 (002 L208); an indexation proposed from
#: 1 Mar 2026.
INDEX_GMMI = {"parameter": "single_permit.gmmi", "start": "2026-03-01", "value": "2154.13"}


def _hs(day: str, salary: str, **facts: Any) -> dict[str, Any]:
    return {
        "procedure": "single_permit",
        "date": day,
        "region": "flanders",
        "category": "highly_skilled",
        "gross_salary": salary,
        "salary_period": "year",
        "age": 35,
        "application_type": "first",
        "application_date": day,
        **facts,
    }


def _other(day: str, salary: str, region: str = "wallonia") -> dict[str, Any]:
    """SAL-01 applies to the category "other" (no specific wage condition, 002 L208)."""
    case = {
        "procedure": "single_permit",
        "date": day,
        "region": region,
        "category": "other",
        "gross_salary": salary,
        "salary_period": "month",
        "labour_market_test_passed": True,
    }
    if region == "flanders":
        case["application_type"] = "first"
    return case


def _sal(decision: Any, rule: str) -> Any:
    return next(c for c in decision.checks if c.rule == rule)


# --- the proposal's rulebook ------------------------------------------------------------------


def test_raising_the_flemish_threshold_refuses_a_case_just_above_todays_only_under_it() -> None:
    proposed = RB.with_proposal([RAISE_HS])
    case = _hs("2026-07-01", "49000")
    today, tomorrow = evaluate(case, RB), evaluate(case, proposed)
    assert today.outcome == "eligible"
    assert tomorrow.outcome == "not_eligible"
    assert tomorrow.failed_rules == ("SAL-02",)
    check = _sal(tomorrow, "SAL-02")
    assert check.threshold == Decimal("50000")
    assert check.parameter == HS_FLANDERS
    assert check.effective_date == dt.date(2026, 7, 1)
    assert check.citation.seed == "proposal: Flemish 2026 thresholds (SAL-03)"
    assert check.citation.catalogue == "SAL-02"
    assert check.flags == (PROPOSAL_FLAG,)
    assert tomorrow.rulebook_version != today.rulebook_version
    assert tomorrow.rulebook_version.startswith(f"{RB.version}+proposal:")
    # The day before the proposed start, the proposal changes nothing.
    before = _hs("2026-06-30", "49000")
    assert evaluate(before, proposed).outcome == evaluate(before, RB).outcome == "eligible"
    assert _sal(evaluate(before, proposed), "SAL-02").threshold == Decimal("48912")


def test_the_rulebook_in_force_never_sees_proposed_values() -> None:
    before = dict(RB.values)
    proposed = RB.with_proposal([RAISE_HS, INDEX_GMMI])
    assert dict(RB.values) == before
    assert not any(v.status == PROPOSED for vs in RB.values.values() for v in vs)
    assert RB.require(HS_FLANDERS, dt.date(2026, 7, 1)).value == Decimal("48912")
    found = proposed.require(HS_FLANDERS, dt.date(2026, 7, 1))
    assert (found.value, found.status, found.applicable) == (Decimal("50000"), PROPOSED, True)
    assert RB.proposal == ()
    assert [c.parameter for c in proposed.proposal] == [HS_FLANDERS, "single_permit.gmmi"]
    # No file or administrator can bring the status in: only with_proposal makes it.
    with pytest.raises(Exception, match="bad status 'proposed'"):
        load_rulebook(
            [ParameterOverlay(HS_FLANDERS, dt.date(2026, 7, 1), "50000", PROPOSED, "x", "y")]
        )


def test_same_proposal_same_version_another_proposal_another() -> None:
    a = RB.with_proposal([RAISE_HS]).version
    assert RB.with_proposal([dict(RAISE_HS)]).version == a
    assert RB.with_proposal([{**RAISE_HS, "value": "50001"}]).version != a
    assert RB.with_proposal([{**RAISE_HS, "start": "2026-07-02"}]).version != a


def test_gmmi_indexation_changes_sal01_outcomes_between_the_two_amounts() -> None:
    proposed = RB.with_proposal([INDEX_GMMI])
    for salary, today, tomorrow in [
        ("2111.88", "not_eligible", "not_eligible"),
        ("2111.89", "eligible", "not_eligible"),
        ("2154.12", "eligible", "not_eligible"),
        ("2154.13", "eligible", "eligible"),
    ]:
        case = _other("2026-03-01", salary)
        assert evaluate(case, RB).outcome == today, salary
        got = evaluate(case, proposed)
        assert got.outcome == tomorrow, salary
        assert _sal(got, "SAL-01").threshold == Decimal("2154.13")
    # Evaluated before the indexation's start, nothing changes.
    early = _other("2026-02-28", "2111.89")
    assert evaluate(early, proposed).outcome == "eligible"


def test_a_proposal_after_the_evaluation_date_changes_nothing() -> None:
    proposed = RB.with_proposal([{**RAISE_HS, "start": "2027-01-01"}, INDEX_GMMI])
    cases = [_hs("2026-02-01", s) for s in ("48911.99", "48912", "49000", "60000")] + [
        _other("2026-02-01", s) for s in ("2111.88", "2111.89", "2154.12")
    ]
    answer = evaluate_what_if(cases, RB, proposed)
    assert answer["changed"] == []
    strip = [{k: v for k, v in d.items() if k != "rulebook_version"} for d in answer["baseline"]]
    assert strip == [
        {k: v for k, v in d.items() if k != "rulebook_version"} for d in answer["proposal"]
    ]


def test_a_proposed_value_supersedes_the_later_values_in_force() -> None:
    """OpenFisca's ``update`` without a stop: from its start the proposal holds, including
    over the nationality fee's 1 Jan 2026 amount (€ 1 030, 002 §3)."""
    proposed = RB.with_proposal(
        [{"parameter": "nationality.fee", "start": "2025-09-01", "value": 800}]
    )
    fee = "nationality.fee"
    assert [v.start for v in proposed.values[fee]] == [
        dt.date(2025, 1, 1),
        dt.date(2025, 7, 29),
        dt.date(2025, 9, 1),
    ]
    assert proposed.require(fee, dt.date(2026, 6, 1)).value == Decimal(800)
    cases = [
        {
            "id": "fee",
            "procedure": "nationality_fee",
            "date": "2026-06-01",
            "payment_date": "2026-06-01",
        },
        {"procedure": "nationality_fee", "date": "2025-08-01", "payment_date": "2025-08-01"},
    ]
    answer = evaluate_what_if(cases, RB, proposed)
    # A computation's outcome is always "computed": its result is what changes.
    assert [c["index"] for c in answer["changed"]] == [0]
    entry = answer["changed"][0]
    assert entry["id"] == "fee"
    assert entry["baseline"]["result"] != entry["proposal"]["result"]
    assert entry["baseline"]["outcome"] == entry["proposal"]["outcome"] == "computed"


def test_two_changes_of_one_parameter_make_a_temporary_measure() -> None:
    proposed = RB.with_proposal(
        [
            {"parameter": "single_permit.gmmi", "start": "2027-01-01", "value": "2111.89"},
            {"parameter": "single_permit.gmmi", "start": "2026-06-01", "value": "2200"},
        ]
    )
    day = {
        d: proposed.require("single_permit.gmmi", d).value
        for d in (dt.date(2026, 5, 31), dt.date(2026, 6, 1), dt.date(2027, 1, 1))
    }
    assert day == {
        dt.date(2026, 5, 31): Decimal("2111.89"),
        dt.date(2026, 6, 1): Decimal("2200"),
        dt.date(2027, 1, 1): Decimal("2111.89"),
    }


def test_a_proposal_can_supply_a_value_the_seeds_doubt() -> None:
    """The Walloon professional-athlete cell (002 L218) needs review; a proposed value is
    applied under the proposal only."""
    name = "single_permit.salary.wallonia.professional_athlete"
    case = {**_hs("2026-03-01", "60000"), "region": "wallonia", "category": "professional_athlete"}
    del case["age"], case["application_type"], case["application_date"]
    assert evaluate(case, RB).outcome == "needs_review"
    proposed = RB.with_proposal([{"parameter": name, "start": "2026-01-01", "value": "53220"}])
    assert evaluate(case, proposed).outcome == "eligible"
    assert evaluate({**case, "gross_salary": "53219.99"}, proposed).outcome == "not_eligible"


def test_proposals_of_every_unit_are_typed_as_the_parameter() -> None:
    proposed = RB.with_proposal(
        [
            {
                "parameter": "family_reunification.conditions.partner_minimum_age",
                "start": "2026-01-01",
                "value": "19",
            },
            {
                "parameter": "single_permit.labour_market.flemish_reform_start",
                "start": "2025-06-01",
                "value": "2026-07-01",
            },
            {
                "parameter": "single_permit.labour_market.low_skilled_excluded",
                "start": "2026-01-01",
                "value": False,
            },
            {
                "parameter": "single_permit.labour_market.middle_level_min_fte",
                "start": "2026-01-01",
                "value": Decimal("0.5"),
            },
            {
                "parameter": "international_protection.fast_track.safe_countries_of_origin",
                "start": "2026-01-01",
                "value": ["AL", "XK"],
            },
        ]
    )
    got = {c.parameter: c.value for c in proposed.proposal}
    assert got == {
        "family_reunification.conditions.partner_minimum_age": 19,
        "single_permit.labour_market.flemish_reform_start": dt.date(2026, 7, 1),
        "single_permit.labour_market.low_skilled_excluded": False,
        "single_permit.labour_market.middle_level_min_fte": Decimal("0.5"),
        "international_protection.fast_track.safe_countries_of_origin": ("AL", "XK"),
    }


# --- bad proposals name the field ---------------------------------------------------------------


def _change(**changes: Any) -> dict[str, Any]:
    out = {**INDEX_GMMI, **changes}
    return {k: v for k, v in out.items() if v is not None}


BAD_PROPOSALS: dict[str, tuple[Any, str, str]] = {
    "not an array": ({"parameter": "single_permit.gmmi"}, "proposal", "JSON array"),
    "empty": ([], "proposal", "is empty"),
    "too many": ([INDEX_GMMI] * (MAX_PROPOSAL_CHANGES + 1), "proposal", "limit is 50"),
    "change not an object": (["single_permit.gmmi"], "proposal[0]", "must be an object"),
    "unknown key": ([_change(end="2027-01-01")], "proposal[0].end", "not a key"),
    "missing parameter": ([_change(parameter=None)], "proposal[0].parameter", "is required"),
    "missing start": ([_change(start=None)], "proposal[0].start", "is required"),
    "missing value": ([_change(value=None)], "proposal[0].value", "is required"),
    "misspelt parameter": (
        [_change(parameter="single_permit.salary.flanders.highly_skiled")],
        "proposal[0].parameter",
        f"did you mean {HS_FLANDERS}",
    ),
    "parameter not text": ([_change(parameter=3)], "proposal[0].parameter", "dotted name"),
    "a named choice": (
        [_change(parameter="interpretation.fr01_rounding", value="half_up")],
        "proposal[0].parameter",
        "is a choice",
    ),
    "start not a date": ([_change(start="1 March 2026")], "proposal[0].start", "YYYY-MM-DD"),
    "start not a day": ([_change(start="2026-02-30")], "proposal[0].start", "YYYY-MM-DD"),
    "start a number": ([_change(start=20260301)], "proposal[0].start", "YYYY-MM-DD"),
    "start before the rulebook": ([_change(start="2024-12-31")], "proposal[0].start", "before"),
    "duplicate": ([INDEX_GMMI, INDEX_GMMI], "proposal[1].start", "proposal[0] already"),
    "money as float": ([_change(value=2154.13)], "proposal[0].value", "decimal string"),
    "money as words": ([_change(value="lots")], "proposal[0].value", "not a decimal amount"),
    "money with exponent": ([_change(value="2.1e3")], "proposal[0].value", "not a decimal"),
    "money as true": ([_change(value=True)], "proposal[0].value", "not a decimal amount"),
    "money negative": ([_change(value="-1")], "proposal[0].value", "negative"),
    "money below the cent": ([_change(value="2154.125")], "proposal[0].value", "below the cent"),
    "money absurd": ([_change(value="1000000000")], "proposal[0].value", "less than"),
    "money not finite": ([_change(value=Decimal("NaN"))], "proposal[0].value", "not a decimal"),
    "months as text": (
        [_change(parameter="family_reunification.conditions.ex_officio_window", value="six")],
        "proposal[0].value",
        "whole number of months",
    ),
    "months fractional": (
        [
            _change(
                parameter="family_reunification.conditions.ex_officio_window", value=Decimal("6.5")
            )
        ],
        "proposal[0].value",
        "whole number",
    ),
    "count zero": (
        [_change(parameter="international_protection.cgrs.standard_capacity", value=0)],
        "proposal[0].value",
        "between 1 and",
    ),
    "ratio too large": (
        [_change(parameter="reception.saturation", value="94")],
        "proposal[0].value",
        "at most 10",
    ),
    "boolean as text": (
        [_change(parameter="single_permit.labour_market.low_skilled_excluded", value="yes")],
        "proposal[0].value",
        "true or false",
    ),
    "date value": (
        [_change(parameter="family_reunification.income.transition_end", value="2027-18-08")],
        "proposal[0].value",
        "YYYY-MM-DD",
    ),
    "country code": (
        [
            _change(
                parameter="international_protection.fast_track.safe_countries_of_origin",
                value=["AL", "Kosovo"],
            )
        ],
        "proposal[0].value[1]",
        "alpha-2",
    ),
    "country twice": (
        [
            _change(
                parameter="international_protection.fast_track.safe_countries_of_origin",
                value=["AL", "AL"],
            )
        ],
        "proposal[0].value[1]",
        "twice",
    ),
    "label empty": ([_change(label="  ")], "proposal[0].label", "non-empty"),
    "label too long": ([_change(label="x" * 201)], "proposal[0].label", "longer than 200"),
    "second change bad": (
        [INDEX_GMMI, _change(start="2026-04-01", value="x")],
        "proposal[1].value",
        "decimal",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PROPOSALS))
def test_bad_proposals_are_refused_naming_the_field(name: str) -> None:
    proposal, field, message = BAD_PROPOSALS[name]
    with pytest.raises(InputError) as caught:
        RB.with_proposal(proposal)
    assert caught.value.field == field
    assert message in caught.value.message


def test_loads_proposal_reads_exact_decimals_and_names_the_option() -> None:
    raw = loads_proposal(
        b'[{"parameter": "single_permit.gmmi", "start": "2026-03-01", "value": 2154.13}]'
    )
    assert RB.with_proposal(raw).proposal[0].value == Decimal("2154.13")
    for data, message in [
        (b"", "is empty"),
        (b"[{", "malformed JSON"),
        (b"\xff", "UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
    ]:
        with pytest.raises(InputError) as caught:
            loads_proposal(data)
        assert caught.value.field == "--proposal"
        assert message in caught.value.message
    huge = (
        b'[{"parameter": "single_permit.gmmi", "start": "2026-03-01", "value": '
        + b"9" * 5000
        + b"}]"
    )
    with pytest.raises(InputError, match="less than"):
        RB.with_proposal(loads_proposal(huge))


def test_changed_cases_compares_outcomes_and_results() -> None:
    before = [
        {"id": "a", "outcome": "eligible", "failed_rules": []},
        {"outcome": "eligible", "failed_rules": []},
        {"outcome": "computed", "failed_rules": [], "result": {"fee": "1030"}},
    ]
    after = [
        {"id": "a", "outcome": "not_eligible", "failed_rules": ["SAL-02"]},
        {"outcome": "eligible", "failed_rules": []},
        {"outcome": "computed", "failed_rules": [], "result": {"fee": "800"}},
    ]
    assert changed_cases(before, after) == [
        {
            "index": 0,
            "id": "a",
            "baseline": {"outcome": "eligible", "failed_rules": []},
            "proposal": {"outcome": "not_eligible", "failed_rules": ["SAL-02"]},
        },
        {
            "index": 2,
            "baseline": {"outcome": "computed", "failed_rules": [], "result": {"fee": "1030"}},
            "proposal": {"outcome": "computed", "failed_rules": [], "result": {"fee": "800"}},
        },
    ]


# --- bulk agrees with the per-case path under the proposal ------------------------------------

#: Proposals of every unit the two bulk procedures read, at amounts and dates the generated
#: cases sit on (Wallonia's € 53 220, Brussels' € 2 611.40, FR-01's € 2 408.79).
PROPOSALS = [
    {"parameter": HS_FLANDERS, "start": "2026-07-01", "value": "53220"},
    {"parameter": "single_permit.gmmi", "start": "2026-03-01", "value": "2611.40"},
    {
        "parameter": "single_permit.salary.wallonia.professional_athlete",
        "start": "2025-01-01",
        "value": "53220",
    },
    {
        "parameter": "family_reunification.income.new_regime",
        "start": "2025-10-01",
        "value": "2408.79",
    },
    {
        "parameter": "family_reunification.income.dependant_supplement_rate",
        "start": "2026-01-01",
        "value": "0.15",
    },
    {
        "parameter": "family_reunification.conditions.partner_minimum_age",
        "start": "2026-01-01",
        "value": 18,
    },
    {
        "parameter": "family_reunification.conditions.refugee_exemption_period",
        "start": "2025-09-01",
        "value": 12,
    },
    {
        "parameter": "single_permit.labour_market.flemish_reform_start",
        "start": "2025-01-01",
        "value": "2026-07-01",
    },
    {
        "parameter": "single_permit.labour_market.low_skilled_excluded",
        "start": "2025-06-01",
        "value": True,
    },
    {
        "parameter": "single_permit.labour_market.middle_level_min_fte",
        "start": "2026-01-01",
        "value": "0.5",
    },
]
_PROPOSAL_DAYS = sorted(
    d
    for d in {
        dt.date.fromisoformat(p["start"]) + dt.timedelta(days=k) for p in PROPOSALS for k in (-1, 0)
    }
    | set(BOUNDARY_DAYS)
    if d >= RULEBOOK_START
)


_CENT = Decimal("0.01")
#: The proposed amounts, in both periods, and the FR-01 thresholds with 0–3 dependants at
#: 10 % and 15 %: the generated wages and incomes sit on them.
_PROPOSED_WAGES = sorted(
    {
        w
        for a in (Decimal("53220"), Decimal("2611.40"))
        for w in (a, a * 12, (a / 12).quantize(_CENT))
    }
)
_PROPOSED_INCOMES = sorted(
    {
        (Decimal(base) * (1 + rate * n)).quantize(_CENT, rounding="ROUND_DOWN")
        for base in ("2408.79", "2323.07")
        for rate in (Decimal("0.10"), Decimal("0.15"))
        for n in range(4)
    }
)


def _near(values: list[Decimal]) -> st.SearchStrategy[Decimal]:
    return st.sampled_from(values).flatmap(lambda v: st.sampled_from([v - _CENT, v, v + _CENT]))


#: The region and category each single-permit proposal changes.
_TARGETS = [
    ("flanders", "highly_skilled"),
    ("flanders", "other"),
    ("wallonia", "other"),
    ("wallonia", "professional_athlete"),
    ("flanders", "seasonal"),
]


def _targeted(t: tuple[dict[str, Any], tuple[str, str], Decimal]) -> dict[str, Any]:
    case, (region, category), wage = t
    out = {**case, "region": region, "category": category, "gross_salary": wage}
    if category == "highly_skilled":
        out.setdefault("age", 35)
    if region == "flanders":
        out.setdefault("application_type", "first")
    if category == "seasonal":
        out.setdefault("sector", "agriculture")
    return out


def _valid_under(case: dict[str, Any], day: dt.date, *rulebooks: Rulebook) -> bool:
    try:
        for rb in rulebooks:
            evaluate({**case, "date": day}, rb)
    except InputError:
        return False
    return True


@st.composite
def proposal_batch(draw: st.DrawFn) -> tuple[dt.date, Rulebook, list[dict[str, Any]]]:
    changes = draw(
        st.lists(
            st.sampled_from(PROPOSALS), min_size=1, max_size=4, unique_by=lambda p: p["parameter"]
        )
    )
    proposed = RB.with_proposal(changes)
    # Mostly on or after a proposed start, where the proposal can change something.
    starts = [dt.date.fromisoformat(c["start"]) for c in changes]
    day = draw(
        st.tuples(st.sampled_from(starts), st.sampled_from([-1, 0, 1, 30, 200]))
        .map(lambda t: t[0] + dt.timedelta(days=t[1]))
        .filter(lambda d: d >= RULEBOOK_START)
        | st.sampled_from(_PROPOSAL_DAYS)
        | st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    )
    one = st.one_of(
        st.tuples(single_permit_case(day), st.sampled_from(_TARGETS), _near(_PROPOSED_WAGES)).map(
            _targeted
        ),
        st.tuples(family_case(day), _near(_PROPOSED_INCOMES)).map(
            lambda t: {**t[0], "net_monthly_income": t[1]}
        ),
        single_permit_case(day),
        family_case(day),
    ).filter(lambda c: _valid_under(c, day, RB, proposed))
    return day, proposed, draw(st.lists(one, min_size=1, max_size=16))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposal_batch())
def test_bulk_equals_per_case_under_the_proposal(
    tmp_path_factory: pytest.TempPathFactory, data: tuple[dt.date, Rulebook, list[dict[str, Any]]]
) -> None:
    day, proposed, cases = data
    folder = tmp_path_factory.mktemp("whatif")
    pq.write_table(_table(cases), folder / "in.parquet")
    run_bulk(folder / "in.parquet", folder / "out.parquet", day, proposal=proposed, chunk_rows=5)
    rows = pq.read_table(folder / "out.parquet").to_pylist()
    assert len(rows) == len(cases)
    for case, row in zip(cases, rows, strict=True):
        today = evaluate({**case, "date": day}, RB)
        tomorrow = evaluate({**case, "date": day}, proposed)
        assert (row["outcome"], row["failed_rules"]) == (today.outcome, list(today.failed_rules))
        assert (row["outcome_proposal"], row["failed_rules_proposal"]) == (
            tomorrow.outcome,
            list(tomorrow.failed_rules),
        ), (day, case, [c.to_dict() for c in proposed.proposal])
        assert row["changed"] is (today.outcome != tomorrow.outcome)


def _hs_rows() -> list[dict[str, Any]]:
    """Flemish highly skilled first applications around today's and the proposed threshold."""
    out = []
    for i, salary in enumerate(["48911.99", "48912", "49999.99", "50000", "60000"]):
        case = _hs("2026-07-01", salary)
        del case["date"]
        case["application_date"] = dt.date(2026, 6, 1)
        case["gross_salary"] = Decimal(salary)
        out.append({"id": f"hs-{i}", **case})
    return out


def _write(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "in.parquet"
    pq.write_table(
        pa.Table.from_pylist(rows, schema=SCHEMA.set(0, pa.field("id", pa.string()))), path
    )
    return path


def test_run_bulk_with_a_proposal_counts_the_changes(tmp_path: Path) -> None:
    source = _write(tmp_path, _hs_rows())
    summary = run_bulk(
        source, tmp_path / "out.parquet", dt.date(2026, 7, 1), proposal=RB.with_proposal([RAISE_HS])
    )
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.column_names == [
        "id",
        "outcome",
        "failed_rules",
        "missing_facts",
        "outcome_proposal",
        "failed_rules_proposal",
        "changed",
    ]
    rows = table.to_pylist()
    assert [r["id"] for r in rows if r["changed"]] == ["hs-1", "hs-2"]
    assert [r["outcome_proposal"] for r in rows] == ["not_eligible"] * 3 + ["eligible"] * 2
    assert rows[1]["failed_rules_proposal"] == ["SAL-02"]
    assert "2 change outcome under the proposal" in summary
    assert ": 2 eligible → not_eligible (first: hs-1, hs-2)" in summary
    # The same file a day before the proposed start: nothing changes.
    summary = run_bulk(
        source,
        tmp_path / "out.parquet",
        dt.date(2026, 6, 30),
        proposal=RB.with_proposal([RAISE_HS]),
    )
    assert "; 0 change outcome under the proposal" in summary
    assert not any(pq.read_table(tmp_path / "out.parquet").column("changed").to_pylist())


def test_run_bulk_refuses_a_proposal_with_a_compare_date_and_writes_an_empty_file(
    tmp_path: Path,
) -> None:
    source = _write(tmp_path, _hs_rows())
    with pytest.raises(BulkInputError) as caught:
        run_bulk(
            source,
            tmp_path / "out.parquet",
            dt.date(2026, 7, 1),
            compare_date=dt.date(2026, 1, 1),
            proposal=RB.with_proposal([RAISE_HS]),
        )
    assert caught.value.field == "--proposal"
    empty = _write(tmp_path, [])
    run_bulk(
        empty,
        tmp_path / "empty.parquet",
        dt.date(2026, 7, 1),
        proposal=RB.with_proposal([RAISE_HS]),
    )
    assert pq.read_table(tmp_path / "empty.parquet").column_names[-3:] == [
        "outcome_proposal",
        "failed_rules_proposal",
        "changed",
    ]


def test_evaluate_table_under_a_proposal_equals_the_proposal_column(tmp_path: Path) -> None:
    rows = _hs_rows()
    proposed = RB.with_proposal([RAISE_HS])
    out = evaluate_table(
        pa.Table.from_pylist(rows, schema=SCHEMA.set(0, pa.field("id", pa.string()))),
        dt.date(2026, 7, 1),
        proposed,
    )
    assert out.column("outcome").to_pylist() == ["not_eligible"] * 3 + ["eligible"] * 2


# --- the commands -------------------------------------------------------------------------------


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PASSAGE), "rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_cli_check_with_a_proposal(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps([RAISE_HS]))
    (tmp_path / "case.json").write_text(json.dumps({"id": "c1", **_hs("2026-07-01", "49000")}))
    proc = _run("check", "--proposal", str(tmp_path / "p.json"), str(tmp_path / "case.json"))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) == {"baseline", "proposal", "changed"}
    assert doc["baseline"]["outcome"] == "eligible"
    assert doc["proposal"]["outcome"] == "not_eligible"
    assert (
        doc["proposal"]["checks"][-1]["citation"]["seed"]
        == "proposal: Flemish 2026 thresholds (SAL-03)"
    )
    assert doc["changed"] == [
        {
            "index": 0,
            "id": "c1",
            "baseline": {"outcome": "eligible", "failed_rules": []},
            "proposal": {"outcome": "not_eligible", "failed_rules": ["SAL-02"]},
        }
    ]
    # A batch: arrays of decisions, the changed cases by index.
    batch = [_hs("2026-07-01", s) for s in ("48000", "49000", "50000")]
    proc = _run("check", "--proposal", str(tmp_path / "p.json"), stdin=json.dumps(batch))
    doc = json.loads(proc.stdout)
    assert [d["outcome"] for d in doc["baseline"]] == ["not_eligible", "eligible", "eligible"]
    assert [d["outcome"] for d in doc["proposal"]] == ["not_eligible", "not_eligible", "eligible"]
    assert [c["index"] for c in doc["changed"]] == [1]
    # Without --proposal, the answer is a decision as before.
    plain = json.loads(_run("check", str(tmp_path / "case.json")).stdout)
    assert plain["outcome"] == "eligible" and "baseline" not in plain


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (None, "--proposal"),
        ("[{", "--proposal"),
        (
            json.dumps([{**RAISE_HS, "parameter": "single_permit.salary.flanders.highly"}]),
            "proposal[0].parameter",
        ),
        (json.dumps([{**RAISE_HS, "value": "fifty thousand"}]), "proposal[0].value"),
        (json.dumps([{**RAISE_HS, "start": "2026-07"}]), "proposal[0].start"),
    ],
)
def test_cli_bad_proposals_exit_2_naming_the_field(
    tmp_path: Path, text: str | None, field: str
) -> None:
    path = tmp_path / "p.json"
    if text is not None:
        path.write_text(text)
    (tmp_path / "case.json").write_text(json.dumps(_hs("2026-07-01", "49000")))
    for args in (
        ["check", "--proposal", str(path), str(tmp_path / "case.json")],
        [
            "bulk",
            "--input",
            str(_write(tmp_path, _hs_rows())),
            "--date",
            "2026-07-01",
            "--output",
            str(tmp_path / "o.parquet"),
            "--proposal",
            str(path),
        ],
    ):
        proc = _run(*args)
        assert proc.returncode == 2, (args, proc.stdout)
        assert proc.stderr.startswith(f"error: {field}: "), proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o.parquet").exists()


def test_cli_bulk_with_a_proposal(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps([RAISE_HS]))
    source = _write(tmp_path, _hs_rows())
    proc = _run(
        "bulk",
        "--input",
        str(source),
        "--date",
        "2026-07-01",
        "--output",
        str(tmp_path / "o.parquet"),
        "--proposal",
        str(tmp_path / "p.json"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "2 change outcome under the proposal" in proc.stdout
    assert "2 eligible → not_eligible" in proc.stdout
    assert pq.read_table(tmp_path / "o.parquet").column("changed").to_pylist() == [
        False,
        True,
        True,
        False,
        False,
    ]
    proc = _run(
        "bulk",
        "--input",
        str(source),
        "--date",
        "2026-07-01",
        "--output",
        str(tmp_path / "o2.parquet"),
        "--proposal",
        str(tmp_path / "p.json"),
        "--compare-date",
        "2026-01-01",
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: --proposal: cannot be combined with --compare-date")
