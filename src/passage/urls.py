# SPDX-License-Identifier: EUPL-1.2
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import URLPattern, URLResolver, include, path, re_path

from passage.identity import views as identity_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/monitoring/", include("passage.monitoring.api_urls")),
    path("api/v1/", include("passage.casework.api.urls")),
    path("api/v1/", include("passage.accounts.urls")),
    path("monitoring/", include("passage.monitoring.urls")),
    path("portal/", include("passage.portal.urls")),
    path("verify/", include("passage.decisions.urls")),
    path("office/", include("passage.office.urls")),
    # Log in / out (Early Warning authorities and stakeholders); the password-set link that
    # an approved stakeholder receives is Django's password-reset confirmation.
    # The federal login first; the password form only with PASSAGE_PASSWORD_LOGIN on. Logout
    # also ends the federal login's session (docs/identity.md).
    path("accounts/login/", identity_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", identity_views.logout_view, name="logout"),
    path("identity/", include("passage.identity.urls")),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("passage.rulebook.urls")),
]

if settings.PASSAGE_SERVE_STATIC:
    # `passage serve` runs with DEBUG off and no web server in front (see settings): serve
    # our CSS and the vendored Swagger UI from the installed apps' static folders.
    prefix = settings.STATIC_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{prefix}(?P<path>.*)$", serve_static, {"insecure": True})]

# Plain Django errors: problem+json under /api/, HTML pages elsewhere.
handler404 = "passage.rulebook.views.page_not_found"
handler500 = "passage.rulebook.views.server_error"
