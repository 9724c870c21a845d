# SPDX-License-Identifier: EUPL-1.2
"""The authorization matrix over every page URL (issue 12, "Authorization"): role × object ×
page → status. The API has its own (tests/casework_api/test_authorization_matrix.py).

Every URL pattern outside ``/admin/`` and ``/api/`` must have a row in ``PAGES``: a new page
without one fails ``test_every_page_is_in_the_matrix``, so no page ships unclassified. Outcomes:

- ``ok``: the page answers (2xx, or a redirect to somewhere other than the login);
- ``login``: a redirect to the login page (an anonymous visitor);
- ``403``: the role may not use this kind of page;
- ``404``: the role uses such pages, but this object is outside its scope (its existence is
  not revealed).

Writes (POST) are tried only where the role must be refused, and must leave the object as it
was.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

if "casework_factories" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "casework_factories", Path(__file__).parent.parent / "casework" / "factories.py"
    )
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)

from casework_factories import ApplicationFactory, OrganisationFactory, WorkerFactory, make_user

ROLES = (
    "anonymous",
    "employer_a",
    "employer_b",
    "worker_a",
    "officer_flanders",
    "officer_wallonia",
    "immigration_officer",
    "analyst",
    "stakeholder",
    "administrator",
)
EMPLOYERS = {"employer_a", "employer_b"}
OFFICERS = {"officer_flanders", "officer_wallonia", "immigration_officer"}
MONITORING = OFFICERS | {"analyst", "administrator"}
SIGNED_IN = set(ROLES) - {"anonymous"}


@dataclass(frozen=True)
class Page:
    """One page: how to build its URL from the world, and each role's expected outcome."""

    url: Callable[[dict[str, Any]], str]
    allowed: frozenset[str]
    #: Roles that use this kind of page but for whom the object is out of scope.
    out_of_scope: frozenset[str] = frozenset()
    method: str = "get"
    #: The world has no Early Warning refresh, alert or access request (building one takes the
    #: forecasts' 20 s; tests/monitoring has them): an allowed role may get the page's own 404
    #: ("no refresh has finished yet"). The refusals of everyone else are still checked.
    needs_data: bool = False


def _page(
    url: Callable[[dict[str, Any]], str],
    allowed: set[str],
    out_of_scope: set[str] = frozenset(),  # type: ignore[assignment]
    method: str = "get",
    needs_data: bool = False,
) -> Page:
    return Page(url, frozenset(allowed), frozenset(out_of_scope), method, needs_data)


def _public(url: Callable[[dict[str, Any]], str]) -> Page:
    return _page(url, set(ROLES))


def _app(name: str, *extra: str) -> Callable[[dict[str, Any]], str]:
    return lambda w: reverse(name, args=[w["application"].reference, *extra])


def _draft(name: str, *extra: str) -> Callable[[dict[str, Any]], str]:
    return lambda w: reverse(name, args=[w["draft"].pk, *extra])


def _monitoring(name: str, allowed: set[str], *args: Any, method: str = "get") -> Page:
    return _page(lambda w: reverse(name, args=list(args)), allowed, method=method, needs_data=True)


#: URL name → the page. ``portal:application`` is the employer's view of application A
#: (organisation A, Flanders, in regional assessment); ``office:case`` the officer's.
PAGES: dict[str, Page] = {
    # Public pages.
    "landing": _public(lambda w: reverse("landing")),
    "check": _public(lambda w: reverse("check")),
    "parameter-list": _public(lambda w: reverse("parameter-list")),
    "parameter-detail": _public(
        lambda w: reverse("parameter-detail", args=["single_permit.salary.flanders.highly_skilled"])
    ),
    "decision-verify": _public(lambda w: reverse("decision-verify")),
    "login": _public(lambda w: reverse("login")),
    "password_reset_complete": _public(lambda w: reverse("password_reset_complete")),
    "monitoring:access": _public(lambda w: reverse("monitoring:access")),
    # The employer portal: employer members; the object pages only for organisation A.
    "portal:dashboard": _page(lambda w: reverse("portal:dashboard"), EMPLOYERS),
    "portal:act_as": _page(lambda w: reverse("portal:act_as"), EMPLOYERS),
    "portal:export_csv": _page(lambda w: reverse("portal:export_csv"), EMPLOYERS),
    "portal:draft_new": _page(lambda w: reverse("portal:draft_new"), EMPLOYERS, method="post"),
    "portal:bulk": _page(lambda w: reverse("portal:bulk"), EMPLOYERS),
    "portal:inbox": _page(lambda w: reverse("portal:inbox"), EMPLOYERS),
    "portal:webhooks": _page(lambda w: reverse("portal:webhooks"), EMPLOYERS),
    "portal:application": _page(_app("portal:application"), {"employer_a"}, {"employer_b"}),
    "portal:answer": _page(_app("portal:answer"), {"employer_a"}, {"employer_b"}, method="post"),
    "portal:draft_step": _page(
        _draft("portal:draft_step", "worker"), {"employer_a"}, {"employer_b"}
    ),
    "portal:draft_document": _page(
        _draft("portal:draft_document"), {"employer_a"}, {"employer_b"}, method="post"
    ),
    "portal:draft_submit": _page(
        _draft("portal:draft_submit"), {"employer_a"}, {"employer_b"}, method="post"
    ),
    "portal:draft_discard": _page(
        _draft("portal:draft_discard"), {"employer_a"}, {"employer_b"}, method="post"
    ),
    "portal:my_applications": _page(lambda w: reverse("portal:my_applications"), {"worker_a"}),
    # The back office: officers; application A only for the Flemish officer (the Immigration
    # Office sees it once Flanders has granted it).
    "office:queue": _page(lambda w: reverse("office:queue"), OFFICERS),
    "office:case": _page(
        _app("office:case"), {"officer_flanders"}, {"officer_wallonia", "immigration_officer"}
    ),
    "office:action": _page(
        _app("office:action", "start_regional_assessment"),
        {"officer_flanders"},
        {"officer_wallonia", "immigration_officer"},
        method="post",
    ),
    # The Early Warning: officers, analysts, administrators; stakeholders the rounded
    # overview, indicator pages and scoreboard.
    "monitoring:overview": _page(
        lambda w: reverse("monitoring:overview"), MONITORING | {"stakeholder"}
    ),
    "monitoring:indicator": _monitoring(
        "monitoring:indicator", MONITORING | {"stakeholder"}, "asylum_applications"
    ),
    "monitoring:forecast": _monitoring(
        "monitoring:forecast", MONITORING | {"stakeholder"}, "applications"
    ),
    "monitoring:alerts": _page(lambda w: reverse("monitoring:alerts"), MONITORING),
    "monitoring:alert-acknowledge": _monitoring(
        "monitoring:alert-acknowledge", MONITORING, 999_999, method="post"
    ),
    "monitoring:scoreboard": _page(
        lambda w: reverse("monitoring:scoreboard", args=[2025]), MONITORING | {"stakeholder"}
    ),
    "monitoring:access-requests": _page(
        lambda w: reverse("monitoring:access-requests"), {"administrator"}
    ),
    "monitoring:access-request-decision": _monitoring(
        "monitoring:access-request-decision", {"administrator"}, 999_999, method="post"
    ),
    "monitoring:access-request-mail": _monitoring(
        "monitoring:access-request-mail", {"administrator"}, 999_999, method="post"
    ),
}

