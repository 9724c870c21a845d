# SPDX-License-Identifier: EUPL-1.2
"""factory_boy factories for casework tests (imported as ``casework_factories``, see conftest).

Factories build rows directly, for arranging a test; the behaviour under test always goes
through ``passage.casework.services``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from passage.accounts.models import Organisation, Profile
from passage.casework.crypto import nrn_encrypt, nrn_pseudonymise
from passage.casework.models import Application, Worker


def enterprise_number(n: int) -> str:
    """A valid enterprise number: eight digits, then 97 minus their value modulo 97."""
    body = 10_000_000 + n
    return f"{body:08d}{97 - body % 97:02d}"


def national_register_number(n: int, *, born: dt.date = dt.date(1990, 1, 1)) -> str:
    """A valid national register number for someone born on ``born`` (serial from ``n``)."""
    serial = n % 997 + 1
    body = f"{born:%y%m%d}{serial:03d}"
    base = int(body) + (2_000_000_000 if born.year >= 2000 else 0)
    return f"{body}{97 - base % 97:02d}"


class OrganisationFactory(DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Organisation

    enterprise_number = factory.Sequence(enterprise_number)
    name = factory.Sequence(lambda n: f"Employer {n}")


class UserFactory(DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")


def make_user(role: str, *, organisation: Organisation | None = None, region: str = "") -> Any:
    user = UserFactory()
    Profile.objects.create(user=user, role=role, organisation=organisation, region=region)
    return get_user_model().objects.select_related("profile").get(pk=user.pk)


class WorkerFactory(DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Worker

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = "Test"
    family_name = factory.Sequence(lambda n: f"Worker{n}")
    birth_date = dt.date(1990, 1, 1)
    nationality = "IN"
    national_register_number_encrypted = factory.LazyAttributeSequence(
        lambda o, n: nrn_encrypt(national_register_number(n))
    )
    national_register_pseudonym = factory.Sequence(
        lambda n: nrn_pseudonymise(national_register_number(n))
    )


class ApplicationFactory(DjangoModelFactory):  # type: ignore[misc]
    """A Flemish highly-skilled draft, eligible in 2026 (48 912 EUR/year minimum, SAL-02)."""

    class Meta:
        model = Application

    worker = factory.SubFactory(WorkerFactory)
    organisation = factory.SelfAttribute("worker.organisation")
    reference = factory.Sequence(lambda n: f"SPT-{n:06d}")
    application_type = "first"
    permit_type = "fixed_term"
    workplace_postcode = "2000"
    region = "flanders"
    category = "highly_skilled"
    occupation = "2512"
    gross_salary = Decimal("60000.00")
    salary_period = "year"
    fte = Decimal("1.00")
    start_date = dt.date(2026, 6, 1)
    facts = factory.LazyFunction(lambda: {"age": 35})
