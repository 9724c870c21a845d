# SPDX-License-Identifier: EUPL-1.2
"""Real-time salary validation on submission: the Crossroads Bank's declared wage, and
graceful degradation when it is down (issue 4: "submission never blocks on it")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
from casework_factories import ApplicationFactory, WorkerFactory, make_user
from django.db import connection

from passage.casework import services
from passage.casework.cbss import client as cbss_client
from passage.casework.cbss.client import CbssUnavailable, DeclaredWage

DAY = dt.date(2026, 4, 1)


class FakeClient:
    def __init__(self, answer: DeclaredWage | Exception) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []
        self.locks_held: list[bool] = []

    def declared_wage(self, enterprise_number: str, worker_pseudonym: str) -> DeclaredWage:
        self.calls.append((enterprise_number, worker_pseudonym))
        with connection.cursor() as cursor:
            # Row locks on the application would show in pg_locks as RowShareLock on its
            # table: the call must happen before the service's transaction takes them.
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'casework_application' AND l.mode = 'RowShareLock' "
                "AND l.pid = pg_backend_pid()"
            )
            self.locks_held.append(cursor.fetchone()[0] > 0)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture
def fake(monkeypatch: Any) -> Any:
    def install(answer: DeclaredWage | Exception) -> FakeClient:
        client = FakeClient(answer)
        monkeypatch.setattr(cbss_client, "get_client", lambda: client)
        return client

    return install


def _submit(app: Any) -> Any:
    member = make_user("employer_member", organisation=app.organisation)
    return services.application_submit(actor=member, application=app, today=DAY)


class TestSalaryVerification:
    def test_verified_when_declared_wage_covers_the_stated_one(self, db: Any, fake: Any) -> None:
        client = fake(DeclaredWage(Decimal("5000.00"), "month"))  # 60 000 a year at 12 months
        app = ApplicationFactory(gross_salary=Decimal("60000"))
        app = _submit(app)
        assert app.state == "submitted"
        assert app.salary_verification == "verified"
        assert app.declared_wage == Decimal("5000.00")
        assert client.calls == [
            (app.organisation.enterprise_number, app.worker.national_register_pseudonym)
        ]
        assert client.locks_held == [False]

    def test_mismatch_when_declared_lower(self, db: Any, fake: Any) -> None:
        fake(DeclaredWage(Decimal("59999.99"), "year"))
        app = _submit(ApplicationFactory(gross_salary=Decimal("60000")))
        assert app.salary_verification == "mismatch"
        assert app.declared_wage == Decimal("59999.99")

    @pytest.mark.parametrize(
        ("declared", "period", "expected"),
        [
            ("60000.00", "year", "verified"),  # 5 000 a month stated = 60 000 a year
            ("59999.99", "year", "mismatch"),
            ("5000.00", "month", "verified"),
        ],
    )
    def test_monthly_application_against_either_period(
        self, db: Any, fake: Any, declared: str, period: str, expected: str
    ) -> None:
        fake(DeclaredWage(Decimal(declared), period))
        app = ApplicationFactory(gross_salary=Decimal("5000"), salary_period="month")
        app = _submit(app)
        assert app.salary_verification == expected

    @pytest.mark.parametrize(
        "failure",
        [
            CbssUnavailable("circuit open"),
            httpx.ConnectTimeout("timed out"),
            RuntimeError("bug in the adapter"),
        ],
    )
    def test_down_means_pending_manual_and_submission_succeeds(
        self, db: Any, fake: Any, failure: Exception
    ) -> None:
        fake(failure)
        app = _submit(ApplicationFactory())
        assert app.state == "submitted"
        assert app.salary_verification == "pending_manual_verification"
        assert app.declared_wage is None
        app.refresh_from_db()
        assert app.state == "submitted" and app.version == 2

    def test_unconfigured_client_means_pending_manual(self, db: Any) -> None:
        app = _submit(ApplicationFactory())  # conftest: no CBSS_BASE_URL
        assert app.salary_verification == "pending_manual_verification"
        assert app.state == "submitted"

    def test_worker_without_pseudonym_is_not_looked_up(self, db: Any, fake: Any) -> None:
        client = fake(DeclaredWage(Decimal("9999"), "month"))
        worker = WorkerFactory(
            national_register_pseudonym="", national_register_number_encrypted=None
        )
        app = _submit(ApplicationFactory(worker=worker))
        assert client.calls == []
        assert app.salary_verification == "pending_manual_verification"

    def test_illegal_submission_never_calls_out(self, db: Any, fake: Any) -> None:
        client = fake(DeclaredWage(Decimal("9999"), "month"))
        app = ApplicationFactory(state="submitted")
        with pytest.raises(services.TransitionError):
            _submit(app)
        assert client.calls == []
