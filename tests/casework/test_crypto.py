# SPDX-License-Identifier: EUPL-1.2
"""National register number: check digits, encryption at rest, keyed pseudonyms."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured, ValidationError

from passage.casework import crypto

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()


class TestNrnValidation:
    def test_known_valid_number_before_2000(self) -> None:
        # 85.07.30-033.28: 97 - (850730033 mod 97) = 28.
        assert crypto.nrn_is_valid("85073003328")
        assert crypto.nrn_validate("85.07.30-033.28") == "85073003328"

    def test_wrong_check_digits(self) -> None:
        assert not crypto.nrn_is_valid("85073003329")
        with pytest.raises(ValidationError) as excinfo:
            crypto.nrn_validate("85073003329")
        assert "national_register_number" in excinfo.value.message_dict

    def test_born_in_2000_or_later_uses_the_2_prefix(self) -> None:
        body = "010203123"  # born 3 February 2001
        check_2000 = 97 - int("2" + body) % 97
        check_1900 = 97 - int(body) % 97
        assert check_2000 != check_1900
        assert crypto.nrn_is_valid(f"{body}{check_2000:02d}")
        # The same digits with the pre-2000 check are not a post-2000 number's check digits.
        assert crypto.nrn_is_valid(f"{body}{check_1900:02d}")  # a 1901 birth: also valid
        assert not crypto.nrn_is_valid(f"{body}{(check_2000 % 97) + 1:02d}")

    @pytest.mark.parametrize("raw", ["", "8507300332", "850730033280", "8507300332x"])
    def test_wrong_shape(self, raw: str) -> None:
        assert not crypto.nrn_is_valid(raw)


class TestEncryption:
    def test_round_trip_with_random_nonce(self, settings: Any) -> None:
        settings.PASSAGE_FIELD_KEY = KEY_A
        one, two = crypto.nrn_encrypt("85073003328"), crypto.nrn_encrypt("85073003328")
        assert one != two  # a fresh nonce every time: equal numbers are not linkable
        assert b"85073003328" not in one
        assert crypto.nrn_decrypt(one) == crypto.nrn_decrypt(two) == "85073003328"

    def test_tampered_or_wrong_key_fails(self, settings: Any) -> None:
        settings.PASSAGE_FIELD_KEY = KEY_A
        blob = bytearray(crypto.nrn_encrypt("85073003328"))
        blob[-1] ^= 1
        with pytest.raises(InvalidTag):
            crypto.nrn_decrypt(bytes(blob))
        good = crypto.nrn_encrypt("85073003328")
        settings.PASSAGE_FIELD_KEY = KEY_B
        with pytest.raises(InvalidTag):
            crypto.nrn_decrypt(good)

    def test_missing_key_in_production_is_refused(self, settings: Any, monkeypatch: Any) -> None:
        settings.PASSAGE_FIELD_KEY = ""
        settings.DEBUG = False
        monkeypatch.delenv("PASSAGE_FIELD_KEY", raising=False)
        monkeypatch.setenv("PASSAGE_PRODUCTION", "1")
        with pytest.raises(ImproperlyConfigured, match="PASSAGE_FIELD_KEY"):
            crypto.nrn_encrypt("85073003328")

    def test_development_key_derived_from_secret_key(self, settings: Any, monkeypatch: Any) -> None:
        settings.PASSAGE_FIELD_KEY = ""
        monkeypatch.delenv("PASSAGE_FIELD_KEY", raising=False)
        monkeypatch.delenv("PASSAGE_PRODUCTION", raising=False)
        blob = crypto.nrn_encrypt("85073003328")
        assert crypto.nrn_decrypt(blob) == "85073003328"
        settings.SECRET_KEY = "another-secret"
        with pytest.raises(InvalidTag):
            crypto.nrn_decrypt(blob)

    @pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode()])
    def test_malformed_key(self, settings: Any, bad: str) -> None:
        settings.PASSAGE_FIELD_KEY = bad
        with pytest.raises(ImproperlyConfigured, match="PASSAGE_FIELD_KEY"):
            crypto.nrn_encrypt("85073003328")


class TestPseudonym:
    def test_stable_and_keyed(self, settings: Any) -> None:
        settings.PASSAGE_PSEUDONYM_KEY = KEY_A
        first = crypto.nrn_pseudonymise("85073003328")
        assert first == crypto.nrn_pseudonymise("85.07.30-033.28")
        assert len(first) == 64 and "85073003328" not in first
        assert first != crypto.nrn_pseudonymise("85073003426")
        settings.PASSAGE_PSEUDONYM_KEY = KEY_B
        assert crypto.nrn_pseudonymise("85073003328") != first
