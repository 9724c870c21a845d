# SPDX-License-Identifier: EUPL-1.2
"""Real concurrency (each request in its own thread, connection and committed transaction):
the same Idempotency-Key twice at once submits once; two officers deciding on the same
version at once: one decision, the other a 412."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from passage.audit.testing import audit_log_clear
from passage.casework.models import Application, ApplicationDecision, ApplicationEvent


@pytest.fixture
def committed_world(transactional_db: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    world = request.getfixturevalue("world")
    yield world
    # The flush after a transactional test TRUNCATEs; the audit table refuses that while it
    # holds entries.
    audit_log_clear()


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_same_idempotency_key_at_once_submits_once(committed_world: Any, api_as: Any) -> None:
    world = committed_world
    app = world.application("a", "flanders")
    url = f"/api/v1/applications/{app.reference}/submit"
    clients = [api_as(world.users["employer_a"]) for _ in range(2)]
    responses = _at_once(
        *(lambda c=c: c.post(url, None, **{"Idempotency-Key": "same-key"}) for c in clients)
    )
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert ApplicationEvent.objects.filter(application=app, kind="submit").count() == 1


def test_two_officers_same_version_at_once(committed_world: Any, api_as: Any) -> None:
    world = committed_world
    app = world.application("a", "flanders", "regional_assessment")
    url = f"/api/v1/applications/{app.reference}/decide-regional"
    etag = {"If-Match": f'W/"{app.version}"'}
    grant, refuse = api_as(world.officer_for("flanders")), api_as(world.users["administrator"])
    responses = _at_once(
        lambda: grant.post(url, {"outcome": "granted"}, **etag),
        lambda: refuse.post(url, {"outcome": "refused", "motivation": "Too late."}, **etag),
    )
    assert sorted(r.status_code for r in responses) == [200, 412]
    assert ApplicationDecision.objects.filter(application=app, part="regional").count() == 1
    winner = next(r for r in responses if r.status_code == 200).json()
    assert Application.objects.get(pk=app.pk).state == winner["state"]
