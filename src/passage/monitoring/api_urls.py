# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/monitoring/`` (included from ``passage.urls``)."""

from __future__ import annotations

from django.urls import path

from passage.monitoring import api

urlpatterns = [
    path("indicators/", api.IndicatorListApi.as_view(), name="monitoring-indicators"),
    path(
        "indicators/<str:indicator_id>/history/",
        api.IndicatorHistoryApi.as_view(),
        name="monitoring-indicator-history",
    ),
    path("alerts/", api.AlertListApi.as_view(), name="monitoring-alerts"),
    path(
        "alerts/<int:pk>/acknowledge/",
        api.AlertAcknowledgeApi.as_view(),
        name="monitoring-alert-acknowledge",
    ),
]
