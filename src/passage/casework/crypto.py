# SPDX-License-Identifier: EUPL-1.2
"""The national register number: validation, encryption at rest and pseudonymisation.

- Validation: eleven digits ``YYMMDD SSS CC``; ``CC = 97 - (first nine digits mod 97)``, and for
  people born in 2000 or later the check is computed over ``2`` followed by the nine digits.
  Numbers whose birth date is unknown (month or day 00) are valid, as the register issues them.
- Encryption: AES-256-GCM with a random 96-bit nonce (stored as ``nonce || ciphertext+tag``),
  key from ``PASSAGE_FIELD_KEY`` (base64 of 32 bytes).
- Pseudonym: HMAC-SHA256 keyed by ``PASSAGE_PSEUDONYM_KEY``, so analytics and the Crossroads
  Bank lookups can join on a person without seeing the number, and someone without the key
  cannot recompute it by enumerating the (small) number space.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

logger = logging.getLogger(__name__)

FIELD_KEY_ENV = "PASSAGE_FIELD_KEY"
PSEUDONYM_KEY_ENV = "PASSAGE_PSEUDONYM_KEY"
_NONCE_BYTES = 12
#: Associated data binds ciphertexts to their purpose: one cannot be pasted into another field.
_AAD = b"passage:worker.national_register_number:v1"
_warned: set[str] = set()


def nrn_normalise(raw: str) -> str:
    """Accept the printed forms ``85.07.30-033.28`` and ``85073003328``."""
    return raw.strip().replace(".", "").replace("-", "").replace(" ", "")


def nrn_is_valid(number: str) -> bool:
    """True when ``number`` (eleven digits) has correct mod-97 check digits."""
    if len(number) != 11 or not number.isdigit():
        return False
    body, check = int(number[:9]), int(number[9:])
    if 97 - body % 97 == check:
        return True  # born before 2000
    # Born in 2000 or later: the register prefixes a 2 before computing the check.
    return 97 - (2_000_000_000 + body) % 97 == check


def nrn_validate(raw: str) -> str:
    """The normalised number, or ValidationError naming ``national_register_number``."""
    number = nrn_normalise(raw)
    if not nrn_is_valid(number):
        raise ValidationError(
            {
                "national_register_number": (
                    "not a valid Belgian national register number (11 digits, mod-97 check)"
                )
            },
            code="invalid_national_register_number",
        )
    return number


def _production() -> bool:
    return not settings.DEBUG and os.environ.get("PASSAGE_PRODUCTION", "").lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def _key(env: str, purpose: bytes) -> bytes:
    """The 32-byte key from ``env``; in development and tests, one derived from SECRET_KEY."""
    raw = getattr(settings, env, None) or os.environ.get(env)
    if raw:
        try:
            key = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"{env} must be base64 (32 bytes)") from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"{env} must decode to 32 bytes, not {len(key)}")
        return key
    if _production():
        raise ImproperlyConfigured(
            f"{env} must be set in production: base64 of 32 random bytes "
            "(python -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')"
        )
    if env not in _warned:
        _warned.add(env)
        logger.warning("%s is not set: using a key derived from SECRET_KEY (development only)", env)
    return hashlib.sha256(purpose + settings.SECRET_KEY.encode()).digest()


def field_key() -> bytes:
    return _key(FIELD_KEY_ENV, b"passage-field-key:")


def pseudonym_key() -> bytes:
    return _key(PSEUDONYM_KEY_ENV, b"passage-pseudonym-key:")


def nrn_encrypt(number: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + AESGCM(field_key()).encrypt(nonce, number.encode(), _AAD)


def nrn_decrypt(blob: bytes | memoryview) -> str:
    """Raises ``cryptography.exceptions.InvalidTag`` for a tampered value or a wrong key."""
    data = bytes(blob)
    nonce, ciphertext = data[:_NONCE_BYTES], data[_NONCE_BYTES:]
    return AESGCM(field_key()).decrypt(nonce, ciphertext, _AAD).decode()


def nrn_pseudonymise(number: str) -> str:
    """Stable keyed pseudonym (hex HMAC-SHA256) of the normalised number."""
    return hmac.new(pseudonym_key(), nrn_normalise(number).encode(), hashlib.sha256).hexdigest()
