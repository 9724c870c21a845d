# SPDX-License-Identifier: EUPL-1.2
"""The back office's pages (issue 11): the officer's queue, the case page and the actions of
the workflow. Reads go through ``passage.office.selectors``, writes through
``passage.casework.services`` (the only writers, each with its event and audit row).

Every page works without JavaScript; htmx only refreshes the queue's rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from passage.accounts.models import Region
from passage.audit.services import audit_personal_data_read
from passage.casework import services as casework
from passage.casework.models import (
    Application,
    ResidenceState,
    SalaryVerification,
    State,
)
from passage.office import selectors
from passage.rulebook.views import trace_rows
from passage.web.access import forbidden, role_required
from passage.web.htmx import is_htmx

office_view = role_required(*selectors.OFFICE_ROLES)

#: What a case page read shows of the worker (field names, for the audit row).
WORKER_FIELDS = ("given_name", "family_name", "birth_date", "nationality")
#: The longest motivation, message or reason a form takes (the services take any length).
MAX_TEXT = 10_000

EVENT_LABELS = {
    "create": gettext_lazy("Draft created by the employer"),
    "update": gettext_lazy("Facts changed"),
    "submit": gettext_lazy("Submitted"),
    "document_uploaded": gettext_lazy("Document added"),
    "start_completeness_check": gettext_lazy("Completeness check started"),
    "mark_incomplete": gettext_lazy("Marked incomplete"),
    "request_information": gettext_lazy("Information requested"),
    "resubmit": gettext_lazy("The employer answered"),
    "start_regional_assessment": gettext_lazy("Regional assessment started"),
    "decide_regional": gettext_lazy("Work authorisation decided"),
    "decide_federal": gettext_lazy("Residence decided"),
    "withdraw": gettext_lazy("Withdrawn by the employer"),
}
DOCUMENT_KIND_LABELS = {
    "application_form": gettext_lazy("Application form, signed"),
    "medical_certificate": gettext_lazy("Medical certificate"),
    "criminal_record": gettext_lazy("Criminal record extract"),
    "passport": gettext_lazy("Passport (copy)"),
    "employment_contract": gettext_lazy("Employment contract"),
    "diploma": gettext_lazy("Diploma"),
    "cv": gettext_lazy("CV"),
    "salary_proof": gettext_lazy("Proof of salary"),
    "other": gettext_lazy("Other document"),
}
OUTCOME_LABELS = {"granted": gettext_lazy("Grant"), "refused": gettext_lazy("Refuse")}
ELIGIBILITY_LABELS = {
    "eligible": gettext_lazy("eligible"),
    "not_eligible": gettext_lazy("not eligible"),
    "needs_review": gettext_lazy("needs a caseworker's review"),
    "incomplete": gettext_lazy("incomplete: facts are missing"),
    "computed": gettext_lazy("computed"),
}


def _lang() -> str:
    code = (translation.get_language() or "en")[:2]
    return code if code in ("en", "nl", "fr", "de") else "en"


def _today() -> dt.date:
    return timezone.localdate()


# --- the queue --------------------------------------------------------------------------------


def _filters(request: HttpRequest, part: str) -> selectors.QueueFilters:
    get = request.GET
    allowed = selectors.RESIDENCE_STATES if part == "federal" else selectors.REGIONAL_STATES
    state = get.get("state", "")
    return selectors.QueueFilters(
        state=state if state in allowed else "",
        overdue=get.get("overdue") == "1",
        at_risk=get.get("at_risk") == "1",
        search=get.get("q", "").strip()[:20],
    )


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        return 1


def _region_label(user: Any) -> str:
    code = getattr(getattr(user, "profile", None), "region", "")
    return str(Region(code).label) if code in Region.values else ""


@require_GET
@office_view
def queue(request: HttpRequest) -> HttpResponse:
    """The officer's queue in pages of 50. It shows references, states and clocks, no
    worker's name: reading it is no read of personal data."""
    today = _today()
    part = selectors.queue_part(request.user)
    filters = _filters(request, part)
    page = _page(request)
    start = (page - 1) * selectors.PAGE_SIZE
    apps = list(
        selectors.application_queue(request.user, filters, today=today)[
            start : start + selectors.PAGE_SIZE + 1
        ]
    )
    others = request.GET.copy()
    others.pop("page", None)
    others.pop("fragment", None)
    states = (
        [(s.value, s.label) for s in selectors.RESIDENCE_STATES]
        if part == "federal"
        else [(s.value, s.label) for s in selectors.REGIONAL_STATES]
    )
    context = {
        "part": part,
        "region": _region_label(request.user),
        "rows": [
            {"app": a, "clock": selectors.countdown(a, today)} for a in apps[: selectors.PAGE_SIZE]
        ],
        "page": page,
        "next_page": page + 1 if len(apps) > selectors.PAGE_SIZE else None,
        "previous_page": page - 1 if page > 1 else None,
        "filter_query": others.urlencode(),
        "filters": filters,
        "states": states,
        "query": request.GET.urlencode(),
    }
    if is_htmx(request) and request.GET.get("fragment") == "rows":
        return render(request, "office/_rows.html", context)
    return render(request, "office/queue.html", context)


