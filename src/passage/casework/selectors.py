# SPDX-License-Identifier: EUPL-1.2
"""Reads of casework data, scoped by the reader's role (docs/casework.md, "Roles and scoping").

Every list and lookup the API makes goes through here, so scoping is decided in one place
(the first of three layers; the ``rules`` predicates and PostgreSQL row-level security are the
others). A user without a profile, and an analyst (aggregates only), sees no application.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from passage.accounts.models import Role
from passage.accounts.predicates import user_role, user_worker_id
from passage.accounts.selectors import viewable_organisations_q
from passage.casework.checklist import Checklist, checklist_for
from passage.casework.models import Application, SlaPolicy, State

#: The regional states in which the SLA clock runs (the paused ones are excluded by
#: ``sla_paused_since``), i.e. the application is with the region.
SLA_OPEN_STATES = (
    State.SUBMITTED,
    State.COMPLETENESS_CHECK,
    State.INCOMPLETE,
    State.INFORMATION_REQUESTED,
    State.RESUBMITTED,
    State.REGIONAL_ASSESSMENT,
)


def role_of(user: Any) -> str | None:
    """The user's role: ``passage.accounts.predicates.user_role``, the one place that says
    (a profile's role; a superuser without a profile is an administrator; else None)."""
    return user_role(user)


def application_list_for(user: Any) -> QuerySet[Application]:
    """The applications ``user`` may see, newest first."""
    qs = Application.objects.select_related("organisation", "worker").order_by("-id")
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return qs
    if role == Role.EMPLOYER_MEMBER:
        # Their organisation and the principals of its mandates active today (docs/access.md);
        # a member without a filer or viewer role sees none.
        return qs.filter(viewable_organisations_q(user))
    if role == Role.REGIONAL_OFFICER:
        return qs.filter(region=user.profile.region)
    if role == Role.IMMIGRATION_OFFICER:
        # The residence part only exists once the region has granted the work authorisation.
        return qs.exclude(residence_state="not_started")
    return qs.none()


def application_get_for(user: Any, pk: int) -> Application:
    """One application ``user`` may see; ``Application.DoesNotExist`` otherwise (a 404, so an
    out-of-scope id is indistinguishable from a missing one)."""
    return application_list_for(user).get(pk=pk)


def worker_application_list_for(user: Any) -> QuerySet[Application]:
    """A worker's own applications once submitted (drafts are the employer's), newest first,
    with their decisions: what a ``worker`` login may know, and nothing else (docs/access.md)."""
    worker = user_worker_id(user) if role_of(user) == Role.WORKER else None
    if worker is None:
        return Application.objects.none()
    return (
        Application.objects.filter(worker_id=worker)
        .exclude(state=State.DRAFT)
        .select_related("organisation")
        .prefetch_related("decisions")
        .order_by("-id")
    )


def _shortage_q() -> Q:
    return Q(category="bottleneck") | Q(occupation_on_shortage_list=True)


def applications_overdue(day: dt.date) -> QuerySet[Application]:
    """Running clocks whose due date has passed on ``day`` (unscoped: callers scope)."""
    return Application.objects.filter(
        state__in=SLA_OPEN_STATES,
        sla_paused_since__isnull=True,
        sla_due_on__lt=day,
    ).order_by("sla_due_on", "id")


def applications_at_risk(day: dt.date) -> QuerySet[Application]:
    """Running clocks not yet overdue but due within their policy's ``at_risk_days``.

    Policies are a handful of rows, so they are read once and turned into one OR-ed filter
    (region × procedure → latest due date still at risk) rather than a join per row."""
    from passage.casework.sla import PROCEDURE_SHORTAGE

    clauses = Q(pk__in=[])
    for policy in SlaPolicy.objects.all():
        procedure_q = _shortage_q() if policy.procedure == PROCEDURE_SHORTAGE else ~_shortage_q()
        clauses |= (
            Q(region=policy.region)
            & procedure_q
            & Q(sla_due_on__lte=day + dt.timedelta(days=policy.at_risk_days))
        )
    return (
        Application.objects.filter(
            state__in=SLA_OPEN_STATES,
            sla_paused_since__isnull=True,
            sla_due_on__gte=day,
        )
        .filter(clauses)
        .order_by("sla_due_on", "id")
    )


def document_checklist(application: Application, *, on: dt.date) -> Checklist:
    """Which documents ``application`` needs on ``on`` and which it has (docs/documents.md).

    The caller has already read ``application`` through a scoped selector; this adds one
    query (the documents' kinds and whether a signed kind's signature is valid)."""
    rows = application.documents.values_list("pk", "kind", "signature_validation__valid")
    return checklist_for(
        facts={
            "permit_type": application.permit_type,
            "application_type": application.application_type,
            "category": application.category,
            "region": application.region,
        },
        on=on,
        documents=[(pk, kind, bool(valid)) for pk, kind, valid in rows],
    )
