# SPDX-License-Identifier: EUPL-1.2
from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import URLPattern, URLResolver, include, path, re_path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("passage.casework.api.urls")),
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
