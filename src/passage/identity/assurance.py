# SPDX-License-Identifier: EUPL-1.2
"""Levels of assurance for actions that need more than the login gave (issue 10: signing
requires the eID/itsme level, ``LEVEL_EID``).

    from passage.identity.assurance import require_level
    from passage.identity.levels import LEVEL_EID

    def sign(request):
        if (step_up := require_level(request, LEVEL_EID)) is not None:
            return step_up          # to the federal login at LEVEL_EID, then back here
        ...

A password login has no level; a federal login has the ``acr`` its ID token stated.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from passage.identity.levels import level_rank
from passage.identity.sessions import session_acr


def session_level(request: HttpRequest) -> str:
    """The ``acr`` the session's login achieved ("" for a password login or none)."""
    return session_acr(request.session)


def has_level(request: HttpRequest, level: str) -> bool:
    return request.user.is_authenticated and level_rank(session_level(request)) >= level_rank(level)


def step_up_url(level: str, next_url: str) -> str:
    query = urlencode({"acr": level, "next": next_url, "step_up": "1"})
    return f"{reverse('identity:login')}?{query}"


def require_level(
    request: HttpRequest, level: str, next_url: str | None = None
) -> HttpResponseRedirect | None:
    """None when the session has ``level`` or higher; otherwise a redirect that logs in again
    at that level (same person: the callback refuses another identity) and returns to
    ``next_url`` (default: this request's path; a POST's form is not replayed, so pass the
    form page's address)."""
    if has_level(request, level):
        return None
    return HttpResponseRedirect(step_up_url(level, next_url or request.get_full_path()))
