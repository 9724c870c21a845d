# SPDX-License-Identifier: EUPL-1.2
"""The employer portal's pages (issue 10): dashboard, step-by-step filing with live threshold
feedback, the application's page with its two-part timeline and information requests.

Every page works without JavaScript; htmx only saves drafts as they are typed, refreshes the
feedback and polls the statuses."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from passage.accounts.models import Region, Role
from passage.audit.services import audit_personal_data_read
from passage.casework import services as casework
from passage.casework.models import Application, PermitType, ResidenceState, State
from passage.portal import selectors, services
from passage.portal.forms import JobStepForm, WorkerStepForm
from passage.portal.models import Draft
from passage.rulebook.selectors import rulebook_current
from passage.rulebook.views import RESULT_LABELS, UNIT_LABELS, _result_key
from passage.rules.trace import legal_act_name
from passage.web import csvsafe
from passage.web.access import forbidden, role_required
from passage.web.htmx import is_htmx

PORTAL_ROLES = (Role.EMPLOYER_MEMBER,)
#: The job step's preselected answers (most applications are first ones, paid by the year).
JOB_DEFAULTS = {"application_type": "first", "salary_period": "year", "fte": "1"}
STEPS = ("worker", "job", "documents", "review")
#: Where a POST that met an expired session waits for the login (issue 10: "a session that
#: expires mid-form loses nothing"); the national register number is never parked here.
PENDING_KEY = "passage_portal_pending"
#: How often the dashboard and the application page ask for fresh statuses.
POLL_SECONDS = 20


def _lang() -> str:
    code = (translation.get_language() or "en")[:2]
    return code if code in ("en", "nl", "fr", "de") else "en"


def _today() -> dt.date:
    return timezone.localdate()


def portal_view(view: Any) -> Any:
    """Employer members only (the organisation they act for: ``_organisation(request)``).

    An anonymous POST (an expired session) parks the typed values for the login: the draft
    step that receives them after login saves them."""
    guarded = role_required(*PORTAL_ROLES)(view)

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and request.method == "POST":
            values = {
                k: v[: services.MAX_VALUE_LENGTH]
                for k, v in request.POST.items()
                if k in (*services.WORKER_FIELDS, *services.JOB_FIELDS)
            }
            if values:
                request.session[PENDING_KEY] = {"path": request.path, "values": values}
        return guarded(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _organisation(request: HttpRequest) -> Any:
    return selectors.acting_organisation(request.user, request.session)


# --- choosing whom one acts for ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view
def act_as(request: HttpRequest) -> HttpResponse:
    from passage.accounts.services import MandateRequired, principal_switch

    allowed = selectors.organisations_for(request.user)
    if request.method == "POST":
        try:
            principal_switch(
                session=request.session,
                user=request.user,
                organisation_id=request.POST.get("organisation", ""),
            )
        except (MandateRequired, ValidationError):
            return forbidden(request)
        return redirect("portal:dashboard")
    return render(request, "portal/act_as.html", {"organisations": allowed})


# --- dashboard --------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.DashboardFilters:
    get = request.GET
    state = get.get("state", "")
    region = get.get("region", "")
    permit = get.get("permit_type", "")
    return selectors.DashboardFilters(
        state=state if state in State.values else "",
        region=region if region in Region.values else "",
        permit_type=permit if permit in PermitType.values else "",
        search=get.get("q", "")[:100],
    )


def _awaited(application: Application) -> str:
    kind = selectors.AWAITING_EMPLOYER.get(application.state)
    if kind == "answer":
        request = selectors.open_information_request(application)
        if request is not None and request.due_on:
            return _("Answer the information request by %(day)s") % {
                "day": request.due_on.strftime("%d/%m/%Y")
            }
        return _("Answer the information request")
    if kind == "complete":
        return _("Complete the application")
    if kind == "submit":
        return _("Submit the application")
    return ""


#: Applications per dashboard page (the next page follows a link, with the same filters).
PAGE_SIZE = 50


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _rows(
    request: HttpRequest, organisation: Any, *, start: int = 0, stop: int | None = None
) -> list[dict[str, Any]]:
    today = _today()
    qs = selectors.applications_for_dashboard(request.user, organisation, _filters(request))
    apps = list(qs[start:stop] if stop is not None else qs)
    if apps:
        audit_personal_data_read(
            actor=request.user,
            object_type="organisation",
            object_id=organisation.pk,
            fields=["worker.given_name", "worker.family_name"],
        )
    return [
        {
            "app": a,
            "worker": f"{a.worker.given_name} {a.worker.family_name}",
            "awaited": _awaited(a),
            "days_left": (left := selectors.sla_days_left(a, today)),
            "overdue": -left if left is not None and left < 0 else 0,
            "paused": a.sla_paused_since is not None,
        }
        for a in apps
    ]


@require_GET
@portal_view
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        if selectors.organisations_for(request.user):
            return redirect("portal:act_as")
        return forbidden(request)
    page = _page(request)
    start = (page - 1) * PAGE_SIZE
    rows = _rows(request, organisation, start=start, stop=start + PAGE_SIZE + 1)
    others = request.GET.copy()
    others.pop("page", None)
    others.pop("fragment", None)
    context = {
        "organisation": organisation,
        "choices_of_organisation": len(selectors.organisations_for(request.user)) > 1,
        # A viewer reads the organisation's files; only a filer starts one.
        "may_file": selectors.may_file_for(request.user, organisation.pk),
        "rows": rows[:PAGE_SIZE],
        "page": page,
        "next_page": page + 1 if len(rows) > PAGE_SIZE else None,
        "previous_page": page - 1 if page > 1 else None,
        "filter_query": others.urlencode(),
        "filters": _filters(request),
        "states": State.choices,
        "regions": Region.choices,
        "permit_types": PermitType.choices,
        "poll_seconds": POLL_SECONDS,
        "query": request.GET.urlencode(),
    }
    if is_htmx(request) and request.GET.get("fragment") == "rows":
        return render(request, "portal/_rows.html", context)
    context["drafts"] = selectors.drafts_for(request.user, organisation)[:50]
    return render(request, "portal/dashboard.html", context)


@require_GET
@portal_view
def export_csv(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        return forbidden(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    response["Cache-Control"] = "no-store"
    writer = csvsafe.writer(response)
    writer.writerow(
        [
            "reference",
            "worker",
            "region",
            "permit_type",
            "work_authorisation",
            "residence",
            "sla_due_on",
            "submitted_at",
        ]
    )
    for row in _rows(request, organisation):
        a = row["app"]
        writer.writerow(
            [
                a.reference,
                str(row["worker"]),
                a.region,
                a.permit_type,
                a.state,
                a.residence_state,
                a.sla_due_on or "",
                a.submitted_at.isoformat() if a.submitted_at else "",
            ]
        )
    return response


# --- filing -----------------------------------------------------------------------------------


@require_POST
@portal_view
def draft_new(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        return forbidden(request)
    draft = services.draft_create(actor=request.user, organisation=organisation)
    return redirect("portal:draft_step", pk=draft.pk, step="worker")


def _draft_or_404(request: HttpRequest, pk: int) -> Draft:
    try:
        return selectors.draft_get_for(request.user, pk)
    except Draft.DoesNotExist:
        raise Http404("no such draft") from None


def _step_context(request: HttpRequest, draft: Draft, step: str, *, bound: bool) -> dict[str, Any]:
    today = _today()
    lang = _lang()
    data = dict(draft.data)
    context: dict[str, Any] = {
        "draft": draft,
        "step": step,
        "steps": [(s, STEP_LABELS[s]) for s in STEPS],
        "step_index": STEPS.index(step) + 1,
    }
    if step == "worker":
        initial = {**data, "national_register_number": ""}
        form: Any = WorkerStepForm(data=initial if bound else None, initial=initial, today=today)
        if bound:
            form.is_valid()
        context["form"] = form
        context["has_nrn"] = bool(draft.national_register_number_encrypted)
    elif step == "job":
        # What the page shows chosen before anything is typed counts as typed: the feedback and
        # the draft read the same values as the person sees.
        data = {**JOB_DEFAULTS, **{k: v for k, v in data.items() if v not in (None, "")}}
        job = JobStepForm(data=data if bound else None, initial=data)
        if bound:
            job.is_valid()
        feedback = selectors.feedback_for(data, today=today, rulebook=rulebook_current())
        shown, hidden = job.more_fields(set(feedback.missing))
        context.update(form=job, more_shown=shown, more_hidden=hidden)
        context.update(_feedback_context(feedback, lang))
    elif step == "documents":
        context["documents"] = _labelled(draft.documents.all())
        context["checklist"] = selectors.draft_checklist(draft, today=today)
        context["kinds"] = [(k, DOCUMENT_KIND_LABELS.get(k, k)) for k in casework.DOCUMENT_KINDS]
    else:
        errors = services.draft_errors(draft, today=today)
        feedback = selectors.feedback_for(data, today=today, rulebook=rulebook_current())
        context.update(_feedback_context(feedback, lang))
        context["errors"] = [
            (name, _field_label(name), messages_[0]) for name, messages_ in errors.items()
        ]
        context["documents"] = _labelled(draft.documents.all())
        context["checklist"] = selectors.draft_checklist(draft, today=today)
        context["summary"] = _summary(draft)
    return context


def _field_label(name: str) -> str:
    forms_: tuple[Any, ...] = (WorkerStepForm(today=_today()), JobStepForm())
    for form in forms_:
        if name in form.fields:
            return str(form.fields[name].label)
    return name


def _summary(draft: Draft) -> list[tuple[str, str]]:
    out = []
    job = JobStepForm()
    worker = WorkerStepForm(today=_today())
    for form in (worker, job):
        for name, field in form.fields.items():
            value = draft.data.get(name, "")
            if name == "national_register_number":
                value = (
                    _("given (kept encrypted)") if draft.national_register_number_encrypted else ""
                )
            if value in ("", None):
                continue
            if isinstance(field, forms.DateField):
                # A date not yet valid is shown as typed: the review lists it among the errors.
                with contextlib.suppress(ValueError):
                    value = date_format(dt.date.fromisoformat(str(value)), "DATE_FORMAT")
            choices = dict(getattr(field, "choices", []) or [])
            out.append((str(field.label), str(choices.get(value, value))))
    return out


STEP_LABELS = {
    "worker": translation.gettext_lazy("The worker"),
    "job": translation.gettext_lazy("The job and the salary"),
    "documents": translation.gettext_lazy("Documents"),
    "review": translation.gettext_lazy("Check and submit"),
}
DOCUMENT_KIND_LABELS = {
    "application_form": translation.gettext_lazy("Application form, signed (eID or itsme)"),
    "medical_certificate": translation.gettext_lazy("Medical certificate"),
    "criminal_record": translation.gettext_lazy("Criminal record extract"),
    "passport": translation.gettext_lazy("Passport (copy)"),
    "employment_contract": translation.gettext_lazy("Employment contract"),
    "diploma": translation.gettext_lazy("Diploma"),
    "cv": translation.gettext_lazy("CV"),
    "salary_proof": translation.gettext_lazy("Proof of salary"),
    "other": translation.gettext_lazy("Other document"),
}


def _number(value: Any) -> Any:
    """An amount as the user's language writes it (48.912 / 48 912 / 48,912); dates and
    words as they are."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return value


