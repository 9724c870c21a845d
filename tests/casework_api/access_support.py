# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the access-management tests (a unique module name: test folders are not
packages): a law firm with an agent, a foreign employer without enterprise number, an access
manager of organisation A, and a worker login."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from passage.accounts import services as access
from passage.accounts.models import Organisation, PortalRole, Role
from passage.casework import services

#: Law firm (Belgian enterprise number, check digits computed) and a German employer.
FIRM_NUMBER = "0766766786"
FOREIGN = ("DE", "HRB 98765")
#: A valid national register number (born 1990-04-02, serial 123), fictitious.
WORKER_NRN = "90040212386"


def application_body(**extra: Any) -> dict[str, Any]:
    return {
        "worker": {
            "given_name": "Ravi",
            "family_name": "Menon",
            "birth_date": "1991-06-14",
            "nationality": "IN",
        },
        "permit_type": "fixed_term",
        "workplace_postcode": "2000",
        "category": "highly_skilled",
        "occupation": "2512",
        "gross_salary": "60000.00",
        "salary_period": "year",
        "start_date": "2026-09-01",
        "facts": {"age": 35},
        **extra,
    }


def _reload(user: Any) -> Any:
    return get_user_model()._default_manager.select_related("profile").get(pk=user.pk)


@dataclass
class AccessWorld:
    world: Any
    firm: Organisation
    foreign: Organisation
    agent: Any
    manager_a: Any
    worker_user: Any

    def member(self, username: str, organisation: Organisation) -> Any:
        return _reload(
            access.user_create_with_role(
                username=username, role=Role.EMPLOYER_MEMBER, organisation=organisation
            )
        )

    def user(self, role: str) -> Any:
        if role == "agent":
            return self.agent
        if role == "manager_a":
            return self.manager_a
        if role == "worker":
            return self.worker_user
        return self.world.users[role]


def make_access_world(world: Any) -> AccessWorld:
    firm = access.organisation_create(
        enterprise_number=FIRM_NUMBER, name="Law & Migration BV", actor=None
    )
    foreign = access.organisation_create(
        name="Maschinenbau GmbH", country=FOREIGN[0], foreign_identifier=FOREIGN[1], actor=None
    )
    agent = _reload(
        access.user_create_with_role(username="agent", role=Role.EMPLOYER_MEMBER, organisation=firm)
    )
    manager = _reload(
        access.user_create_with_role(
            username="manager_a", role=Role.EMPLOYER_MEMBER, organisation=world.org_a
        )
    )
    access.member_role_grant(
        actor=None,
        organisation=world.org_a,
        user=manager,
        role=PortalRole.ACCESS_MANAGER,
        valid_from=timezone.localdate() - dt.timedelta(days=10),
    )
    employer = world.users["employer_a"]
    worker = services.worker_create(
        actor=employer,
        organisation=world.org_a,
        given_name="Amina",
        family_name="Haddad",
        birth_date=dt.date(1990, 4, 2),
        nationality="MA",
        national_register_number=WORKER_NRN,
    )
    worker_user = _reload(
        access.user_create_with_role(username="worker", role=Role.WORKER, worker=worker)
    )
    return AccessWorld(
        world=world,
        firm=firm,
        foreign=foreign,
        agent=agent,
        manager_a=manager,
        worker_user=worker_user,
    )
