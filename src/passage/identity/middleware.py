# SPDX-License-Identifier: EUPL-1.2
"""Idle sessions end (issue 10: "idle sessions expire"): after
``PASSAGE_SESSION_IDLE_MINUTES_OFFICER`` (officers, analysts, administrators) or
``PASSAGE_SESSION_IDLE_MINUTES`` (everyone else) without a request, the next request finds
itself logged out (and audited as ``logout.idle``); login-required pages then send the person
to log in again and back to where they were."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

from passage.identity.sessions import IDLE_LIMIT_KEY, LAST_SEEN_GRANULARITY, LAST_SEEN_KEY


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No session cookie: nothing to load (public pages and the rules API stay as cheap).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        user_id = session.get(SESSION_KEY)
        if user_id is None:
            return
        now = int(time.time())
        last_seen = session.get(LAST_SEEN_KEY)
        limit = session.get(IDLE_LIMIT_KEY) or settings.PASSAGE_SESSION_IDLE_MINUTES_OFFICER * 60
        if isinstance(last_seen, int) and now - last_seen > int(limit):
            from passage.identity.services import login_event_record

            login_event_record(
                actor=None,
                action="logout.idle",
                user_id=int(user_id),
                details={"idle_seconds": now - last_seen},
            )
            logout(request)
            request.passage_session_expired = True  # type: ignore[attr-defined]
        elif not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_GRANULARITY:
            session[LAST_SEEN_KEY] = now
