# SPDX-License-Identifier: EUPL-1.2
"""The employer scope (passage.accounts.selectors): loaded with the user at no extra cost,
read per day, the acting organisation never replaced by another, labels in four languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from access_support import make_access_world
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from passage.accounts import services as access
from passage.accounts.backends import ProfileModelBackend
from passage.accounts.models import PortalRole, Role
from passage.accounts.selectors import (
    PRINCIPAL_SESSION_KEY,
    acting_organisation,
    employer_scope,
    principals_for,
)


@pytest.fixture
def aw(world: Any) -> Any:
    return make_access_world(world)


def test_the_scope_comes_with_the_user(aw: Any, django_assert_num_queries: Any) -> None:
    access.mandate_grant(
        actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=timezone.localdate()
    )
    with django_assert_num_queries(1):
        agent = ProfileModelBackend().get_user(aw.agent.pk)
        scope = employer_scope(agent)
        assert scope.viewable == {aw.firm.pk, aw.world.org_a.pk}
        assert scope.can_file
    # Another day is another question: one statement of its own.
    with django_assert_num_queries(1):
        later = employer_scope(agent, on=timezone.localdate() - dt.timedelta(days=1))
    assert later.viewable == {aw.firm.pk}


def test_listing_as_an_agent_costs_what_listing_as_an_employer_costs(aw: Any, api_as: Any) -> None:
    access.mandate_grant(
        actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=timezone.localdate()
    )
    aw.world.application("a", "flanders")
    counts = {}
    for name, user in (("employer", aw.world.users["employer_a"]), ("agent", aw.agent)):
        api = api_as(user)
        with CaptureQueriesContext(connection) as ctx:
            response = api.get("/api/v1/applications")
        assert response.status_code == 200
        assert len(response.json()["results"]) == 1
        counts[name] = len(ctx.captured_queries)
    assert counts["agent"] == counts["employer"]


def test_acting_organisation(aw: Any) -> None:
    today = timezone.localdate()
    mandate = access.mandate_grant(
        actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=today
    )
    session: dict[str, Any] = {}
    assert acting_organisation(aw.agent, session) == aw.firm
    access.principal_switch(session=session, user=aw.agent, organisation_id=aw.world.org_a.pk)
    assert session[PRINCIPAL_SESSION_KEY] == aw.world.org_a.pk
    assert acting_organisation(aw.agent, session) == aw.world.org_a
    access.mandate_revoke(actor=aw.manager_a, mandate=mandate)
    # Never the agent's own organisation, nor another principal, in place of the chosen one.
    assert acting_organisation(aw.agent, session) is None
    assert acting_organisation(aw.agent, {PRINCIPAL_SESSION_KEY: "x"}) is None
    with pytest.raises(access.MandateRequired):
        access.principal_switch(session=session, user=aw.agent, organisation_id=aw.world.org_a.pk)
    assert session[PRINCIPAL_SESSION_KEY] == aw.world.org_a.pk  # unchanged by the refusal
    # Officers and workers act for nobody.
    assert principals_for(aw.world.users["officer_flanders"], on=today) == []
    assert principals_for(aw.worker_user, on=today) == []
    assert acting_organisation(aw.worker_user, {}) is None


def test_a_revoked_access_manager_manages_nothing(aw: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from passage.accounts.models import MemberRole

    grant = MemberRole.objects.get(user=aw.manager_a, role=PortalRole.ACCESS_MANAGER)
    access.member_role_revoke(actor=None, member_role=grant)
    with pytest.raises(PermissionDenied):
        access.mandate_grant(
            actor=aw.manager_a,
            principal=aw.world.org_a,
            agent=aw.firm,
            valid_from=timezone.localdate(),
        )
    # The organisation stays under access management: no member falls back to filer.
    assert not employer_scope(aw.manager_a).can_view
    assert employer_scope(aw.world.users["employer_a"]).can_file  # their own grant


@pytest.mark.parametrize(
    ("lang", "worker", "filer"),
    [
        ("nl", "Werknemer uit een derde land", "Indiener"),
        ("fr", "Travailleur ressortissant d'un pays tiers", "Déposant"),
        ("de", "Arbeitnehmer aus einem Drittstaat", "Antragsteller"),
        ("en", "Third-country worker", "Filer"),
    ],
)
def test_labels_in_four_languages(lang: str, worker: str, filer: str) -> None:
    with translation.override(lang):
        assert str(Role.WORKER.label) == worker
        assert str(PortalRole.FILER.label) == filer


def test_the_scope_sql_and_the_list_filter_agree_day_by_day(aw: Any) -> None:
    """The scope loaded with the user (SQL in ``selectors._*_SQL``) and the list filter for a
    user loaded without it (``viewable_organisations_q``, the ORM's ``active_q``) are the same
    rule: compared on each day around a mandate's and a role's boundaries."""
    from passage.accounts.models import Organisation
    from passage.accounts.selectors import viewable_organisations_q

    today = timezone.localdate()
    access.mandate_grant(
        actor=aw.manager_a,
        principal=aw.world.org_a,
        agent=aw.firm,
        valid_from=today - dt.timedelta(days=2),
        valid_until=today + dt.timedelta(days=2),
    )
    viewer = aw.member("viewer_a", aw.world.org_a)
    access.member_role_grant(
        actor=aw.manager_a,
        organisation=aw.world.org_a,
        user=viewer,
        role=PortalRole.VIEWER,
        valid_from=today + dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=3),
    )
    for user in (aw.agent, viewer, aw.manager_a, aw.world.users["employer_a"]):
        for offset in range(-4, 6):
            day = today + dt.timedelta(days=offset)
            by_sql = employer_scope(user, on=day).viewable
            by_q = set(
                Organisation.objects.filter(
                    viewable_organisations_q(user, on=day, field="pk")
                ).values_list("pk", flat=True)
            )
            assert by_sql == by_q, (user.username, offset)
    assert employer_scope(aw.agent, on=today).viewable == {aw.firm.pk, aw.world.org_a.pk}
    assert employer_scope(viewer, on=today + dt.timedelta(days=3)).viewable == {aw.world.org_a.pk}
    assert employer_scope(viewer, on=today + dt.timedelta(days=4)).viewable == set()