def _labelled(documents: Any) -> list[Any]:
    """The documents, each with ``kind_label``: its kind in the user's language."""
    out = list(documents)
    for document in out:
        document.kind_label = DOCUMENT_KIND_LABELS.get(document.kind, document.kind)
    return out


def _feedback_context(feedback: selectors.Feedback, lang: str) -> dict[str, Any]:
    def row(c: Any) -> dict[str, Any]:
        key = _result_key(c)
        return {
            "rule": c.rule,
            "result": key,
            "result_label": RESULT_LABELS[key],
            "threshold": _number(c.threshold),
            "unit": UNIT_LABELS.get(c.unit, c.unit) if c.unit else None,
            "value": _number(c.value),
            "explanation": c.explanation[lang],
            "citation": c.citation,
            "legal_act": legal_act_name(c.citation.legal_act, lang),
        }

    decision = feedback.decision
    return {
        "feedback_errors": [
            (name, _field_label(name), message) for name, message in feedback.errors.items()
        ],
        "salary_rows": [row(c) for c in feedback.salary_checks],
        "other_rows": [row(c) for c in feedback.other_checks],
        "missing": selectors.labels(feedback.missing, lang),
        "outcome": decision.outcome if decision is not None else None,
        "evaluated_on": decision.date if decision is not None else None,
    }


