# SPDX-License-Identifier: EUPL-1.2
"""The case page's actions (issue 11): each through the casework services, errors next to
the field in the officer's language, never a 500; the salary guard with a recorded reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from office_support import login

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.models import Application, ApplicationEvent, InformationRequest

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _post(client: Any, app: Application, action: str, **data: Any) -> Any:
    app.refresh_from_db()
    data.setdefault("version", app.version)
    return client.post(f"/office/cases/{app.reference}/{action}/", data, **_lang(data))


def _lang(data: dict[str, Any]) -> dict[str, Any]:
    lang = data.pop("lang", None)
    return {"headers": {"Accept-Language": lang}} if lang else {}


def _assessed(officer: Any, app: Application) -> Application:
    services.application_start_completeness_check(actor=officer, application=app.pk)
    return services.application_start_regional_assessment(actor=officer, application=app.pk)


@pytest.mark.django_db
class TestRegionalJourney:
    def test_from_submission_to_a_grant_with_the_salary_override(
        self, flemish_officer: Any, employer: Any, submit: Any
    ) -> None:
        app = submit()
        client = login(flemish_officer)
        response = _post(client, app, "start_completeness_check")
        assert response.status_code == 302
        assert response["Location"] == f"/office/cases/{app.reference}/"
        response = _post(
            client, app, "request_information", message="Send the payslips", due_on=TOMORROW
        )
        assert response.status_code == 302
        request = InformationRequest.objects.get(application=app)
        assert (request.message, request.due_on) == ("Send the payslips", TOMORROW)
        services.application_resubmit(actor=employer, application=app.pk, answer="attached")
        assert _post(client, app, "start_completeness_check").status_code == 302
        assert _post(client, app, "start_regional_assessment").status_code == 302

        # Pending salary verification: the grant needs a reason, asked next to its field.
        response = _post(client, app, "decide_regional", outcome="granted")
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_override_reason_error"' in html
        assert "To grant all the same, say why." in html
        app.refresh_from_db()
        assert app.state == "regional_assessment"

        response = _post(
            client,
            app,
            "decide_regional",
            outcome="granted",
            override_reason="Payslips of three months checked by hand",
        )
        assert response.status_code == 302
        app.refresh_from_db()
        assert (app.state, app.residence_state) == ("granted", "federal_assessment")
        event = ApplicationEvent.objects.get(application=app, kind="decide_regional")
        assert event.data["override_reason"] == "Payslips of three months checked by hand"
        assert event.data["salary_verification"] == "pending_manual_verification"
        actions = set(
            AuditEntry.objects.filter(object_type="application", object_id=str(app.pk)).values_list(
                "action", flat=True
            )
        )
        assert {
            "application.start_completeness_check",
            "application.request_information",
            "application.start_regional_assessment",
            "application.decide_regional",
        } <= actions
        timeline = client.get(f"/office/cases/{app.reference}/").content.decode()
        assert "Granted despite the salary verification" in timeline

    def test_a_refusal_needs_a_motivation(self, flemish_officer: Any, submit: Any) -> None:
        app = _assessed(flemish_officer, submit())
        client = login(flemish_officer)
        response = _post(client, app, "decide_regional", outcome="refused", motivation="  ")
        assert response.status_code == 400
        assert 'id="id_motivation_error"' in response.content.decode()
        response = _post(
            client, app, "decide_regional", outcome="refused", motivation="Salary below SAL-02"
        )
        assert response.status_code == 302
        app.refresh_from_db()
        assert app.state == "refused"
        assert app.decisions.get().motivation == "Salary below SAL-02"

    def test_bad_input_is_named_by_field_and_keeps_the_typed_values(
        self, flemish_officer: Any, submit: Any
    ) -> None:
        app = submit()
        client = login(flemish_officer)
        _post(client, app, "start_completeness_check")
        response = _post(client, app, "request_information", message="", due_on="yesterday")
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_message_error"' in html
        assert 'id="id_due_on_error"' in html
        past = _post(client, app, "request_information", message="Payslips", due_on="2020-01-01")
        assert past.status_code == 400
        assert "must lie after today" in past.content.decode()
        assert "Payslips</textarea>" in past.content.decode()
        # Not a step of this state: the outcome is checked before the service is called.
        unknown = _post(client, app, "decide_regional", outcome="maybe")
        assert unknown.status_code == 400
        assert "Choose to grant or to refuse." in unknown.content.decode()
        app.refresh_from_db()
        assert app.state == "completeness_check"
        assert not InformationRequest.objects.filter(application=app).exists()

    def test_errors_in_the_officers_language(self, flemish_officer: Any, submit: Any) -> None:
        app = _assessed(flemish_officer, submit())
        response = _post(
            login(flemish_officer), app, "decide_regional", outcome="refused", lang="fr"
        )
        assert response.status_code == 400
        assert "Un refus doit être motivé." in response.content.decode()

    def test_a_step_the_state_does_not_allow_is_a_message_not_a_500(
        self, flemish_officer: Any, submit: Any
    ) -> None:
        app = submit()
        response = _post(
            login(flemish_officer), app, "decide_regional", outcome="refused", motivation="x"
        )
        assert response.status_code == 400
        assert "not possible in the application" in response.content.decode()

    def test_a_stale_page_is_a_message_not_a_500(self, flemish_officer: Any, submit: Any) -> None:
        app = submit()
        client = login(flemish_officer)
        response = client.post(
            f"/office/cases/{app.reference}/start_completeness_check/",
            {"version": app.version - 1},
        )
        assert response.status_code == 400
        assert "Someone changed this application meanwhile" in response.content.decode()
        app.refresh_from_db()
        assert app.state == "submitted"


@pytest.mark.django_db
class TestActionScope:
    def test_a_walloon_officer_gets_404_and_changes_nothing(
        self, walloon_officer: Any, submit: Any
    ) -> None:
        app = submit()
        response = _post(login(walloon_officer), app, "start_completeness_check")
        assert response.status_code == 404
        app.refresh_from_db()
        assert app.state == "submitted"

    def test_an_employer_gets_403(self, employer: Any, submit: Any) -> None:
        app = submit()
        assert _post(login(employer), app, "start_completeness_check").status_code == 403

    def test_the_immigration_office_may_not_take_a_regional_step(
        self, immigration_officer: Any, flemish_officer: Any, submit: Any
    ) -> None:
        app = _assessed(flemish_officer, submit())
        services.application_decide_regional(
            actor=flemish_officer, application=app.pk, outcome="granted"
        )
        response = _post(
            login(immigration_officer), app, "decide_regional", outcome="refused", motivation="x"
        )
        assert response.status_code == 403

    def test_an_unknown_action_is_404(self, flemish_officer: Any, submit: Any) -> None:
        app = submit()
        assert _post(login(flemish_officer), app, "delete").status_code == 404

    def test_get_on_an_action_is_405(self, flemish_officer: Any, submit: Any) -> None:
        app = submit()
        url = f"/office/cases/{app.reference}/start_completeness_check/"
        assert login(flemish_officer).get(url).status_code == 405


@pytest.mark.django_db
class TestFederalDecision:
    def test_the_immigration_office_decides_the_residence(
        self, immigration_officer: Any, flemish_officer: Any, submit: Any
    ) -> None:
        app = _assessed(flemish_officer, submit())
        services.application_decide_regional(
            actor=flemish_officer, application=app.pk, outcome="granted"
        )
        client = login(immigration_officer)
        assert _post(client, app, "decide_federal", outcome="refused").status_code == 400
        response = _post(
            client, app, "decide_federal", outcome="refused", motivation="Public order"
        )
        assert response.status_code == 302
        app.refresh_from_db()
        assert app.residence_state == "refused"
        html = client.get(f"/office/cases/{app.reference}/").content.decode()
        assert "Residence decided" in html
        assert "Public order" in html


@pytest.mark.django_db
class TestSalaryGuard:
    def test_a_pending_or_failed_verification_blocks_a_grant_without_a_reason(
        self, flemish_officer: Any, submit: Any
    ) -> None:
        for status in ("pending_manual_verification", "mismatch", "not_checked"):
            app = _assessed(flemish_officer, submit())
            Application.objects.filter(pk=app.pk).update(salary_verification=status)
            with pytest.raises(ValidationError) as caught:
                services.application_decide_regional(
                    actor=flemish_officer, application=app.pk, outcome="granted", salary_guard=True
                )
            assert "override_reason" in caught.value.message_dict
            app.refresh_from_db()
            assert app.state == "regional_assessment", status

    def test_a_verified_salary_needs_no_reason(self, flemish_officer: Any, submit: Any) -> None:
        app = _assessed(flemish_officer, submit())
        Application.objects.filter(pk=app.pk).update(salary_verification="verified")
        services.application_decide_regional(
            actor=flemish_officer, application=app.pk, outcome="granted", salary_guard=True
        )
        event = ApplicationEvent.objects.get(application=app, kind="decide_regional")
        assert "override_reason" not in event.data

    def test_a_refusal_is_never_held_by_the_guard(self, flemish_officer: Any, submit: Any) -> None:
        app = _assessed(flemish_officer, submit())
        decided = services.application_decide_regional(
            actor=flemish_officer,
            application=app.pk,
            outcome="refused",
            motivation="Salary below the threshold",
            salary_guard=True,
        )
        assert decided.state == "refused"
