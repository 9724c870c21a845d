# SPDX-License-Identifier: EUPL-1.2
from django.urls import URLPattern, path

from passage.identity import views

app_name = "identity"

urlpatterns: list[URLPattern] = [
    path("login/", views.login_start, name="login"),
    path("callback/", views.callback, name="callback"),
]
