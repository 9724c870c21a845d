# SPDX-License-Identifier: EUPL-1.2
"""Context processor: the portal's own menu and the count of unread inbox messages, on portal
pages only (other pages pay nothing)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from passage.accounts.models import Role
from passage.accounts.predicates import user_role


def portal_menu(request: HttpRequest) -> dict[str, Any]:
    if not request.path.startswith("/portal/") or user_role(request.user) != Role.EMPLOYER_MEMBER:
        return {}
    from passage.portal import selectors

    organisation = selectors.acting_organisation(request.user, request.session)
    if organisation is None:
        return {}
    return {"portal_unread": selectors.inbox_unread_count(request.user, organisation)}
