# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from passage.office import views

app_name = "office"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<str:reference>/", views.case, name="case"),
    path("cases/<str:reference>/<str:action>/", views.case_action, name="action"),
]
