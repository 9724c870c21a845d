# SPDX-License-Identifier: EUPL-1.2
"""Every login starts the session's idle clock, whatever opened it (password, federal login,
the test client's ``force_login``): the idle middleware then needs no extra write."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from passage.identity.sessions import session_started


@receiver(user_logged_in, dispatch_uid="passage.identity.session_started")
def _session_started(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_started(request.session, user)
