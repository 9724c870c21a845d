# SPDX-License-Identifier: EUPL-1.2
"""The rules engine on submission, on every change of a fact, and in bulk after a new
parameter value (issue 4, "Workflow")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from casework_factories import ApplicationFactory
from django.core.exceptions import ValidationError

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.models import Application, ApplicationEvent
from passage.rules import ParameterOverlay, default_rulebook, load_rulebook

DAY = dt.date(2026, 4, 1)
FLEMISH_HIGHLY_SKILLED = "single_permit.salary.flanders.highly_skilled"  # SAL-02, EUR/year


def _submit(app: Application, *, today: dt.date = DAY) -> Application:
    from casework_factories import make_user

    member = make_user("employer_member", organisation=app.organisation)
    return services.application_submit(actor=member, application=app, today=today)


class TestDecisionOnSubmission:
    def test_decision_stored_with_trace_and_version(self, db: Any) -> None:
        app = _submit(ApplicationFactory(gross_salary=Decimal("60000")))
        assert app.eligibility_outcome == "eligible"
        assert app.eligibility_evaluated_on == DAY
        assert app.eligibility_rulebook_version == default_rulebook().version
        decision = app.eligibility_decision
        assert decision is not None
        assert decision["date"] == DAY.isoformat() and decision["procedure"] == "single_permit"
        assert "SAL-02" in {check["rule"] for check in decision["checks"]}

    def test_below_the_minimum_is_not_eligible(self, db: Any) -> None:
        app = _submit(ApplicationFactory(gross_salary=Decimal("48911.99")))
        assert app.eligibility_outcome == "not_eligible"
        assert app.eligibility_decision is not None
        assert "SAL-02" in app.eligibility_decision["failed_rules"]

    def test_engine_input_error_names_the_field(self, db: Any) -> None:
        app = ApplicationFactory(category="astronaut")
        with pytest.raises(ValidationError) as excinfo:
            _submit(app)
        assert "category" in excinfo.value.message_dict
        app.refresh_from_db()
        assert app.state == "draft"  # nothing half-written

    def test_bad_extra_fact_named_under_facts(self, db: Any) -> None:
        app = ApplicationFactory(facts={"age": "old"})
        with pytest.raises(ValidationError) as excinfo:
            _submit(app)
        assert "facts.age" in excinfo.value.message_dict


class TestDecisionOnChange:
    def test_update_reruns_the_rules_and_bumps_version(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        app = services.application_update(
            actor=employer, application=app, changes={"gross_salary": "40000"}, today=DAY
        )
        assert app.eligibility_outcome == "not_eligible"
        assert app.version == 2
        app = services.application_update(
            actor=employer,
            application=app,
            changes={"gross_salary": "70000"},
            expected_version=2,
            today=DAY,
        )
        assert app.eligibility_outcome == "eligible"
        assert app.version == 3
        event = ApplicationEvent.objects.filter(application=app, kind="update").last()
        assert event is not None and event.data == {"fields": ["gross_salary"]}

    def test_postcode_change_moves_region(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        app = services.application_update(
            actor=employer, application=app, changes={"workplace_postcode": "4700"}, today=DAY
        )
        assert app.region == "german_speaking_community"
        assert app.eligibility_decision is not None
        assert app.eligibility_outcome == "eligible"  # 60 000 ≥ the GSC minimum

    def test_unchanged_values_are_not_a_change(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        app = services.application_update(
            actor=employer, application=app, changes={"gross_salary": "60000"}
        )
        assert app.version == 1
        assert not ApplicationEvent.objects.filter(application=app).exists()

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"state": "granted"}, "state"),
            ({"facts": {"shoe_size": 44}}, "facts"),
            ({"facts": {"region": "brussels"}}, "facts"),  # a column, never a free fact
            ({"workplace_postcode": "99"}, "workplace_postcode"),
            ({"salary_period": "week"}, "salary_period"),
        ],
    )
    def test_bad_changes_name_the_field(
        self, db: Any, employer: Any, changes: dict[str, Any], field: str
    ) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        with pytest.raises(ValidationError) as excinfo:
            services.application_update(actor=employer, application=app, changes=changes)
        assert field in excinfo.value.message_dict
        app.refresh_from_db()
        assert app.version == 1 and app.state == "draft"

    def test_employer_cannot_edit_once_with_the_region(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation, state="submitted")
        with pytest.raises(services.TransitionError):
            services.application_update(
                actor=employer, application=app, changes={"gross_salary": "1"}
            )

    def test_officer_edit_with_if_match(self, db: Any, flemish_officer: Any) -> None:
        app = ApplicationFactory(state="completeness_check", version=4)
        with pytest.raises(services.VersionConflict):
            services.application_update(
                actor=flemish_officer,
                application=app,
                changes={"occupation": "2511"},
                expected_version=3,
            )
        app = services.application_update(
            actor=flemish_officer,
            application=app,
            changes={"occupation": "2511"},
            expected_version=4,
            today=DAY,
        )
        assert app.version == 5 and app.occupation == "2511"


class TestReevaluation:
    def _raised_threshold(self) -> Any:
        # A made-up indexation for the test: the Flemish highly-skilled minimum to 65 000.
        return load_rulebook(
            [
                ParameterOverlay(
                    parameter=FLEMISH_HIGHLY_SKILLED,
                    start=dt.date(2026, 4, 1),
                    value="65000",
                    status="in_force",
                    reference="test overlay",
                    entered_by="test",
                )
            ]
        )

    def test_flags_exactly_the_changed_outcomes(self, db: Any) -> None:
        low = _submit(ApplicationFactory(gross_salary=Decimal("60000")), today=DAY)
        high = _submit(ApplicationFactory(gross_salary=Decimal("70000")), today=DAY)
        poor = _submit(ApplicationFactory(gross_salary=Decimal("40000")), today=DAY)
        draft = ApplicationFactory(gross_salary=Decimal("60000"))
        decided = ApplicationFactory(gross_salary=Decimal("60000"), state="granted")
        assert {low.eligibility_outcome, high.eligibility_outcome} == {"eligible"}
        assert poor.eligibility_outcome == "not_eligible"
        calls: list[tuple[int, int]] = []

        summary = services.applications_reevaluate(
            day=dt.date(2026, 4, 2),
            rulebook=self._raised_threshold(),
            progress=lambda done, total: calls.append((done, total)),
            chunk_size=2,
        )

        flagged = set(
            Application.objects.filter(eligibility_changed=True).values_list("pk", flat=True)
        )
        assert flagged == {low.pk}
        assert (summary.evaluated, summary.changed, summary.errors) == (3, 1, 0)
        assert summary.changed_references == [low.reference]
        low.refresh_from_db()
        assert low.eligibility_outcome == "not_eligible"
        assert low.eligibility_evaluated_on == dt.date(2026, 4, 2)
        assert low.version == 3  # submit, then the re-evaluation
        for untouched in (draft, decided):
            untouched.refresh_from_db()
            assert untouched.eligibility_evaluated_on is None and untouched.version == 1
        assert calls[-1] == (3, 3)
        entry = AuditEntry.objects.filter(action="applications.reevaluate").get()
        assert entry.details["changed"] == 1 and entry.details["evaluated"] == 3
        # A bulk_update never passes through save(): the history triggers still saw it.
        assert low.history.filter(eligibility_changed=True).exists()

    def test_same_rulebook_flags_nothing(self, db: Any) -> None:
        _submit(ApplicationFactory(gross_salary=Decimal("60000")))
        summary = services.applications_reevaluate(day=DAY, rulebook=default_rulebook())
        assert summary.changed == 0 and summary.evaluated == 1
        assert not Application.objects.filter(eligibility_changed=True).exists()

    def test_a_bad_row_is_counted_and_the_run_goes_on(self, db: Any) -> None:
        good = _submit(ApplicationFactory())
        bad = ApplicationFactory(state="submitted", category="astronaut")
        summary = services.applications_reevaluate(day=DAY, rulebook=default_rulebook())
        assert summary.errors == 1 and summary.error_references == [bad.reference]
        good.refresh_from_db()
        assert good.eligibility_evaluated_on == DAY

    def test_malformed_value_names_the_field(self, db: Any, employer: Any) -> None:
        app = ApplicationFactory(organisation=employer.profile.organisation)
        with pytest.raises(ValidationError) as excinfo:
            services.application_update(
                actor=employer, application=app, changes={"gross_salary": "lots"}
            )
        assert "gross_salary" in excinfo.value.message_dict


class TestReevaluationCost:
    def test_queries_do_not_grow_with_rows(
        self, db: Any, django_assert_max_num_queries: Any
    ) -> None:
        for _ in range(12):
            ApplicationFactory(state="submitted", eligibility_outcome="eligible")
        rb = default_rulebook()
        # count, ids, then per chunk: locked read + one UPDATE; pghistory context and the
        # audit row (advisory lock, chain head, insert) — independent of the 12 rows.
        with django_assert_max_num_queries(16):
            summary = services.applications_reevaluate(day=DAY, rulebook=rb, chunk_size=1000)
        assert summary.evaluated == 12
