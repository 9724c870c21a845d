# SPDX-License-Identifier: EUPL-1.2
"""What one submission costs the database, pinned so it cannot creep back up (docs/casework.md,
"What one submission costs"). The counts are those of the test client inside the test's own
transaction: the request's transaction is a savepoint here (SAVEPOINT … RELEASE, where
production has BEGIN … COMMIT, which Django does not log) and ``rls_scope`` puts the settings
back on the way out (production's commit ends them without a statement)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passage.audit.services import AUDIT_LOCK_KEY
from passage.casework import sla
from passage.casework.models import Application
from passage.rulebook.models import ParameterOverride
from passage.rulebook.selectors import rulebook_current

#: POST /applications/{reference}/submit with a new Idempotency-Key:
#:  1-2  session, user with its profile (Django's session authentication; the profile gives
#:       the role, loaded with the user by passage.accounts.backends.ProfileModelBackend)
#:  3    SAVEPOINT (production: BEGIN)
#:  4    row-level security: set_config × 3 and SET LOCAL ROLE passage_app, one statement
#:  5    claim the key: INSERT … ON CONFLICT DO NOTHING RETURNING id
#:  6    the application in the user's scope, with organisation and worker (404/403/412)
#:  7    the same row SELECT … FOR UPDATE, with the region's SLA targets and the rulebook's
#:       fingerprint (state, version and scope checked again under the lock)
#:  8    UPDATE the application (pghistory's context set in the same round trip)
#:  9    INSERT the ApplicationEvent
#: 10    INSERT the outbox message
#: 11    UPDATE the idempotency record with the response
#: 12-14 audit chain: lock, head hash and next id, INSERT (last: the lock is held to commit)
#: 15    rls_scope puts the settings back (tests only: nested in the test's transaction)
#: 16    RELEASE SAVEPOINT (production: COMMIT)
SUBMIT_STATEMENTS = 16
#: A replay: 1-5 as above (the claim finds the key), the stored response, 15-16.
REPLAY_STATEMENTS = 8
#: POST /applications (a new worker and a draft): two audit entries, one chain append.
CREATE_STATEMENTS = 20


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in ctx.captured_queries]


def _submit(api: Any, reference: str, key: str) -> Any:
    return api.post(f"/api/v1/applications/{reference}/submit", **{"Idempotency-Key": key})


class TestSubmissionStatements:
    def test_submit_and_replay(
        self, world: Any, api_as: Any, django_assert_max_num_queries: Any
    ) -> None:
        api = api_as(world.users["employer_a"])
        draft = world.application("a", "flanders")
        key = str(uuid.uuid4())
        with django_assert_max_num_queries(SUBMIT_STATEMENTS) as ctx:
            response = _submit(api, draft.reference, key)
        assert response.status_code == 200, response.content
        statements = _statements(ctx)
        # One transaction, no savepoints of the services inside it.
        assert sum(sql.startswith("SAVEPOINT") for sql in statements) == 1
        # The application is read twice: in scope, then locked; the SLA policy comes with the
        # lock.
        assert sum('FROM "casework_application"' in sql for sql in statements) == 2
        assert not any('FROM "casework_slapolicy"' in sql for sql in statements)
        # So does the rulebook's fingerprint: no statement of its own.
        assert sum('FROM "rulebook_' in sql for sql in statements) == 1
        # The audit chain's lock is taken after every other write of the request: it
        # serialises all writers until commit.
        lock = next(
            i
            for i, sql in enumerate(statements)
            if f"pg_advisory_xact_lock({AUDIT_LOCK_KEY})" in sql
        )
        after_lock = statements[lock + 1 :]
        assert not any(
            sql.lstrip().startswith(("INSERT", "UPDATE")) and "audit_auditentry" not in sql
            for sql in after_lock
        ), after_lock

        with django_assert_max_num_queries(REPLAY_STATEMENTS):
            replay = _submit(api, draft.reference, key)
        assert replay.status_code == 200
        assert replay["Idempotent-Replayed"] == "true"
        assert replay.json() == response.json()

    def test_create(self, world: Any, api_as: Any, django_assert_max_num_queries: Any) -> None:
        body = {
            "worker": {
                "given_name": "Amina",
                "family_name": "Haddad",
                "birth_date": "1990-04-02",
                "nationality": "MA",
            },
            "permit_type": "fixed_term",
            "workplace_postcode": "2000",
            "category": "highly_skilled",
            "occupation": "2512",
            "gross_salary": "60000.00",
            "salary_period": "year",
            "start_date": "2026-09-01",
            "facts": {"age": 35},
        }
        api = api_as(world.users["employer_a"])
        rulebook_current()  # built once per process (the first filing would read both tables)
        with django_assert_max_num_queries(CREATE_STATEMENTS):
            response = api.post("/api/v1/applications", body, **{"Idempotency-Key": "c"})
        assert response.status_code == 201, response.content

    def test_the_rulebook_read_with_the_lock_sees_other_processes_at_once(
        self, world: Any, api_as: Any
    ) -> None:
        """The fingerprint comes with the locked row: an administrator's value written by
        another process (a row, no invalidation in this one) applies to the next submission."""
        api = api_as(world.users["employer_a"])
        first = world.application("a", "flanders")
        # Filed now: filing reads the rulebook (and its fingerprint) itself.
        second = world.application("a", "flanders")
        assert _submit(api, first.reference, str(uuid.uuid4())).status_code == 200
        before = Application.objects.get(pk=first.pk).eligibility_rulebook_version
        assert before == rulebook_current().version  # cached now, keyed by the fingerprint
        ParameterOverride.objects.create(
            parameter="single_permit.salary.german_speaking_community.eu_blue_card",
            start=dt.date(2025, 1, 1),
            value="68815",
            reference="entered in another process",
            entered_by=world.users["administrator"],
        )
        assert _submit(api, second.reference, str(uuid.uuid4())).status_code == 200
        after = Application.objects.get(pk=second.pk).eligibility_rulebook_version
        assert after != before
        assert after == rulebook_current().version

    def test_the_sla_clock_read_with_the_lock_is_the_policy(self, world: Any, api_as: Any) -> None:
        draft = world.application("a", "flanders")
        api = api_as(world.users["employer_a"])
        assert _submit(api, draft.reference, str(uuid.uuid4())).status_code == 200
        app = Application.objects.get(pk=draft.pk)
        policy = sla.sla_policy_for(app)
        assert policy is not None and app.submitted_at is not None
        submitted_on = timezone.localdate(app.submitted_at)
        assert app.sla_due_on == submitted_on + dt.timedelta(days=policy.target_days)
