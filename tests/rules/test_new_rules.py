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

from passage.rules import evaluate, explain_text
from passage.rules.bulk import BulkInputError, evaluate_table, summarise_cases
from passage.rules.decision import LANGUAGES
from passage.rules.engine import COMPUTATIONS, ELIGIBILITY
from passage.rules.international_protection.ip_07_west_bank_suspension import ON_HOLD
from passage.rules.messages import LABELS, MESSAGES
from passage.rules.trace import Explanation, LocalDate

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


# --- explanations in four languages (tests/rules/test_explanations_i18n.py covers the cases) --


def test_ip03_dates_are_written_out_in_each_language() -> None:
    # 2025-09-01 + 8 calendar days (IP-03 from 4 Aug 2025, 002 L593) = 2025-09-09.
    decision = evaluate(
        {
            "procedure": "interview_absence_deadline",
            "date": "2025-09-01",
            "interview_date": "2025-09-01",
            "examination_procedure": "regular",
        }
    )
    text = decision.checks[0].explanation
    assert (
        "of 1 September 2025" in text["en"] and "within 8 days, by 9 September 2025" in text["en"]
    )
    assert "van 1 september 2025" in text["nl"] and "uiterlijk op 9 september 2025" in text["nl"]
    assert (
        "du 1er septembre 2025" in text["fr"] and "au plus tard le 9 septembre 2025" in text["fr"]
    )
    assert "am 1. September 2025" in text["de"] and "binnen 8 Tagen" in text["de"]
    assert "spätestens am 9. September 2025" in text["de"]
    assert "  Tage gezählt als: Kalendertage" in explain_text(decision, "de")


@pytest.mark.parametrize(
    ("key", "fmt", "lang", "expected"),
    [
        ("thb03_end", {"n": 1}, "en", "The reflection period of 1 day ends"),
        ("thb03_end", {"n": 1}, "nl", "De bedenktijd van 1 dag eindigt"),
        ("thb03_end", {"n": 1}, "fr", "Le délai de réflexion de 1 jour prend fin"),
        ("thb03_end", {"n": 1}, "de", "Die Bedenkzeit von 1 Tag endet"),
        ("thb03_end", {"n": 45}, "de", "Die Bedenkzeit von 45 Tagen endet"),
        ("ip03_deadline", {"n": 1}, "de", "binnen 1 Tag zu rechtfertigen"),
        ("ip03_deadline", {"n": 1}, "fr", "dans un délai de 1 jour, au plus tard"),
        ("ip03_deadline_working", {"n": 1}, "fr", "dans un délai de 1 jour ouvrable,"),
        ("ip03_deadline_working", {"n": 1}, "en", "within 1 working day, by"),
        ("ip03_deadline_working", {"n": 8}, "nl", "binnen 8 werkdagen"),
        ("intwa01_deadline", {"months": 1}, "nl", "binnen 1 maand voltooid"),
        ("intwa01_deadline", {"months": 1}, "de", "binnen 1 Monat abzuschließen"),
        ("intwa01_detention", {"days": 1}, "de", "Justizvollzugsanstalt (1 Tag)"),
        ("intwa01_detention", {"days": 2}, "de", "Justizvollzugsanstalt (2 Tage)"),
        ("intwa01_detention", {"days": 1}, "en", "institution (1 day)"),
        ("nat01_stateless_ok", {"years": 1}, "en", ": 1 year of legal residence completed"),
        ("nat01_stateless_ok", {"years": 2}, "fr", "séjour légal de 2 ans atteinte"),
        ("nat01_stateless_short", {"years": 1}, "de", ": 1 Jahr rechtmäßigen Aufenthalts erst"),
        ("rec08_minor", {"age": 1}, "de", "Mit 1 Jahr ist"),
        ("rec08_minor", {"age": 16}, "fr", "À 16 ans, le demandeur"),
        ("thb03_proposal_not_law", {"months": 1}, "de", "Myria schlägt 1 Monat"),
        ("thb03_proposal_not_law", {"months": 3}, "en", "Myria proposes 3 months"),
    ],
)
def test_counts_take_the_singular_or_the_plural(
    key: str, fmt: dict[str, Any], lang: str, expected: str
) -> None:
    day = LocalDate(dt.date(2026, 1, 2))
    dates = {"end": day, "deadline": day, "interview": day, "since": day, "on": day}
    text = Explanation(key, {**dates, "reached": day, **fmt})[lang]
    assert expected in text, text


