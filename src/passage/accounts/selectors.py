# SPDX-License-Identifier: EUPL-1.2
"""Reads: for whom a user may act (their organisation's roles, the mandates it holds), which
organisation they act for now, and the lists of roles and mandates (docs/access.md).

The employer scope of a user on a day is computed in one statement and, for the logged-in
user of a request, with the user itself (``passage.accounts.backends``): every request reads
it fresh, so a revoked role or mandate stops access at the next request, and scoping the
casework lists, the object rules and the row-level-security settings costs no statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    Exists,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from passage.accounts.models import (
    Mandate,
    MandateService,
    MemberRole,
    Organisation,
    PortalRole,
    Role,
)

#: The session key holding the organisation the user chose to act for (``principal_switch``).
PRINCIPAL_SESSION_KEY = "passage_principal_id"

#: Annotation names on a user loaded with its scope (``scope_annotations``).
_DAY = "passage_scope_day"
_ROLES = "passage_scope_roles"
_MANAGED = "passage_scope_managed"
_MANDATED = "passage_scope_mandated"

#: Before an organisation has had an access manager, its members hold these (as every member
#: did before access management existed).
UNMANAGED_ROLES = frozenset({PortalRole.FILER.value, PortalRole.VIEWER.value})


@dataclass(frozen=True)
class EmployerScope:
    """What an employer-side user may do on ``day``: their own organisation (``home_id``), their
    portal roles in it, and the principals of the mandates it holds on that day."""

    day: dt.date
    home_id: int | None
    roles: frozenset[str]
    mandated: frozenset[int]

    @property
    def can_view(self) -> bool:
        return bool(self.roles & {PortalRole.FILER, PortalRole.VIEWER})

    @property
    def can_file(self) -> bool:
        return PortalRole.FILER in self.roles

    @property
    def is_access_manager(self) -> bool:
        return PortalRole.ACCESS_MANAGER in self.roles

    @property
    def viewable(self) -> frozenset[int]:
        """Organisations whose applications the user may read."""
        if self.home_id is None or not self.can_view:
            return frozenset()
        return frozenset({self.home_id}) | self.mandated

    @property
    def fileable(self) -> frozenset[int]:
        """Organisations the user may file and act for (create, change, submit, upload)."""
        return self.viewable if self.can_file else frozenset()


NO_SCOPE = EmployerScope(day=dt.date.min, home_id=None, roles=frozenset(), mandated=frozenset())


def mandates_active_q(on: dt.date, *, service: str = MandateService.SINGLE_PERMIT) -> Q:
    return Mandate.active_q(on) & Q(service=service)


#: The scope's three subqueries, in SQL written once: the ORM would rebuild and compile them
#: on every request (about 1.3 ms of Python against 0.2 ms for the user with its profile);
#: these cost a few microseconds. They read the user's row and its profile's join by table
#: name, as ``select_related("profile")`` aliases them. The same rule as
#: ``_Dated.active_q`` and ``viewable_organisations_q`` (tests compare them day by day).
#: Constants only; the day and the role and service names are parameters.
_ACTIVE = (
    "{t}.revoked_at IS NULL AND {t}.valid_from <= %s "
    "AND ({t}.valid_until IS NULL OR {t}.valid_until >= %s)"
)
_ROLES_SQL = (
    "ARRAY(SELECT r.role FROM accounts_memberrole r WHERE r.user_id = auth_user.id "  # noqa: S608
    "AND r.organisation_id = accounts_profile.organisation_id AND " + _ACTIVE.format(t="r") + ")"
)
_MANAGED_SQL = (
    "EXISTS(SELECT 1 FROM accounts_memberrole r "
    "WHERE r.organisation_id = accounts_profile.organisation_id AND r.role = %s)"
)
_MANDATED_SQL = (
    "ARRAY(SELECT m.principal_id FROM accounts_mandate m "  # noqa: S608
    "WHERE m.agent_id = accounts_profile.organisation_id AND m.service = %s AND "
    + _ACTIVE.format(t="m")
    + " ORDER BY 1)"
)


def scope_annotations(on: dt.date) -> dict[str, Any]:
    """Annotations of a ``User`` queryset joined to its profile (``select_related("profile")``)
    that carry its employer scope on ``on``: three subqueries in the user's own statement."""
    return {
        _ROLES: RawSQL(_ROLES_SQL, (on, on), output_field=ArrayField(CharField())),  # noqa: S611
        _MANAGED: RawSQL(  # noqa: S611 (constant SQL, parameters)
            _MANAGED_SQL, (PortalRole.ACCESS_MANAGER.value,), output_field=BooleanField()
        ),
        _MANDATED: RawSQL(  # noqa: S611 (constant SQL, parameters)
            _MANDATED_SQL,
            (MandateService.SINGLE_PERMIT.value, on, on),
            output_field=ArrayField(BigIntegerField()),
        ),
    }


def user_with_scope_annotations(queryset: QuerySet[Any], on: dt.date) -> QuerySet[Any]:
    """``queryset`` (of users) with their profile and employer scope on ``on``."""
    annotated: QuerySet[Any] = queryset.select_related("profile").annotate(
        **scope_annotations(on), **{_DAY: Value(on, output_field=DateField())}
    )
    return annotated


def _home_organisation_id(user: Any) -> int | None:
    from passage.accounts.predicates import user_organisation_id

    return user_organisation_id(user)


