# SPDX-License-Identifier: EUPL-1.2
"""``passage rules …``: check, explain, list parameters, bulk re-evaluation.

Bad input exits with code 2 and one line naming the field, on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from passage.rules import cli_check
from passage.rules.cli_check import fail
from passage.rules.engine import evaluate
from passage.rules.errors import InputError
from passage.rules.explain import explain_text
from passage.rules.facts import parse_date
from passage.rules.parameters import RULEBOOK_START, default_rulebook

if TYPE_CHECKING:
    from passage.rules.parameters import Rulebook

app = typer.Typer(
    no_args_is_help=True,
    help="The rules engine: eligibility checks with traces, parameters, rules by id.",
)

FileArg = Annotated[
    Path | None,
    typer.Argument(help="A case as JSON (object, array or JSON Lines); stdin when omitted or '-'."),
]


ProposalOption = Annotated[
    Path | None,
    typer.Option(
        "--proposal",
        help="What-if: a JSON array of proposed changes {parameter, start, value, label}; "
        "answer under today's rules and under the proposal, with the cases that change",
    ),
]


def _proposal(path: Path | None) -> Rulebook | None:
    """The rulebook under the proposal in ``path`` (issue 9 item 8), or None without one."""
    if path is None:
        return None
    from passage.rules.whatif import loads_proposal

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        fail("--proposal", f"{path}: no such file")
    except IsADirectoryError:
        fail("--proposal", f"{path}: is a directory")
    except PermissionError:
        fail("--proposal", f"{path}: permission denied")
    try:
        return default_rulebook().with_proposal(loads_proposal(data))
    except InputError as exc:
        fail(exc.field, exc.message)


@app.command("check")
def check(file: FileArg = None, proposal: ProposalOption = None) -> None:
    """Evaluate one case (or a batch) and print the decision as JSON."""
    proposed = _proposal(proposal)
    if proposed is None:
        # The same function `passage rules check [FILE]` runs without Typer (passage.cli).
        cli_check.check(file)
        return
    from passage.rules.whatif import evaluate_what_if

    cases, single = cli_check.read_cases(file)
    try:
        answer = evaluate_what_if(cases, default_rulebook(), proposed)
    except InputError as exc:
        fail(exc.field.removeprefix("[0].") if single else exc.field, exc.message)
    if single:
        answer = {
            **answer,
            "baseline": answer["baseline"][0],
            "proposal": answer["proposal"][0],
        }
    typer.echo(orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode())


@app.command("explain")
def explain(
    file: FileArg = None,
    lang: Annotated[str, typer.Option("--lang", help="nl, fr, de or en")] = "en",
) -> None:
    """Evaluate one case and print the decision as readable text."""
    if lang not in {"en", "nl", "fr", "de"}:
        fail("--lang", f"{lang!r} is not one of: de, en, fr, nl")
    cases, single = cli_check.read_cases(file)
    if not single and len(cases) != 1:
        fail("FILE", "explain takes one case")
    try:
        decision = evaluate(cases[0])
    except InputError as exc:
        fail(exc.field, exc.message)
    typer.echo(explain_text(decision, lang), nl=False)


@app.command("params")
def params(
    date: Annotated[str, typer.Option("--date", help="YYYY-MM-DD")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """List the parameters in force on a date, with their citations."""
    try:
        day = parse_date(date, "--date")
    except InputError as exc:
        fail(exc.field, exc.message)
    if day < RULEBOOK_START:
        fail("--date", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})")
    values = default_rulebook().parameters_in_force(day)
    if as_json:
        typer.echo(orjson.dumps([v.to_dict() for v in values], option=orjson.OPT_INDENT_2).decode())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Parameters in force on {day.isoformat()}", show_lines=False)
    for col in ("parameter", "value", "unit", "status", "since", "rule", "source"):
        table.add_column(col, overflow="fold")
    for v in values:
        value = ", ".join(v.value) if isinstance(v.value, tuple) else str(v.value)
        since = v.start.isoformat() + ("" if v.start_known else " (?)")
        status = v.status + (" ⚠ review" if v.needs_review else "")
        table.add_row(v.name, value, v.unit, status, since, v.rule_id, v.citation.seed)
    Console(width=200).print(table)


@app.command("show")
def show(
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="RULE_ID",
            help="A seed-catalogue id: a rule (SAL-02), a flag (AMB-SAL-3), a figure (F-IP-22).",
        ),
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="Also give each parameter's value on YYYY-MM-DD")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Include the catalogue entry's whole text")
    ] = False,
    cases: Annotated[
        Path | None,
        typer.Option(
            "--cases", help="YAML test cases to search (default: tests/rules/cases of a checkout)"
        ),
    ] = None,
) -> None:
    """Show one rule: its seed-catalogue text (title, status, source line, quotes, flags), where
    the code uses it (file:line), its parameters with every dated value, status and citation,
    and the YAML test cases that mention it."""
    from passage.rules.show import (
        DEFAULT_CASES_DIR,
        ShowOptions,
        UnknownRule,
        render_text,
        rule_report,
    )

    day = None
    if date is not None:
        try:
            day = parse_date(date, "--date")
        except InputError as exc:
            fail(exc.field, exc.message)
        if day < RULEBOOK_START:
            fail("--date", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})")
    if cases is not None and not cases.is_dir():
        fail("--cases", f"{cases}: no such directory")
    options = ShowOptions(day=day, cases_dir=cases or DEFAULT_CASES_DIR, full_text=full)
    try:
        report = rule_report(rule_id, options)
    except UnknownRule as exc:
        fail("RULE_ID", exc.message)
    if as_json:
        typer.echo(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
        return
    typer.echo(render_text(report), nl=False)


@app.command("bulk")
def bulk(
    input: Annotated[Path, typer.Option("--input", help="Cases as Parquet")],
    date: Annotated[str, typer.Option("--date", help="Evaluation date YYYY-MM-DD")],
    output: Annotated[Path, typer.Option("--output", help="Decisions as Parquet")],
    compare_date: Annotated[
        str | None,
        typer.Option(
            "--compare-date",
            help="Also evaluate on this date and list the cases whose outcome differs",
        ),
    ] = None,
    proposal: ProposalOption = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)"),
    ] = None,
) -> None:
    """Evaluate many cases column-wise (NumPy/PyArrow), Parquet in, Parquet out."""
    from passage.rules.bulk import BulkInputError, run_bulk  # NumPy/PyArrow only when needed

    try:
        day = parse_date(date, "--date")
        other = parse_date(compare_date, "--compare-date") if compare_date else None
    except InputError as exc:
        fail(exc.field, exc.message)
    for name, d in (("--date", day), ("--compare-date", other)):
        if d is not None and d < RULEBOOK_START:
            fail(name, f"is before the rulebook starts ({RULEBOOK_START.isoformat()})")
    if proposal is not None and other is not None:
        fail("--proposal", "cannot be combined with --compare-date")
    proposed = _proposal(proposal)
    if not input.is_file():
        fail("--input", f"{input}: no such file")
    show = sys.stderr.isatty() if progress is None else progress
    try:
        summary = run_bulk(input, output, day, compare_date=other, proposal=proposed, progress=show)
    except BulkInputError as exc:
        fail(exc.field, exc.message)
    typer.echo(summary)
