# SPDX-License-Identifier: EUPL-1.2
"""Every signature message has its NL, FR and DE translation in the app's own catalogue
(src/passage/signatures/locale), with the same placeholders."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from passage.signatures.validation import MESSAGES

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("reason", sorted(MESSAGES))
@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_translated_with_the_same_placeholders(reason: str, language: str) -> None:
    with translation.override("en"):
        english = str(MESSAGES[reason])
    with translation.override(language):
        translated = str(MESSAGES[reason])
    assert translated != english, f"{reason} has no {language} translation"
    assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(english))
