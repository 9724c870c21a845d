# SPDX-License-Identifier: EUPL-1.2
"""The backend federal logins are stored under in the session.

It loads the user with the profile (``ProfileModelBackend.get_user``) and authenticates
nothing itself: the federal login is verified by ``passage.identity.oidc`` before
``django.contrib.auth.login`` is called with this backend. So no password is accepted through
it, and with ``PASSAGE_PASSWORD_LOGIN`` off no password is accepted at all."""

from __future__ import annotations

from typing import Any

from passage.accounts.backends import ProfileModelBackend

BACKEND_PATH = "passage.identity.backends.FederalLoginBackend"


class FederalLoginBackend(ProfileModelBackend):
    def authenticate(
        self, request: Any, username: Any = None, password: Any = None, **kw: Any
    ) -> Any:
        return None
