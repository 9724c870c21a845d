# SPDX-License-Identifier: EUPL-1.2
"""Login through the federal login, the way back from it, logout, and the password login
(kept behind ``PASSAGE_PASSWORD_LOGIN``)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from passage.identity import oidc
from passage.identity.backends import BACKEND_PATH
from passage.identity.levels import LEVELS
from passage.identity.services import federal_login_resolve, login_event_record
from passage.identity.sessions import federal_login_store, session_id_token
from passage.monitoring import views as monitoring_views

logger = logging.getLogger(__name__)

#: What each refusal tells the person (their language), and the HTTP status of the page.
REFUSALS: dict[str, tuple[Any, int]] = {
    "not_configured": (_("The federal login is not configured on this server."), 404),
    "cancelled": (_("You cancelled the login at the federal login."), 400),
    "provider_error": (_("The federal login refused the request. Please start again."), 400),
    "state": (
        _(
            "This login was not started in this browser, or it was already completed. "
            "Please start again."
        ),
        400,
    ),
    "code_replayed": (_("This login was already used. Please start again."), 400),
    "code_rejected": (
        _("The federal login did not accept this login (it expired or was already used)."),
        400,
    ),
    "provider_unreachable": (
        _("The federal login cannot be reached just now. Please try again in a few minutes."),
        503,
    ),
    "signature": (
        _("The federal login's answer is not signed with its published key, so it was refused."),
        400,
    ),
    "issuer": (_("The answer did not come from the federal login Passage trusts."), 400),
    "audience": (_("The answer was meant for another service, not for Passage."), 400),
    "expired": (_("The federal login's answer has expired. Please log in again."), 400),
    "nonce": (_("The answer does not belong to this login attempt. Please start again."), 400),
    "token_replayed": (_("This answer of the federal login was already used."), 400),
    "assurance": (
        _("The login did not reach the level of assurance this page needs (eID or itsme)."),
        403,
    ),
    "claims": (_("The federal login did not give the identity Passage needs."), 400),
    "step_up_other_person": (
        _(
            "You confirmed with another person's identity than the one logged in. "
            "Nothing was changed."
        ),
        403,
    ),
}


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("identity:callback"))


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("landing")


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    message, status = REFUSALS.get(reason, REFUSALS["provider_error"])
    # The reason code only: never the code, the token or who it was.
    logger.info("federal login refused: %s", reason)
    login_event_record(actor=request.user, action="login.refused", details={"reason": reason})
    return render(
        request,
        "identity/refused.html",
        {"message": message, "reason": reason, "retry_url": reverse("identity:login")},
        status=status,
    )


@never_cache
@require_GET
def login_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the federal login (``?next=`` to come back to; ``?acr=`` a level;
    ``?step_up=1`` to raise the level of the current session's person)."""
    if not oidc.configured():
        return _refused(request, "not_configured")
    next_url = _safe_next(request, request.GET.get("next"))
    acr = request.GET.get("acr")
    if acr not in LEVELS:
        acr = None
    step_up_user = (
        request.user.pk if request.GET.get("step_up") and request.user.is_authenticated else None
    )
    try:
        url = oidc.authorization_url(
            request.session,
            redirect_uri=_callback_uri(request),
            next_url=next_url,
            acr=acr,
            language=translation.get_language() or "",
            step_up_user=step_up_user,
        )
    except oidc.LoginRefused as exc:
        return _refused(request, exc.reason)
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The federal login's answer: check it, find the person, open the session."""
    if not oidc.configured():
        return _refused(request, "not_configured")
    params = {k: request.GET[k] for k in ("state", "code", "error") if k in request.GET}
    try:
        verified = oidc.verify_callback(
            request.session, params, redirect_uri=_callback_uri(request)
        )
    except oidc.LoginRefused as exc:
        return _refused(request, exc.reason)
    # The person, the session and the audit entry in one transaction (the code and token
    # digests were committed by verify_callback already: a failure here leaves them spent).
    with transaction.atomic():
        user = federal_login_resolve(nrn=verified.nrn, claims=verified.claims)
        refusal = None
        if verified.step_up_user is not None and (
            user is None or user.pk != verified.step_up_user or request.user.pk != user.pk
        ):
            refusal = "step_up_other_person"
        elif user is None:
            login_event_record(actor=request.user, action="login.no_access", details={})
            return render(request, "identity/no_access.html", status=403)
        else:
            action = "login.step_up" if verified.step_up_user is not None else "login.federal"
            login(request, user, backend=BACKEND_PATH)
            federal_login_store(
                request.session,
                acr=verified.acr,
                id_token=verified.id_token,
                auth_time=verified.claims.get("auth_time"),
            )
            login_event_record(
                actor=user, action=action, user_id=user.pk, details={"acr": verified.acr}
            )
    if refusal is not None:
        return _refused(request, refusal)
    response = HttpResponseRedirect(_safe_next(request, verified.next_url))
    language = str(verified.claims.get("prefLanguage", "")).lower()
    if action == "login.federal" and language in dict(settings.LANGUAGES):
        # prefLanguage sets the language (Django keeps it in this cookie, not the session).
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the Passage session, then the federal login's (with the ID token as hint)."""
    id_token = session_id_token(request.session)
    user = request.user
    if user.is_authenticated:
        login_event_record(
            actor=user,
            action="logout",
            user_id=user.pk,
            details={"federal": bool(id_token)},
        )
    logout(request)
    landing = request.build_absolute_uri(reverse("landing"))
    if id_token:
        url = oidc.end_session_url(id_token, landing)
        if url:
            return HttpResponseRedirect(url)
    return HttpResponseRedirect(reverse("landing"))


class LoginView(monitoring_views.LoginView):
    """The login page: the federal login first, the password form only with
    ``PASSAGE_PASSWORD_LOGIN`` on. Password logins and failures are audited."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSAGE_PASSWORD_LOGIN:
            return HttpResponseRedirect(reverse("login"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        login_event_record(actor=user, action="login.password", user_id=user.pk)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        login_event_record(
            actor=self.request.user, action="login.refused", details={"reason": "password"}
        )
        return super().form_invalid(form)
