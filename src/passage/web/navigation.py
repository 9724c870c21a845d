# SPDX-License-Identifier: EUPL-1.2
"""The header's links by role: each person sees the parts of Passage they may open, and no
link that answers 403 (issue 10: the employer's only link used to be the Early Warning)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from passage.accounts.models import Role
from passage.accounts.predicates import user_role


@dataclass(frozen=True, slots=True)
class NavItem:
    url_name: str
    label: Promise
    #: The URL names (or a prefix of the path) that mark this item as the current page.
    section: str

    def href(self) -> str:
        return reverse(self.url_name)


PUBLIC = (
    NavItem("landing", _("Home"), "/"),
    NavItem("check", _("Eligibility check"), "/check/"),
)
#: What each role opens, beside the public pages.
BY_ROLE: dict[str, tuple[NavItem, ...]] = {
    Role.EMPLOYER_MEMBER: (NavItem("portal:dashboard", _("Employer portal"), "/portal/"),),
    Role.WORKER: (NavItem("portal:my_applications", _("Your applications"), "/portal/me/"),),
    Role.REGIONAL_OFFICER: (NavItem("office:queue", _("Back office"), "/office/"),),
    Role.IMMIGRATION_OFFICER: (NavItem("office:queue", _("Back office"), "/office/"),),
    Role.ANALYST: (NavItem("monitoring:overview", _("Early Warning"), "/monitoring/"),),
    Role.STAKEHOLDER: (NavItem("monitoring:overview", _("Early Warning"), "/monitoring/"),),
    Role.ADMINISTRATOR: (
        NavItem("portal:dashboard", _("Employer portal"), "/portal/"),
        NavItem("monitoring:overview", _("Early Warning"), "/monitoring/"),
        NavItem("admin:index", _("Administration"), "/admin/"),
    ),
}


def nav_items_for(user: Any) -> tuple[NavItem, ...]:
    role = user_role(user)
    return PUBLIC + BY_ROLE.get(role or "", ())


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` is a list of (href, label, current)."""
    path = request.path
    items = nav_items_for(getattr(request, "user", None))
    current = max(
        (
            i
            for i in items
            if path == i.section or (i.section != "/" and path.startswith(i.section))
        ),
        key=lambda i: len(i.section),
        default=None,
    )
    return {"nav": [(i.href(), i.label, i is current) for i in items]}
