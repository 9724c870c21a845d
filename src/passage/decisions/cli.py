# SPDX-License-Identifier: EUPL-1.2
"""``passage decisions …``: write a decided application's sealed letter, verify a letter.

Exit codes: 0 done / valid and matching; 1 the letter is invalid or does not match the record
(the reason is printed); 2 bad input (unknown reference, no decision yet, unreadable file,
seal not configured).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, help="Decision letters: sealed PDF/A, verification.")


@app.callback()
def _group() -> None:
    """Decision letters: sealed PDF/A, verification."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command("letter")
def letter(
    reference: Annotated[str, typer.Argument(help="The application's reference.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the PDF.")],
    part: str | None = typer.Option(
        None, help="regional or federal (needed when both parts are decided)."
    ),
    language: str | None = typer.Option(
        None, help="nl, fr, de or en (default: the procedure's language, from the region)."
    ),
) -> None:
    """Write the sealed PDF/A letter of a decided application."""
    from passage.cli import _django_setup

    _django_setup()
    from django.core.exceptions import ImproperlyConfigured

    from passage.decisions import letters
    from passage.decisions.selectors import decisions_for_reference
    from passage.decisions.services import letter_issue

    if part is not None and part not in {"regional", "federal"}:
        raise _fail(f"part: {part!r} is not one of: regional, federal")
    if language is not None and language not in letters.LANGUAGES:
        raise _fail(f"language: {language!r} is not one of: {', '.join(letters.LANGUAGES)}")
    decisions = decisions_for_reference(reference)
    if part is not None:
        decisions = [d for d in decisions if d.part == part]
    if not decisions:
        which = f"{part} decision" if part else "decision"
        raise _fail(f"reference: {reference!r} has no {which} yet")
    if len(decisions) > 1:
        raise _fail(f"part: {reference} has a regional and a federal decision; choose with --part")
    if not output.parent.is_dir():
        raise _fail(f"output: folder {output.parent} does not exist")
    try:
        issued = letter_issue(actor=None, decision=decisions[0], language=language)
    except ImproperlyConfigured as exc:
        raise _fail(str(exc)) from exc
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(issued.pdf)
    tmp.replace(output)
    typer.echo(
        f"{output}: letter of {reference} ({decisions[0].part}, {decisions[0].outcome}), "
        f"verification code {issued.letter.verification_code}"
    )


@app.command("verify")
def verify(path: Annotated[Path, typer.Argument(help="The letter (PDF).")]) -> None:
    """Check the seal and that the letter matches the decision on record."""
    from passage.cli import _django_setup

    _django_setup()
    from django.utils import translation

    from passage.decisions.verification import letter_verify

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"file: {path} cannot be read ({exc.strerror})") from exc
    with translation.override("en"):
        result = letter_verify(data)
        if result.reason in {"not_pdf"}:
            raise _fail(f"file: {result.message}")
        if not result.valid:
            typer.echo(f"invalid: {result.message}")
            raise typer.Exit(1)
    decision = result.letter.decision
    sealed_at = result.sealed_at.isoformat() if result.sealed_at else "?"
    typer.echo(
        f"valid: sealed by {result.sealed_by} on {sealed_at}; decision "
        f"{decision.application.reference} ({decision.part}, {decision.outcome}, "
        f"{decision.decided_at.date().isoformat()})"
    )


@app.command("dev-seal")
def dev_seal(
    keys: Annotated[Path, typer.Option(help="The test PKI's key folder (make pki).")] = Path(
        "var/pki"
    ),
    port: Annotated[int, typer.Option(help="The test PKI's port.")] = 8310,
) -> None:
    """Development only: write the test PKI's seal key and certificates to <keys>/seal and
    print the PASSAGE_SEAL_* settings that use them (the PKI must run for sealing)."""
    from passage.decisions.testing import seal_files_write
    from passage.signatures import pki
    from passage.signatures.testing import TestPki

    server = pki.PkiServer(keys, port=port)
    config = pki.pki_load(keys, port=port)
    pki.trust_write(config, keys)
    values = seal_files_write(TestPki(server=server, config=config), keys / "seal")
    for name, value in values.items():
        typer.echo(f"export {name}={value}")
