# SPDX-License-Identifier: EUPL-1.2
"""Two officers editing the same version: the row lock serialises them and the second gets a
VersionConflict (the API's 412), never a lost update."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from casework_factories import ApplicationFactory, make_user
from django.db import connection

from passage.audit.testing import audit_log_clear
from passage.casework import services
from passage.casework.models import Application, ApplicationEvent


@pytest.fixture
def audit_log_emptied_after(transactional_db: Any) -> Iterator[None]:
    yield
    audit_log_clear()


class TestConcurrentEdits:
    def test_second_writer_with_the_same_version_conflicts(
        self, audit_log_emptied_after: None
    ) -> None:
        app = ApplicationFactory(state="completeness_check")
        officer = make_user("regional_officer", region="flanders")
        barrier = threading.Barrier(2)
        results: list[str] = []

        def edit(occupation: str) -> None:
            try:
                barrier.wait()
                services.application_update(
                    actor=officer,
                    application=app.pk,
                    changes={"occupation": occupation},
                    expected_version=1,
                )
                results.append("ok")
            except services.VersionConflict:
                results.append("conflict")
            finally:
                connection.close()

        threads = [threading.Thread(target=edit, args=(code,)) for code in ("2511", "2513")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(results) == ["conflict", "ok"]
        app = Application.objects.get(pk=app.pk)
        assert app.version == 2
        assert ApplicationEvent.objects.filter(application=app, kind="update").count() == 1