@require_http_methods(["GET", "POST"])
@portal_view
def draft_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("no such step")
    draft = _draft_or_404(request, pk)
    if step == "worker" and draft.data:
        # Reading back what was typed about the worker is a read of personal data.
        audit_personal_data_read(
            actor=request.user,
            object_type="draft",
            object_id=draft.pk,
            fields=services.WORKER_FIELDS,
        )
    pending = request.session.get(PENDING_KEY)
    if request.method == "GET" and pending and pending.get("path") == request.path:
        del request.session[PENDING_KEY]
        draft = services.draft_save(actor=request.user, draft=draft, values=pending["values"])
        messages.info(request, _("Your last changes were kept while you logged in again."))
    if request.method == "POST":
        values: dict[str, str] = {
            k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"
        }
        if (
            step == "worker"
            and "national_register_number" in values
            and not values["national_register_number"].strip()
            and draft.national_register_number_encrypted
        ):
            del values["national_register_number"]  # an empty box keeps the number given before
        if step == "job" and "occupation_on_shortage_list" not in values:
            values["occupation_on_shortage_list"] = ""  # an unticked box sends nothing
        draft = services.draft_save(actor=request.user, draft=draft, values=values)
        if is_htmx(request):
            context = _step_context(request, draft, step, bound=True)
            template = "portal/_feedback.html" if step == "job" else "portal/_saved.html"
            return render(request, template, {**context, "saved_at": timezone.localtime()})
        context = _step_context(request, draft, step, bound=True)
        if "next" in request.POST and not context["form"].errors:
            following = STEPS[STEPS.index(step) + 1]
            return redirect("portal:draft_step", pk=draft.pk, step=following)
        status = 400 if context["form"].errors else 200
        return render(request, "portal/draft_step.html", context, status=status)
    context = _step_context(
        request, draft, step, bound=step in ("worker", "job") and bool(draft.data)
    )
    if step in ("worker", "job") and context["form"].is_bound:
        # Show problems with what was typed before only for fields that hold something.
        for name in list(context["form"].errors):
            if not draft.data.get(name):
                del context["form"].errors[name]
    return render(request, "portal/draft_step.html", context)


