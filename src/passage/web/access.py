# SPDX-License-Identifier: EUPL-1.2
"""Page guards shared by every app: log in first, then the role, then the object."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from passage.accounts.predicates import user_role

View = Callable[..., HttpResponse]


def forbidden(request: HttpRequest) -> HttpResponse:
    """403 as a page that says what to do, in the user's language."""
    return render(request, "web/403.html", status=403)


def role_required(*roles: str) -> Callable[[View], View]:
    """Anonymous: to the login page, back here after. Another role: 403."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user_role(request.user) not in roles:
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
