# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/`` casework endpoints (included from ``passage.urls``)."""

from __future__ import annotations

from django.urls import path

from passage.casework.api import documents, views

_ACTIONS = {
    "submit": views.ApplicationSubmitApi,
    "withdraw": views.ApplicationWithdrawApi,
    "request-information": views.ApplicationRequestInformationApi,
    "resubmit": views.ApplicationResubmitApi,
    "completeness-check": views.ApplicationCompletenessCheckApi,
    "mark-incomplete": views.ApplicationMarkIncompleteApi,
    "start-regional-assessment": views.ApplicationStartRegionalAssessmentApi,
    "decide-regional": views.ApplicationDecideRegionalApi,
    "decide-federal": views.ApplicationDecideFederalApi,
}

urlpatterns = [
    path("applications", views.ApplicationsApi.as_view(), name="applications"),
    # Before the reference pattern: these words are not references.
    path(
        "applications/overdue",
        views.ApplicationOverdueListApi.as_view(),
        name="applications-overdue",
    ),
    path(
        "applications/at-risk",
        views.ApplicationAtRiskListApi.as_view(),
        name="applications-at-risk",
    ),
    path("applications/<str:reference>", views.ApplicationApi.as_view(), name="application"),
    path(
        "applications/<str:reference>/events",
        views.ApplicationEventListApi.as_view(),
        name="application-events",
    ),
    path(
        "applications/<str:reference>/documents",
        documents.DocumentsApi.as_view(),
        name="application-documents",
    ),
    path(
        "applications/<str:reference>/documents/<int:document_id>",
        documents.DocumentDownloadApi.as_view(),
        name="application-document",
    ),
    *(
        path(
            f"applications/<str:reference>/{action}",
            api.as_view(),
            name=f"application-{action}",
        )
        for action, api in _ACTIONS.items()
    ),
    path("me/applications", views.WorkerApplicationListApi.as_view(), name="me-applications"),
    path("queues/regional", views.RegionalQueueListApi.as_view(), name="queue-regional"),
]
