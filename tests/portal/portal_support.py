# SPDX-License-Identifier: EUPL-1.2
"""Shared values of the portal tests (a unique module name: test folders are no packages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from passage.accounts.models import Profile
from passage.casework.testing import sample_pdf


def make_user(username: str, role: str, *, organisation: Any = None, region: str = "") -> Any:
    user = get_user_model().objects.create_user(username=username)
    Profile.objects.create(user=user, role=role, organisation=organisation, region=region)
    return get_user_model().objects.select_related("profile").get(pk=user.pk)


PDF = sample_pdf("Employment contract")

WORKER = {
    "given_name": "Amina",
    "family_name": "Haddad",
    "birth_date": "1990-04-02",
    "nationality": "MA",
    "national_register_number": "",
}
JOB = {
    "permit_type": "fixed_term",
    "workplace_postcode": "2000",
    "application_type": "first",
    "category": "highly_skilled",
    "occupation": "2512",
    "gross_salary": "60000",
    "salary_period": "year",
    "fte": "1",
    "start_date": "2027-03-01",
}
