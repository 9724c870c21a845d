# SPDX-License-Identifier: EUPL-1.2
"""Server-rendered pages: the landing page, the public eligibility check, error pages."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from passage.api.problems import not_found_problem, server_error_problem
from passage.rulebook.forms import PROCEDURE_LABELS, SINGLE_PERMIT, CheckForm
from passage.rulebook.selectors import (
    ExplorerChange,
    ExplorerParameter,
    ExplorerValue,
    SeedSource,
    parameter_explorer_get,
    parameters_explorer,
    rulebook_current,
)
from passage.rules import Check, Decision, InputError, evaluate
from passage.rules.trace import legal_act_name

logger = logging.getLogger(__name__)

ENGINE_LANGUAGES = ("en", "nl", "fr", "de")

OUTCOME_LABELS = {
    "eligible": _("Eligible"),
    "not_eligible": _("Not eligible"),
    "needs_review": _("Needs review by a caseworker"),
    "incomplete": _("Incomplete: more facts are needed"),
    "computed": _("Computed"),
}
OUTCOME_SUMMARIES = {
    "eligible": _("On these facts, every condition checked here is met."),
    "not_eligible": _("On these facts, at least one condition is not met."),
    "needs_review": _(
        "These facts cannot be decided automatically: a caseworker must look at the points below."
    ),
    "incomplete": _(
        "What these facts decide is shown below; the facts listed are still needed for a final answer."
    ),
    "computed": _("The result was computed."),
}
RESULT_LABELS = {
    "passed": _("Met"),
    "failed": _("Not met"),
    "undecided": _("Undecided"),
    "note": _("Note"),
}
SEVERITY_LABELS = {
    "blocking": _("Refusal if not met"),
    "review": _("Review if not met"),
    "info": _("Information only"),
}
UNIT_LABELS = {
    "EUR/year gross": _("EUR gross per year"),
    "EUR/month gross": _("EUR gross per month"),
    "EUR/month net": _("EUR net per month"),
    "EUR": _("EUR"),
    "days": _("days"),
    "working days": _("working days"),
    "months": _("months"),
    "years": _("years"),
    "count": _("number"),
    "ratio": _("ratio"),
    "date": _("date"),
}
START_UNKNOWN_FLAG = "START-DATE-NOT-STATED"


def _engine_language() -> str:
    lang = (translation.get_language() or "en")[:2]
    return lang if lang in ENGINE_LANGUAGES else "en"


def _result_key(check: Check) -> str:
    if check.severity == "info":
        return "note" if check.passed is not False else "failed"
    if check.passed is None:
        return "undecided"
    return "passed" if check.passed else "failed"


def trace_rows(decision: Decision, lang: str) -> list[dict[str, Any]]:
    """One row per check, ready for the template: text for every state, never colour alone."""
    rows = []
    for c in decision.checks:
        key = _result_key(c)
        rows.append(
            {
                "rule": c.rule,
                "result": key,
                "result_label": RESULT_LABELS[key],
                "severity_label": SEVERITY_LABELS.get(c.severity, c.severity),
                "threshold": c.threshold,
                "unit": UNIT_LABELS.get(c.unit, c.unit) if c.unit else None,
                "value": c.value,
                "parameter": c.parameter,
                "effective_date": c.effective_date,
                "start_known": START_UNKNOWN_FLAG not in c.flags,
                "explanation": c.explanation[lang],
                "citation": c.citation,
                "legal_act": legal_act_name(c.citation.legal_act, lang),
                "flags": [f for f in c.flags if f != START_UNKNOWN_FLAG],
            }
        )
    return rows


def _findings(decision: Decision, lang: str) -> tuple[list[Check], list[Check]]:
    """Blocking failures, and the points for a caseworker (decide()'s reasons, translated)."""
    blocking, review = [], []
    for c in decision.checks:
        if c.severity == "info" or c.passed is True:
            continue
        if c.passed is False and c.severity == "blocking":
            blocking.append(c)
        elif c.passed is None and c.missing:
            continue  # waits for a fact, listed under "still needed", not for a caseworker
        else:
            review.append(c)
    return blocking, review


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "rulebook/landing.html")


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    decision: Decision | None = None
    status = 200
    if request.method == "POST":
        form = CheckForm(request.POST)
        if form.is_valid():
            try:
                decision = evaluate(form.case(), rulebook_current())
            except InputError as exc:
                form.add_engine_error(exc)
        if decision is None:
            status = 400
    else:
        form = CheckForm(initial={"procedure": SINGLE_PERMIT, "date": timezone.localdate()})
    context: dict[str, Any] = {"form": form, "decision": decision}
    if decision is not None:
        lang = _engine_language()
        blocking, review = _findings(decision, lang)
        context.update(
            procedure_label=PROCEDURE_LABELS.get(decision.procedure, decision.procedure),
            outcome_label=OUTCOME_LABELS[decision.outcome],
            outcome_summary=OUTCOME_SUMMARIES[decision.outcome],
            rows=trace_rows(decision, lang),
            blocking=[(c.rule, c.explanation[lang]) for c in blocking],
            review=[(c.rule, c.explanation[lang]) for c in review],
            missing_facts=_missing_labels(decision, lang),
        )
    return render(request, "rulebook/check.html", context, status=status)


