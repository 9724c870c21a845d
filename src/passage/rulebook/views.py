# SPDX-License-Identifier: EUPL-1.2
"""Server-rendered pages: the landing page, the public eligibility check, error pages."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from passage.rulebook.api import not_found_problem, server_error_problem
from passage.rulebook.forms import PROCEDURE_LABELS, SINGLE_PERMIT, CheckForm
from passage.rulebook.selectors import rulebook_current
from passage.rules import Check, Decision, InputError, evaluate

logger = logging.getLogger(__name__)

ENGINE_LANGUAGES = ("en", "nl", "fr", "de")

OUTCOME_LABELS = {
    "eligible": _("Eligible"),
    "not_eligible": _("Not eligible"),
    "needs_review": _("Needs review by a caseworker"),
    "computed": _("Computed"),
}
OUTCOME_SUMMARIES = {
    "eligible": _("On these facts, every condition checked here is met."),
    "not_eligible": _("On these facts, at least one condition is not met."),
    "needs_review": _(
        "These facts cannot be decided automatically: a caseworker must look at the points below."
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
        )
    return render(request, "rulebook/check.html", context, status=status)


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