# --- the case page ----------------------------------------------------------------------------


def _case_or_404(request: HttpRequest, reference: str) -> Application:
    try:
        return selectors.application_get_for_office(request.user, reference)
    except Application.DoesNotExist:
        raise Http404("no such application") from None


def _actions(request: HttpRequest, app: Application) -> list[str]:
    """The actions the user may take now: the transition table, the role and the scope (the
    services check all three again)."""
    user = request.user
    if selectors.queue_part(user) == "federal":
        allowed = (
            user.has_perm("casework.decide_federal_application", app)
            and app.residence_state == ResidenceState.FEDERAL_ASSESSMENT
        )
        return ["decide_federal"] if allowed else []
    if not user.has_perm("casework.assess_application", app):
        return []
    names = ("start_completeness_check", "request_information", "start_regional_assessment")
    found = [n for n in names if (app.state, n) in casework.TRANSITIONS]
    if (app.state, "decide_regional") in casework.TRANSITIONS and user.has_perm(
        "casework.decide_regional_application", app
    ):
        found.append("decide_regional")
    return found


def _event(event: Any, states: Any) -> tuple[Any, Any, Any]:
    """(event, what happened, the state it led to) in the user's language; the state only
    when it changed."""
    changed = event.to_state and event.to_state != event.from_state
    state = states(event.to_state).label if changed and event.to_state in states.values else ""
    return event, EVENT_LABELS.get(event.kind, event.kind), state


def _case_context(request: HttpRequest, app: Application) -> dict[str, Any]:
    lang = _lang()
    decision = selectors.recorded_decision(app)
    documents = list(app.documents.all())
    for d in documents:
        d.kind_label = DOCUMENT_KIND_LABELS.get(d.kind, d.kind)  # type: ignore[attr-defined]
    events = list(app.events.all())
    # From the submission on: how the employer drafted the file is theirs (issue 11).
    submitted = next((i for i, e in enumerate(events) if e.kind == "submit"), 0)
    events = events[submitted:]
    return {
        "app": app,
        "clock": selectors.countdown(app, _today()),
        "documents": documents,
        "salary_ok": app.salary_verification == SalaryVerification.VERIFIED,
        "decision": decision,
        "eligibility": ELIGIBILITY_LABELS.get(decision.outcome, decision.outcome)
        if decision
        else "",
        "rows": trace_rows(decision, lang) if decision else [],
        "missing": [(n, selectors.fact_label(n, lang)) for n in decision.missing_facts]
        if decision
        else [],
        "regional_events": [_event(e, State) for e in events if e.part != "federal"],
        "federal_events": [_event(e, ResidenceState) for e in events if e.part == "federal"],
        "decisions": list(app.decisions.all()),
        "info_request": selectors.open_information_request(app),
        "actions": _actions(request, app),
        "outcomes": list(OUTCOME_LABELS.items()),
        "errors": {},
        "values": {},
    }


