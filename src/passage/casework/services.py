# SPDX-License-Identifier: EUPL-1.2
"""Writes to casework: the only code that creates or changes workers and applications.

Every service runs in one transaction that holds the application's row lock
(``select_for_update``), checks the transition table and the actor's scope, and writes the
change, its ``ApplicationEvent``, an audit row (``audit_record``) and an outbox event together,
so none of them exists without the others (docs/casework.md, "Workflow").

Dates: the rules engine never reads the clock. Services take ``today`` (defaulting to
``timezone.localdate()`` here, at the service layer) and pass it to the engine as the case's
``date``; the submission day is passed as ``application_date`` (FLA-07 keys on it).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from passage.accounts.models import Organisation, Role
from passage.accounts.predicates import user_fileable_organisation_ids
from passage.audit.services import audit_record
from passage.casework import sla, uploads
from passage.casework.checklist import checklist_enforced
from passage.casework.crypto import nrn_encrypt, nrn_pseudonymise, nrn_validate
from passage.casework.models import (
    Application,
    ApplicationDecision,
    ApplicationEvent,
    ApplicationType,
    Document,
    InformationRequest,
    ResidenceState,
    SalaryVerification,
    State,
    Worker,
    plausible_birth_date,
)
from passage.casework.outbox import outbox_put
from passage.casework.regions import region_for_postcode
from passage.casework.rls import in_request_transaction
from passage.casework.selectors import document_checklist, role_of
from passage.rules import Decision, InputError, Rulebook, evaluate
from passage.rules.single_permit import FACTS as SINGLE_PERMIT_FACTS

logger = logging.getLogger(__name__)

TOPIC_STATUS_CHANGED = "application.status_changed"


class TransitionError(Exception):
    """An action that the application's current state does not allow."""

    def __init__(self, *, state: str, action: str, part: str = "regional") -> None:
        super().__init__(f"cannot {action} an application whose {part} state is {state!r}")
        self.state = state
        self.action = action
        self.part = part


class VersionConflict(Exception):
    """The caller edited an older version (the API's If-Match did not match): a 412."""

    def __init__(self, *, expected: int, current: int) -> None:
        super().__init__(f"version {expected} expected, the application is at version {current}")
        self.expected = expected
        self.current = current


# --- the transition table ---------------------------------------------------------------------

REGIONAL_OPEN = (
    State.DRAFT,
    State.SUBMITTED,
    State.COMPLETENESS_CHECK,
    State.INCOMPLETE,
    State.INFORMATION_REQUESTED,
    State.RESUBMITTED,
    State.REGIONAL_ASSESSMENT,
)

#: (regional state, action) → next regional state. "decide_regional" lands on granted or
#: refused, chosen by the outcome; "withdraw" is allowed from every non-final state.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, "submit"): State.SUBMITTED,
    (State.SUBMITTED, "start_completeness_check"): State.COMPLETENESS_CHECK,
    (State.RESUBMITTED, "start_completeness_check"): State.COMPLETENESS_CHECK,
    (State.COMPLETENESS_CHECK, "mark_incomplete"): State.INCOMPLETE,
    (State.INCOMPLETE, "request_information"): State.INFORMATION_REQUESTED,
    # Officers may also ask for information during the check or the assessment itself.
    (State.COMPLETENESS_CHECK, "request_information"): State.INFORMATION_REQUESTED,
    (State.REGIONAL_ASSESSMENT, "request_information"): State.INFORMATION_REQUESTED,
    (State.INFORMATION_REQUESTED, "resubmit"): State.RESUBMITTED,
    (State.INCOMPLETE, "resubmit"): State.RESUBMITTED,
    (State.COMPLETENESS_CHECK, "start_regional_assessment"): State.REGIONAL_ASSESSMENT,
    (State.REGIONAL_ASSESSMENT, "decide_regional"): State.GRANTED,  # or REFUSED
    **{(s, "withdraw"): State.WITHDRAWN for s in REGIONAL_OPEN},
}

#: (residence state, action) → next residence state; decide_federal lands on granted/refused.
FEDERAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (ResidenceState.FEDERAL_ASSESSMENT, "decide_federal"): ResidenceState.GRANTED,
}

#: States in which the employer still owes information: the SLA clock is paused.
PAUSED_STATES = frozenset({State.INCOMPLETE, State.INFORMATION_REQUESTED})

_EMPLOYER_ACTIONS = frozenset({"create", "update", "submit", "resubmit", "withdraw"})
_REGIONAL_ACTIONS = frozenset(
    {
        "update",
        "start_completeness_check",
        "mark_incomplete",
        "request_information",
        "start_regional_assessment",
        "decide_regional",
    }
)
#: Who may take each action (administrators may take all).
ROLES_BY_ACTION: dict[str, frozenset[str]] = {
    action: frozenset(
        {Role.ADMINISTRATOR}
        | ({Role.EMPLOYER_MEMBER} if action in _EMPLOYER_ACTIONS else set())
        | ({Role.REGIONAL_OFFICER} if action in _REGIONAL_ACTIONS else set())
        | ({Role.IMMIGRATION_OFFICER} if action == "decide_federal" else set())
    )
    for action in _EMPLOYER_ACTIONS | _REGIONAL_ACTIONS | {"decide_federal"}
}

#: Who may edit facts in which state: the employer while it holds the file, the region's
#: officers while it is with the region (their edits are the API's If-Match edits).
UPDATE_STATES: dict[str, frozenset[str]] = {
    Role.EMPLOYER_MEMBER: frozenset({State.DRAFT, State.INCOMPLETE, State.INFORMATION_REQUESTED}),
    Role.REGIONAL_OFFICER: frozenset(
        {
            State.SUBMITTED,
            State.COMPLETENESS_CHECK,
            State.RESUBMITTED,
            State.REGIONAL_ASSESSMENT,
        }
    ),
    Role.ADMINISTRATOR: frozenset(REGIONAL_OPEN),
}

