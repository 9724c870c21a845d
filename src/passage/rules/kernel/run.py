# SPDX-License-Identifier: EUPL-1.2
"""Running a procedure on one case: facts read once, partial facts, doubt-aware outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from passage.rules.decision import Check, Citation, Decision, Outcome, Severity, decide
from passage.rules.kernel.choices import OpenChoice, open_choices
from passage.rules.kernel.facts import FactSheet
from passage.rules.kernel.rule import Rule
from passage.rules.kernel.scalar import ChoiceRead, ScalarKernel, _missing_names
from passage.rules.parameters import ParameterNotApplicable, ParameterValue, Rulebook
from passage.rules.trace import Localized, make_check, value_key

Procedure = Callable[[Any, Any], None]

OUTCOME_LABELS: Mapping[str, tuple[str, str, str, str]] = {
    "eligible": ("eligible", "in aanmerking", "admissible", "berechtigt"),
    "not_eligible": ("not eligible", "niet in aanmerking", "non admissible", "nicht berechtigt"),
    "needs_review": (
        "to be reviewed by a caseworker",
        "te beoordelen door een dossierbehandelaar",
        "à examiner par un agent",
        "von einem Sachbearbeiter zu prüfen",
    ),
    "incomplete": ("incomplete", "onvolledig", "incomplet", "unvollständig"),
}
_LANGS = ("en", "nl", "fr", "de")


class FactValues:
    """A case's facts as attributes (None when not given)."""

    __slots__ = ("__dict__",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)


def conclude(
    checks: Sequence[Check], sheet: FactSheet
) -> tuple[Outcome, tuple[str, ...], tuple[str, ...]]:
    """``decision.decide`` with partial facts: a blocking failure refuses (final: no fact
    is asked); an undecided check that lacks facts makes the case ``incomplete`` and names
    them in the form's order; any other doubt sends it to a caseworker."""
    blocking = False
    reasons: list[str] = []
    missing: list[str] = []
    for c in checks:
        if c.severity == "info" or c.passed is True:
            continue
        if c.passed is False and c.severity == "blocking":
            blocking = True
            continue
        reasons.append(f"{c.rule}: {c.explanation['en']}")
        if c.passed is None and c.missing:
            missing.extend(c.missing)
    if blocking:
        return "not_eligible", tuple(reasons), ()
    if missing:
        return "incomplete", tuple(reasons), tuple(sheet.order(missing))
    if reasons:
        return "needs_review", tuple(reasons), ()
    return "eligible", (), ()


def outcome_of(checks: Sequence[Check]) -> Outcome:
    """``conclude``'s outcome alone, without reading an explanation."""
    blocking = doubt = missing = False
    for c in checks:
        if c.severity == "info" or c.passed is True:
            continue
        if c.passed is False and c.severity == "blocking":
            blocking = True
            continue
        doubt = True
        if c.passed is None and c.missing:
            missing = True
    if blocking:
        return "not_eligible"
    if missing:
        return "incomplete"
    return "needs_review" if doubt else "eligible"


class _RerunKernel(ScalarKernel):
    """The scalar kernel for a rerun under another reading of an open choice: only the
    outcome and each check's (rule, state, weight) are compared, so no explanation, figure
    or citation is built. The figures (``fmt``) never decide anything: the column backend
    never computes them either."""

    __slots__ = ()

    def check(
        self,
        rule: Rule,
        passed: bool | None,
        key: Any,
        *,
        severity: Severity | None = None,
        citation: Citation | None = None,
        pv: ParameterValue | None = None,
        fmt: Callable[[], Mapping[str, Any]] | None = None,
        missing: Iterable[Any] = (),
        concerns: Any = None,
        **details: Any,
    ) -> None:
        self.checks.append(
            Check(
                rule.id,
                passed,
                severity or rule.severity,
                rule.citation,
                _NO_TEXT,
                missing=self._named(_missing_names(missing)) if passed is None else (),
            )
        )
        self.concerns.append(self._concerns(concerns))

    def missing_facts(
        self,
        rule: Rule,
        *facts: Any,
        severity: Severity | None = None,
        concerns: Any = None,
    ) -> None:
        self.checks.append(
            Check(
                rule.id,
                None,
                severity or rule.severity,
                rule.citation,
                _NO_TEXT,
                missing=self._named(_missing_names(facts)),
            )
        )
        self.concerns.append(self._concerns(concerns))


_NO_TEXT: Mapping[str, str] = {}


def evaluate_case(
    procedure: str,
    run: Procedure,
    sheet: FactSheet,
    case: Mapping[str, Any],
    day: dt.date,
    rb: Rulebook,
) -> Decision:
    x = FactValues(sheet.read(case))
    k = ScalarKernel(rb, day, labels=sheet.label)
    try:
        run(k, x)
    except ParameterNotApplicable as exc:
        return not_applicable(procedure, day, rb, exc)
    checks = k.checks
    choices = open_choices()
    read = [c for c in k.choices.values() if c.name in choices]
    if read:
        checks = _doubt(run, x, rb, day, sheet, checks, read, choices)
    outcome, reasons, missing = conclude(checks, sheet)
    return Decision(procedure, day, outcome, tuple(checks), reasons, {}, rb.version, missing)