@pytest.mark.parametrize(
    ("case", "names"),
    [
        (
            {
                "procedure": "subcontracting_duty_of_care",
                "date": "2026-03-02",
                "region": "german_speaking_community",
                "sector": "construction",
                "statement_provided": True,
                "false_documents": False,
            },
            {"nl": "Duitstalige Gemeenschap", "de": "Deutschsprachige Gemeinschaft"},
        ),
        (
            {
                "procedure": "subcontracting_duty_of_care",
                "date": "2026-03-02",
                "region": "flanders",
                "sector": "meat_processing",
                "statement_provided": True,
                "additional_information_provided": False,
                "false_documents": False,
            },
            {"fr": "(Transformation de la viande)", "de": "(Fleischverarbeitung)"},
        ),
        (
            {
                "procedure": "integration_programme_deadline",
                "date": "2025-03-03",
                "region": "brussels",
                "programme_start_date": "2025-03-01",
            },
            {"en": "Brussels-Capital Region", "de": "Region Brüssel-Hauptstadt"},
        ),
        (
            {
                "procedure": "interview_absence_deadline",
                "date": "2025-09-01",
                "interview_date": "2025-09-01",
                "examination_procedure": "fast_track",
            },
            {"fr": "procédure accélérée", "nl": "versnelde procedure"},
        ),
    ],
    ids=["emp01-region", "emp01-sector", "intwa01-region", "ip03-procedure"],
)
def test_coded_facts_are_named_in_the_reader_s_language(
    case: dict[str, Any], names: dict[str, str]
) -> None:
    codes = {str(v) for k, v in case.items() if k in {"region", "sector", "examination_procedure"}}
    texts = [c.explanation[lang] for c in evaluate(case).checks for lang in LANGUAGES]
    assert [t for t in texts if any(code in t for code in codes)] == []
    for lang, name in names.items():
        assert any(name in c.explanation[lang] for c in evaluate(case).checks), (lang, name)


def test_ip07_results_and_acts_read_in_each_language() -> None:
    decision = evaluate(
        {
            "procedure": "processing_suspension",
            "date": "2025-06-02",
            "country_of_origin": "PS",
            "from_west_bank": True,
            "registered_with_unrwa": False,
        }
    )
    assert decision.result["notification_on_hold"] == list(ON_HOLD)
    fr = explain_text(decision, "fr")
    assert "  Traitement suspendu: oui" in fr
    assert "  Décisions non notifiées: refus du statut de réfugié, décisions de protection" in fr
    for lang in LANGUAGES:
        assert not any(code in explain_text(decision, lang) for code in ON_HOLD), lang
    de = explain_text(decision, "de")
    assert "das GKFS" in de and "CGRS" not in de


@pytest.mark.parametrize(
    ("case", "lang", "name"),
    [
        (
            {
                "procedure": "subcontracting_duty_of_care",
                "date": "2026-03-02",
                "region": "flanders",
                "sector": "other",
                "statement_provided": True,
                "false_documents": False,
            },
            "nl",
            # 002 L305 (fn 17): the Dutch title.
            "wat betreft de zorgvuldigheidsplicht bij ketenaansprakelijkheid (C-2025/008896)",
        ),
        (
            {
                "procedure": "temporary_protection",
                "date": "2025-10-01",
                "nationality": "UA",
                "resided_in_ukraine_before_invasion": True,
                "present_in_ukraine_on_invasion_date": True,
                "residence_evidence": True,
                "temporary_protection_other_member_state": False,
            },
            "de",
            "Durchführungsbeschluss (EU) 2022/382 des Rates vom 4. März 2022, Art. 2",
        ),
        (
            {
                "procedure": "naturalisation",
                "date": "2025-06-02",
                "adult_or_emancipated": True,
                "recognised_stateless": True,
                "legal_residence_start": "2023-06-01",
            },
            "fr",
            "Code de la nationalité belge, art. 18 à 21",
        ),
        (
            {
                "procedure": "interview_absence_deadline",
                "date": "2025-09-01",
                "interview_date": "2025-09-01",
                "examination_procedure": "regular",
            },
            "nl",
            "Wet van 14 juli 2025 (bekendgemaakt op 23 juli 2025, in werking op 4 augustus 2025)",
        ),
    ],
    ids=["emp01", "tp03", "nat01", "ip03"],
)
def test_the_new_legal_acts_are_named_in_the_reader_s_language(
    case: dict[str, Any], lang: str, name: str
) -> None:
    assert name in explain_text(evaluate(case), lang)
