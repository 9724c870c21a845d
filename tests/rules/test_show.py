# SPDX-License-Identifier: EUPL-1.2
"""``passage rules show RULE_ID`` (issue 9 item 2): catalogue text, code, parameters, cases.

The command runs as users run it (the installed console script); the catalogue extract is
checked against ../shared/reference/seed-catalogue.md when that file is there.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from passage.rules import default_rulebook
from passage.rules.locations import _literals, rule_locations
from passage.rules.show import CATALOGUE_JSON, ShowOptions, UnknownRule, rule_report

PASSAGE = Path(sys.executable).with_name("passage")
REPO = Path(__file__).resolve().parents[2]
CATALOGUE_MD = REPO.parent / "shared" / "reference" / "seed-catalogue.md"
DAY_2026 = dt.date(2026, 6, 1)


def _show(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PASSAGE), "rules", "show", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def sal02() -> dict[str, Any]:
    done = _show("SAL-02", "--json", "--date", DAY_2026.isoformat())
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_sal02_shows_the_catalogue_quote_and_source(sal02: dict[str, Any]) -> None:
    entry = sal02["catalogue"]
    assert sal02["id"] == "SAL-02" and entry["kind"] == "rule"
    assert entry["title"].startswith("Minimum salary per category, by region")
    # The table lead-in quoted by the catalogue for SAL-02 (002 §1.2.1 L210).
    assert any(q.startswith("The minimum gross annual salary standards") for q in entry["quotes"])
    assert entry["src"] == "002 §1.2.1 L210–L222"
    assert [f.split(":")[0] for f in entry["flags"]] == [f"AMB-SAL-{i}" for i in range(1, 11)]
    assert "text" not in entry  # only with --full


def test_sal02_shows_its_thresholds_with_the_values_in_force_in_2026(sal02: dict[str, Any]) -> None:
    rb = default_rulebook()
    thresholds = {
        p["parameter"]: p
        for p in sal02["parameters"]
        if p["parameter"].startswith("single_permit.salary.")
    }
    expected = {name for name, v in rb.values.items() if v[0].rule_id == "SAL-02"}
    assert {p["parameter"] for p in sal02["parameters"]} >= expected
    assert set(thresholds) == {n for n in expected if n.startswith("single_permit.salary.")}
    for name, p in thresholds.items():
        in_force = rb.get(name, DAY_2026)
        assert in_force is not None, name
        assert p["in_force_on"]["value"] == str(in_force.value), name
        assert p["in_force_on"]["applicable"] == in_force.applicable, name
        for value in p["values"]:
            assert value["status"] and value["citation"]["seed"].startswith("002"), name
    # Seed values (002 §1.2.1 L213–L214), unchanged in 2026 as far as the seeds say (SAL-03).
    assert (
        thresholds["single_permit.salary.flanders.highly_skilled"]["in_force_on"]["value"]
        == "48912"
    )
    assert thresholds["single_permit.salary.brussels.highly_skilled"]["unit"] == "EUR/month gross"
    # AMB-SAL-3: shown, but the engine does not apply it.
    athletes = thresholds["single_permit.salary.wallonia.professional_athlete"]
    assert athletes["in_force_on"]["applicable"] is False
    assert athletes["values"][0]["needs_review"].startswith("AMB-SAL-3")


def test_sal02_shows_code_locations_that_use_the_id(sal02: dict[str, Any]) -> None:
    locations = sal02["locations"]
    assert locations and all(loc["path"].startswith("src/passage/rules/") for loc in locations)
    for loc in locations:
        line = (REPO / loc["path"]).read_text(encoding="utf-8").splitlines()[loc["line"] - 1]
        assert '"SAL-02"' in line, loc


def test_sal02_shows_its_declaration_in_the_rule_registry(sal02: dict[str, Any]) -> None:
    declared = sal02["declared"]
    assert declared["procedure"] == "single_permit" and declared["severity"] == "blocking"
    assert (
        "gross_salary" in declared["facts"] and "single_permit.salary.*" in declared["parameters"]
    )
    where = declared["location"]
    lines = (REPO / where["path"]).read_text(encoding="utf-8").splitlines()
    assert lines[where["line"] - 1].startswith("@rule(")
    assert '"SAL-02"' in lines[where["line"]]


def test_sal02_shows_the_yaml_cases_that_mention_it(sal02: dict[str, Any]) -> None:
    cases = sal02["cases"]
    assert cases and any(c["file"] == "tests/rules/cases/salary_thresholds.yaml" for c in cases)
    for case in cases:
        line = (REPO / case["file"]).read_text(encoding="utf-8").splitlines()[case["line"] - 1]
        assert case["name"] in line, case
        assert "SAL-02" in case["name"] + str(case["reference"]) or "output" in case["mentioned_in"]


def test_text_output_has_every_part() -> None:
    done = _show("sal-02")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("SAL-02 — Minimum salary per category")
    assert "«The minimum gross annual salary standards" in out and "- AMB-SAL-3:" in out
    first = rule_locations("SAL-02")[0]
    assert f"  {first[0]}:{first[1]}\n" in out
    assert "single_permit.salary.flanders.highly_skilled  [EUR/year gross]" in out
    assert "tests/rules/cases/salary_thresholds.yaml:" in out


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["SAL-2"], "RULE_ID", ["'SAL-2'", "SAL-02"]),
        (["NO-SUCH-RULE"], "RULE_ID", ["'NO-SUCH-RULE'"]),
        (["SAL-02", "--date", "2024-12-31"], "--date", ["before the rulebook"]),
        (["SAL-02", "--date", "tomorrow"], "--date", []),
        (["SAL-02", "--cases", "/no/such/dir"], "--cases", ["no such directory"]),
    ],
)
def test_bad_input_exits_2_naming_the_argument(
    args: list[str], field: str, words: list[str]
) -> None:
    done = _show(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {field}: "), done.stderr
    for word in words:
        assert word in lines[0]
    assert done.stdout == ""


def test_unknown_id_suggests_close_matches() -> None:
    with pytest.raises(UnknownRule) as caught:
        rule_report("FR-1")
    assert "FR-01" in caught.value.suggestions


def test_flags_figures_and_lists_are_shown_too() -> None:
    flag = rule_report("AMB-SAL-3")
    assert flag["catalogue"]["kind"] == "flag" and flag["catalogue"]["parent"] == "SAL-02"
    assert [p["parameter"] for p in flag["parameters"]] == [
        "single_permit.salary.wallonia.professional_athlete"
    ]
    assert flag["parameters"][0]["matched_by"] == ["flag"]
    figure = rule_report("F-IP-22")
    assert figure["catalogue"]["columns"]["src"] == "L485"
    assert [p["parameter"] for p in figure["parameters"]] == [
        "international_protection.cgrs.standard_capacity"
    ]
    lists = rule_report("BNP-FL-1")["occupation_lists"]
    assert [lst["list"] for lst in lists] == ["BNP-FL-1"] and lists[0]["region"] == "flanders"


def test_without_a_cases_directory_the_report_says_so(tmp_path: Path) -> None:
    report = rule_report("SAL-01", ShowOptions(cases_dir=tmp_path / "absent"))
    assert report["cases"] is None and "tests/rules/cases" in report["cases_note"]
    assert report["parameters"] and report["catalogue"]["status"] == "IN_FORCE."


# --- locations -------------------------------------------------------------------------------


def test_locations_count_literals_not_comments_or_docstrings(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        '"""Module docstring citing SAL-02."""\n'
        "# SAL-02 in a comment\n"
        "def f():\n"
        '    """SAL-02"""\n'
        '    return "SAL-02"\n'
        'X = {"SAL-02": 1, "rule": f"{0}SAL-02"}\n',
        encoding="utf-8",
    )
    assert _literals(source)["SAL-02"] == (5, 6)


def test_rule_locations_point_at_the_literal() -> None:
    assert rule_locations("NO-SUCH-RULE") == []
    found = rule_locations("FR-01")
    assert found == sorted(found) and found
    for path, line in found:
        assert path.startswith("src/passage/rules/")
        assert '"FR-01"' in (REPO / path).read_text(encoding="utf-8").splitlines()[line - 1]


# --- the catalogue extract -------------------------------------------------------------------


def test_the_extract_is_package_data() -> None:
    import passage.rules

    assert CATALOGUE_JSON.parent == Path(passage.rules.__file__).parent
    doc = json.loads(CATALOGUE_JSON.read_text(encoding="utf-8"))
    assert doc["generated_by"] == "scripts/extract_catalogue.py"
    # Every rule id the rulebook uses is in the catalogue (a typo would show up here).
    ids = {v[0].rule_id for v in default_rulebook().values.values()}
    assert ids - set(doc["entries"]) == set()


@pytest.mark.skipif(
    not CATALOGUE_MD.is_file(), reason=f"{CATALOGUE_MD} is not here (no ../shared checkout)"
)
def test_the_committed_extract_is_in_sync_with_the_catalogue() -> None:
    spec = importlib.util.spec_from_file_location(
        "extract_catalogue", REPO / "scripts" / "extract_catalogue.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.dumps(module.build(CATALOGUE_MD))
    assert fresh == CATALOGUE_JSON.read_text(encoding="utf-8"), (
        "src/passage/rules/catalogue.json is out of date: run scripts/extract_catalogue.py"
    )
    # Spot checks of the extraction against the catalogue text itself.
    entries = json.loads(fresh)["entries"]
    text = CATALOGUE_MD.read_text(encoding="utf-8").splitlines()
    for rule_id in ("SAL-01", "SAL-02", "FR-01", "AMB-SAL-3", "F-IP-22"):
        assert rule_id in text[entries[rule_id]["catalogue_line"] - 1], rule_id
    assert entries["SAL-01"]["src"] == "002 §1.2.1 L208."
