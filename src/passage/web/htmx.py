# SPDX-License-Identifier: EUPL-1.2
"""htmx helpers. Every flow works without JavaScript: an htmx request gets a fragment, the same
URL without htmx the whole page (issue 10, "Quality")."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    # History restores ask for the whole page even though htmx sends them.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