def _signature(c: Check) -> tuple[object, ...]:
    # Rule, state and weight: what the outcome and failed_rules are made of (the column
    # backend compares the same).
    return (c.rule, c.passed, c.severity)


def _doubt(
    run: Procedure,
    x: FactValues,
    rb: Rulebook,
    day: dt.date,
    sheet: FactSheet,
    checks: list[Check],
    read: list[ChoiceRead],
    choices: Mapping[str, OpenChoice],
) -> list[Check]:
    """Evaluate again under every other reading of each open choice the case read; where
    the outcome changes, the checks the readings do not share stop counting and an
    undecided check names the choice and what each reading gives."""
    base = outcome_of(checks)
    demoted: set[int] = set()
    inserted: list[tuple[int, Check]] = []
    for c in read:
        choice = choices[c.name]
        readings: list[tuple[Any, str]] = [(c.pv.value, base)]
        runs: list[list[Check]] = []
        for alternative in choice.alternatives:
            if alternative == c.pv.value:
                continue
            if c.settled == c.reads:
                # Every read of the choice gives the same under each reading: so does the run.
                readings.append((alternative, base))
                continue
            k = _RerunKernel(rb, day, {c.name: alternative}, sheet.label)
            try:
                run(k, x)
                outcome = outcome_of(k.checks)
            except ParameterNotApplicable:
                outcome = "needs_review"
            runs.append(k.checks)
            readings.append((alternative, outcome))
        depends = any(outcome != base for _, outcome in readings)
        if depends:
            for run_checks in runs:
                shared = {_signature(a) for a in run_checks}
                demoted |= {i for i, ch in enumerate(checks) if _signature(ch) not in shared}
        inserted.append((c.position, _choice_check(c, choice, readings, depends)))
    out = [replace(ch, severity="info") if i in demoted else ch for i, ch in enumerate(checks)]
    for position, check in sorted(inserted, key=lambda p: p[0], reverse=True):
        out.insert(position, check)
    return out


class _Question(Localized):
    __slots__ = ("text",)

    def __init__(self, text: Mapping[str, str]) -> None:
        self.text = text

    def memo_key(self) -> Any:
        return (_Question, *self.text.items())

    def render(self, lang: str) -> str:
        return self.text[lang]


class _Readings(Localized):
    __slots__ = ("readings",)

    def __init__(self, readings: list[tuple[Any, str]]) -> None:
        self.readings = readings

    def memo_key(self) -> Any:
        # f"{v}" of a reading: value_key keeps what str() shows apart (12 vs 12.0).
        keys = tuple((value_key(v), o) for v, o in self.readings)
        return None if any(k is None for k, _ in keys) else (_Readings, keys)

    def render(self, lang: str) -> str:
        i = _LANGS.index(lang)
        return "; ".join(f"{v}: {OUTCOME_LABELS[o][i]}" for v, o in self.readings)


def _choice_check(
    c: ChoiceRead, choice: OpenChoice, readings: list[tuple[Any, str]], depends: bool
) -> Check:
    details = dict(c.check)
    if "pv" not in details and "citation" not in details:
        # The choice's own value is named under ``choices``; its citation is the check's
        # unless the rule gives the seed line that raises the question (an administrator's
        # overlay of the choice cites no seed line).
        details["citation"] = c.pv.citation
    flags = (*details.pop("flags", ()), "OPEN-CHOICE")
    # The check is named after the question's catalogue id (AMB-SAL-8; FLA-07's own
    # transition), so that it never shadows the rule whose reading it doubts.
    return make_check(
        choice.check_rule or c.pv.citation.catalogue or c.rule,
        None if depends else True,
        choice.depends_key if depends else choice.same_key,
        severity="blocking" if depends else "info",
        flags=flags,
        choices={c.name: str(c.pv.value)},
        question=_Question(choice.question),
        readings=_Readings(readings),
        **details,
    )


def not_applicable(
    procedure: str, day: dt.date, rb: Rulebook, exc: ParameterNotApplicable
) -> Decision:
    """A parameter the case needs cannot be applied: the case goes to a caseworker, with the
    parameter named, rather than being decided on a doubtful or inapplicable value."""
    found = exc.found
    template = found or rb.values[exc.name][-1]
    if found is not None:
        check = make_check(
            found.rule_id,
            None,
            "parameter_needs_review",
            pv=found,
            reason=exc.reason,
            parameter=exc.name,
        )
    else:
        check = make_check(
            template.rule_id,
            None,
            "parameter_missing",
            citation=template.citation,
            parameter=exc.name,
        )
    outcome, reasons = decide((check,))
    return Decision(procedure, day, outcome, (check,), reasons, {}, rb.version)
