# SPDX-License-Identifier: EUPL-1.2
"""``state=`` with ``overdue=`` on the four application lists: a 500 before issue 12 (a
DISTINCT state filter combined with the overdue query); now each list answers and filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from passage.casework import services

LISTS = [
    "/api/v1/applications",
    "/api/v1/applications/overdue",
    "/api/v1/applications/at-risk",
    "/api/v1/queues/regional",
]


def _submitted(world: Any, *, days_ago: int) -> Any:
    app = world.application("a", "flanders")
    return services.application_submit(
        actor=world.employer_for(app),
        application=app,
        today=timezone.localdate() - dt.timedelta(days=days_ago),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", LISTS)
def test_state_with_overdue_filters_on_every_list(world: Any, api_as: Any, path: str) -> None:
    late = _submitted(world, days_ago=90)
    close = _submitted(world, days_ago=55)  # at risk in Flanders' last 10 of 60 days
    officer = api_as(world.officer_for("flanders"))

    def refs(query: str) -> set[str]:
        response = officer.get(f"{path}?{query}")
        assert response.status_code == 200, response.content
        return {row["reference"] for row in response.json()["results"]}

    everything = refs("")
    assert refs("state=submitted&state=resubmitted&overdue=true") == everything & {late.reference}
    assert refs("state=submitted&overdue=false") == everything - {late.reference}
    assert refs("state=draft&overdue=true") == set()
    assert close.reference in everything or path.endswith("/overdue")