def employer_scope(user: Any, *, on: dt.date | None = None) -> EmployerScope:
    """The user's employer scope on ``on`` (today by default). ``NO_SCOPE`` for anyone who is
    not an active employer member. Reads the scope loaded with the user when it is for that
    day; otherwise one statement."""
    day = on if on is not None else timezone.localdate()
    home = _home_organisation_id(user)
    if home is None:
        return NO_SCOPE
    if getattr(user, _DAY, None) != day:
        loaded = user_with_scope_annotations(
            get_user_model()._default_manager.filter(pk=user.pk), day
        ).first()
        if loaded is None:
            return NO_SCOPE
        values = {name: getattr(loaded, name) for name in (_ROLES, _MANAGED, _MANDATED)}
    else:
        values = {name: getattr(user, name) for name in (_ROLES, _MANAGED, _MANDATED)}
    roles = frozenset(values[_ROLES] or ())
    if not values[_MANAGED]:
        roles |= UNMANAGED_ROLES
    mandated = frozenset(values[_MANDATED] or ()) - {home}
    return EmployerScope(day=day, home_id=home, roles=roles, mandated=mandated)


def viewable_organisations_q(
    user: Any, *, on: dt.date | None = None, field: str = "organisation_id"
) -> Q:
    """A filter on ``field`` (an organisation id) to the organisations ``user`` may read on
    ``on``. With the scope loaded with the user, a list of ids; otherwise the same rule as
    subqueries of the caller's own statement (no statement of its own)."""
    day = on if on is not None else timezone.localdate()
    home = _home_organisation_id(user)
    if home is None:
        return Q(pk__in=[])
    if getattr(user, _DAY, None) == day:
        return Q(**{f"{field}__in": sorted(employer_scope(user, on=day).viewable)})
    grants = MemberRole.objects.filter(
        MemberRole.active_q(day), user_id=user.pk, organisation_id=home
    )
    may_view = Q(Exists(grants.filter(role__in=[PortalRole.FILER, PortalRole.VIEWER]))) | ~Q(
        Exists(MemberRole.objects.filter(organisation_id=home, role=PortalRole.ACCESS_MANAGER))
    )
    mandated = Mandate.objects.filter(mandates_active_q(day), agent_id=home).values("principal_id")
    return may_view & (Q(**{field: home}) | Q(**{f"{field}__in": mandated}))


def principals_for(user: Any, *, on: dt.date) -> list[Organisation]:
    """The organisations ``user`` may act for on ``on``: their own, then the principals of the
    mandates their organisation holds on that day (by name). Empty for a user who may not
    read their organisation's files (no filer or viewer role) and for non-employers."""
    scope = employer_scope(user, on=on)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=scope.viewable)}
    own = [organisations.pop(scope.home_id)] if scope.home_id in organisations else []
    return own + sorted(organisations.values(), key=lambda o: (o.name, o.pk))


def acting_organisation(
    user: Any, session: Any, *, on: dt.date | None = None
) -> Organisation | None:
    """The organisation ``user`` acts for in this session.

    No choice made (no ``passage_principal_id``): their own organisation, if they may act for
    it. A choice made: that organisation while a mandate (or membership) still allows it;
    otherwise None — never another principal in its place, so that nothing is filed for an
    organisation the user did not choose (the portal asks them to switch)."""
    scope = employer_scope(user, on=on)
    chosen = session.get(PRINCIPAL_SESSION_KEY) if session is not None else None
    if chosen is None:
        target = scope.home_id
    else:
        try:
            target = int(chosen)
        except (TypeError, ValueError):
            return None
    if target is None or target not in scope.viewable:
        return None
    return Organisation.objects.filter(pk=target).first()


# --- lists for the API and the portal -----------------------------------------------------------


def member_role_list_for(user: Any, *, on: dt.date | None = None) -> QuerySet[MemberRole]:
    """The role grants ``user`` may read: administrators all; an access manager those of their
    own organisation; every other member their own grants."""
    from passage.accounts.predicates import user_role

    qs = MemberRole.objects.select_related("organisation", "user", "granted_by", "revoked_by")
    role = user_role(user)
    if role == Role.ADMINISTRATOR:
        return qs.order_by("-id")
    scope = employer_scope(user, on=on)
    if scope.home_id is None:
        return qs.none()
    if scope.is_access_manager:
        return qs.filter(organisation_id=scope.home_id).order_by("-id")
    return qs.filter(organisation_id=scope.home_id, user_id=user.pk).order_by("-id")


def mandate_list_for(user: Any) -> QuerySet[Mandate]:
    """The mandates ``user`` may read: administrators all; an employer member with a portal
    role those their own organisation gave (as principal) or holds (as agent), whatever their
    state."""
    from passage.accounts.predicates import user_role

    qs = Mandate.objects.select_related("principal", "agent", "granted_by", "revoked_by")
    if user_role(user) == Role.ADMINISTRATOR:
        return qs.order_by("-id")
    scope = employer_scope(user)
    # A member without any portal role (under access management, nothing granted) sees none.
    if scope.home_id is None or not (scope.can_view or scope.is_access_manager):
        return qs.none()
    home = scope.home_id
    return qs.filter(Q(principal_id=home) | Q(agent_id=home)).order_by("-id")


def mandates_active_between(principal_id: int, agent_id: int, *, on: dt.date) -> QuerySet[Mandate]:
    return Mandate.objects.filter(
        mandates_active_q(on), principal_id=principal_id, agent_id=agent_id
    )
