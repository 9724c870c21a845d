# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/`` access-management endpoints (included from ``passage.urls``)."""

from __future__ import annotations

from django.urls import path

from passage.accounts import api

urlpatterns = [
    path("member-roles", api.MemberRolesApi.as_view(), name="member-roles"),
    path(
        "member-roles/<int:grant_id>/revoke",
        api.MemberRoleRevokeApi.as_view(),
        name="member-role-revoke",
    ),
    path("mandates", api.MandatesApi.as_view(), name="mandates"),
    path("mandates/<int:mandate_id>", api.MandateDetailApi.as_view(), name="mandate"),
    path("mandates/<int:mandate_id>/revoke", api.MandateRevokeApi.as_view(), name="mandate-revoke"),
    path("principals", api.PrincipalsApi.as_view(), name="principals"),
    path("principals/switch", api.PrincipalSwitchApi.as_view(), name="principals-switch"),
]
