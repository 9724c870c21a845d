# SPDX-License-Identifier: EUPL-1.2
"""Template context: which logins the login page offers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def login_options(request: HttpRequest) -> dict[str, Any]:
    return {
        "federal_login_enabled": bool(settings.PASSAGE_OIDC_ISSUER),
        "password_login_enabled": settings.PASSAGE_PASSWORD_LOGIN,
    }
