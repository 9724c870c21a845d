# SPDX-License-Identifier: EUPL-1.2
"""The regional and federal state machines (docs/casework.md "Workflow")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from casework_factories import ApplicationFactory, OrganisationFactory, WorkerFactory, make_user
from django.core.exceptions import PermissionDenied, ValidationError

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.models import (
    Application,
    ApplicationDecision,
    ApplicationEvent,
    InformationRequest,
    OutboxMessage,
)
from passage.casework.services import TransitionError, VersionConflict

DAY = dt.date(2026, 4, 1)
ALL_STATES = [
    "draft",
    "submitted",
    "completeness_check",
    "incomplete",
    "information_requested",
    "resubmitted",
    "regional_assessment",
    "granted",
    "refused",
    "withdrawn",
]


def _call(action: str) -> Callable[..., Application]:
    """The service for ``action`` with the extra arguments it needs."""
    calls: dict[str, Callable[..., Application]] = {
        "submit": services.application_submit,
        "start_completeness_check": services.application_start_completeness_check,
        "mark_incomplete": lambda **kw: services.application_mark_incomplete(
            reason="payslips missing", **kw
        ),
        "request_information": lambda **kw: services.application_request_information(
            message="send the payslips", **kw
        ),
        "resubmit": lambda **kw: services.application_resubmit(answer="attached", **kw),
        "start_regional_assessment": services.application_start_regional_assessment,
        "decide_regional": lambda **kw: services.application_decide_regional(
            outcome="granted", **kw
        ),
        "withdraw": services.application_withdraw,
    }
    return calls[action]


def _actor_for(action: str, app: Application) -> Any:
    if action in {"submit", "resubmit", "withdraw"}:
        return make_user("employer_member", organisation=app.organisation)
    return make_user("regional_officer", region=app.region)


ACTIONS = sorted({action for (_state, action) in services.TRANSITIONS})


class TestTransitionTable:
    @pytest.mark.parametrize("action", ACTIONS)
    @pytest.mark.parametrize("state", ALL_STATES)
    def test_every_state_and_action(self, db: Any, state: str, action: str) -> None:
        app = ApplicationFactory(state=state)
        actor = _actor_for(action, app)
        expected = services.TRANSITIONS.get((state, action))
        if expected is None:
            with pytest.raises(TransitionError) as excinfo:
                _call(action)(actor=actor, application=app, today=DAY)
            # The message names the current state and the action refused.
            assert state in str(excinfo.value) and action in str(excinfo.value)
            app.refresh_from_db()
            assert app.state == state and app.version == 1
            assert not ApplicationEvent.objects.filter(application=app).exists()
        else:
            done = _call(action)(actor=actor, application=app, today=DAY)
            assert done.state == expected
            app.refresh_from_db()
            assert app.state == expected and app.version == 2
            event = ApplicationEvent.objects.get(application=app)
            assert (event.kind, event.from_state, event.to_state) == (action, state, expected)
            assert event.actor == actor

    def test_withdraw_from_every_open_state_only(self) -> None:
        withdrawable = {s for (s, a) in services.TRANSITIONS if a == "withdraw"}
        assert withdrawable == set(ALL_STATES) - {"granted", "refused", "withdrawn"}


class TestFullPath:
    def test_draft_to_granted_single_permit(
        self, db: Any, employer: Any, flemish_officer: Any, immigration_officer: Any
    ) -> None:
        worker = WorkerFactory(organisation=employer.profile.organisation)
        app = services.application_create(
            actor=employer,
            organisation=employer.profile.organisation,
            worker=worker,
            permit_type="fixed_term",
            workplace_postcode="9000",
            category="highly_skilled",
            occupation="2512",
            gross_salary="60000",
            salary_period="year",
            start_date=dt.date(2026, 6, 1),
            facts={"age": 35},
            today=DAY,
        )
        assert app.region == "flanders" and app.state == "draft"
        pk = app.pk
        services.application_submit(actor=employer, application=pk, today=DAY)
        services.application_start_completeness_check(actor=flemish_officer, application=pk)
        services.application_mark_incomplete(actor=flemish_officer, application=pk, reason="x")
        services.application_request_information(
            actor=flemish_officer, application=pk, message="payslips"
        )
        services.application_resubmit(actor=employer, application=pk, answer="here", today=DAY)
        services.application_start_completeness_check(actor=flemish_officer, application=pk)
        services.application_start_regional_assessment(actor=flemish_officer, application=pk)
        app = services.application_decide_regional(
            actor=flemish_officer, application=pk, outcome="granted"
        )
        assert (app.state, app.residence_state) == ("granted", "federal_assessment")
        assert app.decided_at is None  # the single permit is not finished yet
        app = services.application_decide_federal(
            actor=immigration_officer, application=pk, outcome="granted"
        )
        assert (app.state, app.residence_state) == ("granted", "granted")
        assert app.decided_at is not None
        kinds = list(ApplicationEvent.objects.filter(application=app).values_list("kind", "part"))
        assert kinds == [
            ("create", "regional"),
            ("submit", "regional"),
            ("start_completeness_check", "regional"),
            ("mark_incomplete", "regional"),
            ("request_information", "regional"),
            ("resubmit", "regional"),
            ("start_completeness_check", "regional"),
            ("start_regional_assessment", "regional"),
            ("decide_regional", "regional"),
            ("decide_federal", "federal"),
        ]
        assert app.version == 10  # created at 1, nine changes
        request = InformationRequest.objects.get(application=app)
        assert request.answer == "here" and request.answered_at is not None
        assert set(ApplicationDecision.objects.filter(application=app).values_list("part")) == {
            ("regional",),
            ("federal",),
        }

    def test_renewal_needs_a_granted_application(self, db: Any, employer: Any) -> None:
        org = employer.profile.organisation
        worker = WorkerFactory(organisation=org)
        kwargs: dict[str, Any] = {
            "actor": employer,
            "organisation": org,
            "worker": worker,
            "application_type": "renewal",
            "permit_type": "fixed_term",
            "workplace_postcode": "2000",
            "category": "highly_skilled",
            "occupation": "2512",
            "gross_salary": "60000",
            "salary_period": "year",
            "start_date": dt.date(2027, 6, 1),
            "facts": {"age": 36},
            "today": DAY,
        }
        ApplicationFactory(worker=worker, state="granted", residence_state="refused")
        with pytest.raises(ValidationError) as excinfo:
            services.application_create(**kwargs)
        assert "application_type" in excinfo.value.message_dict
        ApplicationFactory(
            worker=worker, state="granted", residence_state="granted", occupation="2512"
        )
        renewal = services.application_create(**kwargs)
        assert renewal.application_type == "renewal"
        # FLA-07 needs these; they come from the granted application when not given.
        assert renewal.same_employer is True and renewal.same_occupation is True


class TestDecisions:
    @pytest.mark.parametrize("motivation", ["", "   "])
    def test_regional_refusal_needs_motivation(
        self, db: Any, flemish_officer: Any, motivation: str
    ) -> None:
        app = ApplicationFactory(state="regional_assessment")
        with pytest.raises(ValidationError) as excinfo:
            services.application_decide_regional(
                actor=flemish_officer, application=app, outcome="refused", motivation=motivation
            )
        assert "motivation" in excinfo.value.message_dict
        app.refresh_from_db()
        assert app.state == "regional_assessment"
        assert not ApplicationDecision.objects.exists()

    def test_regional_refusal_with_motivation(self, db: Any, flemish_officer: Any) -> None:
        app = ApplicationFactory(state="regional_assessment")
        app = services.application_decide_regional(
            actor=flemish_officer,
            application=app,
            outcome="refused",
            motivation="SAL-02 not met",
        )
        assert (app.state, app.residence_state) == ("refused", "not_started")
        decision = ApplicationDecision.objects.get(application=app)
        assert (decision.part, decision.outcome, decision.motivation) == (
            "regional",
            "refused",
            "SAL-02 not met",
        )
        event = ApplicationEvent.objects.get(application=app)
        assert event.reason == "SAL-02 not met" and event.to_state == "refused"

    def test_federal_refusal_needs_motivation(self, db: Any, immigration_officer: Any) -> None:
        app = ApplicationFactory(state="granted", residence_state="federal_assessment")
        with pytest.raises(ValidationError) as excinfo:
            services.application_decide_federal(
                actor=immigration_officer, application=app, outcome="refused"
            )
        assert "motivation" in excinfo.value.message_dict
        app = services.application_decide_federal(
            actor=immigration_officer, application=app, outcome="refused", motivation="public order"
        )
        assert app.residence_state == "refused"

    def test_unknown_outcome(self, db: Any, flemish_officer: Any) -> None:
        app = ApplicationFactory(state="regional_assessment")
        with pytest.raises(ValidationError) as excinfo:
            services.application_decide_regional(
                actor=flemish_officer, application=app, outcome="maybe"
            )
        assert "outcome" in excinfo.value.message_dict

    @pytest.mark.parametrize("residence_state", ["not_started", "granted", "refused"])
    def test_federal_decision_only_in_federal_assessment(
        self, db: Any, immigration_officer: Any, residence_state: str
    ) -> None:
        app = ApplicationFactory(state="granted", residence_state=residence_state)
        with pytest.raises(TransitionError) as excinfo:
            services.application_decide_federal(
                actor=immigration_officer, application=app, outcome="granted"
            )
        assert residence_state in str(excinfo.value) and "decide_federal" in str(excinfo.value)


class TestRolesAndScope:
    def test_other_region_officer_refused(self, db: Any, walloon_officer: Any) -> None:
        app = ApplicationFactory(state="submitted")  # Flemish
        with pytest.raises(PermissionDenied):
            services.application_start_completeness_check(actor=walloon_officer, application=app)
        app.refresh_from_db()
        assert app.state == "submitted"

    def test_other_employer_refused(self, db: Any) -> None:
        app = ApplicationFactory()
        stranger = make_user("employer_member", organisation=OrganisationFactory())
        with pytest.raises(PermissionDenied):
            services.application_submit(actor=stranger, application=app)
        with pytest.raises(PermissionDenied):
            services.application_withdraw(actor=stranger, application=app)

    @pytest.mark.parametrize("role", ["analyst", "immigration_officer"])
    def test_roles_without_regional_actions(self, db: Any, role: str) -> None:
        app = ApplicationFactory(state="submitted")
        with pytest.raises(PermissionDenied):
            services.application_start_completeness_check(actor=make_user(role), application=app)

    def test_employer_cannot_decide(self, db: Any) -> None:
        app = ApplicationFactory(state="regional_assessment")
        member = make_user("employer_member", organisation=app.organisation)
        with pytest.raises(PermissionDenied):
            services.application_decide_regional(actor=member, application=app, outcome="granted")

    def test_regional_officer_cannot_decide_federal(self, db: Any, flemish_officer: Any) -> None:
        app = ApplicationFactory(state="granted", residence_state="federal_assessment")
        with pytest.raises(PermissionDenied):
            services.application_decide_federal(
                actor=flemish_officer, application=app, outcome="granted"
            )

    def test_administrator_may_do_all(self, db: Any, administrator: Any) -> None:
        app = ApplicationFactory(state="submitted")
        app = services.application_start_completeness_check(actor=administrator, application=app)
        assert app.state == "completeness_check"
        app = services.application_withdraw(actor=administrator, application=app, reason="asked")
        assert app.state == "withdrawn"

    def test_user_without_role(self, db: Any) -> None:
        from casework_factories import UserFactory

        app = ApplicationFactory()
        with pytest.raises(PermissionDenied):
            services.application_submit(actor=UserFactory(), application=app)

    def test_employer_cannot_create_for_another_organisation(self, db: Any, employer: Any) -> None:
        other = OrganisationFactory()
        with pytest.raises(PermissionDenied):
            services.worker_create(
                actor=employer,
                organisation=other,
                given_name="A",
                family_name="B",
                birth_date=dt.date(1990, 1, 1),
                nationality="in",
            )


class TestRecordsOfAChange:
    def test_event_audit_outbox_and_version(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        audit_before = AuditEntry.objects.count()
        app = services.application_submit(actor=employer, application=app, today=DAY)
        assert app.version == 2
        entry = AuditEntry.objects.order_by("-id").first()
        assert AuditEntry.objects.count() == audit_before + 1
        assert entry is not None
        assert (entry.action, entry.object_type, entry.object_id) == (
            "application.submit",
            "application",
            str(app.pk),
        )
        assert entry.details["from"] == "draft" and entry.details["to"] == "submitted"
        message = OutboxMessage.objects.get()
        assert message.topic == "application.status_changed"
        assert set(message.payload) == {"reference", "state", "residence_state", "at"}
        assert message.payload["reference"] == app.reference
        assert message.payload["state"] == "submitted"
        # No personal data leaves through the outbox.
        text = str(message.payload)
        assert app.worker.family_name not in text and app.worker.given_name not in text

    def test_stale_version_is_refused(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        with pytest.raises(VersionConflict):
            services.application_withdraw(actor=employer, application=app, expected_version=7)
        app = services.application_withdraw(actor=employer, application=app, expected_version=1)
        assert app.state == "withdrawn" and app.version == 2

    def test_audit_failure_rolls_back_the_transition(
        self, db: Any, employer: Any, monkeypatch: Any
    ) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)

        def broken(**_kwargs: Any) -> None:
            raise RuntimeError("audit store down")

        monkeypatch.setattr(services, "audit_record", broken)
        with pytest.raises(RuntimeError, match="audit store down"):
            services.application_submit(actor=employer, application=app, today=DAY)
        app.refresh_from_db()
        assert (app.state, app.version, app.submitted_at, app.sla_due_on) == (
            "draft",
            1,
            None,
            None,
        )
        assert not ApplicationEvent.objects.filter(application=app).exists()
        assert not OutboxMessage.objects.exists()

    def test_failed_decision_leaves_no_half_written_record(
        self, db: Any, flemish_officer: Any, monkeypatch: Any
    ) -> None:
        app = ApplicationFactory(state="regional_assessment")

        def broken(*_args: Any, **_kwargs: Any) -> None:
            raise RuntimeError("outbox down")

        monkeypatch.setattr(services, "outbox_put", broken)
        with pytest.raises(RuntimeError):
            services.application_decide_regional(
                actor=flemish_officer, application=app, outcome="granted"
            )
        app.refresh_from_db()
        assert (app.state, app.residence_state) == ("regional_assessment", "not_started")
        assert not ApplicationDecision.objects.exists()
        assert not ApplicationEvent.objects.exists()

    def test_history_captures_changes(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        services.application_withdraw(actor=employer, application=app)
        states = list(app.history.order_by("pgh_id").values_list("state", flat=True))
        assert states == ["draft", "withdrawn"]
