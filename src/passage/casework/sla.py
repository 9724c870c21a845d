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

from django.db.models.expressions import RawSQL
from django.utils import timezone

from passage.casework.models import Application, SlaPolicy

PROCEDURE_SINGLE_PERMIT = "single_permit"
PROCEDURE_SHORTAGE = "shortage_occupation"

#: The annotations holding each procedure's target for the row's region.
_TARGET_ANNOTATIONS = {
    PROCEDURE_SINGLE_PERMIT: "sla_target_days_single_permit",
    PROCEDURE_SHORTAGE: "sla_target_days_shortage_occupation",
}
_TARGET_SQL = (
    f"SELECT p.target_days FROM {SlaPolicy._meta.db_table} p "  # noqa: S608 (constant names)
    f"WHERE p.region = {Application._meta.db_table}.region AND p.procedure = %s"
)


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


def sla_target_annotations() -> dict[str, RawSQL]:
    """Both procedures' target days for the row's region, as annotations of an ``Application``
    query (NULL without a policy): the submission reads them in the statement that locks the
    row instead of querying ``SlaPolicy`` afterwards. Which one applies is decided from the
    locked row by ``sla_start``. Plain SQL: the ORM's ``Subquery`` costs more to compile than
    the separate query it saves."""
    return {
        name: RawSQL(_TARGET_SQL, [procedure])  # noqa: S611 (constant SQL, value a parameter)
        for procedure, name in _TARGET_ANNOTATIONS.items()
    }


def sla_target_days(application: Application) -> int | None:
    """The target of the application's procedure in its region; None without a policy."""
    annotation = _TARGET_ANNOTATIONS[sla_procedure(application)]
    if hasattr(application, annotation):  # read with the row (sla_target_annotations)
        target: int | None = getattr(application, annotation)
        return target
    policy = sla_policy_for(application)
    return policy.target_days if policy else None


def sla_start(application: Application, *, day: dt.date) -> None:
    """Start (or restart, on a new submission) the clock on ``day``."""
    target = sla_target_days(application)
    application.sla_paused_since = None
    application.sla_paused_days = 0
    application.sla_due_on = day + dt.timedelta(days=target) if target is not None else None


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
