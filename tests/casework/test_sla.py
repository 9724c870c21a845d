# SPDX-License-Identifier: EUPL-1.2
"""SLA clocks: start on submission, pause while the employer owes information, overdue and
at-risk lists (seeded policies: Flanders 60 days, SEC-004-2; shortage occupations 56 days in
every region, SEC-001-1)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from casework_factories import ApplicationFactory, make_user

from passage.casework import services
from passage.casework.models import Application, SlaPolicy
from passage.casework.selectors import applications_at_risk, applications_overdue

BRUSSELS = ZoneInfo("Europe/Brussels")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=BRUSSELS)


def _submit(app: Application, day: dt.date) -> Application:
    member = make_user("employer_member", organisation=app.organisation)
    with time_machine.travel(_at(day), tick=False):
        return services.application_submit(actor=member, application=app)


class TestSeededPolicies:
    def test_seed_rows(self, db: Any) -> None:
        rows = set(SlaPolicy.objects.values_list("region", "procedure", "target_days"))
        assert ("flanders", "single_permit", 60) in rows
        for region in ("flanders", "wallonia", "brussels", "german_speaking_community"):
            assert (region, "shortage_occupation", 56) in rows
        assert not SlaPolicy.objects.filter(region="wallonia", procedure="single_permit").exists()
        assert (
            "SEC-004-2"
            in SlaPolicy.objects.get(region="flanders", procedure="single_permit").source
        )


class TestClockStart:
    def test_flemish_single_permit_60_days(self, db: Any) -> None:
        app = _submit(ApplicationFactory(), dt.date(2026, 3, 2))
        assert app.sla_due_on == dt.date(2026, 5, 1)
        assert app.submitted_at == _at(dt.date(2026, 3, 2))

    @pytest.mark.parametrize(
        ("postcode", "region", "category", "listed"),
        [
            ("5000", "wallonia", "bottleneck", False),
            ("1000", "brussels", "highly_skilled", True),
        ],
    )
    def test_shortage_occupation_8_weeks(
        self, db: Any, postcode: str, region: str, category: str, listed: bool
    ) -> None:
        app = ApplicationFactory(
            workplace_postcode=postcode,
            region=region,
            category=category,
            occupation_on_shortage_list=listed,
            salary_period="month",
            gross_salary="5000",
        )
        app = _submit(app, dt.date(2026, 3, 2))
        assert app.sla_due_on == dt.date(2026, 4, 27)

    def test_region_without_policy_has_no_clock(self, db: Any) -> None:
        app = ApplicationFactory(workplace_postcode="5000", region="wallonia")
        app = _submit(app, dt.date(2026, 3, 2))
        assert app.sla_due_on is None
        assert not applications_overdue(dt.date(2030, 1, 1)).filter(pk=app.pk).exists()


class TestPauseAndResume:
    def test_paused_days_push_the_due_date(self, db: Any, flemish_officer: Any) -> None:
        app = _submit(ApplicationFactory(), dt.date(2026, 3, 2))
        member = make_user("employer_member", organisation=app.organisation)
        with time_machine.travel(_at(dt.date(2026, 3, 10)), tick=False):
            services.application_start_completeness_check(actor=flemish_officer, application=app)
            app = services.application_mark_incomplete(
                actor=flemish_officer, application=app, reason="no contract"
            )
        assert app.sla_paused_since == _at(dt.date(2026, 3, 10))
        # Paused: never overdue, however late.
        assert not applications_overdue(dt.date(2026, 6, 1)).filter(pk=app.pk).exists()
        with time_machine.travel(_at(dt.date(2026, 3, 12)), tick=False):
            app = services.application_request_information(
                actor=flemish_officer, application=app, message="contract please"
            )
        assert app.sla_paused_since == _at(dt.date(2026, 3, 10))  # still the first pause
        with time_machine.travel(_at(dt.date(2026, 3, 24)), tick=False):
            app = services.application_resubmit(actor=member, application=app)
        assert app.sla_paused_since is None
        assert app.sla_paused_days == 14
        assert app.sla_due_on == dt.date(2026, 5, 15)  # 1 May + 14 days

    def test_information_requested_during_assessment_pauses(
        self, db: Any, flemish_officer: Any
    ) -> None:
        app = ApplicationFactory(
            state="regional_assessment", sla_due_on=dt.date(2026, 5, 1), version=3
        )
        with time_machine.travel(_at(dt.date(2026, 4, 1)), tick=False):
            app = services.application_request_information(
                actor=flemish_officer, application=app, message="diploma"
            )
        member = make_user("employer_member", organisation=app.organisation)
        with time_machine.travel(_at(dt.date(2026, 4, 6)), tick=False):
            app = services.application_resubmit(actor=member, application=app)
        assert app.sla_due_on == dt.date(2026, 5, 6)

    def test_withdrawal_stops_a_paused_clock(self, db: Any) -> None:
        app = ApplicationFactory(
            state="information_requested",
            sla_due_on=dt.date(2026, 5, 1),
            sla_paused_since=_at(dt.date(2026, 4, 1)),
        )
        member = make_user("employer_member", organisation=app.organisation)
        app = services.application_withdraw(actor=member, application=app)
        assert app.sla_paused_since is None
        assert not applications_overdue(dt.date(2027, 1, 1)).filter(pk=app.pk).exists()


class TestOverdueAndAtRisk:
    def test_lists(self, db: Any) -> None:
        day = dt.date(2026, 5, 1)
        overdue = ApplicationFactory(state="regional_assessment", sla_due_on=day - dt.timedelta(1))
        due_today = ApplicationFactory(state="completeness_check", sla_due_on=day)
        edge = ApplicationFactory(state="submitted", sla_due_on=day + dt.timedelta(10))
        later = ApplicationFactory(state="submitted", sla_due_on=day + dt.timedelta(11))
        shortage_edge = ApplicationFactory(
            state="submitted",
            category="bottleneck",
            sla_due_on=day + dt.timedelta(10),
        )
        paused = ApplicationFactory(
            state="information_requested",
            sla_due_on=day - dt.timedelta(5),
            sla_paused_since=_at(day - dt.timedelta(20)),
        )
        decided = ApplicationFactory(state="granted", sla_due_on=day - dt.timedelta(5))
        no_policy = ApplicationFactory(
            state="submitted", region="wallonia", sla_due_on=day + dt.timedelta(1)
        )
        SlaPolicy.objects.filter(procedure="shortage_occupation").update(at_risk_days=5)

        assert list(applications_overdue(day)) == [overdue]
        at_risk = set(applications_at_risk(day))
        assert at_risk == {due_today, edge}
        assert not at_risk & {later, shortage_edge, paused, decided, no_policy}

    def test_at_risk_window_follows_the_policy(self, db: Any) -> None:
        day = dt.date(2026, 5, 1)
        app = ApplicationFactory(state="submitted", sla_due_on=day + dt.timedelta(15))
        assert app not in set(applications_at_risk(day))
        SlaPolicy.objects.filter(region="flanders", procedure="single_permit").update(
            at_risk_days=15
        )
        assert app in set(applications_at_risk(day))


class TestTargetsReadWithTheLock:
    """The submission reads the SLA targets in its ``SELECT … FOR UPDATE``
    (``sla.sla_target_annotations``); they must be what a query of the policy gives."""

    @pytest.mark.parametrize(
        ("region", "postcode", "category"),
        [
            ("flanders", "2000", "highly_skilled"),
            ("flanders", "2000", "bottleneck"),
            ("wallonia", "5000", "highly_skilled"),  # no general policy: no clock
            ("wallonia", "5000", "bottleneck"),
        ],
    )
    def test_annotations_equal_the_policy(
        self, db: Any, region: str, postcode: str, category: str
    ) -> None:
        from passage.casework import sla

        app = ApplicationFactory(workplace_postcode=postcode, region=region, category=category)
        locked = Application.objects.annotate(**sla.sla_target_annotations()).get(pk=app.pk)
        policy = sla.sla_policy_for(app)
        assert sla.sla_target_days(locked) == (policy.target_days if policy else None)
        assert sla.sla_target_days(app) == sla.sla_target_days(locked)
