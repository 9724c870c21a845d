# SPDX-License-Identifier: EUPL-1.2
"""SLA clocks: a processing-time target per region and procedure (``SlaPolicy``).

- Flemish single permit: 60 days (SEC-004-2, unverified); shortage occupations: 8 weeks in every
  region, from the Annual Migration Management Cycle (SEC-001-1, unverified). Seeded by
  migration 0003; administrators may change them.
- The clock starts on submission and pauses while the employer owes information (incomplete,
  information requested); on resubmission the paused days are added and the due date moves.
- A region without a policy for the procedure has no clock (``sla_due_on`` stays empty).

These helpers only change the instance; the calling service saves it in its transaction.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from passage.casework.models import Application, SlaPolicy

PROCEDURE_SINGLE_PERMIT = "single_permit"
PROCEDURE_SHORTAGE = "shortage_occupation"


def sla_procedure(application: Application) -> str:
    """Shortage-occupation target when the category is the bottleneck category or the
    occupation is on the region's list; the general single-permit target otherwise."""
    if application.category == "bottleneck" or application.occupation_on_shortage_list:
        return PROCEDURE_SHORTAGE
    return PROCEDURE_SINGLE_PERMIT


def sla_policy_for(application: Application) -> SlaPolicy | None:
    return SlaPolicy.objects.filter(
        region=application.region, procedure=sla_procedure(application)
    ).first()


def sla_start(application: Application, *, day: dt.date) -> None:
    """Start (or restart, on a new submission) the clock on ``day``."""
    policy = sla_policy_for(application)
    application.sla_paused_since = None
    application.sla_paused_days = 0
    application.sla_due_on = day + dt.timedelta(days=policy.target_days) if policy else None


def sla_pause(application: Application, *, at: dt.datetime) -> None:
    """Pause a running clock; pausing a paused or absent clock changes nothing."""
    if application.sla_due_on is not None and application.sla_paused_since is None:
        application.sla_paused_since = at


def sla_resume(application: Application, *, day: dt.date) -> int:
    """Resume a paused clock on ``day``; returns the days added to the due date."""
    if application.sla_paused_since is None or application.sla_due_on is None:
        return 0
    paused_on = timezone.localdate(application.sla_paused_since)
    days = max((day - paused_on).days, 0)
    application.sla_paused_days += days
    application.sla_due_on += dt.timedelta(days=days)
    application.sla_paused_since = None
    return days
