# SPDX-License-Identifier: EUPL-1.2
"""Reads of the back office, scoped by ``passage.casework.selectors`` (the first of the three
authorization layers; the ``rules`` predicates and row-level security are the others).

Officers see an application from its submission on, never an employer's draft (issue 11).
A regional officer's queue is their region's work authorisations; the Immigration Office's is
the residence part, which exists once a region has granted the work authorisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from passage.accounts.models import Role
from passage.accounts.predicates import user_role
from passage.casework import selectors as casework
from passage.casework.models import (
    Application,
    ApplicationEvent,
    Document,
    ResidenceState,
    State,
)
from passage.rules.decision import Check, Citation, Decision
from passage.rules.single_permit import FACT_SHEET

OFFICE_ROLES = (Role.REGIONAL_OFFICER, Role.IMMIGRATION_OFFICER)
#: Applications per queue page.
PAGE_SIZE = 50

#: The states a filter may ask for, per part of the procedure.
REGIONAL_STATES = tuple(s for s in State if s != State.DRAFT)
RESIDENCE_STATES = tuple(s for s in ResidenceState if s != ResidenceState.NOT_STARTED)


@dataclass(frozen=True, slots=True)
class QueueFilters:
    state: str = ""
    overdue: bool = False
    at_risk: bool = False
    #: A reference or the start of one (references are random, not names: no personal data).
    search: str = ""


def queue_part(user: Any) -> str:
    """``regional`` or ``federal``: the part of the procedure the user's queue holds."""
    return "federal" if user_role(user) == Role.IMMIGRATION_OFFICER else "regional"


def _base(user: Any) -> QuerySet[Application]:
    # ``application_list_for`` scopes by role (region; residence part started). A regional
    # officer would also get the region's drafts: those stay the employer's.
    return casework.application_list_for(user).exclude(state=State.DRAFT)


def application_queue(user: Any, filters: QueueFilters, *, today: dt.date) -> QuerySet[Application]:
    """The user's queue, most urgent first: running clocks by due date (overdue on top), then
    paused clocks (the employer owes information) by due date, then the rest by submission.

    The Immigration Office's residence part has no clock of its own (docs/casework.md,
    "SLA clocks"): its open files come first, oldest regional grant first."""
    # The rows show no worker or organisation: no join, the sort reads one table.
    qs = _base(user).select_related(None)
    federal = queue_part(user) == "federal"
    if filters.state:
        qs = qs.filter(**{"residence_state" if federal else "state": filters.state})
    # ``&`` adds the selectors' conditions to this query's WHERE (no ``pk IN`` subquery);
    # the order is set below.
    if filters.overdue:
        qs = qs & casework.applications_overdue(today)
    if filters.at_risk:
        qs = qs & casework.applications_at_risk(today)
    if filters.search:
        qs = qs.filter(reference__istartswith=filters.search.strip())
    if federal:
        urgency = Case(
            When(residence_state=ResidenceState.FEDERAL_ASSESSMENT, then=Value(0)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return qs.annotate(urgency=urgency).order_by("urgency", "updated_at", "id")
    running = Q(state__in=casework.SLA_OPEN_STATES, sla_due_on__isnull=False)
    urgency = Case(
        When(running & Q(sla_paused_since__isnull=True), then=Value(0)),
        When(running, then=Value(1)),
        When(state__in=casework.SLA_OPEN_STATES, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).order_by(
        "urgency", F("sla_due_on").asc(nulls_last=True), "submitted_at", "id"
    )


@dataclass(frozen=True, slots=True)
class Countdown:
    """The processing-time target as an officer reads it on ``today``."""

    #: Days to the due date (negative: overdue); None without a running or paused clock.
    days_left: int | None
    paused: bool
    #: Days the clock has stood still so far, the current pause included.
    paused_days: int

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def countdown(application: Application, today: dt.date) -> Countdown:
    paused_days = application.sla_paused_days
    if application.sla_due_on is None or application.state not in casework.SLA_OPEN_STATES:
        return Countdown(days_left=None, paused=False, paused_days=paused_days)
    if application.sla_paused_since is not None:
        # Frozen on the day it paused; the days since then move the due date on resumption
        # (passage.casework.sla.sla_resume), so they count as paused already.
        paused_on = timezone.localdate(application.sla_paused_since)
        current = max((today - paused_on).days, 0)
        return Countdown(
            days_left=(application.sla_due_on - paused_on).days,
            paused=True,
            paused_days=paused_days + current,
        )
    return Countdown(
        days_left=(application.sla_due_on - today).days, paused=False, paused_days=paused_days
    )


def application_get_for_office(user: Any, reference: str) -> Application:
    """One submitted application in the user's scope, with what the case page shows;
    ``Application.DoesNotExist`` otherwise (a 404: an out-of-scope file is not revealed)."""
    return (
        _base(user)
        .select_related("organisation", "worker")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id"),
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.defer("content")
                .select_related("signature_validation")
                .order_by("uploaded_at", "id"),
            ),
            "decisions",
            "information_requests",
        )
        .get(reference=reference)
    )


def fact_label(name: str, lang: str) -> str:
    try:
        return str(FACT_SHEET[name].label[lang])
    except KeyError:
        return name


def _number(raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except InvalidOperation:
            return raw
    return raw


def recorded_decision(application: Application) -> Decision | None:
    """The rules engine's decision as stored on the application (the trace the region works
    from, as evaluated on ``eligibility_evaluated_on``), rebuilt for
    ``passage.rulebook.views.trace_rows``; None when the rules never ran."""
    raw = application.eligibility_decision
    if not raw:
        return None
    checks = []
    for c in raw.get("checks", []):
        cited = c.get("citation") or {}
        effective = c.get("effective_date")
        checks.append(
            Check(
                rule=c["rule"],
                passed=c.get("passed"),
                severity=c.get("severity", "info"),
                citation=Citation(
                    catalogue=cited.get("catalogue", ""),
                    seed=cited.get("seed", ""),
                    legal_act=cited.get("legal_act"),
                    href=cited.get("href"),
                ),
                explanation=c.get("explanation") or {},
                threshold=_number(c.get("threshold")),
                unit=c.get("unit"),
                value=_number(c.get("value")),
                parameter=c.get("parameter"),
                effective_date=dt.date.fromisoformat(effective) if effective else None,
                flags=tuple(c.get("flags") or ()),
                choices=c.get("choices") or {},
            )
        )
    return Decision(
        procedure=raw.get("procedure", "single_permit"),
        date=dt.date.fromisoformat(raw["date"]),
        outcome=raw.get("outcome", "needs_review"),
        checks=tuple(checks),
        reasons=tuple(raw.get("reasons") or ()),
        rulebook_version=raw.get("rulebook_version", ""),
        missing_facts=tuple(raw.get("missing_facts") or ()),
    )


def open_information_request(application: Application) -> Any:
    return next((r for r in application.information_requests.all() if r.answered_at is None), None)