def _read_audited(request: HttpRequest, app: Application) -> None:
    audit_personal_data_read(
        actor=request.user, object_type="worker", object_id=app.worker_id, fields=WORKER_FIELDS
    )


@require_GET
@office_view
def case(request: HttpRequest, reference: str) -> HttpResponse:
    app = _case_or_404(request, reference)
    _read_audited(request, app)
    return render(request, "office/case.html", _case_context(request, app))


# --- actions ----------------------------------------------------------------------------------

ACTIONS = (
    "start_completeness_check",
    "request_information",
    "start_regional_assessment",
    "decide_regional",
    "decide_federal",
)


def _text(request: HttpRequest, name: str, errors: dict[str, str]) -> str:
    value = request.POST.get(name, "").strip()
    if len(value) > MAX_TEXT:
        errors[name] = _("Too long: at most 10 000 characters.")
    return value


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _run(request: HttpRequest, app: Application, action: str, errors: dict[str, str]) -> None:
    """Check the form, then call the service; errors by field name, in the user's language."""
    today = _today()
    common: dict[str, Any] = {
        "actor": request.user,
        "application": app.pk,
        "expected_version": _version(request),
        "today": today,
    }
    if action in ("start_completeness_check", "start_regional_assessment"):
        service = getattr(casework, f"application_{action}")
        service(**common)
        return
    if action == "request_information":
        message = _text(request, "message", errors)
        if not message and "message" not in errors:
            errors["message"] = _("Say which information is needed.")
        raw_due = request.POST.get("due_on", "").strip()
        due_on = None
        if raw_due:
            try:
                due_on = dt.date.fromisoformat(raw_due)
            except ValueError:
                errors["due_on"] = _("Give the date as YYYY-MM-DD.")
            else:
                if due_on <= today:
                    errors["due_on"] = _("The due date must lie after today.")
        else:
            errors["due_on"] = _("Give the date by which the employer must answer.")
        if not errors:
            casework.application_request_information(**common, message=message, due_on=due_on)
        return
    outcome = request.POST.get("outcome", "")
    motivation = _text(request, "motivation", errors)
    if outcome not in OUTCOME_LABELS:
        errors["outcome"] = _("Choose to grant or to refuse.")
    elif outcome == "refused" and not motivation and "motivation" not in errors:
        errors["motivation"] = _("A refusal must be motivated.")
    if errors:
        return
    if action == "decide_federal":
        casework.application_decide_federal(**common, outcome=outcome, motivation=motivation)
        return
    override = _text(request, "override_reason", errors)
    if errors:
        return
    try:
        casework.application_decide_regional(
            **common,
            outcome=outcome,
            motivation=motivation,
            salary_guard=True,
            override_reason=override,
        )
    except casework.SalaryGuardError:
        errors["override_reason"] = _(
            "The salary verification is not complete. To grant all the same, say why."
        )


@require_POST
@office_view
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("no such action")
    app = _case_or_404(request, reference)
    errors: dict[str, str] = {}
    try:
        _run(request, app, action, errors)
    except PermissionDenied:
        return forbidden(request)
    except casework.TransitionError:
        errors["action"] = _("This step is not possible in the application's current state.")
    except casework.VersionConflict:
        errors["action"] = _(
            "Someone changed this application meanwhile. The page now shows the new state; "
            "check it and try again."
        )
    except ValidationError as exc:
        # A service's own check the form did not foresee: name the field it names.
        for name in getattr(exc, "error_dict", {}) or {"action": None}:
            errors[name if name != "__all__" else "action"] = _("Check this value.")
    if errors:
        app = _case_or_404(request, reference)
        _read_audited(request, app)
        context = _case_context(request, app)
        context.update(errors=errors, values=request.POST, failed_action=action)
        return render(request, "office/case.html", context, status=400)
    messages.success(request, _("Done: the application's timeline shows the step."))
    return HttpResponseRedirect(reverse("office:case", args=[app.reference]))
