# SPDX-License-Identifier: EUPL-1.2
"""Worker logins (their own submitted applications' status and decisions only), the worker
provisioner for the OpenID login, and row-level security for mandates and workers — with the
selectors' and rules' scoping broken on purpose (docs/access.md)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from access_support import WORKER_NRN, make_access_world
from casework_api_support import problem
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from passage.accounts import services as access
from passage.accounts.models import Role
from passage.accounts.provisioning import worker_user_for_nrn
from passage.audit.models import AuditEntry
from passage.casework import rls, selectors, services
from passage.casework.models import Application


@pytest.fixture
def aw(world: Any) -> Any:
    return make_access_world(world)


def _worker_application(aw: Any, *, submit: bool) -> Application:
    employer = aw.world.users["employer_a"]
    worker = aw.worker_user.profile.worker
    app = services.application_create(
        actor=employer,
        organisation=aw.world.org_a,
        worker=worker,
        permit_type="fixed_term",
        workplace_postcode="2000",
        category="highly_skilled",
        occupation="2512",
        gross_salary="60000.00",
        salary_period="year",
        start_date=timezone.localdate(),
        facts={"age": 35},
    )
    if submit:
        app = services.application_submit(actor=employer, application=app)
    return app


class TestWorkerLogin:
    def test_sees_own_submitted_applications_status_and_decisions_only(
        self, aw: Any, api_as: Any
    ) -> None:
        draft = _worker_application(aw, submit=False)
        submitted = _worker_application(aw, submit=True)
        granted = aw.world.advance(_worker_application(aw, submit=False), "federal_assessment")
        other = aw.world.application("a", "flanders", "submitted")  # another worker's
        api = api_as(aw.worker_user)
        response = api.get("/api/v1/me/applications")
        assert response.status_code == 200, response.content
        rows = {row["reference"]: row for row in response.json()}
        assert set(rows) == {submitted.reference, granted.reference}
        assert draft.reference not in rows and other.reference not in rows
        row = rows[granted.reference]
        assert row["state"] == "granted"
        assert row["residence_state"] == "federal_assessment"
        assert [(d["part"], d["outcome"]) for d in row["decisions"]] == [("regional", "granted")]
        # Nothing else of the employer's file.
        assert set(row) == {
            "reference",
            "employer",
            "application_type",
            "permit_type",
            "region",
            "state",
            "residence_state",
            "submitted_at",
            "decisions",
        }
        entry = AuditEntry.objects.filter(action="personal_data.read").last()
        assert entry is not None and entry.actor_id == aw.worker_user.pk

    def test_no_casework_endpoints(self, aw: Any, api_as: Any) -> None:
        submitted = _worker_application(aw, submit=True)
        api = api_as(aw.worker_user)
        for path in (
            "/api/v1/applications",
            f"/api/v1/applications/{submitted.reference}",
            f"/api/v1/applications/{submitted.reference}/events",
        ):
            assert api.get(path).status_code == 403, path
        problem(api.get("/api/v1/applications"))
        assert api.get("/api/v1/mandates").status_code == 403

    def test_others_have_no_worker_endpoint(self, aw: Any, api_as: Any) -> None:
        for user in (aw.world.users["employer_a"], aw.world.users["officer_flanders"]):
            assert api_as(user).get("/api/v1/me/applications").status_code == 403


class TestWorkerProvisioner:
    def test_only_for_a_worker_with_a_submitted_application(self, aw: Any) -> None:
        claims = {"givenName": "Amina", "surname": "Haddad", "egovNRN": WORKER_NRN}
        # The fixture's worker login exists already: it is found, not duplicated.
        assert worker_user_for_nrn(WORKER_NRN, claims) == aw.worker_user
        # Another person, first a draft only, then submitted.
        employer = aw.world.users["employer_a"]
        nrn = "85073003328"
        worker = services.worker_create(
            actor=employer,
            organisation=aw.world.org_a,
            given_name="Li",
            family_name="Wei",
            birth_date=dt.date(1985, 7, 30),
            nationality="CN",
            national_register_number=nrn,
        )
        app = services.application_create(
            actor=employer,
            organisation=aw.world.org_a,
            worker=worker,
            permit_type="fixed_term",
            workplace_postcode="2000",
            category="highly_skilled",
            occupation="2512",
            gross_salary="60000.00",
            salary_period="year",
            start_date=timezone.localdate(),
            facts={"age": 40},
        )
        assert worker_user_for_nrn(nrn, {}) is None
        services.application_submit(actor=employer, application=app)
        user = worker_user_for_nrn("85.07.30-033.28", {"givenName": "Li", "surname": "Wei"})
        assert user is not None
        assert user.profile.role == Role.WORKER
        assert user.profile.worker_id == worker.pk
        assert nrn not in user.username  # the number itself is stored nowhere
        assert user.first_name == "Li"
        assert not user.has_usable_password()
        assert worker_user_for_nrn(nrn, {}) == user  # once
        assert get_user_model().objects.filter(profile__worker=worker).count() == 1

    @pytest.mark.parametrize("nrn", ["", "123", "90040212387", None])
    def test_invalid_or_unknown_numbers(self, aw: Any, nrn: Any) -> None:
        assert worker_user_for_nrn(nrn, {}) is None


# --- row-level security ------------------------------------------------------------------------


def _visible(role: str, region: str = "", organisation: str = "", worker: str = "") -> Any:
    with transaction.atomic(), connection.cursor() as cursor:
        rls.rls_activate(role, region, organisation, worker)
        counts = {}
        cursor.execute("SELECT reference FROM casework_application")
        counts["casework_application"] = {r for (r,) in cursor.fetchall()}
        for table in rls.TABLES[1:]:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        rls.rls_deactivate()
    return counts


class TestRowLevelSecurity:
    def test_a_list_of_organisations(self, aw: Any) -> None:
        a_app = aw.world.application("a", "flanders")
        b_app = aw.world.application("b", "brussels")
        one = _visible("employer_member", organisation=str(aw.world.org_a.pk))
        assert one["casework_application"] == {a_app.reference}
        both = _visible(
            "employer_member", organisation=f"{aw.firm.pk},{aw.world.org_a.pk},{aw.world.org_b.pk}"
        )
        assert both["casework_application"] == {a_app.reference, b_app.reference}
        assert (
            _visible("employer_member", organisation=str(aw.firm.pk))["casework_application"]
            == set()
        )

    def test_the_settings_follow_the_mandates(self, aw: Any) -> None:
        assert rls.rls_settings_for(aw.agent)[2] == str(aw.firm.pk)
        mandate = access.mandate_grant(
            actor=aw.manager_a,
            principal=aw.world.org_a,
            agent=aw.firm,
            valid_from=timezone.localdate(),
        )
        role, _, organisations, _ = rls.rls_settings_for(aw.agent)
        assert role == "employer_member"
        assert set(organisations.split(",")) == {str(aw.firm.pk), str(aw.world.org_a.pk)}
        access.mandate_revoke(actor=aw.manager_a, mandate=mandate)
        assert rls.rls_settings_for(aw.agent)[2] == str(aw.firm.pk)
        assert rls.rls_settings_for(aw.worker_user) == (
            "worker",
            "",
            "",
            str(aw.worker_user.profile.worker_id),
        )

    def test_worker_sees_own_submitted_application_not_documents_or_questions(
        self, aw: Any
    ) -> None:
        draft = _worker_application(aw, submit=False)
        submitted = _worker_application(aw, submit=True)
        services.application_start_completeness_check(
            actor=aw.world.officer_for("flanders"), application=submitted
        )
        services.application_request_information(
            actor=aw.world.officer_for("flanders"),
            application=Application.objects.get(pk=submitted.pk),
            message="Diploma?",
        )
        aw.world.application("a", "flanders", "submitted")  # someone else's
        seen = _visible("worker", worker=str(aw.worker_user.profile.worker_id))
        assert seen["casework_application"] == {submitted.reference}
        assert draft.reference not in seen["casework_application"]
        assert seen["casework_worker"] == 1
        assert seen["casework_applicationevent"] >= 1
        assert seen["casework_informationrequest"] == 0
        assert seen["casework_document"] == 0
        assert _visible("worker")["casework_application"] == set()

    def test_agent_api_with_selector_and_rules_bypassed(
        self, aw: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A queryset filter bug (every application) and rules that allow everything: the
        agent still sees only the principals of its active mandates, and after revocation
        nothing of theirs."""
        mandate = access.mandate_grant(
            actor=aw.manager_a,
            principal=aw.world.org_a,
            agent=aw.firm,
            valid_from=timezone.localdate(),
        )
        a_app = aw.world.application("a", "flanders")
        b_app = aw.world.application("b", "brussels", "submitted")
        monkeypatch.setattr(
            selectors, "application_list_for", lambda user: Application.objects.order_by("-id")
        )
        monkeypatch.setattr(
            "passage.casework.api.views.CaseworkApi.permit", staticmethod(lambda *a: None)
        )
        agent = api_as(aw.agent)
        listed = agent.get("/api/v1/applications?page_size=100")
        assert [row["reference"] for row in listed.json()["results"]] == [a_app.reference]
        assert agent.get(f"/api/v1/applications/{b_app.reference}").status_code == 404
        withdrawn = agent.post(
            f"/api/v1/applications/{b_app.reference}/withdraw",
            {"reason": "forged"},
            **{"Idempotency-Key": str(uuid.uuid4())},
        )
        assert withdrawn.status_code == 404
        assert Application.objects.get(pk=b_app.pk).state == "submitted"
        access.mandate_revoke(actor=aw.manager_a, mandate=mandate)
        listed = agent.get("/api/v1/applications?page_size=100")
        assert listed.json()["results"] == []
        assert agent.get(f"/api/v1/applications/{a_app.reference}").status_code == 404

    def test_worker_api_with_selector_bypassed(
        self, aw: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        mine = _worker_application(aw, submit=True)
        aw.world.application("b", "brussels", "submitted")
        monkeypatch.setattr(
            selectors,
            "worker_application_list_for",
            lambda user: Application.objects.prefetch_related("decisions").order_by("-id"),
        )
        rows = api_as(aw.worker_user).get("/api/v1/me/applications").json()
        assert [row["reference"] for row in rows] == [mine.reference]
