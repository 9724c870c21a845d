# SPDX-License-Identifier: EUPL-1.2
"""``passage rules check | explain | params`` through the installed console script.

Every run is a real subprocess of ``.venv/bin/passage`` (the entry point users and cron jobs
call). The runs are independent, so they start together once per module and each test reads
its own result.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

PASSAGE = Path(sys.executable).with_name("passage")

GOOD = {
    "id": "case-17",
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "wallonia",
    "category": "other",
    "gross_salary": "2111.88",
    "salary_period": "month",
    "labour_market_test_passed": True,
}
FEE = {"procedure": "nationality_fee", "date": "2025-07-29", "payment_date": "2025-07-29"}


def _bad(**changes: Any) -> str:
    case = {k: v for k, v in GOOD.items() if k not in changes or changes[k] is not None}
    case.update({k: v for k, v in changes.items() if v is not None})
    return json.dumps(case)


#: Each bad input class: the file's text (None: no such file), the command, the field named.
BAD_INPUTS: dict[str, tuple[str | None, list[str], str]] = {
    "unknown procedure": (_bad(procedure="work_visa"), ["check"], "procedure"),
    "unknown region": (_bad(region="luxembourg"), ["check"], "region"),
    "unknown category": (_bad(category="astronaut"), ["check"], "category"),
    "negative salary": (_bad(gross_salary="-2111.89"), ["check"], "gross_salary"),
    "non-numeric salary": (_bad(gross_salary="two thousand"), ["check"], "gross_salary"),
    "missing required fact": (_bad(date=None), ["check"], "date"),
    "date before the rulebook": (_bad(date="2024-12-31"), ["check"], "date"),
    "malformed JSON": ('{"procedure": "single_permit", "date": ', ["check"], "body"),
    "unknown fact name": (_bad(favourite_colour="blue"), ["check"], "favourite_colour"),
    "missing file": (None, ["check"], "FILE"),
    "bad --lang": (json.dumps(GOOD), ["explain", "--lang", "xx"], "--lang"),
    "bad --date": (None, ["params", "--date", "2025-13-01"], "--date"),
    "--date before the rulebook": (None, ["params", "--date", "2024-12-31"], "--date"),
    "explain of a bad case": (_bad(region="mars"), ["explain", "--lang", "nl"], "region"),
    "batch with a bad second case": (
        json.dumps([GOOD, {**GOOD, "gross_salary": "-1"}]),
        ["check"],
        "[1].gross_salary",
    ),
}
GOOD_RUNS: dict[str, tuple[str | None, list[str]]] = {
    "check": (json.dumps(GOOD), ["check"]),
    "check batch": (json.dumps([GOOD, FEE]), ["check"]),
    "check stdin": (json.dumps(FEE), ["check", "-"]),
    "explain en": (json.dumps(GOOD), ["explain", "--lang", "en"]),
    "explain nl": (json.dumps(GOOD), ["explain", "--lang", "nl"]),
    "explain fr": (json.dumps(GOOD), ["explain", "--lang", "fr"]),
    "explain de": (json.dumps(GOOD), ["explain", "--lang", "de"]),
    "params table": (None, ["params", "--date", "2025-03-01"]),
    "params json": (None, ["params", "--date", "2025-03-01", "--json"]),
    "params json before the GMMI rise": (None, ["params", "--date", "2025-01-15", "--json"]),
}


def _run(tmp: Path, name: str, text: str | None, args: list[str]) -> subprocess.CompletedProcess:
    command = [str(PASSAGE), "rules", *args]
    stdin = None
    if args[0] in {"check", "explain"}:
        path = tmp / f"{abs(hash(name))}.json"
        if "-" in args:
            stdin = text
        else:
            if text is not None:
                path.write_text(text, encoding="utf-8")
            command.insert(3, str(path))
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    assert PASSAGE.is_file(), f"{PASSAGE} is not installed (make install)"
    tmp = tmp_path_factory.mktemp("cli")
    jobs = {name: (text, args) for name, (text, args, _) in BAD_INPUTS.items()} | GOOD_RUNS
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(_run, tmp, name, *job) for name, job in jobs.items()}
        yield {name: f.result() for name, f in futures.items()}
    shutil.rmtree(tmp, ignore_errors=True)


# --- check -----------------------------------------------------------------------------------


def test_check_prints_the_decision_as_json(runs: dict[str, Any]) -> None:
    done = runs["check"]
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["id"] == "case-17"
    assert doc["outcome"] == "not_eligible" and doc["failed_rules"] == ["SAL-01"]
    sal01 = next(c for c in doc["checks"] if c["rule"] == "SAL-01")
    assert sal01["threshold"] == "2111.89" and sal01["value"] == "2111.88"
    assert sal01["citation"]["seed"] == "002 §1.2.1 L208"


def test_check_a_batch_prints_a_list(runs: dict[str, Any]) -> None:
    done = runs["check batch"]
    assert done.returncode == 0, done.stderr
    docs = json.loads(done.stdout)
    assert [d["outcome"] for d in docs] == ["not_eligible", "computed"]
    assert docs[1]["result"] == {"fee": "1000", "currency": "EUR"}


def test_check_reads_standard_input(runs: dict[str, Any]) -> None:
    done = runs["check stdin"]
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["fee"] == "1000"


# --- explain ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Outcome: not eligible", "The gross wage", "FAILED", "Source", "1 February 2025"]),
        (
            "nl",
            [
                "Uitkomst: komt niet in aanmerking",
                "Het brutoloon",
                "NIET VOLDAAN",
                "Bron",
                "1 februari 2025",
            ],
        ),
        (
            "fr",
            [
                "Résultat: non éligible",
                "Le salaire brut",
                "NON REMPLI",
                "Source",
                "1er février 2025",
            ],
        ),
        (
            "de",
            [
                "Ergebnis: erfüllt die Voraussetzungen nicht",
                "Der Bruttolohn",
                "Quelle",
                "1. Februar 2025",
            ],
        ),
    ],
)
def test_explain_speaks_each_language(runs: dict[str, Any], lang: str, words: list[str]) -> None:
    done = runs[f"explain {lang}"]
    assert done.returncode == 0, done.stderr
    for word in words:
        assert word in done.stdout, (lang, word)
    # The date the SAL-01 parameter took effect is written out, never in ISO form.
    assert "SAL-01" in done.stdout and "2025-02-01" not in done.stdout


# --- params ---------------------------------------------------------------------------------


def test_params_lists_a_known_parameter_with_its_citation(runs: dict[str, Any]) -> None:
    done = runs["params table"]
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if "single_permit.gmmi" in x)
    assert "2111.89" in line and "SAL-01" in line and "002 §1.2.1 L208" in line


def test_params_json_gives_values_in_force_on_the_date(runs: dict[str, Any]) -> None:
    for name, value, start in [
        ("params json", "2111.89", "2025-02-01"),
        ("params json before the GMMI rise", "2070.48", "2025-01-01"),
    ]:
        done = runs[name]
        assert done.returncode == 0, done.stderr
        params = {p["parameter"]: p for p in json.loads(done.stdout)}
        gmmi = params["single_permit.gmmi"]
        assert (gmmi["value"], gmmi["effective_date"]) == (value, start)
        assert gmmi["citation"] == {"catalogue": "SAL-01", "seed": "002 §1.2.1 L208"}
        assert gmmi["status"] == "in_force" and gmmi["unit"] == "EUR/month gross"
    athletes = params["single_permit.salary.wallonia.professional_athlete"]
    assert athletes["needs_review"].startswith("AMB-SAL-3")


# --- bad input: exit 2, one line on stderr naming the field, no traceback ---------------------


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_naming_the_field(runs: dict[str, Any], name: str) -> None:
    field = BAD_INPUTS[name][2]
    done = runs[name]
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {field}: "), lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


# --- the plain `rules check` path and lazy imports (issue 9 item 2) --------------------------

#: Libraries a one-case check must not load: the CLI framework and everything the other
#: commands need (the web stack, the CBSS client, the bulk path, the table printer).
HEAVY = ("typer", "click", "pydantic", "httpx", "django", "numpy", "pyarrow", "rich", "celery")

_LOADED = """
import atexit, sys
heavy = {heavy!r}
atexit.register(lambda: sys.stderr.write(
    "LOADED " + ",".join(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))) + "\\n"))
