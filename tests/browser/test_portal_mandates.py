# SPDX-License-Identifier: EUPL-1.2
"""The portal in a real browser through the local federal-login provider (a separate process
speaking OpenID Connect): a law firm's agent logs in with the eID means, acts for each of the
two employers it holds mandates for and files for each; the filing employer's own member sees
only its organisation's application; a member of another organisation cannot open it, also by
URL (issue 10, "Browser tests")."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "portal"
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium: make browser"
)


@pytest.fixture
def demo(transactional_db: Any, monkeypatch: Any) -> Iterator[None]:
    """The demo logins, access management, mandates and federal identities."""
    from passage.accounts.services import demo_access_load, demo_users_load
    from passage.audit.testing import audit_log_clear
    from passage.identity.services import demo_identities_link

    monkeypatch.setenv("PASSAGE_DEMO_PASSWORD", "demo-password-for-browser-tests")
    demo_users_load()
    demo_access_load()
    demo_identities_link()
    yield
    audit_log_clear()


def _federal_login(page: Any, base: str, identity: str) -> None:
    page.goto(f"{base}/portal/")
    assert "/accounts/login/" in page.url
    page.get_by_role("link", name=re.compile("eID, itsme")).click()
    page.wait_for_url(re.compile(r"/authorize"))
    page.locator(f"input[name=identity][value='{identity}']").check()
    page.locator("#means-eid").check()
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/portal/"))


def _file(page: Any, family_name: str, postcode: str) -> str:
    page.locator("form[action$='/portal/drafts/new/'] button").click()
    page.wait_for_url(re.compile(r"/worker/$"))
    page.locator("#id_given_name").fill("Test")
    page.locator("#id_family_name").fill(family_name)
    page.locator("#id_birth_date").fill("1991-02-03")
    page.locator("#id_nationality").fill("IN")
    page.locator("button[name=next]").click()
    page.wait_for_url(re.compile(r"/job/$"))
    page.locator("#id_permit_type").select_option("fixed_term")
    page.locator("#id_workplace_postcode").fill(postcode)
    page.locator("#id_category").select_option("highly_skilled")
    page.locator("#id_gross_salary").fill("65000")
    page.locator("#id_start_date").fill("2027-04-01")
    page.locator("button[name=next]").click()
    page.wait_for_url(re.compile(r"/documents/$"))
    page.goto(page.url.replace("/documents/", "/review/"))
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_url(re.compile(r"/portal/applications/SP\d{4}-[0-9A-F]{8}/$"))
    return page.url.rstrip("/").rsplit("/", 1)[1]


def test_a_law_firm_files_for_two_employers_under_its_mandates(
    live_server: Any, browser: Any, provider: str, demo: Any
) -> None:
    from passage.accounts.services import DEMO_FOREIGN_EMPLOYER
    from passage.casework.models import Application

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    agent = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    agent.set_default_timeout(20_000)
    _federal_login(agent, live_server.url, "demo-lawfirm-agent")
    # Until the agent chooses, it acts for its own firm, and says so; switching is explicit.
    assert "Demo Law & Migration BV" in agent.locator(".acting-for").inner_text()
    # (The agent's federal identity prefers French: the portal follows prefLanguage.)
    assert agent.locator("html").get_attribute("lang") == "fr"
    agent.locator(".acting-for a").click()
    agent.wait_for_url(re.compile(r"/portal/act-as/$"))
    agent.screenshot(path=str(SCREENSHOTS / "act-as-en.png"), full_page=True)
    assert agent.locator("ul.choices li").count() == 3  # the firm itself and its two principals

    references = {}
    for index in (1, 2):
        agent.goto(f"{live_server.url}/portal/act-as/")
        label = agent.locator("ul.choices li").nth(index)
        principal_name = label.inner_text().strip()
        label.locator("input").check()
        agent.locator("main form button[type=submit]").click()
        agent.wait_for_url(re.compile(r"/portal/$"))
        assert principal_name.split(" (")[0] in agent.locator(".acting-for").inner_text()
        references[principal_name] = _file(agent, f"Mandated{index}", "2000")

    # Each application belongs to the principal it was filed for.
    filed = {
        a.reference: a.organisation.name
        for a in Application.objects.filter(reference__in=references.values())
    }
    assert len(filed) == 2 and len(set(filed.values())) == 2
    foreign = [r for r, name in filed.items() if name == DEMO_FOREIGN_EMPLOYER[2]]
    assert len(foreign) == 1  # the employer without a Belgian enterprise number, via the mandate

    # A member of demo employer 2 (another organisation) cannot open either, also by URL.
    other = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    other.set_default_timeout(20_000)
    _federal_login(other, live_server.url, "demo-employer-2")
    for reference in references.values():
        response = other.goto(f"{live_server.url}/portal/applications/{reference}/")
        assert response is not None and response.status == 404
    other.goto(f"{live_server.url}/portal/")
    dashboard = other.locator("main").inner_text()
    assert all(reference not in dashboard for reference in references.values())
