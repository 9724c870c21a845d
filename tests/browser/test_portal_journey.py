# SPDX-License-Identifier: EUPL-1.2
"""The employer portal in a real browser (Debian's Chromium driven by Playwright): log in,
start an application, watch the live salary-threshold feedback change as the salary is typed,
add a document, submit; the pages checked with axe-core for serious or critical WCAG
violations, at desktop and phone width, in the four languages. Screenshots go to
var/screenshots/portal/ for a person to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from passage.casework.testing import sample_pdf

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "portal"
PASSWORD = "pw-Passage-portal-1"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: make browser"),
    pytest.mark.skipif(
        not AXE.exists(), reason="needs axe-core from the npm registry: make browser"
    ),
]

PDF = sample_pdf("Employment contract")


@pytest.fixture
def employer(transactional_db: Any) -> Any:
    from django.contrib.auth import get_user_model

    from passage.accounts.models import Organisation, Profile, Role

    organisation = Organisation.objects.create(enterprise_number="0403170701", name="Atelier A")
    user = get_user_model().objects.create_user(
        username="ines", password=PASSWORD, first_name="Inès", last_name="Martin"
    )
    Profile.objects.create(user=user, role=Role.EMPLOYER_MEMBER, organisation=organisation)
    # Her federal identity: the simulator's demo-employer-1 (Dutch-speaking).
    from passage.identity.demo import DEMO_BY_KEY
    from passage.identity.services import federal_identity_link

    demo = DEMO_BY_KEY["demo-employer-1"]
    federal_identity_link(user=user, nrn=demo.nrn, fedid=demo.fedid)
    return user


@pytest.fixture
def _audit_emptied(employer: Any) -> Any:
    from passage.audit.testing import audit_log_clear

    yield
    audit_log_clear()


def _axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of the page as it stands."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _too_wide(page: Any) -> list[str]:
    """The elements that stick out of a phone's screen (sideways scrolling), if any."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= innerWidth ? [] : "
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +"
        " Math.round(e.getBoundingClientRect().right))"
    )


def _login(page: Any, base: str, *, lang: str = "en") -> None:
    """Through the federal login (the simulator, eID means); the session then speaks the
    identity's prefLanguage (Dutch), and the language switch gives the one asked for."""
    page.goto(f"{base}/portal/")
    assert "/accounts/login/" in page.url
    page.locator("a[href^='/identity/login/']").click()
    page.wait_for_url(re.compile(r"/authorize"))
    page.locator("input[name=identity][value='demo-employer-1']").check()
    page.locator("#means-eid").check()
    page.locator("button[name=login]").click()
    page.wait_for_url(re.compile(r"/portal/$"))
    assert page.locator("html").get_attribute("lang") == "nl"
    if lang != "nl":
        page.locator(f"form.language button[value={lang}]").click()
        page.wait_for_function(f"document.documentElement.lang === '{lang}'")


