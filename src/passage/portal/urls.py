# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from passage.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/", views.my_applications, name="my_applications"),
    path("act-as/", views.act_as, name="act_as"),
    path("applications.csv", views.export_csv, name="export_csv"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("bulk/", views.bulk, name="bulk"),
    path("inbox/", views.inbox, name="inbox"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("drafts/<int:pk>/documents/add/", views.draft_document, name="draft_document"),
    path("drafts/<int:pk>/submit/", views.draft_submit, name="draft_submit"),
    path("drafts/<int:pk>/discard/", views.draft_discard, name="draft_discard"),
    path("drafts/<int:pk>/<str:step>/", views.draft_step, name="draft_step"),
    path("applications/<str:reference>/", views.application_detail, name="application"),
    path("applications/<str:reference>/answer/", views.application_answer, name="answer"),
]
