# SPDX-License-Identifier: EUPL-1.2
"""The rules added for issue 9 item 6 (EMP-01, IP-03, IP-06, IP-07, REC-08, TP-02/03/04,
INT-WA-01, NAT-01, THB-03, RET-01): one module per rule, their procedures registered, a YAML
case file per procedure with a pass, a fail and an undecided case where the rule has them, and
the bulk path refusing them with its own message."""

from __future__ import annotations

import datetime as dt
import importlib
import string
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from case_files import all_cases

from passage.rules import evaluate
from passage.rules.bulk import BulkInputError, evaluate_table, summarise_cases
from passage.rules.engine import COMPUTATIONS, ELIGIBILITY
from passage.rules.messages import LABELS, MESSAGES

ROOT = Path(__file__).resolve().parents[2]
PASSAGE = Path(sys.executable).with_name("passage")

#: procedure → (kind, the rule modules it runs, by catalogue id).
NEW = {
    "temporary_protection": (
        "eligibility",
        {
            "TP-02": "temporary_protection.tp_02_duration",
            "TP-03": "temporary_protection.tp_03_presence_in_ukraine",
            "TP-04": "temporary_protection.tp_04_protection_in_another_member_state",
        },
    ),
    "immediate_reception": (
        "eligibility",
        {"REC-08": "reception.rec_08_single_men_waiting_list"},
    ),
    "naturalisation": ("eligibility", {"NAT-01": "nationality.nat_01_naturalisation"}),
    "voluntary_return": (
        "eligibility",
        {"RET-01": "return_and_reintegration.ret_01_avrr_order_to_leave"},
    ),
    "interview_absence_deadline": (
        "computation",
        {"IP-03": "international_protection.ip_03_interview_absence_deadline"},
    ),
    "processing_suspension": (
        "computation",
        {
            "IP-06": "international_protection.ip_06_syria_suspension",
            "IP-07": "international_protection.ip_07_west_bank_suspension",
        },
    ),
    "subcontracting_duty_of_care": (
        "computation",
        {"EMP-01": "employment.emp_01_subcontracting_duty_of_care"},
    ),
    "integration_programme_deadline": (
        "computation",
        {"INT-WA-01": "integration.int_wa_01_walloon_programme_deadline"},
    ),
    "reflection_period_end": (
        "computation",
        {"THB-03": "trafficking.thb_03_reflection_period"},
    ),
}
#: Computations whose every day has a dated value in force: no undecided branch exists.
ALWAYS_DECIDED = {"processing_suspension", "reflection_period_end"}


@pytest.mark.parametrize("procedure", sorted(NEW))
def test_procedure_is_registered_as_its_kind_and_labelled(procedure: str) -> None:
    kind, _ = NEW[procedure]
    registry = ELIGIBILITY if kind == "eligibility" else COMPUTATIONS
    assert procedure in registry
    assert procedure not in (COMPUTATIONS if kind == "eligibility" else ELIGIBILITY)
    for lang in ("en", "nl", "fr", "de"):
        assert LABELS[lang][procedure].strip(), (procedure, lang)


@pytest.mark.parametrize(
    ("rule", "module"),
    sorted((rule, module) for _, modules in NEW.values() for rule, module in modules.items()),
)
def test_each_rule_has_its_own_module_citing_its_id_and_seed_lines(rule: str, module: str) -> None:
    loaded = importlib.import_module(f"passage.rules.{module}")
    doc = " ".join((loaded.__doc__ or "").split())
    assert doc.startswith(f"{rule}:"), module
    assert "002 " in doc and " L" in doc, f"{module}: no seed line in the docstring"
    # The file is named after its rule: a newcomer reaches the code from the id alone.
    assert Path(loaded.__file__ or "").name.startswith(rule.lower().replace("-", "_") + "_")


def _cases_by_procedure() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in all_cases():
        out[case["input"].get("procedure", "")].append(case)
    return out


@pytest.mark.parametrize("procedure", sorted(NEW))
def test_each_procedure_has_its_case_file_with_pass_fail_and_undecided(procedure: str) -> None:
    cases = _cases_by_procedure()[procedure]
    assert {c["file"] for c in cases} == {f"{procedure}.yaml"}
    outcomes = {c["output"].get("outcome") for c in cases}
    kind, modules = NEW[procedure]
    wanted = (
        {"eligible", "not_eligible", "needs_review"}
        if kind == "eligibility"
        else {"computed"} | (set() if procedure in ALWAYS_DECIDED else {"needs_review"})
    )
    assert wanted <= outcomes, (procedure, outcomes)
    assert any("error" in c["output"] for c in cases), f"{procedure}: no bad-input case"
    cited = " ".join(c["reference"] for c in cases)
    assert all(rule in cited for rule in modules), (procedure, sorted(modules))


def test_every_new_message_has_four_languages_with_the_same_placeholders() -> None:
    prefixes = ("emp01_", "ip03_", "ip06_", "ip07_", "rec08_", "tp0", "intwa01_", "nat01_")
    keys = [k for k in MESSAGES if k.startswith((*prefixes, "thb03_", "ret01_"))]
    assert len(keys) >= 50
    for key in keys:
        texts = MESSAGES[key]
        assert set(texts) == {"en", "nl", "fr", "de"}, key
        fields = {lang: sorted(_placeholders(t)) for lang, t in texts.items()}
        assert len({tuple(f) for f in fields.values()}) == 1, (key, fields)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- the bulk path refuses them with its own message ---------------------------------------

_SP = {
    "region": "flanders",
    "category": "other",
    "gross_salary": "3000",
    "salary_period": "month",
    "application_type": "first",
}


@pytest.mark.parametrize("procedure", sorted(NEW))
def test_bulk_refuses_the_new_procedure_naming_the_row(procedure: str) -> None:
    rows = [{"procedure": "single_permit", **_SP}, {"procedure": procedure, **_SP}]
    with pytest.raises(BulkInputError) as caught:
        evaluate_table(pa.Table.from_pylist(rows), dt.date(2026, 4, 1))
    assert caught.value.field == "procedure[row 1]"
    assert caught.value.message == (
        f"{procedure!r} is not evaluated in bulk; one of: single_permit, family_reunification"
    )


def test_cli_bulk_exits_2_with_one_line_for_a_new_procedure(tmp_path: Path) -> None:
    pq.write_table(pa.table({"procedure": ["voluntary_return"]}), tmp_path / "in.parquet")
    done = subprocess.run(
        [
            str(PASSAGE),
            "rules",
            "bulk",
            "--input",
            str(tmp_path / "in.parquet"),
            "--output",
            str(tmp_path / "out.parquet"),
            "--date",
            "2026-04-01",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "error: procedure[row 0]: 'voluntary_return' is not evaluated in bulk; one of: "
        "single_permit, family_reunification"
    ]
    assert not (tmp_path / "out.parquet").exists()


def test_summaries_of_new_procedures_go_through_the_per_case_path() -> None:
    cases = [c["input"] for c in all_cases() if c["input"].get("procedure") in NEW]
    cases = [c for c in cases if not _refused(c)][:60]
    assert len(cases) == 60
    summaries = summarise_cases(cases)
    for case, summary in zip(cases, summaries, strict=True):
        decision = evaluate(case)
        assert summary["outcome"] == decision.outcome, case
        assert summary["failed_rules"] == list(decision.failed_rules), case


def _refused(case: dict[str, Any]) -> bool:
    try:
        evaluate(case)
    except ValueError:
        return True
    return False