@require_POST
@portal_view
def draft_document(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", "")
    if kind in casework.SIGNED_DOCUMENT_KINDS:
        # Signing requires the eID or itsme level (issue 10): a session opened with a lower
        # means logs in again at that level and comes back to the documents step.
        from passage.identity.assurance import require_level
        from passage.identity.levels import LEVEL_EID

        step_up = require_level(
            request,
            LEVEL_EID,
            next_url=reverse("portal:draft_step", kwargs={"pk": draft.pk, "step": "documents"}),
        )
        if step_up is not None:
            messages.info(
                request,
                _(
                    "A signed application form needs a login with eID or itsme. Log in again with one of them, then add the form."
                ),
            )
            return step_up
    try:
        if upload is None:
            raise ValidationError({"file": _("Choose a file to upload.")})
        services.draft_document_add(
            actor=request.user,
            draft=draft,
            kind=kind,
            filename=upload.name or "document",
            content_type=upload.content_type or "",
            content=upload.read(casework.max_document_bytes() + 1),
        )
    except ValidationError as exc:
        context = _step_context(request, draft, "documents", bound=False)
        context["upload_errors"] = _upload_messages(exc)
        return render(request, "portal/draft_step.html", context, status=400)
    messages.success(request, _("The document was added."))
    return redirect("portal:draft_step", pk=draft.pk, step="documents")


def _is_signature_refusal(exc: ValidationError) -> bool:
    from passage.signatures.services import SignatureInvalid

    return isinstance(exc, SignatureInvalid)


def _upload_messages(exc: ValidationError) -> dict[str, str]:
    out = {}
    for name, errors in getattr(exc, "message_dict", {"file": exc.messages}).items():
        message = str(errors[0])
        if message == _("Choose a file to upload.") or _is_signature_refusal(exc):
            pass  # already in the user's words and language
        elif isinstance(exc, casework.DocumentTooLarge):
            message = _("The file is too large: at most %(mb)s MB.") % {
                "mb": casework.max_document_bytes() // (1024 * 1024)
            }
        elif isinstance(exc, casework.DocumentTypeNotAllowed):
            message = _("Upload a PDF, JPEG or PNG file.")
        elif "content is" in message or "content does not match" in message:
            message = _("The file's content is not of the type its name says.")
        elif "is named with" in message:
            message = _("The file's name does not end in the extension of its type.")
        elif name == "file" and not isinstance(exc, casework.DocumentTooLarge):
            message = _("The file could not be read as a PDF, JPEG or PNG file.")
        elif name == "kind":
            message = _("Choose what kind of document this is.")
        out[name] = message
    return out


@require_POST
@portal_view
def draft_submit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    try:
        application = services.draft_file(actor=request.user, draft=draft, today=_today())
    except ValidationError:
        context = _step_context(request, draft, "review", bound=False)
        return render(request, "portal/draft_step.html", context, status=400)
    except PermissionDenied:
        return forbidden(request)
    messages.success(
        request,
        _("Application %(reference)s was submitted.") % {"reference": application.reference},
    )
    return redirect("portal:application", reference=application.reference)


@require_POST
@portal_view
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    services.draft_discard(actor=request.user, draft=draft)
    messages.success(request, _("The draft was deleted."))
    return redirect("portal:dashboard")


# --- an application ---------------------------------------------------------------------------


def _application_or_404(request: HttpRequest, reference: str) -> Application:
    try:
        return selectors.application_get_for_portal(request.user, reference)
    except Application.DoesNotExist:
        raise Http404("no such application") from None


def _application_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    lang = _lang()
    decision = application.eligibility_decision or {}
    return {
        "app": application,
        "events": [(e, EVENT_LABELS.get(e.kind, e.kind)) for e in application.events.all()],
        "info_request": selectors.open_information_request(application),
        "answered_requests": [r for r in application.information_requests.all() if r.answered_at],
        "documents": _labelled(application.documents.all()),
        "decisions": list(application.decisions.all()),
        "days_left": selectors.sla_days_left(application, _today()),
        "awaited": _awaited(application),
        "residence_started": application.residence_state != ResidenceState.NOT_STARTED,
        "eligibility_outcome": decision.get("outcome"),
        "missing": selectors.labels(decision.get("missing_facts") or [], lang),
        "poll_seconds": POLL_SECONDS,
        # An answer's document: any kind but a signed one (a new signed form is filed by
        # the region's request for it through the documents of a new draft).
        "kinds": [
            (k, DOCUMENT_KIND_LABELS.get(k, k))
            for k in casework.DOCUMENT_KINDS
            if k not in casework.SIGNED_DOCUMENT_KINDS
        ],
    }


@require_GET
@portal_view
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application_or_404(request, reference)
    audit_personal_data_read(
        actor=request.user,
        object_type="worker",
        object_id=application.worker_id,
        fields=["given_name", "family_name", "birth_date", "nationality"],
    )
    context = _application_context(request, application)
    if is_htmx(request) and request.GET.get("fragment") == "status":
        return render(request, "portal/_status.html", context)
    return render(request, "portal/application.html", context)


@require_POST
@portal_view
def application_answer(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application_or_404(request, reference)
    answer = request.POST.get("answer", "").strip()
    upload = request.FILES.get("file")
    errors: dict[str, str] = {}
    if not answer:
        errors["answer"] = _("Write your answer to the request.")
    elif len(answer) > 10_000:
        errors["answer"] = _("The answer is too long: at most 10 000 characters.")
    if not errors:
        try:
            with _atomic():
                if upload is not None:
                    casework.document_upload(
                        actor=request.user,
                        application=application,
                        kind=(
                            request.POST.get("kind", "other")
                            if request.POST.get("kind") not in casework.SIGNED_DOCUMENT_KINDS
                            else ""
                        ),
                        filename=upload.name or "document",
                        content_type=upload.content_type or "",
                        content=upload.read(casework.max_document_bytes() + 1),
                    )
                casework.application_resubmit(
                    actor=request.user, application=application.pk, answer=answer, today=_today()
                )
        except ValidationError as exc:
            errors.update(_upload_messages(exc))
        except casework.TransitionError:
            errors["answer"] = _("This application is not waiting for an answer.")
    if errors:
        context = _application_context(request, application)
        context.update(answer_errors=errors, answer_value=answer)
        return render(request, "portal/application.html", context, status=400)
    messages.success(request, _("Your answer was sent."))
    return HttpResponseRedirect(reverse("portal:application", args=[application.reference]))


def _atomic() -> Any:
    from django.db import transaction

    return transaction.atomic()


# --- bulk filing ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view
def bulk(request: HttpRequest) -> HttpResponse:
    from passage.portal import bulk as bulk_csv

    organisation = _organisation(request)
    if organisation is None:
        return forbidden(request)
    context: dict[str, Any] = {
        "organisation": organisation,
        "columns": bulk_csv.columns(),
        "required": bulk_csv.REQUIRED_COLUMNS,
        "max_rows": bulk_csv.MAX_ROWS,
    }
    if request.method == "GET":
        if request.GET.get("template"):
            response = HttpResponse(bulk_csv.template_csv(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="applications-template.csv"'
            return response
        return render(request, "portal/bulk.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["errors"] = [bulk_csv.RowError(0, "file", _("Choose a CSV file to upload."))]
        return render(request, "portal/bulk.html", context, status=400)
    parsed = bulk_csv.parse(upload.read(bulk_csv.MAX_BYTES + 1), today=_today())
    if parsed.errors:
        context["errors"] = parsed.errors
        return render(request, "portal/bulk.html", context, status=400)
    try:
        filed = services.bulk_file(
            actor=request.user, organisation=organisation, rows=parsed.rows, today=_today()
        )
    except services.BulkRowRefused as exc:
        context["errors"] = [
            bulk_csv.RowError(exc.row, name, str(messages_[0]))
            for name, messages_ in getattr(
                exc.error, "message_dict", {"row": exc.error.messages}
            ).items()
        ]
        return render(request, "portal/bulk.html", context, status=400)
    messages.success(
        request,
        translation.ngettext(
            "%(n)s application was submitted.", "%(n)s applications were submitted.", len(filed)
        )
        % {"n": len(filed)},
    )
    return redirect("portal:dashboard")


# --- inbox and webhooks -----------------------------------------------------------------------

EVENT_LABELS = {
    "create": translation.gettext_lazy("Draft created"),
    "update": translation.gettext_lazy("Facts changed"),
    "submit": translation.gettext_lazy("Submitted"),
    "document_uploaded": translation.gettext_lazy("Document added"),
    "start_completeness_check": translation.gettext_lazy("The region checks the file is complete"),
    "mark_incomplete": translation.gettext_lazy("The region found the file incomplete"),
    "request_information": translation.gettext_lazy("The region asks for more information"),
    "resubmit": translation.gettext_lazy("You answered"),
    "start_regional_assessment": translation.gettext_lazy("The region assesses the application"),
    "decide_regional": translation.gettext_lazy("The region decided on the work authorisation"),
    "decide_federal": translation.gettext_lazy("The Immigration Office decided on the residence"),
    "withdraw": translation.gettext_lazy("Withdrawn"),
}


@require_http_methods(["GET", "POST"])
@portal_view
def inbox(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        return forbidden(request)
    if request.method == "POST":
        services.inbox_mark_read(actor=request.user, until=timezone.now())
        return redirect("portal:inbox")
    mark = selectors.inbox_seen_until(request.user)
    items = [
        {
            "event": e,
            "label": EVENT_LABELS.get(e.kind, e.kind),
            "unread": mark is None or e.at > mark,
        }
        for e in selectors.inbox_for(request.user, organisation)[:100]
    ]
    return render(
        request,
        "portal/inbox.html",
        {"organisation": organisation, "items": items, "unread": sum(i["unread"] for i in items)},
    )


@require_http_methods(["GET", "POST"])
@portal_view
def webhooks(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        return forbidden(request)
    context: dict[str, Any] = {"organisation": organisation}
    status = 200
    if request.method == "POST":
        if "deactivate" in request.POST:
            try:
                endpoint_id = int(request.POST["deactivate"])
                services.webhook_deactivate(
                    actor=request.user, organisation=organisation, endpoint_id=endpoint_id
                )
            except (ValueError, ObjectDoesNotExist):
                raise Http404("no such endpoint") from None
            messages.success(request, _("The endpoint no longer receives events."))
            return redirect("portal:webhooks")
        url = request.POST.get("url", "").strip()
        try:
            endpoint, secret = services.webhook_create(
                actor=request.user, organisation=organisation, url=url
            )
        except ValidationError as exc:
            context["url_error"] = _webhook_message(exc)
            context["url_value"] = url
            status = 400
        else:
            context["new_endpoint"] = endpoint
            context["new_secret"] = secret
    context["endpoints"] = list(selectors.webhooks_for(request.user, organisation))
    response = render(request, "portal/webhooks.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the secret is on this page once
    return response


def _webhook_message(exc: ValidationError) -> str:
    code = getattr(exc, "code", None) or next(
        (e.code for errors in getattr(exc, "error_dict", {}).values() for e in errors), None
    )
    if code == "insecure_url":
        return _("Use an https:// address (http only to 127.0.0.1 or localhost, for testing).")
    return _("Enter a valid web address, for example https://hr.example.be/passage.")


# --- the worker's own view --------------------------------------------------------------------


@require_GET
@role_required(Role.WORKER)
def my_applications(request: HttpRequest) -> HttpResponse:
    """A third-country worker's own applications: both parts' status and the decisions,
    nothing else of the employer's file (docs/access.md)."""
    from passage.casework.selectors import worker_application_list_for

    applications = list(worker_application_list_for(request.user).prefetch_related("decisions"))
    if applications:
        audit_personal_data_read(
            actor=request.user,
            object_type="worker",
            object_id=applications[0].worker_id,
            fields=["applications.state", "applications.decisions"],
        )
    return render(request, "portal/my_applications.html", {"applications": applications})
