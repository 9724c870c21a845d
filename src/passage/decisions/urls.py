# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from passage.decisions import views

urlpatterns = [path("", views.verify, name="decision-verify")]
