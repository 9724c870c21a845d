# SPDX-License-Identifier: EUPL-1.2
"""Enterprise numbers (KBO/BCE, mod-97 check digits) and organisation_create."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from passage.accounts.models import (
    Organisation,
    enterprise_number_is_valid,
    normalise_enterprise_number,
)
from passage.accounts.services import organisation_create
from passage.audit.models import AuditEntry
from passage.audit.services import audit_verify

# Computed here: check = 97 - (first eight digits mod 97).
#   01234567 mod 97 = 48 → 49;  04031707 mod 97 = 96 → 01;  08889993 mod 97 = 40 → 57;
#   10000002 mod 97 = 78 → 19;  09700000 = 97 × 100000 → mod 0 → check 97.
VALID = ["0123456749", "0403170701", "0888999357", "1000000219", "0970000097"]
INVALID = [
    "0123456748",  # check digits off by one
    "0123456794",  # check digits swapped
    "0213456749",  # two digits of the base swapped
    "2000000042",  # check digits right (20000000 mod 97 = 55), but must start with 0 or 1
    "012345674",  # nine digits: normalise_enterprise_number adds the 0, the check does not
    "01234567490",
    "01234A6749",
    "",
]


def test_check_digit_arithmetic() -> None:
    for number in VALID:
        assert 97 - int(number[:8]) % 97 == int(number[8:]), number


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers(number: str) -> None:
    assert enterprise_number_is_valid(number)


@pytest.mark.parametrize("number", INVALID)
def test_invalid_numbers(number: str) -> None:
    assert not enterprise_number_is_valid(number)


@pytest.mark.parametrize(
    "printed",
    [
        "BE0123.456.749",
        "BE 0123 456 749",
        "be0123456749",
        "0123.456.749",
        "0123-456-749",
        " 0123 456 749 ",
        "123.456.749",  # a nine-digit number from before 2005
    ],
)
def test_printed_forms_normalise(printed: str) -> None:
    assert normalise_enterprise_number(printed) == "0123456749"


class TestOrganisationCreate:
    def test_creates_with_the_normalised_number_and_audits(self, db: Any) -> None:
        organisation = organisation_create(
            enterprise_number="BE0403.170.701", name="  Acme Logistics NV ", actor=None
        )
        assert organisation.enterprise_number == "0403170701"
        assert organisation.name == "Acme Logistics NV"
        entry = AuditEntry.objects.get(action="organisation.create")
        assert entry.object_id == str(organisation.pk)
        assert entry.details == {"enterprise_number": "0403170701"}
        assert audit_verify().ok

    @pytest.mark.parametrize("number", ["BE0123.456.748", "0213456749", "12345", "abc", ""])
    def test_invalid_number_names_the_field(self, db: Any, number: str) -> None:
        with pytest.raises(ValidationError) as info:
            organisation_create(enterprise_number=number, name="X", actor=None)
        assert "enterprise_number" in info.value.message_dict
        assert not Organisation.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_duplicate_number_in_another_printed_form(self, db: Any) -> None:
        organisation_create(enterprise_number="0888999357", name="A", actor=None)
        with pytest.raises(ValidationError) as info:
            organisation_create(enterprise_number="BE 0888.999.357", name="B", actor=None)
        assert "enterprise_number" in info.value.message_dict

    def test_empty_name(self, db: Any) -> None:
        with pytest.raises(ValidationError) as info:
            organisation_create(enterprise_number="0888999357", name="  ", actor=None)
        assert "name" in info.value.message_dict
