# SPDX-License-Identifier: EUPL-1.2
"""Pages under ``/monitoring/`` (included from ``passage.urls``)."""

from __future__ import annotations

from django.urls import path

from passage.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("indicators/<str:indicator_id>/", views.indicator, name="indicator"),
    path("forecasts/<str:series>/", views.forecast_series, name="forecast"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("scoreboard/<int:year>/", views.scoreboard, name="scoreboard"),
    path("access/", views.access_request, name="access"),
    path("access/requests/", views.access_requests, name="access-requests"),
    path(
        "access/requests/<int:pk>/decision/",
        views.access_request_decision,
        name="access-request-decision",
    ),
    path(
        "access/requests/<int:pk>/mail/",
        views.access_request_mail_resend_view,
        name="access-request-mail",
    ),
]