sys.argv = ["passage", *{argv!r}]
{body}
"""


def _loaded(argv: list[str], body: str, stdin: str | None = None) -> tuple[set[str], Any]:
    code = _LOADED.format(heavy=HEAVY, argv=argv, body=body)
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("LOADED"))
    return set(filter(None, line.removeprefix("LOADED ").split(","))), done


@pytest.mark.parametrize("argv", [["rules", "check", "{file}"], ["rules", "check"]])
def test_plain_check_loads_no_framework_and_no_heavy_library(
    tmp_path: Path, argv: list[str]
) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(GOOD), encoding="utf-8")
    argv = [a.format(file=case) for a in argv]
    loaded, done = _loaded(
        argv,
        "from passage.cli import main\nmain()",
        stdin=None if len(argv) == 3 else json.dumps(GOOD),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["failed_rules"] == ["SAL-01"]
    assert loaded == set(), loaded


def test_importing_the_rules_cli_loads_only_typer() -> None:
    loaded, done = _loaded([], "import passage.rules.cli")
    assert done.returncode == 0, done.stderr
    # Typer brings Click; Pydantic comes only when a parameter is coerced.
    assert loaded <= {"typer", "click"}, loaded


def test_the_root_app_registers_every_sub_app_without_their_dependencies() -> None:
    loaded, done = _loaded([], "from passage.cli import app\nassert app.registered_groups")
    assert done.returncode == 0, done.stderr
    assert loaded & {"httpx", "django", "numpy", "pyarrow", "celery"} == set(), loaded


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(GOOD),
        json.dumps([GOOD, FEE]),
        _bad(gross_salary="-1"),
        "{",
        json.dumps([GOOD, {}]),
    ],
    ids=["one case", "batch", "bad field", "malformed", "bad second case"],
)
def test_plain_and_typer_check_give_the_same_answer(tmp_path: Path, text: str) -> None:
    case = tmp_path / "case.json"
    case.write_text(text, encoding="utf-8")
    # `--` ends the options: the same command, but through the Typer application.
    plain, typer_run = (
        subprocess.run(
            [str(PASSAGE), "rules", "check", *extra, str(case)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for extra in ([], ["--"])
    )
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        typer_run.returncode,
        typer_run.stdout,
        typer_run.stderr,
    )
    assert plain.returncode in {0, 2} and (plain.stdout or plain.stderr.startswith("error: "))


def test_check_help_still_comes_from_typer() -> None:
    done = subprocess.run(
        [str(PASSAGE), "rules", "check", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Evaluate one case (or a batch)" in done.stdout and "stdin when" in done.stdout