#: Application fields that are facts for the rules engine; changing one re-runs the rules.
FACT_FIELDS = (
    "permit_type",
    "workplace_postcode",
    "category",
    "occupation",
    "occupation_on_shortage_list",
    "gross_salary",
    "salary_period",
    "fte",
    "start_date",
    "same_employer",
    "same_occupation",
    "facts",
)
#: Model columns whose names are facts themselves; ``facts`` may not shadow them.
_COLUMN_FACTS = frozenset(
    {
        "region",
        "category",
        "gross_salary",
        "salary_period",
        "fte",
        "occupation",
        "application_type",
        "same_employer",
        "same_occupation",
    }
)
#: Facts the engine derives from the record, never supplied by a caller.
_DERIVED_FACTS = frozenset({"procedure", "date", "id", "application_date"})
EXTRA_FACTS = SINGLE_PERMIT_FACTS - _COLUMN_FACTS - _DERIVED_FACTS


# --- helpers ----------------------------------------------------------------------------------

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _atomic(service: Callable[_P, _R]) -> Callable[_P, _R]:
    """``transaction.atomic`` for a service, without the savepoint (two statements) when it
    runs directly in an API request's transaction: an error there rolls the whole request
    back (``CaseworkApi.dispatch``), so a savepoint would undo nothing more. Everywhere else
    (commands, tasks, tests, a caller's own ``atomic()``) it is ``transaction.atomic`` as is."""

    @functools.wraps(service)
    def inner(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with transaction.atomic(savepoint=not in_request_transaction()):
            return service(*args, **kwargs)

    return inner


def _role(actor: Any) -> str:
    role = role_of(actor)
    if role is None:
        raise PermissionDenied("no role in Passage")
    return role


def _files_for(actor: Any, organisation_id: int) -> bool:
    """An employer-side actor with a filer role for this organisation today: their own, or a
    principal of an active mandate (passage.accounts.selectors.employer_scope)."""
    return organisation_id in user_fileable_organisation_ids(actor)


def _check_scope(actor: Any, application: Application, action: str) -> str:
    """The actor's role, after checking it may take ``action`` on ``application``."""
    role = _role(actor)
    if role not in ROLES_BY_ACTION[action]:
        raise PermissionDenied(f"a {role} may not {action}")
    if role == Role.EMPLOYER_MEMBER and not _files_for(actor, application.organisation_id):
        raise PermissionDenied("the application belongs to another organisation")
    if role == Role.REGIONAL_OFFICER and actor.profile.region != application.region:
        raise PermissionDenied("the application belongs to another region")
    return role


def _lock(application: Application | int, *, sla_targets: bool = False) -> Application:
    """The application's row, locked (``SELECT … FOR UPDATE``) for the rest of the transaction.

    ``sla_targets`` (a submission): read the region's SLA targets and the rulebook's
    fingerprint in the same statement (``sla_start`` and ``_rulebook`` use them instead of a
    query of their own)."""
    from passage.rulebook.selectors import rulebook_state_annotation

    pk = application if isinstance(application, int) else application.pk
    rows = Application.objects.select_for_update()
    if sla_targets:
        rows = rows.annotate(**sla.sla_target_annotations(), **rulebook_state_annotation())
    return rows.get(pk=pk)


def _check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != application.version:
        raise VersionConflict(expected=expected_version, current=application.version)


def _next_state(application: Application, action: str) -> str:
    nxt = TRANSITIONS.get((application.state, action))
    if nxt is None:
        raise TransitionError(state=application.state, action=action)
    return nxt


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _record(
    *,
    application: Application,
    actor: Any,
    kind: str,
    part: str = "regional",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: Mapping[str, Any] | None = None,
    at: dt.datetime,
) -> None:
    """The event, the audit row and (for status changes) the outbox message of one change.

    The audit details and the outbox payload carry references and states only: the outbox
    leaves Passage (e-mail, employers' HR systems) and the reason may name people."""
    ApplicationEvent.objects.create(
        application=application,
        at=at,
        actor=actor,
        part=part,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=dict(data or {}),
    )
    audit_record(
        actor=actor,
        action=f"application.{kind}",
        object_type="application",
        object_id=application.pk,
        details={
            "reference": application.reference,
            "part": part,
            "from": from_state,
            "to": to_state,
            "version": application.version,
        },
    )
    # Status changes only: creating a draft tells an employer's HR system nothing new.
    if from_state and from_state != to_state:
        outbox_put(
            TOPIC_STATUS_CHANGED,
            {
                "reference": application.reference,
                "state": application.state,
                "residence_state": application.residence_state,
                "at": at.isoformat(),
            },
        )


def _rulebook(rulebook: Rulebook | None, application: Application | None = None) -> Rulebook:
    if rulebook is not None:
        return rulebook
    # The packaged rulebook with administrators' verified values and occupation codes; its
    # fingerprint read with the locked row when ``_lock(sla_targets=True)`` read it.
    from passage.rulebook.selectors import RULEBOOK_STATE, rulebook_current

    return rulebook_current(getattr(application, RULEBOOK_STATE, None))


def application_case(
    application: Application, *, day: dt.date, application_date: dt.date | None = None
) -> dict[str, Any]:
    """The single_permit case (the engine's JSON contract) for ``application`` as of ``day``.

    ``application_date`` (FLA-07) defaults to the local day of ``submitted_at``; a draft has
    none. It never lies after ``day``: an evaluation as of an earlier day (a back-dated
    re-evaluation) treats the application as filed on that day."""
    case: dict[str, Any] = {
        key: value for key, value in (application.facts or {}).items() if value is not None
    }
    case.update(
        {
            "procedure": "single_permit",
            "date": day.isoformat(),
            "id": application.reference,
            "region": application.region,
            "category": application.category,
            "gross_salary": str(application.gross_salary),
            "salary_period": application.salary_period,
            "fte": str(application.fte),
            "application_type": application.application_type,
        }
    )
    if application.occupation:
        case["occupation"] = application.occupation
    for name in ("same_employer", "same_occupation"):
        value = getattr(application, name)
        if value is not None:
            case[name] = value
    if application_date is None and application.submitted_at is not None:
        application_date = timezone.localdate(application.submitted_at)
    if application_date is not None:
        case["application_date"] = min(application_date, day).isoformat()
    return case


def _evaluate(
    application: Application,
    *,
    day: dt.date,
    rulebook: Rulebook | None,
    application_date: dt.date | None = None,
) -> Decision:
    try:
        case = application_case(application, day=day, application_date=application_date)
        return evaluate(case, _rulebook(rulebook, application))
    except InputError as exc:
        # Extra facts live in the ``facts`` column: name that field as the API shows it.
        name = exc.field
        field_name = f"facts.{name}" if name in EXTRA_FACTS else name
        raise ValidationError({field_name: exc.message}, code="invalid_fact") from None


def _store_decision(application: Application, decision: Decision, *, day: dt.date) -> None:
    application.eligibility_outcome = decision.outcome
    application.eligibility_decision = decision.to_dict()
    application.eligibility_evaluated_on = day
    application.eligibility_rulebook_version = decision.rulebook_version


def _clean_facts(facts: Mapping[str, Any] | None) -> dict[str, Any]:
    if facts is None:
        return {}
    if not isinstance(facts, Mapping):
        raise ValidationError({"facts": "must be an object"})
    unknown = sorted(set(facts) - EXTRA_FACTS)
    if unknown:
        raise ValidationError(
            {
                "facts": f"unknown fact(s) {', '.join(unknown)}; expected one of: "
                + ", ".join(sorted(EXTRA_FACTS))
            }
        )
    return dict(facts)


def _to_python(name: str, value: Any) -> Any:
    """The value as the model holds it ("60000" → Decimal), so an equal value is no change."""
    model_field = Application._meta.get_field(name)
    assert isinstance(model_field, Field)  # FACT_FIELDS are concrete columns
    try:
        return model_field.to_python(value)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from None


def _new_reference(day: dt.date) -> str:
    # Random rather than sequential: a reference leaks neither volume nor order to employers.
    return f"SP{day:%Y}-{secrets.token_hex(4).upper()}"


# --- workers ----------------------------------------------------------------------------------


@_atomic
def worker_create(
    *,
    actor: Any,
    organisation: Organisation,
    given_name: str,
    family_name: str,
    birth_date: dt.date,
    nationality: str,
    national_register_number: str | None = None,
    today: dt.date | None = None,
) -> Worker:
    role = _role(actor)
    if role not in {Role.EMPLOYER_MEMBER, Role.ADMINISTRATOR}:
        raise PermissionDenied(f"a {role} may not create workers")
    if role == Role.EMPLOYER_MEMBER and not _files_for(actor, organisation.pk):
        raise PermissionDenied(
            "workers are created for one's own organisation, or a principal under an active "
            "mandate, only"
        )
    plausible_birth_date(birth_date, today=today or timezone.localdate())
    worker = Worker(
        organisation=organisation,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        nationality=nationality.upper(),
    )
    if national_register_number:
        number = nrn_validate(national_register_number)
        worker.national_register_number_encrypted = nrn_encrypt(number)
        worker.national_register_pseudonym = nrn_pseudonymise(number)
    worker.full_clean()
    with pghistory.context(actor=actor.pk, action="worker.create"):
        worker.save()
    audit_record(
        actor=actor,
        action="worker.create",
        object_type="worker",
        object_id=worker.pk,
        details={"organisation": organisation.identifier},
    )
    return worker


# --- applications: create and update ----------------------------------------------------------


@_atomic
def application_create(
    *,
    actor: Any,
    organisation: Organisation,
    worker: Worker,
    permit_type: str,
    workplace_postcode: str,
    category: str,
    gross_salary: Decimal | str,
    salary_period: str,
    start_date: dt.date,
    application_type: str = ApplicationType.FIRST,
    occupation: str = "",
    occupation_on_shortage_list: bool = False,
    fte: Decimal | str = Decimal(1),
    same_employer: bool | None = None,
    same_occupation: bool | None = None,
    facts: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    rulebook: Rulebook | None = None,
) -> Application:
    """A draft application, its rules outcome as a preview (the engine runs on every fact).

    A renewal needs a granted application (both parts) for the same worker; where the caller
    does not say, ``same_employer``/``same_occupation`` (FLA-07) are read from that one."""
    day = _today(today)
    role = _role(actor)
    if role not in ROLES_BY_ACTION["create"]:
        raise PermissionDenied(f"a {role} may not create applications")
    if role == Role.EMPLOYER_MEMBER and not _files_for(actor, organisation.pk):
        # A principal's application needs a mandate active today (docs/access.md).
        raise PermissionDenied(
            "applications are filed for one's own organisation, or a principal under an "
            "active mandate, only"
        )
    if worker.organisation_id != organisation.pk:
        raise ValidationError({"worker": "the worker belongs to another organisation"})
    if application_type == ApplicationType.RENEWAL:
        previous = (
            Application.objects.filter(
                worker=worker, state=State.GRANTED, residence_state=ResidenceState.GRANTED
            )
            .order_by("-decided_at", "-id")
            .first()
        )
        if previous is None:
            raise ValidationError(
                {"application_type": "a renewal needs a granted application for this worker"}
            )
        if same_employer is None:
            same_employer = previous.organisation_id == organisation.pk
        if same_occupation is None:
            same_occupation = bool(occupation) and previous.occupation == occupation
    application = Application(
        reference=_new_reference(day),
        organisation=organisation,
        worker=worker,
        application_type=application_type,
        permit_type=permit_type,
        workplace_postcode=str(workplace_postcode).strip(),
        region=region_for_postcode(workplace_postcode),
        category=category,
        occupation=occupation,
        occupation_on_shortage_list=occupation_on_shortage_list,
        gross_salary=gross_salary,
        salary_period=salary_period,
        fte=fte,
        start_date=start_date,
        same_employer=same_employer,
        same_occupation=same_occupation,
        facts=_clean_facts(facts),
    )
    application.full_clean()
    _store_decision(application, _evaluate(application, day=day, rulebook=rulebook), day=day)
    with pghistory.context(actor=actor.pk, action="application.create"):
        application.save()
    _record(
        application=application,
        actor=actor,
        kind="create",
        to_state=application.state,
        at=timezone.now(),
    )
    return application


@_atomic
def application_update(
    *,
    actor: Any,
    application: Application | int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    today: dt.date | None = None,
    rulebook: Rulebook | None = None,
) -> Application:
    """Change facts (``FACT_FIELDS``); bumps ``version`` and re-runs the rules engine."""
    day = _today(today)
    app = _lock(application)
    role = _check_scope(actor, app, "update")
    _check_version(app, expected_version)
    if app.state not in UPDATE_STATES.get(role, frozenset()):
        raise TransitionError(state=app.state, action="update")
    unknown = sorted(set(changes) - set(FACT_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "cannot be changed"))
    changed = []
    for name, value in changes.items():
        new = _clean_facts(value) if name == "facts" else _to_python(name, value)
        if getattr(app, name) != new:
            setattr(app, name, new)
            changed.append(name)
    if not changed:
        return app
    if "workplace_postcode" in changed:
        app.workplace_postcode = str(app.workplace_postcode).strip()
        app.region = region_for_postcode(app.workplace_postcode)
        if role == Role.REGIONAL_OFFICER and app.region != actor.profile.region:
            # An officer cannot move a file out of their own region's queue.
            raise PermissionDenied("the new place of work is in another region")
    app.full_clean()
    _store_decision(app, _evaluate(app, day=day, rulebook=rulebook), day=day)
    app.version += 1
    with pghistory.context(actor=actor.pk, action="application.update"):
        app.save()
    # Field names only: values (salary, facts) stay in the record and its history.
    _record(
        application=app, actor=actor, kind="update", data={"fields": changed}, at=timezone.now()
    )
    return app


# --- the regional workflow --------------------------------------------------------------------


def _transition(
    *,
    actor: Any,
    application: Application | int,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    day: dt.date,
    data: Mapping[str, Any] | None = None,
    before_save: Callable[[Application, str, dt.datetime], None] | None = None,
    sla_targets: bool = False,
) -> Application:
    """Lock, check scope, version and state, move to the next state, record it. Runs inside
    the calling service's transaction."""
    app = _lock(application, sla_targets=sla_targets)
    _check_scope(actor, app, action)
    _check_version(app, expected_version)
    to_state = _next_state(app, action)
    from_state = app.state
    now = timezone.now()
    app.state = to_state
    # The clock pauses while the employer owes information and resumes when they answer.
    if to_state in PAUSED_STATES:
        sla.sla_pause(app, at=now)
    elif from_state in PAUSED_STATES:
        sla.sla_resume(app, day=day)
    if to_state == State.WITHDRAWN:
        app.sla_paused_since = None
        app.decided_at = now
    if before_save is not None:
        before_save(app, from_state, now)
    app.version += 1
    with pghistory.context(actor=actor.pk, action=f"application.{action}"):
        app.save()
    _record(
        application=app,
        actor=actor,
        kind=action,
        from_state=from_state,
        to_state=app.state,
        reason=reason,
        data=data,
        at=now,
    )
    return app


def _salary_check(application: Application, *, day: dt.date) -> tuple[str, Decimal | None]:
    """Ask the Crossroads Bank for the declared wage (outside any transaction: its latency must
    not hold row locks). Any failure means manual verification, never a failed submission."""
    pseudonym = application.worker.national_register_pseudonym
    # A foreign employer without a Belgian enterprise number declares no DmfA wages to the
    # Crossroads Bank: there is nothing to ask, the region verifies by hand.
    if not pseudonym or not application.organisation.enterprise_number:
        return SalaryVerification.PENDING_MANUAL, None
    try:
        from passage.casework.cbss.client import get_client

        declared = get_client().declared_wage(application.organisation.enterprise_number, pseudonym)
    except Exception as exc:  # CbssUnavailable, transport errors, an adapter bug: never block
        logger.warning(
            "salary check for %s: Crossroads Bank unavailable (%s), manual verification",
            application.reference,
            exc,
        )
        return SalaryVerification.PENDING_MANUAL, None
    declared_amount = Decimal(declared.amount)
    try:
        status = _salary_status(application, declared_amount, declared.period, day=day)
    except Exception as exc:  # e.g. a months-per-year value not applicable on ``day``
        logger.warning("salary check for %s not comparable (%s)", application.reference, exc)
        status = SalaryVerification.PENDING_MANUAL
    return status, declared_amount


def _salary_status(
    application: Application, declared: Decimal, period: str, *, day: dt.date
) -> str:
    """Verified when the employer declares at least the wage stated in the application (the
    wage condition, SAL-01/SAL-02, was checked against the stated one); mismatch otherwise."""
    stated = Decimal(application.gross_salary)
    if period != application.salary_period:
        # Both in annual terms with the engine's own months-per-year choice
        # (interpretation.salary_months_per_year), multiplying as the engine does, never
        # dividing and never a bare 12 here.
        months = Decimal(
            str(_rulebook(None).require("interpretation.salary_months_per_year", day).value)
        )
        if period == "month":
            declared *= months
        else:
            stated *= months
    return SalaryVerification.VERIFIED if declared >= stated else SalaryVerification.MISMATCH


def application_submit(
    *,
    actor: Any,
    application: Application | int,
    expected_version: int | None = None,
    today: dt.date | None = None,
    rulebook: Rulebook | None = None,
) -> Application:
    """Draft → submitted: runs the rules as of the submission day, starts the SLA clock and
    records the Crossroads Bank's salary check (done first, before the row lock). Where the
    region enforces the document checklist, a missing document refuses the submission
    (``ChecklistIncomplete``, naming ``documents``) before the salary check.

    An ``application`` instance read with its worker and organisation (the API's scoped read,
    in the same transaction) serves as the preview as it is; a pk, or an instance without
    them, is read first. The preview only decides what to ask the Crossroads Bank and fails
    fast: scope, version and state are checked again on the locked row."""
    day = _today(today)
    pk = application if isinstance(application, int) else application.pk
    if (
        isinstance(application, Application)
        and Application.worker.is_cached(application)
        and Application.organisation.is_cached(application)
    ):
        preview = application
    else:
        preview = Application.objects.select_related("worker", "organisation").get(pk=pk)
    _check_scope(actor, preview, "submit")
    _next_state(preview, "submit")  # fail fast, before any network call
    checklist_check(preview, day=day)
    verification, declared_wage = _salary_check(preview, day=day)
    return _application_submit_locked(
        actor=actor,
        pk=pk,
        expected_version=expected_version,
        day=day,
        rulebook=rulebook,
        verification=verification,
        declared_wage=declared_wage,
    )


class ChecklistIncomplete(ValidationError):
    """The region's document checklist blocks the submission; ``missing`` are the items
    (``ChecklistItem``: kind, labels in four languages, the citation)."""

    def __init__(self, missing: tuple[Any, ...]) -> None:
        named = "; ".join(f"{item.kind} ({item.labels['en']})" for item in missing)
        super().__init__({"documents": f"missing before submission: {named}"})
        self.missing = missing


def checklist_check(application: Application, *, day: dt.date) -> None:
    """Refuse the submission when the region enforces its checklist and an item is missing
    (``PASSAGE_CHECKLIST_ENFORCED_REGIONS``; docs/documents.md). Documents are never
    deleted, so the check on the preview holds under the row lock too."""
    if not checklist_enforced(application.region):
        return
    checklist = document_checklist(application, on=day)
    if checklist.missing:
        raise ChecklistIncomplete(checklist.missing)


@_atomic
def _application_submit_locked(
    *,
    actor: Any,
    pk: int,
    expected_version: int | None,
    day: dt.date,
    rulebook: Rulebook | None,
    verification: str,
    declared_wage: Decimal | None,
) -> Application:
    def before_save(app: Application, _from: str, now: dt.datetime) -> None:
        app.submitted_at = now
        # The submission day is the day passed in (FLA-07 keys on it), not the clock's.
        decision = _evaluate(app, day=day, rulebook=rulebook, application_date=day)
        _store_decision(app, decision, day=day)
        app.salary_verification = verification
        app.declared_wage = declared_wage
        sla.sla_start(app, day=day)

    return _transition(
        actor=actor,
        application=pk,
        action="submit",
        expected_version=expected_version,
        day=day,
        data={"salary_verification": verification},
        before_save=before_save,
        sla_targets=True,
    )


@_atomic
def application_start_completeness_check(
    *,
    actor: Any,
    application: Application | int,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    return _transition(
        actor=actor,
        application=application,
        action="start_completeness_check",
        expected_version=expected_version,
        day=_today(today),
    )


@_atomic
def application_mark_incomplete(
    *,
    actor: Any,
    application: Application | int,
    reason: str,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    if not reason.strip():
        raise ValidationError({"reason": "say what is missing"})
    return _transition(
        actor=actor,
        application=application,
        action="mark_incomplete",
        reason=reason,
        expected_version=expected_version,
        day=_today(today),
    )


@_atomic
def application_request_information(
    *,
    actor: Any,
    application: Application | int,
    message: str,
    due_on: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    if not message.strip():
        raise ValidationError({"message": "say which information is needed"})

    def before_save(app: Application, _from: str, now: dt.datetime) -> None:
        InformationRequest.objects.create(
            application=app, requested_by=actor, requested_at=now, message=message, due_on=due_on
        )

    return _transition(
        actor=actor,
        application=application,
        action="request_information",
        reason=message,
        expected_version=expected_version,
        day=_today(today),
        before_save=before_save,
    )


@_atomic
def application_resubmit(
    *,
    actor: Any,
    application: Application | int,
    answer: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
    rulebook: Rulebook | None = None,
) -> Application:
    """The employer answers; the clock resumes with the paused days added to the due date."""
    day = _today(today)

    def before_save(app: Application, _from: str, now: dt.datetime) -> None:
        InformationRequest.objects.filter(application=app, answered_at__isnull=True).update(
            answered_at=now, answer=answer
        )
        _store_decision(app, _evaluate(app, day=day, rulebook=rulebook), day=day)

    return _transition(
        actor=actor,
        application=application,
        action="resubmit",
        reason=answer,
        expected_version=expected_version,
        day=day,
        before_save=before_save,
    )


@_atomic
def application_start_regional_assessment(
    *,
    actor: Any,
    application: Application | int,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    return _transition(
        actor=actor,
        application=application,
        action="start_regional_assessment",
        expected_version=expected_version,
        day=_today(today),
    )


def _decision_outcome(outcome: str, motivation: str) -> None:
    if outcome not in {"granted", "refused"}:
        raise ValidationError({"outcome": f"{outcome!r} is not one of: granted, refused"})
    if outcome == "refused" and not motivation.strip():
        raise ValidationError({"motivation": "a refusal must be motivated"})


class SalaryGuardError(ValidationError):
    """A grant the salary verification does not support, without an officer's reason."""

    def __init__(self, status: str) -> None:
        super().__init__(
            {"override_reason": f"the salary verification is {status}: give a reason to grant"},
            code="salary_guard",
        )
        self.status = status


def salary_guard_check(application: Application, *, override_reason: str) -> None:
    """Pending (not checked, pending manual verification) or failed (mismatch) blocks a grant
    unless ``override_reason`` says why the officer grants all the same."""
    if application.salary_verification == SalaryVerification.VERIFIED:
        return
    if not override_reason.strip():
        raise SalaryGuardError(application.salary_verification)
    if len(override_reason) > 2000:
        raise ValidationError({"override_reason": "at most 2000 characters"})


@_atomic
def application_decide_regional(
    *,
    actor: Any,
    application: Application | int,
    outcome: str,
    motivation: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
    salary_guard: bool = False,
    override_reason: str = "",
) -> Application:
    """The work authorisation: granted starts the Immigration Office's residence part.

    ``salary_guard`` (the back office, issue 11 "Guards"): a grant while the Crossroads Bank's
    salary verification is pending or failed is refused (``SalaryGuardError``, naming
    ``override_reason``) unless the officer gives a reason, which the event records. Checked
    on the locked row, so a verification that changes meanwhile is seen."""
    _decision_outcome(outcome, motivation)
    data: dict[str, Any] = {"outcome": outcome}

    def before_save(app: Application, _from: str, now: dt.datetime) -> None:
        if salary_guard and outcome == "granted":
            salary_guard_check(app, override_reason=override_reason)
            if app.salary_verification != SalaryVerification.VERIFIED:
                data.update(
                    salary_verification=app.salary_verification,
                    override_reason=override_reason.strip(),
                )
        app.state = outcome
        if outcome == "granted":
            app.residence_state = ResidenceState.FEDERAL_ASSESSMENT
        else:
            app.decided_at = now
        decision = ApplicationDecision(
            application=app,
            part="regional",
            outcome=outcome,
            motivation=motivation,
            decided_by=actor,
            decided_at=now,
        )
        decision.full_clean()
        decision.save()

    return _transition(
        actor=actor,
        application=application,
        action="decide_regional",
        reason=motivation,
        expected_version=expected_version,
        day=_today(today),
        data=data,
        before_save=before_save,
    )


@_atomic
def application_decide_federal(
    *,
    actor: Any,
    application: Application | int,
    outcome: str,
    motivation: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    """The Immigration Office's residence decision; it finishes the single permit."""
    _decision_outcome(outcome, motivation)
    app = _lock(application)
    _check_scope(actor, app, "decide_federal")
    _check_version(app, expected_version)
    if (app.residence_state, "decide_federal") not in FEDERAL_TRANSITIONS:
        raise TransitionError(state=app.residence_state, action="decide_federal", part="federal")
    now = timezone.now()
    from_state = app.residence_state
    app.residence_state = outcome
    app.decided_at = now
    app.version += 1
    decision = ApplicationDecision(
        application=app,
        part="federal",
        outcome=outcome,
        motivation=motivation,
        decided_by=actor,
        decided_at=now,
    )
    decision.full_clean()
    with pghistory.context(actor=actor.pk, action="application.decide_federal"):
        decision.save()
        app.save()
    _record(
        application=app,
        actor=actor,
        kind="decide_federal",
        part="federal",
        from_state=from_state,
        to_state=outcome,
        reason=motivation,
        data={"outcome": outcome},
        at=now,
    )
    return app


@_atomic
def application_withdraw(
    *,
    actor: Any,
    application: Application | int,
    reason: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    return _transition(
        actor=actor,
        application=application,
        action="withdraw",
        reason=reason,
        expected_version=expected_version,
        day=_today(today),
    )


# --- bulk re-evaluation -----------------------------------------------------------------------

#: Applications whose eligibility can still change the regional decision.
PENDING_STATES = (
    State.SUBMITTED,
    State.COMPLETENESS_CHECK,
    State.INCOMPLETE,
    State.INFORMATION_REQUESTED,
    State.RESUBMITTED,
    State.REGIONAL_ASSESSMENT,
)


@dataclass
class ReevaluationSummary:
    day: dt.date
    rulebook_version: str
    evaluated: int = 0
    changed: int = 0
    errors: int = 0
    changed_references: list[str] = field(default_factory=list)
    error_references: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "rulebook_version": self.rulebook_version,
            "evaluated": self.evaluated,
            "changed": self.changed,
            "errors": self.errors,
        }


def applications_reevaluate(
    *,
    day: dt.date,
    rulebook: Rulebook | None = None,
    progress: Callable[[int, int], None] | None = None,
    actor: Any = None,
    chunk_size: int = 2000,
) -> ReevaluationSummary:
    """Re-run the rules for every pending application as of ``day`` (after an indexation or a
    verified value) and flag those whose outcome changed (``eligibility_changed``).

    Streams the rows (``iterator``) and writes each chunk with one UPDATE in its own
    transaction, so 100 000+ applications neither sit in memory nor hold locks for the whole
    run; pghistory's triggers still capture every row. One audit row records the run. A case
    the engine rejects is counted and left as it was."""
    rb = _rulebook(rulebook)
    summary = ReevaluationSummary(day=day, rulebook_version=rb.version)
    pending = Application.objects.filter(state__in=PENDING_STATES)
    total = pending.count()
    chunk: list[int] = []
    for pk in pending.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=chunk_size):
        chunk.append(pk)
        if len(chunk) >= chunk_size:
            _reevaluate_chunk(chunk, day=day, rulebook=rb, summary=summary)
            chunk = []
            if progress is not None:
                progress(summary.evaluated + summary.errors, total)
    if chunk:
        _reevaluate_chunk(chunk, day=day, rulebook=rb, summary=summary)
    if progress is not None:
        progress(summary.evaluated + summary.errors, total)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="applications.reevaluate",
            object_type="application",
            object_id="*",
            details=summary.to_dict(),
        )
    return summary


_REEVALUATE_COLUMNS = (
    "pk",
    "reference",
    "region",
    "category",
    "gross_salary",
    "salary_period",
    "fte",
    "occupation",
    "application_type",
    "same_employer",
    "same_occupation",
    "facts",
    "submitted_at",
    "eligibility_outcome",
    "version",
)
_MAX_LISTED = 1000


def _reevaluate_chunk(
    pks: list[int], *, day: dt.date, rulebook: Rulebook, summary: ReevaluationSummary
) -> None:
    """One chunk in one transaction. The rows are locked while they are read and written, so a
    concurrent ``application_update`` is never overwritten with a decision on its old facts
    (and ``version`` never goes backwards); rows that left the pending states meanwhile are
    skipped."""
    batch: list[Application] = []
    with transaction.atomic(), pghistory.context(action="applications.reevaluate"):
        rows = (
            Application.objects.select_for_update(of=("self",))
            .filter(pk__in=pks, state__in=PENDING_STATES)
            .only(*_REEVALUATE_COLUMNS)
            .order_by("pk")
        )
        for app in rows:
            try:
                decision = evaluate(application_case(app, day=day), rulebook)
            except InputError:
                summary.errors += 1
                if len(summary.error_references) < _MAX_LISTED:
                    summary.error_references.append(app.reference)
                continue
            changed = bool(app.eligibility_outcome) and decision.outcome != app.eligibility_outcome
            _store_decision(app, decision, day=day)
            app.eligibility_changed = changed
            app.version += 1
            summary.evaluated += 1
            if changed:
                summary.changed += 1
                if len(summary.changed_references) < _MAX_LISTED:
                    summary.changed_references.append(app.reference)
            batch.append(app)
        if batch:
            _bulk_write_eligibility(batch)


#: One statement per chunk. Django's ``bulk_update`` builds a CASE per column with a branch
#: per row, which PostgreSQL evaluates row by row (quadratic: ~4 ms a row at 2 000 a chunk);
#: joining on one JSON document of the new values is linear, and one text parameter avoids
#: psycopg's per-element array quoting. Column names are fixed here, values are parameters.
_ELIGIBILITY_UPDATE_SQL = """
UPDATE casework_application AS a SET
    eligibility_outcome = v.outcome,
    eligibility_decision = v.decision,
    eligibility_evaluated_on = v.evaluated_on,
    eligibility_rulebook_version = v.rulebook_version,
    eligibility_changed = v.changed,
    version = v.version,
    updated_at = now()
FROM jsonb_to_recordset(%s::jsonb) AS v(
    id bigint, outcome text, decision jsonb, evaluated_on date, rulebook_version text,
    changed boolean, version integer
)
WHERE a.id = v.id
"""


def _bulk_write_eligibility(batch: list[Application]) -> None:
    """Write the re-evaluated columns of ``batch`` in one UPDATE; an ordinary UPDATE, so
    pghistory's row triggers record every row as they would for ``bulk_update``."""
    rows = [
        {
            "id": a.pk,
            "outcome": a.eligibility_outcome,
            "decision": a.eligibility_decision,
            "evaluated_on": a.eligibility_evaluated_on,
            "rulebook_version": a.eligibility_rulebook_version,
            "changed": a.eligibility_changed,
            "version": a.version,
        }
        for a in batch
    ]
    params = [json.dumps(rows, cls=DjangoJSONEncoder)]
    with connection.cursor() as cursor:
        cursor.execute(_ELIGIBILITY_UPDATE_SQL, params)


# --- documents --------------------------------------------------------------------------------

#: What an employer may attach to an application.
#: ``application_form``, ``medical_certificate`` and ``criminal_record`` serve the document
#: checklist (``passage.casework.checklist``); an ``application_form`` goes through
#: ``passage.signatures.services.signed_document_upload`` (its PAdES signature is validated).
DOCUMENT_KINDS = (
    "application_form",
    "passport",
    "employment_contract",
    "diploma",
    "medical_certificate",
    "criminal_record",
    "cv",
    "salary_proof",
    "other",
)
#: Kinds that must carry a valid PAdES signature (``passage.signatures``).
SIGNED_DOCUMENT_KINDS = frozenset({"application_form"})
#: Allowed content types and the magic bytes their files start with (``uploads`` checks the
#: whole content).
DOCUMENT_SIGNATURES = uploads.DOCUMENT_SIGNATURES
#: 10 MiB unless ``PASSAGE_MAX_DOCUMENT_BYTES`` says otherwise.
DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: Who may upload in which state: the employer while it holds the file; administrators while
#: the regional part is open (to unblock a file).
DOCUMENT_UPLOAD_STATES: dict[str, frozenset[str]] = {
    Role.EMPLOYER_MEMBER: frozenset({State.DRAFT, State.INCOMPLETE, State.INFORMATION_REQUESTED}),
    Role.ADMINISTRATOR: frozenset(REGIONAL_OPEN),
}


class DocumentTooLarge(ValidationError):
    """The file is over ``PASSAGE_MAX_DOCUMENT_BYTES`` (the API answers 413)."""

    def __init__(self, *, size: int, limit: int) -> None:
        super().__init__({"file": f"is {size} bytes; the limit is {limit} bytes"})
        self.size = size
        self.limit = limit


class DocumentTypeNotAllowed(ValidationError):
    """The declared content type is not one Passage accepts (the API answers 415)."""

    def __init__(self, content_type: str) -> None:
        allowed = ", ".join(DOCUMENT_SIGNATURES)
        super().__init__({"file": f"has type {content_type!r}; allowed: {allowed}"})
        self.content_type = content_type


def max_document_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "PASSAGE_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES))


_UNSAFE_FILENAME_CHARS = str.maketrans(dict.fromkeys([*map(chr, range(32)), "\x7f", '"'], None))


def document_filename_clean(filename: str) -> str:
    """The last path part, without control characters or quotes, at most 255 characters (the
    extension kept); ``document`` when nothing is left."""
    name = str(filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = name.translate(_UNSAFE_FILENAME_CHARS).strip().lstrip(".")
    if not name:
        return "document"
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            name = f"{stem[: 255 - len(extension) - 1]}.{extension}"
        else:
            name = name[:255]
    return name


def document_file_check(*, content: bytes, content_type: str, filename: str) -> tuple[str, str]:
    """The checks every uploaded file passes wherever it is kept (an application, a portal
    draft): size, not empty, an allowed declared type, the whole content of that type with the
    name's extension. Returns the declared type and the cleaned file name."""
    limit = max_document_bytes()
    if len(content) > limit:
        raise DocumentTooLarge(size=len(content), limit=limit)
    if not content:
        raise ValidationError({"file": "is empty"})
    declared = str(content_type).split(";", 1)[0].strip().lower()
    if declared not in DOCUMENT_SIGNATURES:
        raise DocumentTypeNotAllowed(declared)
    clean_name = document_filename_clean(filename)
    uploads.document_content_check(content=content, declared=declared, filename=clean_name)
    return declared, clean_name


@_atomic
def document_upload(
    *,
    actor: Any,
    application: Application | int,
    kind: str,
    filename: str,
    content_type: str,
    content: bytes,
    expected_version: int | None = None,
    today: dt.date | None = None,
    signature_validated: bool = False,
) -> Document:
    """Attach a file to an application: the employer while it holds the file (draft,
    incomplete, information requested), administrators while the regional part is open.

    The content type must be allowed and the whole content must be a file of that type whose
    name carries its extension (``passage.casework.uploads``); the size is limited by
    ``PASSAGE_MAX_DOCUMENT_BYTES``. A kind of ``SIGNED_DOCUMENT_KINDS`` is accepted only with
    ``signature_validated`` (set by ``passage.signatures.services.signed_document_upload``).
    Bumps ``version``; the event and the audit row carry the
    kind, type, size and hash, never the file name or content (they may name the worker)."""
    _today(today)  # accepted for symmetry with the other services; nothing is dated here
    app = _lock(application)
    role = _role(actor)
    if role not in DOCUMENT_UPLOAD_STATES:
        raise PermissionDenied(f"a {role} may not upload documents")
    if role == Role.EMPLOYER_MEMBER and not _files_for(actor, app.organisation_id):
        raise PermissionDenied("the application belongs to another organisation")
    _check_version(app, expected_version)
    if app.state not in DOCUMENT_UPLOAD_STATES[role]:
        raise TransitionError(state=app.state, action="upload_document")
    if kind not in DOCUMENT_KINDS:
        raise ValidationError({"kind": f"{kind!r} is not one of: {', '.join(DOCUMENT_KINDS)}"})
    if kind in SIGNED_DOCUMENT_KINDS and not signature_validated:
        # Only passage.signatures.services.signed_document_upload stores these, after it has
        # validated the signature (and it stores the result beside the document).
        raise ValidationError({"kind": f"a {kind} must be uploaded with its signature checked"})
    content = bytes(content)
    declared, clean_name = document_file_check(
        content=content, content_type=content_type, filename=filename
    )
    now = timezone.now()
    document = Document.objects.create(
        application=app,
        kind=kind,
        filename=clean_name,
        content_type=declared,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=actor,
        uploaded_at=now,
    )
    app.version += 1
    with pghistory.context(actor=actor.pk, action="document.uploaded"):
        app.save(update_fields=["version", "updated_at"])
    facts = {
        "document": document.pk,
        "kind": kind,
        "content_type": declared,
        "size": document.size,
        "sha256": document.sha256,
    }
    ApplicationEvent.objects.create(
        application=app,
        at=now,
        actor=actor,
        part="regional",
        kind="document_uploaded",
        data=facts,
    )
    audit_record(
        actor=actor,
        action="document.uploaded",
        object_type="application",
        object_id=app.pk,
        details={"reference": app.reference, "version": app.version, **facts},
    )
    return document
