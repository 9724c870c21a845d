# SPDX-License-Identifier: EUPL-1.2
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from passage.rulebook import api, views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("check/", views.check, name="check"),
    path("rules/parameters/", views.parameter_list, name="parameter-list"),
    path("rules/parameters/<str:name>/", views.parameter_detail, name="parameter-detail"),
    path("api/v1/rules/check", api.RulesCheckApi.as_view(), name="rules-check"),
    path("api/v1/rules/parameters", api.RulesParametersApi.as_view(), name="rules-parameters"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]