def _missing_labels(decision: Decision, lang: str) -> list[str]:
    """The facts still needed, labelled from the one facts declaration, in its order."""
    from passage.rules.engine import KERNEL

    sheet = KERNEL[decision.procedure][1] if decision.procedure in KERNEL else None
    out = []
    for name in decision.missing_facts:
        try:
            out.append(sheet[name].label[lang] if sheet is not None else name)
        except KeyError:
            out.append(name)
    return out


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: a problem document under /api/, a page elsewhere."""
    if request.path.startswith("/api/"):
        return not_found_problem(request)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a problem document under /api/, a plain page elsewhere (no context
    processors: whatever failed may fail again)."""
    if request.path.startswith("/api/"):
        return server_error_problem()
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # a broken template must not hide the original error's page
        logger.exception("Could not render 500.html")
        body = "<!DOCTYPE html><title>Server error</title><h1>Server error</h1>"
    return HttpResponse(body, status=500)


# --- the public parameter explorer ----------------------------------------------------------

STATUS_LABELS = {
    "in_force": _("In force"),
    "transitional": _("Transitional"),
    "suspended": _("Suspended"),
    "adopted_not_in_force": _("Adopted, not yet in force"),
    "policy": _("Policy, not law"),
    "unverified": _("Unverified"),
    "practice": _("Administrative practice"),
    "interpretation": _("Passage's reading of an open question"),
    "expired": _("No longer applies"),
}
EXPLORER_UNIT_LABELS = {
    **UNIT_LABELS,
    "boolean": _("yes or no"),
    "choice": _("choice"),
    "country list": _("countries"),
}

VALUE_SPEAKS_FOR_ITSELF = frozenset({"date", "boolean", "choice", "country list"})


def _display_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal | int):
        return number_format(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) if value else "—"
    return str(value)


def _source_text(source: SeedSource) -> str:
    """ "seed 002, §1.2.2, line 248": the seed and its lines as words, for any reader."""
    if source.seed is None:
        return source.raw
    parts = [gettext("seed %(seed)s") % {"seed": source.seed}]
    if source.section:
        parts.append(f"§{source.section}")
    if len(source.lines) == 1:
        parts.append(gettext("line %(line)s") % {"line": source.lines[0]})
    elif source.lines:
        parts.append(gettext("lines %(lines)s") % {"lines": ", ".join(map(str, source.lines))})
    return ", ".join(parts)


def _value_row(row: ExplorerValue) -> dict[str, Any]:
    v = row.value
    return {
        "start": row.start,
        "start_known": v.start_known,
        "end": row.end,
        "value": _display_value(v.value),
        "status": v.status,
        "status_label": STATUS_LABELS.get(v.status, v.status),
        "applied": v.applicable,
        "needs_review": v.needs_review,
        "catalogue": v.citation.catalogue,
        "source_text": _source_text(row.source),
        "source_raw": row.source.raw,
        "legal_act": legal_act_name(v.citation.legal_act, _engine_language()),
        "href": v.citation.href,
        "flags": v.flags,
        "note": v.note,
    }


def _change_row(change: ExplorerChange) -> dict[str, Any]:
    old, new = change.old, change.new
    return {
        "day": change.day,
        "first": old is None,
        "old": _display_value(old.value) if old is not None else None,
        "new": "—" if new.status == "expired" else _display_value(new.value),
        "old_status": STATUS_LABELS.get(old.status, old.status) if old is not None else None,
        "new_status": STATUS_LABELS.get(new.status, new.status),
        "status_changed": old is not None and old.status != new.status,
    }


def _parameter_context(p: ExplorerParameter) -> dict[str, Any]:
    return {
        "name": p.name,
        "description": p.description,
        "unit": EXPLORER_UNIT_LABELS.get(p.unit, p.unit),
        # A date, a yes/no, a choice or a list of countries reads without its unit.
        "show_unit": p.unit not in VALUE_SPEAKS_FOR_ITSELF,
        "rules": p.rules,
        "values": [_value_row(r) for r in p.values],
        "changes": [_change_row(c) for c in p.changes],
        "status_labels": [STATUS_LABELS.get(s, s) for s in p.statuses],
    }


@require_GET
def parameter_list(request: HttpRequest) -> HttpResponse:
    parameters = [_parameter_context(p) for p in parameters_explorer()]
    version = rulebook_current().version
    return render(
        request,
        "rulebook/parameters.html",
        {"parameters": parameters, "rulebook_version": version},
    )


@require_GET
def parameter_detail(request: HttpRequest, name: str) -> HttpResponse:
    found = parameter_explorer_get(name)
    if found is None:
        raise Http404(name)
    return render(
        request,
        "rulebook/parameter_detail.html",
        {"p": _parameter_context(found), "rulebook_version": found.rulebook_version},
    )