def test_employer_files_an_application_with_live_feedback(
    live_server: Any,
    browser: Any,
    provider: str,
    employer: Any,
    _audit_emptied: Any,
    tmp_path: Path,
) -> None:
    from passage.casework.models import Application

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.set_default_timeout(20_000)
    _login(page, live_server.url)
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "dashboard-empty-en.png"), full_page=True)

    page.get_by_role("button", name="Start a new single-permit application").click()
    page.wait_for_url(re.compile(r"/portal/drafts/\d+/worker/$"))
    page.get_by_label("Given name(s)").fill("Amina")
    page.get_by_label("Family name").fill("Haddad")
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.get_by_label("Nationality").fill("MA")
    # Saved as typed: the status line says so without a click.
    page.wait_for_function(
        "document.querySelector('#save-status').textContent.includes('Draft saved')"
    )
    assert _axe(page) == []
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/job/$"))

    page.get_by_label("Kind of single permit").select_option("fixed_term")
    page.get_by_label("Postcode of the workplace").fill("2000")
    page.get_by_label("Category of worker").select_option("highly_skilled")
    page.get_by_label("Type of application").select_option("first")
    page.get_by_label("Start date of the employment").fill("2027-03-01")
    feedback = page.locator("#feedback")
    salary = page.get_by_label("Gross salary in euros")
    salary.fill("40000")
    page.wait_for_function("document.querySelector('#feedback').textContent.includes('Not met')")
    text = feedback.inner_text()
    assert "SAL-02" in text and "48" in text
    page.screenshot(path=str(SCREENSHOTS / "filing-below-threshold-en.png"), full_page=True)
    salary.fill("60000")
    page.wait_for_function(
        "!document.querySelector('#feedback').textContent.includes('Not met')"
        " && document.querySelector('#feedback').textContent.includes('Met')"
    )
    assert "60" in feedback.inner_text()
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "filing-above-threshold-en.png"), full_page=True)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/documents/$"))

    contract = tmp_path / "contract.pdf"
    contract.write_bytes(PDF)
    page.get_by_label("Kind of document").select_option("employment_contract")
    page.get_by_label("File (PDF, JPEG or PNG)").set_input_files(str(contract))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_url(re.compile(r"/documents/$"))
    assert "contract.pdf" in page.locator("table.documents").inner_text()
    assert _axe(page) == []
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "review-en.png"), full_page=True)
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url(re.compile(r"/portal/applications/SP\d{4}-[0-9A-F]{8}/$"))
    application = Application.objects.get()
    assert application.state == "submitted"
    assert application.reference in page.locator("h1").inner_text()
    assert "Submitted" in page.locator("#status").inner_text()
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "application-en.png"), full_page=True)

    # The region asks for information (the officer's API call, through the same service);
    # the dashboard says what is awaited, and the employer answers in the page.
    import datetime as dt

    from django.contrib.auth import get_user_model

    from passage.accounts.models import Profile, Role
    from passage.casework import services

    officer = get_user_model().objects.create_user(username="sofie")
    Profile.objects.create(user=officer, role=Role.REGIONAL_OFFICER, region="flanders")
    services.application_start_completeness_check(actor=officer, application=application.pk)
    services.application_request_information(
        actor=officer,
        application=application.pk,
        message="Please add the signed employment contract.",
        due_on=dt.date(2027, 1, 15),
    )
    page.goto(f"{live_server.url}/portal/")
    assert application.reference in page.locator("table.applications").inner_text()
    assert "15/01/2027" in page.locator("table.applications").inner_text()
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "dashboard-en.png"), full_page=True)
    page.get_by_role("link", name=application.reference).click()
    assert (
        "Please add the signed employment contract." in page.locator(".info-request").inner_text()
    )
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "information-request-en.png"), full_page=True)
    page.get_by_label("Your answer").fill("The signed contract is attached.")
    page.get_by_label("Document (optional; PDF, JPEG or PNG)").set_input_files(str(contract))
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_function("document.querySelector('.messages') !== null")
    application.refresh_from_db()
    assert application.state == "resubmitted"
    assert application.information_requests.get().answer == "The signed contract is attached."
    assert page.locator(".info-request").count() == 0
    page.goto(f"{live_server.url}/portal/inbox/")
    assert "The region asks for more information" in page.locator("main").inner_text()
    assert _axe(page) == []


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_portal_pages_at_phone_width_in_each_language(
    live_server: Any, browser: Any, provider: str, employer: Any, _audit_emptied: Any, lang: str
) -> None:
    import datetime as dt

    from passage.casework import services

    worker = services.worker_create(
        actor=employer,
        organisation=employer.profile.organisation,
        given_name="Rahul",
        family_name="Iyer",
        birth_date=dt.date(1988, 5, 17),
        nationality="IN",
    )
    submitted = services.application_create(
        actor=employer,
        organisation=employer.profile.organisation,
        worker=worker,
        permit_type="unlimited",
        workplace_postcode="1000",
        category="highly_skilled",
        gross_salary="62000",
        salary_period="year",
        start_date=dt.date(2027, 2, 1),
        facts={"age": 38},
    )
    services.application_submit(actor=employer, application=submitted.pk)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=lang)
    page.set_default_timeout(20_000)
    _login(page, live_server.url, lang=lang)
    assert page.locator("html").get_attribute("lang") == lang
    page.locator("form[action$='/portal/drafts/new/'] button").click()
    page.wait_for_url(re.compile(r"/worker/$"))
    page.locator("#id_family_name").fill("Haddad")
    page.locator("#id_birth_date").fill("1990-04-02")
    page.wait_for_function("document.querySelector('#save-status').textContent.trim() !== ''")
    page.goto(page.url.replace("/worker/", "/job/"))
    page.locator("#id_workplace_postcode").fill("5000")
    page.locator("#id_category").select_option("highly_skilled")
    page.locator("#id_gross_salary").fill("40000")
    page.wait_for_function("document.querySelector('#feedback').textContent.includes('SAL-02')")
    # Nothing wider than the phone: no sideways scrolling.
    assert _too_wide(page) == []
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"filing-phone-{lang}.png"), full_page=True)
    page.goto(f"{live_server.url}/portal/")
    assert "Iyer" in page.locator("table.applications").inner_text()
    assert _too_wide(page) == []
    assert _axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-phone-{lang}.png"), full_page=True)
