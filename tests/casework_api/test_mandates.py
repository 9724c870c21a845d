# SPDX-License-Identifier: EUPL-1.2
"""Mandates and access management over the API (issue 10, docs/access.md): the role × object ×
action matrix for mandates, scoping of application lists and details for agents, a foreign
principal filing only through a mandate, explicit principal switching, members' portal roles,
and the audit and history rows each grant and revocation leaves."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from access_support import (
    FOREIGN,
    application_body,
    make_access_world,
)
from casework_api_support import problem
from django.utils import timezone

from passage.accounts import services as access
from passage.accounts.models import Mandate, MemberRole, Organisation, PortalRole
from passage.audit.models import AuditEntry
from passage.audit.services import audit_verify
from passage.casework.models import Application

TODAY = timezone.localdate


@pytest.fixture
def aw(world: Any) -> Any:
    return make_access_world(world)


def _submit(api: Any, reference: str) -> Any:
    return api.post(
        f"/api/v1/applications/{reference}/submit", **{"Idempotency-Key": str(uuid.uuid4())}
    )


def _references(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


# --- scoping of applications for agents --------------------------------------------------------


class TestAgentScoping:
    def test_active_mandate_reaches_the_principal_and_nothing_else(
        self, aw: Any, api_as: Any
    ) -> None:
        access.mandate_grant(
            actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
        )
        a_app = aw.world.application("a", "flanders")
        b_app = aw.world.application("b", "brussels")
        agent = api_as(aw.agent)
        assert _references(agent.get("/api/v1/applications?page_size=100")) == {a_app.reference}
        detail = agent.get(f"/api/v1/applications/{a_app.reference}")
        assert detail.status_code == 200
        assert detail.json()["worker"]["family_name"] == "Haddad"
        # Another organisation's file, also by URL: 404 (existence not revealed).
        assert agent.get(f"/api/v1/applications/{b_app.reference}").status_code == 404
        assert _submit(agent, b_app.reference).status_code == 404
        # The agent's filer role lets it act for the principal.
        assert _submit(agent, a_app.reference).status_code == 200
        assert Application.objects.get(pk=a_app.pk).state == "submitted"

    @pytest.mark.parametrize("mandate_state", ["expired", "revoked", "future", "none", "reverse"])
    def test_without_an_active_mandate_nothing(
        self, aw: Any, api_as: Any, mandate_state: str
    ) -> None:
        today = TODAY()
        org_a = aw.world.org_a
        if mandate_state == "expired":
            access.mandate_grant(
                actor=aw.manager_a,
                principal=org_a,
                agent=aw.firm,
                valid_from=today - dt.timedelta(days=30),
                valid_until=today - dt.timedelta(days=1),
            )
        elif mandate_state == "revoked":
            mandate = access.mandate_grant(
                actor=aw.manager_a, principal=org_a, agent=aw.firm, valid_from=today
            )
            access.mandate_revoke(actor=aw.manager_a, mandate=mandate)
        elif mandate_state == "future":
            access.mandate_grant(
                actor=aw.manager_a,
                principal=org_a,
                agent=aw.firm,
                valid_from=today + dt.timedelta(days=1),
            )
        elif mandate_state == "reverse":
            # The firm gave org A a mandate: A may act for the firm, not the other way round.
            access.mandate_grant(actor=None, principal=aw.firm, agent=org_a, valid_from=today)
        a_app = aw.world.application("a", "flanders")
        agent = api_as(aw.agent)
        assert _references(agent.get("/api/v1/applications")) == set()
        assert agent.get(f"/api/v1/applications/{a_app.reference}").status_code == 404
        assert agent.get(f"/api/v1/applications/{a_app.reference}/events").status_code == 404
        assert _submit(agent, a_app.reference).status_code == 404
        created = agent.post("/api/v1/applications", application_body(principal=org_a.pk))
        assert created.status_code == 400
        assert problem(created)["field"] == "principal"
        assert Application.objects.get(pk=a_app.pk).state == "draft"

    def test_revocation_stops_access_at_the_next_request(self, aw: Any, api_as: Any) -> None:
        mandate = access.mandate_grant(
            actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
        )
        a_app = aw.world.application("a", "flanders")
        agent = api_as(aw.agent)
        assert agent.get(f"/api/v1/applications/{a_app.reference}").status_code == 200
        revoked = api_as(aw.manager_a).post(
            f"/api/v1/mandates/{mandate.pk}/revoke", {"reason": "contract ended"}
        )
        assert revoked.status_code == 200, revoked.content
        assert revoked.json()["active"] is False
        # The same session, the next request.
        assert agent.get(f"/api/v1/applications/{a_app.reference}").status_code == 404
        assert _references(agent.get("/api/v1/applications")) == set()

    def test_expiry_is_read_per_day(self, aw: Any) -> None:
        from passage.accounts.selectors import principals_for

        today = TODAY()
        access.mandate_grant(
            actor=aw.manager_a,
            principal=aw.world.org_a,
            agent=aw.firm,
            valid_from=today,
            valid_until=today + dt.timedelta(days=3),
        )
        on = [o.pk for o in principals_for(aw.agent, on=today + dt.timedelta(days=3))]
        assert on == [aw.firm.pk, aw.world.org_a.pk]
        after = [o.pk for o in principals_for(aw.agent, on=today + dt.timedelta(days=4))]
        assert after == [aw.firm.pk]
        before = [o.pk for o in principals_for(aw.agent, on=today - dt.timedelta(days=1))]
        assert before == [aw.firm.pk]


# --- a foreign principal files only through a mandate --------------------------------------------


class TestForeignPrincipal:
    def test_files_through_its_agent_only(self, aw: Any, api_as: Any) -> None:
        foreign = aw.foreign
        assert foreign.enterprise_number is None
        agent = api_as(aw.agent)
        refused = agent.post("/api/v1/applications", application_body(principal=foreign.pk))
        assert problem(refused)["field"] == "principal"
        assert not Application.objects.filter(organisation=foreign).exists()

        access.mandate_grant(actor=None, principal=foreign, agent=aw.firm, valid_from=TODAY())
        created = agent.post("/api/v1/applications", application_body(principal=foreign.pk))
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["organisation"]["enterprise_number"] is None
        assert body["organisation"]["country"] == FOREIGN[0]
        assert body["organisation"]["foreign_identifier"] == FOREIGN[1]
        assert _submit(agent, body["reference"]).status_code == 200
        app = Application.objects.get(reference=body["reference"])
        assert app.organisation_id == foreign.pk
        assert app.worker.organisation_id == foreign.pk
        # No Belgian enterprise number, no DmfA wage to ask the Crossroads Bank for.
        assert app.salary_verification == "pending_manual_verification"
        # Nobody else sees it.
        for other in ("employer_a", "employer_b"):
            listed = api_as(aw.world.users[other]).get("/api/v1/applications")
            assert body["reference"] not in _references(listed)

    def test_a_foreign_organisation_needs_its_identifier(self, db: Any) -> None:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as info:
            access.organisation_create(name="X GmbH", country="DE", actor=None)
        assert "foreign_identifier" in info.value.message_dict
        with pytest.raises(ValidationError) as info:
            access.organisation_create(name="X", country="BE", foreign_identifier="1", actor=None)
        assert "enterprise_number" in info.value.message_dict
        with pytest.raises(ValidationError) as info:
            access.organisation_create(name="X", country="Deutschland", actor=None)
        assert "country" in info.value.message_dict
        assert not Organisation.objects.exists()

    def test_an_agent_has_a_belgian_enterprise_number(self, aw: Any) -> None:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as info:
            access.mandate_grant(
                actor=None, principal=aw.world.org_a, agent=aw.foreign, valid_from=TODAY()
            )
        assert "agent" in info.value.message_dict


# --- switching explicitly ----------------------------------------------------------------------


class TestPrincipalSwitch:
    def test_switch_file_and_no_fallback(self, aw: Any, api_as: Any) -> None:
        mandate = access.mandate_grant(
            actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
        )
        agent = api_as(aw.agent)
        listed = agent.get("/api/v1/principals").json()
        assert [o["id"] for o in listed["principals"]] == [aw.firm.pk, aw.world.org_a.pk]
        assert listed["acting"]["id"] == aw.firm.pk  # no choice yet: one's own
        switched = agent.post("/api/v1/principals/switch", {"organisation_id": aw.world.org_a.pk})
        assert switched.status_code == 200, switched.content
        assert agent.get("/api/v1/principals").json()["acting"]["id"] == aw.world.org_a.pk
        assert AuditEntry.objects.filter(action="principal.switch").count() == 1

        created = agent.post("/api/v1/applications", application_body())
        assert created.status_code == 201, created.content
        assert created.json()["organisation"]["id"] == aw.world.org_a.pk

        access.mandate_revoke(actor=aw.manager_a, mandate=mandate)
        # The session still names A: refused, never filed for the firm instead.
        again = agent.post("/api/v1/applications", application_body())
        assert problem(again)["field"] == "principal"
        assert agent.get("/api/v1/principals").json()["acting"] is None
        assert Application.objects.filter(organisation=aw.firm).count() == 0

    def test_switching_to_an_organisation_without_mandate_is_refused(
        self, aw: Any, api_as: Any
    ) -> None:
        agent = api_as(aw.agent)
        refused = agent.post("/api/v1/principals/switch", {"organisation_id": aw.world.org_b.pk})
        assert refused.status_code == 403
        assert problem(refused)["field"] == "organisation_id"
        assert agent.client.session.get("passage_principal_id") is None
        bad = agent.post("/api/v1/principals/switch", {"organisation_id": "x"})
        assert problem(bad)["field"] == "organisation_id"


# --- the mandate endpoints: role × object × action -----------------------------------------------

ROLES = (
    "manager_a",  # the principal's access manager
    "employer_a",  # a member of the principal, filer
    "agent",  # the agent's member
    "employer_b",  # another organisation
    "worker",
    "officer_flanders",
    "immigration_officer",
    "analyst",
    "administrator",
)
#: (role, action) → status on org A's mandate to the firm.
EXPECTED = {
    "list": {"manager_a": 200, "employer_a": 200, "agent": 200, "employer_b": 200,
             "administrator": 200},
    "retrieve": {"manager_a": 200, "employer_a": 200, "agent": 200, "employer_b": 404,
                 "administrator": 200},
    "revoke": {"manager_a": 200, "employer_a": 403, "agent": 403, "employer_b": 404,
               "administrator": 200},
    "grant": {"manager_a": 201, "employer_a": 403, "agent": 403, "employer_b": 403,
              "administrator": 201},
}  # fmt: skip


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_mandate_matrix(aw: Any, api_as: Any, role: str, action: str) -> None:
    mandate = access.mandate_grant(
        actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
    )
    api = api_as(aw.user(role))
    expected = EXPECTED[action].get(role, 403)  # officers, analysts, workers: no access at all
    if action == "list":
        response = api.get("/api/v1/mandates")
    elif action == "retrieve":
        response = api.get(f"/api/v1/mandates/{mandate.pk}")
    elif action == "revoke":
        response = api.post(f"/api/v1/mandates/{mandate.pk}/revoke", {})
    else:
        second = Organisation.objects.create(enterprise_number="0202239951", name="HR Partners")
        response = api.post(
            "/api/v1/mandates",
            {
                "principal": aw.world.org_a.pk,
                "agent": second.enterprise_number,
                "valid_from": TODAY().isoformat(),
            },
        )
    assert response.status_code == expected, (role, action, response.content)
    if expected >= 400:
        problem(response)
    mandate.refresh_from_db()
    assert (mandate.revoked_at is not None) == (action == "revoke" and expected == 200)
    if action == "list" and expected == 200:
        ids = {row["id"] for row in response.json()}
        assert (mandate.pk in ids) == (role != "employer_b")
    if action == "grant":
        assert Mandate.objects.count() == (2 if expected == 201 else 1)


class TestMandateGrantApi:
    def test_grant_writes_audit_and_history(self, aw: Any, api_as: Any) -> None:
        response = api_as(aw.manager_a).post(
            "/api/v1/mandates",
            {
                "agent": f"BE {aw.firm.enterprise_number}",
                "valid_from": TODAY().isoformat(),
                "valid_until": (TODAY() + dt.timedelta(days=90)).isoformat(),
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["principal"]["id"] == aw.world.org_a.pk
        assert body["agent"]["id"] == aw.firm.pk
        assert body["service"] == "single_permit"
        assert body["active"] is True
        mandate = Mandate.objects.get(pk=body["id"])
        entry = AuditEntry.objects.get(action="mandate.grant", object_id=str(mandate.pk))
        assert entry.actor_id == aw.manager_a.pk
        assert entry.details["principal_id"] == aw.world.org_a.pk
        assert mandate.history.count() == 1
        access.mandate_revoke(actor=aw.manager_a, mandate=mandate, reason="ended")
        assert mandate.history.count() == 2
        assert mandate.history.order_by("pgh_id").last().revoked_at is not None
        assert AuditEntry.objects.filter(action="mandate.revoke").count() == 1
        assert audit_verify().ok

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"agent": "0766766787", "valid_from": "2026-01-01"}, "agent"),  # check digits
            ({"agent": "0202239951", "valid_from": "2026-01-01"}, "agent"),  # nobody
            ({"agent": "{firm}", "valid_from": "1 Jan"}, "valid_from"),
            ({"agent": "{firm}", "valid_from": "2026-02-01", "valid_until": "2026-01-01"},
             "valid_until"),
            ({"agent": "{firm}", "valid_from": "2026-01-01", "service": "asylum"}, "service"),
            ({"agent": "{firm}", "valid_from": "2026-01-01", "scope": "all"}, "scope"),
            ({"agent": "{a}", "valid_from": "2026-01-01"}, "agent"),  # oneself
            ({"valid_from": "2026-01-01"}, "agent"),
        ],
    )  # fmt: skip
    def test_bad_input_names_the_field(
        self, aw: Any, api_as: Any, body: dict[str, Any], field: str
    ) -> None:
        numbers = {"{firm}": aw.firm.enterprise_number, "{a}": aw.world.org_a.enterprise_number}
        body = {k: numbers.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
        response = api_as(aw.manager_a).post("/api/v1/mandates", body)
        assert response.status_code == 400, response.content
        assert problem(response)["field"] == field
        assert not Mandate.objects.exists()
        assert not AuditEntry.objects.filter(action="mandate.grant").exists()

    def test_overlapping_mandate_is_refused(self, aw: Any, api_as: Any) -> None:
        access.mandate_grant(
            actor=aw.manager_a,
            principal=aw.world.org_a,
            agent=aw.firm,
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2026, 12, 31),
        )
        response = api_as(aw.manager_a).post(
            "/api/v1/mandates", {"agent": aw.firm.enterprise_number, "valid_from": "2026-06-01"}
        )
        assert problem(response)["field"] == "valid_from"
        after = api_as(aw.manager_a).post(
            "/api/v1/mandates", {"agent": aw.firm.enterprise_number, "valid_from": "2027-01-01"}
        )
        assert after.status_code == 201, after.content

    def test_revoking_twice_names_the_field(self, aw: Any, api_as: Any) -> None:
        mandate = access.mandate_grant(
            actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
        )
        api = api_as(aw.manager_a)
        assert api.post(f"/api/v1/mandates/{mandate.pk}/revoke", {}).status_code == 200
        again = api.post(f"/api/v1/mandates/{mandate.pk}/revoke", {})
        assert problem(again)["field"] == "revoked_at"
        assert AuditEntry.objects.filter(action="mandate.revoke").count() == 1

    def test_list_sides(self, aw: Any, api_as: Any) -> None:
        given = access.mandate_grant(
            actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
        )
        held = access.mandate_grant(
            actor=None, principal=aw.world.org_b, agent=aw.world.org_a, valid_from=TODAY()
        )
        api = api_as(aw.manager_a)
        assert [m["id"] for m in api.get("/api/v1/mandates?as=principal").json()] == [given.pk]
        assert [m["id"] for m in api.get("/api/v1/mandates?as=agent").json()] == [held.pk]
        assert problem(api.get("/api/v1/mandates?as=both"))["field"] == "as"


# --- members' portal roles ---------------------------------------------------------------------


class TestMemberRoles:
    def test_first_access_manager_carries_members_over_as_filers(self, aw: Any) -> None:
        grants = MemberRole.objects.filter(organisation=aw.world.org_a)
        assert set(grants.values_list("user__username", "role")) == {
            ("manager_a", "access_manager"),
            ("employer_a", "filer"),
        }
        carried = AuditEntry.objects.filter(action="member_role.grant", details__carried_over=True)
        assert carried.count() == 1

    def test_viewer_reads_but_does_not_act(self, aw: Any, api_as: Any) -> None:
        viewer = aw.member("viewer_a", aw.world.org_a)
        response = api_as(aw.manager_a).post(
            "/api/v1/member-roles",
            {"user": "viewer_a", "role": "viewer", "valid_from": TODAY().isoformat()},
        )
        assert response.status_code == 201, response.content
        app = aw.world.application("a", "flanders")
        api = api_as(viewer)
        assert api.get(f"/api/v1/applications/{app.reference}").status_code == 200
        assert _submit(api, app.reference).status_code == 403
        assert api.post("/api/v1/applications", application_body()).status_code == 403
        assert Application.objects.get(pk=app.pk).state == "draft"

    def test_a_member_without_a_role_sees_nothing(self, aw: Any, api_as: Any) -> None:
        mandate = access.mandate_grant(
            actor=aw.manager_a, principal=aw.world.org_a, agent=aw.firm, valid_from=TODAY()
        )
        newcomer = aw.member("newcomer_a", aw.world.org_a)
        app = aw.world.application("a", "flanders")
        api = api_as(newcomer)
        assert _references(api.get("/api/v1/applications")) == set()
        assert api.get(f"/api/v1/applications/{app.reference}").status_code == 404
        assert api.get("/api/v1/mandates").json() == []
        assert api.get(f"/api/v1/mandates/{mandate.pk}").status_code == 404

    def test_revoking_the_filer_role_stops_access(self, aw: Any, api_as: Any) -> None:
        app = aw.world.application("a", "flanders")
        employer = api_as(aw.world.users["employer_a"])
        assert employer.get(f"/api/v1/applications/{app.reference}").status_code == 200
        grant = MemberRole.objects.get(user=aw.world.users["employer_a"], role="filer")
        manager = api_as(aw.manager_a)
        revoked = manager.post(f"/api/v1/member-roles/{grant.pk}/revoke", {"reason": "left"})
        assert revoked.status_code == 200, revoked.content
        assert revoked.json()["revoked_by"] == "manager_a"
        assert employer.get(f"/api/v1/applications/{app.reference}").status_code == 404
        assert grant.history.count() == 2
        assert AuditEntry.objects.filter(action="member_role.revoke").count() == 1

    def test_who_may_grant_and_read(self, aw: Any, api_as: Any) -> None:
        body = {"user": "employer_a", "role": "viewer", "valid_from": TODAY().isoformat()}
        # A member who is not the access manager: 403.
        assert (
            api_as(aw.world.users["employer_a"]).post("/api/v1/member-roles", body).status_code
            == 403
        )
        # Another organisation's member names org A: 403, nothing written.
        other = {**body, "organisation": aw.world.org_a.pk}
        assert (
            api_as(aw.world.users["employer_b"]).post("/api/v1/member-roles", other).status_code
            == 403
        )
        # Officers and workers have no access management at all.
        for role in ("officer_flanders", "worker", "analyst"):
            assert api_as(aw.user(role)).get("/api/v1/member-roles").status_code == 403
        # The access manager lists the organisation's grants; a member only their own.
        listed = api_as(aw.manager_a).get("/api/v1/member-roles").json()
        assert {row["user"] for row in listed} == {"manager_a", "employer_a"}
        own = api_as(aw.world.users["employer_a"]).get("/api/v1/member-roles").json()
        assert {row["user"] for row in own} == {"employer_a"}
        # Another organisation's grant, by id: 404.
        grant = MemberRole.objects.get(user=aw.world.users["employer_a"])
        response = api_as(aw.world.users["employer_b"]).post(
            f"/api/v1/member-roles/{grant.pk}/revoke", {}
        )
        assert response.status_code == 404
        # A member sees their own grant but may not revoke it: 403.
        response = api_as(aw.world.users["employer_a"]).post(
            f"/api/v1/member-roles/{grant.pk}/revoke", {}
        )
        assert response.status_code == 403
        grant.refresh_from_db()
        assert grant.revoked_at is None

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"user": "employer_b", "role": "filer", "valid_from": "2026-01-01"}, "user"),
            ({"user": "nobody", "role": "filer", "valid_from": "2026-01-01"}, "user"),
            ({"user": "employer_a", "role": "owner", "valid_from": "2026-01-01"}, "role"),
            ({"user": "employer_a", "role": "viewer", "valid_from": "2026-01-01",
              "valid_until": "2025-01-01"}, "valid_until"),
            ({"user": "employer_a", "role": "filer", "valid_from": "2026-01-01"}, "role"),
            ({"user": "employer_a", "role": "viewer"}, "valid_from"),
        ],
    )  # fmt: skip
    def test_bad_input_names_the_field(
        self, aw: Any, api_as: Any, body: dict[str, Any], field: str
    ) -> None:
        before = MemberRole.objects.count()
        response = api_as(aw.manager_a).post("/api/v1/member-roles", body)
        assert response.status_code == 400, response.content
        assert problem(response)["field"] == field
        assert MemberRole.objects.count() == before


def test_portal_roles_are_the_documented_ones() -> None:
    assert set(PortalRole.values) == {"access_manager", "filer", "viewer"}


def test_the_access_endpoints_are_in_the_openapi_schema(db: Any, api_as: Any) -> None:
    schema = api_as(None).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/mandates", "post"),
        ("/api/v1/mandates", "get"),
        ("/api/v1/mandates/{mandate_id}", "get"),
        ("/api/v1/mandates/{mandate_id}/revoke", "post"),
        ("/api/v1/member-roles", "post"),
        ("/api/v1/member-roles/{grant_id}/revoke", "post"),
        ("/api/v1/principals", "get"),
        ("/api/v1/principals/switch", "post"),
        ("/api/v1/me/applications", "get"),
    ):
        operation = paths[path][method]
        assert "403" in operation["responses"], (path, method)
    components = schema["components"]["schemas"]
    assert "principal" in components["ApplicationCreateInput"]["properties"]
    assert "reason" in components["RevokeInput"]["properties"]
