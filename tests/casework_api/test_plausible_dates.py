# SPDX-License-Identifier: EUPL-1.2
"""Dates of birth within plausible ages (issue 12: a worker born 9999-12-31 or 0001-01-01 was
accepted): refused by the service and by the API with the field named, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from test_idempotency_and_etag import new_application_body

from passage.casework import services
from passage.casework.models import Application, Worker

TODAY = dt.date(2026, 12, 4)


def _body(birth_date: str) -> dict[str, Any]:
    body = new_application_body()
    body["worker"] = {**body["worker"], "birth_date": birth_date}
    return body


@pytest.mark.django_db
class TestService:
    @pytest.mark.parametrize(
        "born", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2012, 1, 1), dt.date(1925, 1, 1)]
    )
    def test_implausible_birth_date_is_refused(self, world: Any, born: dt.date) -> None:
        employer = world.users["employer_a"]
        with pytest.raises(ValidationError) as raised:
            services.worker_create(
                actor=employer,
                organisation=employer.profile.organisation,
                given_name="A",
                family_name="B",
                birth_date=born,
                nationality="MA",
                today=TODAY,
            )
        assert "birth_date" in raised.value.message_dict
        assert not Worker.objects.exists()

    @pytest.mark.parametrize("born", [dt.date(2011, 12, 4), dt.date(1926, 12, 4)])
    def test_the_bounds_are_accepted(self, world: Any, born: dt.date) -> None:
        employer = world.users["employer_a"]
        worker = services.worker_create(
            actor=employer,
            organisation=employer.profile.organisation,
            given_name="A",
            family_name="B",
            birth_date=born,
            nationality="MA",
            today=TODAY,
        )
        assert worker.birth_date == born


@pytest.mark.django_db
@pytest.mark.parametrize("born", ["9999-12-31", "0001-01-01"])
def test_api_names_the_field_and_writes_nothing(world: Any, api_as: Any, born: str) -> None:
    response = api_as(world.users["employer_a"]).post("/api/v1/applications", _body(born))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"].endswith("birth_date")
    assert "plausible date of birth" in response.json()["detail"]
    assert not Worker.objects.exists() and not Application.objects.exists()
