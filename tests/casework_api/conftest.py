# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the casework API tests: two employers, an officer per region, the other roles,
and applications brought to a state through the services (never by writing rows)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from passage.accounts.models import Organisation, Profile
from passage.casework import services
from passage.casework.models import Application

A_NUMBER = "0403170701"
B_NUMBER = "0888999357"
POSTCODES = {"flanders": "2000", "wallonia": "5000", "brussels": "1000"}


def enterprise_number(n: int) -> str:
    body = 20_000_000 + n
    return f"{body:08d}{97 - body % 97:02d}"


def make_user(username: str, role: str, *, organisation: Any = None, region: str = "") -> Any:
    user = get_user_model().objects.create_user(username=username)
    Profile.objects.create(user=user, role=role, organisation=organisation, region=region)
    return get_user_model().objects.select_related("profile").get(pk=user.pk)


def application_draft(employer: Any, region: str, **overrides: Any) -> Application:
    """A draft filed by ``employer`` for a new worker, eligible (highly skilled, 60 000/year)."""
    worker = services.worker_create(
        actor=employer,
        organisation=employer.profile.organisation,
        given_name="Amina",
        family_name="Haddad",
        birth_date=dt.date(1990, 4, 2),
        nationality="MA",
    )
    fields: dict[str, Any] = {
        "permit_type": "fixed_term",
        "workplace_postcode": POSTCODES[region],
        "category": "highly_skilled",
        "occupation": "2512",
        "gross_salary": "60000.00",
        "salary_period": "year",
        "start_date": dt.date(2026, 9, 1),
        "facts": {"age": 35},
    }
    fields.update(overrides)
    return services.application_create(
        actor=employer, organisation=employer.profile.organisation, worker=worker, **fields
    )


#: The regional path, one service per step, with who takes it.
_PATH: list[tuple[str, str, Callable[..., Application], dict[str, Any]]] = [
    ("submitted", "employer", services.application_submit, {}),
    ("completeness_check", "officer", services.application_start_completeness_check, {}),
    ("regional_assessment", "officer", services.application_start_regional_assessment, {}),
    (
        "federal_assessment",
        "officer",
        services.application_decide_regional,
        {"outcome": "granted", "motivation": ""},
    ),
]


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    users: dict[str, Any]

    def officer_for(self, region: str) -> Any:
        return self.users[f"officer_{region}"]

    def employer_for(self, application: Application) -> Any:
        return self.users[
            "employer_a" if application.organisation_id == self.org_a.pk else "employer_b"
        ]

    def advance(self, application: Application, target: str) -> Application:
        """Take ``application`` from draft along the regional path until ``target`` (a regional
        state, or ``federal_assessment`` for the residence part)."""
        app = application
        for state, who, service, kwargs in _PATH:
            actor = self.employer_for(app) if who == "employer" else self.officer_for(app.region)
            app = service(actor=actor, application=app, **kwargs)
            if state == target:
                return app
        raise ValueError(target)

    def application(self, org: str, region: str, state: str = "draft") -> Application:
        app = application_draft(self.users[f"employer_{org}"], region)
        if state != "draft":
            app = self.advance(app, state)
        return Application.objects.get(pk=app.pk)


@pytest.fixture(autouse=True)
def _cbss_unconfigured(settings: Any) -> None:
    """No Crossroads Bank: the salary check fails fast to manual verification."""
    settings.CBSS_BASE_URL = ""


@pytest.fixture
def world(db: Any) -> World:
    org_a = Organisation.objects.create(enterprise_number=A_NUMBER, name="Org A")
    org_b = Organisation.objects.create(enterprise_number=B_NUMBER, name="Org B")
    users = {
        "employer_a": make_user("employer_a", "employer_member", organisation=org_a),
        "employer_b": make_user("employer_b", "employer_member", organisation=org_b),
        "officer_flanders": make_user("officer_fl", "regional_officer", region="flanders"),
        "officer_wallonia": make_user("officer_wa", "regional_officer", region="wallonia"),
        "officer_brussels": make_user("officer_bru", "regional_officer", region="brussels"),
        "immigration_officer": make_user("immigration", "immigration_officer"),
        "analyst": make_user("analyst", "analyst"),
        "administrator": make_user("administrator", "administrator"),
    }
    return World(org_a=org_a, org_b=org_b, users=users)


class Api:
    """A logged-in JSON client; uncaught exceptions become 500 responses as in production."""

    def __init__(self, user: Any) -> None:
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, headers=headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        data = "" if body is None else json.dumps(body)
        return self.client.post(path, data, content_type="application/json", headers=headers)

    def patch(self, path: str, body: Any, **headers: str) -> Any:
        return self.client.patch(
            path, json.dumps(body), content_type="application/json", headers=headers
        )

    def raw(
        self, method: str, path: str, data: bytes | str, content_type: str, **headers: str
    ) -> Any:
        call = getattr(self.client, method)
        return call(path, data, content_type=content_type, headers=headers)


@pytest.fixture
def api_as() -> Callable[[Any], Api]:
    return Api


# --- the test PKI (passage.signatures.testing), for signed application forms ----------------


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: Any) -> Any:
    from passage.signatures.testing import signing_pki_start, signing_pki_stop

    running = signing_pki_start(tmp_path_factory.mktemp("pki"))
    yield running
    signing_pki_stop()


@pytest.fixture(scope="session")
def signed_samples(test_pki: Any) -> dict[str, bytes]:
    from passage.signatures.testing import signed_samples as build

    return build(test_pki)


@pytest.fixture
def trusted_test_pki(test_pki: Any, settings: Any) -> Any:
    """The trust list setting pointed at the test PKI's root (as ``make pki`` writes it)."""
    settings.PASSAGE_SIGNATURE_TRUST_ANCHORS = str(test_pki.server.directory / "trust")
    return test_pki
