# SPDX-License-Identifier: EUPL-1.2
"""What a login leaves in the session, and how long an idle session lives."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

#: The federal login's part of the session: {"acr", "id_token", "auth_time"}.
IDENTITY_KEY = "passage_identity"
LAST_SEEN_KEY = "passage_last_seen"
IDLE_LIMIT_KEY = "passage_idle_limit"
#: The last-seen time is written at most this often (seconds): not one session write per
#: request, and an idle limit is still kept to within a minute.
LAST_SEEN_GRANULARITY = 60

#: Roles whose sessions end sooner when idle: they read many people's files.
OFFICER_ROLES = frozenset({"regional_officer", "immigration_officer", "analyst", "administrator"})


def idle_limit_seconds(user: Any) -> int:
    try:
        role = user.profile.role
    except Exception:
        role = "administrator"
    minutes = (
        settings.PASSAGE_SESSION_IDLE_MINUTES_OFFICER
        if role in OFFICER_ROLES or user.is_staff
        else settings.PASSAGE_SESSION_IDLE_MINUTES
    )
    return int(minutes) * 60


def session_started(session: Any, user: Any) -> None:
    """Start the idle clock of a new login (every login: password, federal, tests')."""
    session[LAST_SEEN_KEY] = int(time.time())
    session[IDLE_LIMIT_KEY] = idle_limit_seconds(user)


def federal_login_store(session: Any, *, acr: str, id_token: str, auth_time: Any) -> None:
    session[IDENTITY_KEY] = {"acr": acr, "id_token": id_token, "auth_time": auth_time}


def session_acr(session: Any) -> str:
    return str((session.get(IDENTITY_KEY) or {}).get("acr", ""))


def session_id_token(session: Any) -> str:
    return str((session.get(IDENTITY_KEY) or {}).get("id_token", ""))
