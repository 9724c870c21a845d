# SPDX-License-Identifier: EUPL-1.2
"""The nightly re-evaluation task and the beat schedule that runs it."""

from __future__ import annotations

from typing import Any

import pytest

from passage.casework.tasks import outbox_publish, reevaluate_pending
from passage.celery import app


@pytest.mark.django_db
class TestReevaluatePending:
    def test_runs_the_bulk_service_for_the_day(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import passage.casework.services as services

        seen: list[Any] = []
        real = services.applications_reevaluate

        def spy(**kwargs: Any) -> Any:
            seen.append(kwargs)
            return real(**kwargs)

        monkeypatch.setattr(services, "applications_reevaluate", spy)
        summary = reevaluate_pending(day="2026-03-01")
        assert [str(kwargs["day"]) for kwargs in seen] == ["2026-03-01"]
        assert summary["day"] == "2026-03-01"
        assert summary["evaluated"] == 0  # no pending applications in an empty database


class TestBeatSchedule:
    def test_schedule_names_registered_tasks(self) -> None:
        tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
        assert tasks == {
            outbox_publish.name,
            reevaluate_pending.name,
            "passage.notifications.deliveries_due",
            "passage.monitoring.refresh",
            "passage.monitoring.alert_deliveries_due",
        }
        # Autodiscovery has to have found every scheduled task, or beat sends names no
        # worker knows.
        app.loader.import_default_modules()
        assert all(name in app.tasks for name in tasks)


class TestWithoutBroker:
    def test_embedded_broker_is_a_real_broker_and_django_needs_no_celery(self) -> None:
        """The embedded default (`make run`, `make test` on a fresh machine): no
        CELERY_BROKER_URL, so the broker is kombu's SQLAlchemy transport on the database's
        PostgreSQL; a task sent there is a stored message another connection receives."""
        import os
        import subprocess
        import sys

        env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
        env["CELERY_BROKER_URL"] = ""
        code = (
            "import django; django.setup(); import sys, uuid\n"
            "assert 'celery' not in sys.modules, 'Django start-up imported Celery'\n"
            "from passage.celery import app\n"
            "assert not app.conf.task_always_eager\n"
            "assert app.conf.broker_url.startswith('sqla+postgresql+psycopg://'), "
            "app.conf.broker_url\n"
            "from kombu import Connection, Queue\n"
            "from passage.casework.tasks import outbox_publish\n"
            "name = f'passage-test-tasks-{uuid.uuid4().hex[:12]}'\n"
            "outbox_publish.apply_async(queue=name)\n"
            "with Connection(app.conf.broker_url) as conn:\n"
            "    queue = Queue(name)(conn.default_channel)\n"
            "    message = queue.get(no_ack=True)\n"
            "    queue.delete()\n"
            "assert message is not None, 'the task message was not stored'\n"
            "assert message.headers['task'] == 'passage.casework.outbox_publish'\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "DJANGO_SETTINGS_MODULE": "passage.conf.settings"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