#: Patterns that are no page of their own: the language switch (a POST that redirects
#: back), the login flow's ends (the federal login's redirect and callback, tested in
#: tests/identity), logout, the password-set link (a signed token, tested in tests/monitoring),
#: the static files.
NOT_PAGES = {
    "set_language",
    "identity:login",
    "identity:callback",
    "logout",
    "password_reset_confirm",
}


def _page_patterns() -> set[str]:
    names: set[str] = set()

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                path = prefix + str(p.pattern)
                if path.startswith(("admin/", "api/", "^static")) or p.name is None:
                    continue
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver(), "", "")
    return names


def test_every_page_is_in_the_matrix() -> None:
    unclassified = _page_patterns() - set(PAGES) - NOT_PAGES
    assert not unclassified, f"pages without a row in PAGES: {sorted(unclassified)}"
    gone = set(PAGES) - _page_patterns()
    assert not gone, f"rows for pages that no longer exist: {sorted(gone)}"


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    from passage.accounts.models import Profile
    from passage.portal.models import Draft

    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    worker = WorkerFactory(organisation=org_a)
    application = ApplicationFactory(
        worker=worker,
        state="regional_assessment",
        submitted_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
    )
    users: dict[str, Any] = {
        "employer_a": make_user("employer_member", organisation=org_a),
        "employer_b": make_user("employer_member", organisation=org_b),
        "officer_flanders": make_user("regional_officer", region="flanders"),
        "officer_wallonia": make_user("regional_officer", region="wallonia"),
        "immigration_officer": make_user("immigration_officer"),
        "analyst": make_user("analyst"),
        "stakeholder": make_user("stakeholder"),
        "administrator": make_user("administrator"),
    }
    worker_user = make_user("analyst")
    Profile.objects.filter(user=worker_user).update(role="worker", worker=worker)
    users["worker_a"] = worker_user
    draft = Draft.objects.create(
        organisation=org_a, created_by=users["employer_a"], updated_by=users["employer_a"]
    )
    return {"users": users, "application": application, "draft": draft}


def expected(page: Page, role: str) -> set[str]:
    if role in page.allowed:
        return {"ok", "404"} if page.needs_data else {"ok"}
    if role == "anonymous":
        return {"login"}
    if role in page.out_of_scope:
        return {"404"}
    return {"403"}


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        return "login" if "/login/" in response["Location"] else "ok"
    if status in (403, 404):
        return str(status)
    # A page that answers (a form refused with 400 is the page answering; 405 is the method
    # table): anything but 403/404/login, and never a 5xx.
    assert status < 500, (status, response.content[:500])
    return "ok"


def _snapshot(world: dict[str, Any]) -> tuple[Any, ...]:
    from passage.casework.models import Application, ApplicationEvent

    rows = Application.objects.order_by("pk").values_list("pk", "state", "version")
    return (tuple(rows), ApplicationEvent.objects.count())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_gets_what_the_matrix_says(world: dict[str, Any], name: str) -> None:
    page = PAGES[name]
    url = page.url(world)
    mismatches = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        before = _snapshot(world)
        response = getattr(client, page.method)(url)
        got, want = outcome(response), expected(page, role)
        if got not in want:
            mismatches.append((role, sorted(want), got, response.status_code))
        if "ok" not in want:
            assert _snapshot(world) == before, f"{role} was refused {url} but something changed"
    assert not mismatches, f"{url}: (role, expected, got, status) {mismatches}"
