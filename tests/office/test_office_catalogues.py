# SPDX-License-Identifier: EUPL-1.2
"""The back office is complete in NL, FR and DE (issue 11, "Quality"): a string added to a
template or a view without its translations fails here (the checks of the portal's catalogues,
tests/portal/test_portal_catalogues.py, over the office app)."""

from __future__ import annotations


def test_an_error_reads_in_the_officers_language() -> None:
    from django.utils import translation

    with translation.override("de"):
        assert translation.gettext("A refusal must be motivated.") == (
            "Eine Ablehnung muss begründet werden."
        )
