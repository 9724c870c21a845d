# SPDX-License-Identifier: EUPL-1.2
"""worker_create: the national register number is stored only encrypted and pseudonymised."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from casework_factories import national_register_number
from django.core.exceptions import ValidationError

from passage.audit.models import AuditEntry
from passage.casework import services
from passage.casework.crypto import nrn_decrypt, nrn_pseudonymise
from passage.casework.models import Worker


def _create(employer: Any, **overrides: Any) -> Worker:
    fields: dict[str, Any] = {
        "actor": employer,
        "organisation": employer.profile.organisation,
        "given_name": "Amina",
        "family_name": "Haddad",
        "birth_date": dt.date(2001, 2, 3),
        "nationality": "ma",
    }
    fields.update(overrides)
    return services.worker_create(**fields)


class TestWorkerCreate:
    def test_number_encrypted_and_pseudonymised(self, db: Any, employer: Any) -> None:
        number = national_register_number(41, born=dt.date(2001, 2, 3))
        worker = _create(employer, national_register_number=number)
        worker.refresh_from_db()
        assert worker.national_register_number_encrypted is not None
        assert number.encode() not in bytes(worker.national_register_number_encrypted)
        assert nrn_decrypt(worker.national_register_number_encrypted) == number
        assert worker.national_register_pseudonym == nrn_pseudonymise(number)
        assert worker.nationality == "MA"
        entry = AuditEntry.objects.get(action="worker.create")
        assert entry.object_id == str(worker.pk)
        assert "Haddad" not in str(entry.details) and number not in str(entry.details)
        # The data history never copies the ciphertext.
        history = worker.history.get()
        assert not hasattr(history, "national_register_number_encrypted")
        assert history.national_register_pseudonym == worker.national_register_pseudonym

    def test_bad_check_digits_name_the_field(self, db: Any, employer: Any) -> None:
        number = national_register_number(41, born=dt.date(2001, 2, 3))
        wrong = number[:9] + f"{(int(number[9:]) % 97) + 1:02d}"
        with pytest.raises(ValidationError) as excinfo:
            _create(employer, national_register_number=wrong)
        assert "national_register_number" in excinfo.value.message_dict
        assert not Worker.objects.exists()

    def test_without_number(self, db: Any, employer: Any) -> None:
        worker = _create(employer)
        assert worker.national_register_pseudonym == ""
        assert worker.national_register_number_encrypted is None
