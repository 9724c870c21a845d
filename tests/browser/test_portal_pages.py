# SPDX-License-Identifier: EUPL-1.2
"""Every main page of the employer portal in each of the four languages, at desktop and
phone width: axe-core finds no serious or critical WCAG 2.2 violation, nothing sticks out
of a phone's screen, the page speaks the language asked for; a screenshot of each goes to
var/screenshots/portal/pages/ (the reviewed ones are in docs/screenshots/portal/pages/)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from browser.test_portal_journey import AXE, CHROMIUM, _axe, _too_wide

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "portal" / "pages"
PASSWORD = "pw-Passage-pages-1"
LANGUAGES = ("en", "nl", "fr", "de")
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: make browser"),
    pytest.mark.skipif(
        not AXE.exists(), reason="needs axe-core from the npm registry: make browser"
    ),
]


@pytest.fixture
def portal_data(transactional_db: Any) -> Any:
    """An employer with a draft (worker and job typed) and an application whose region asked
    for information."""
    from django.contrib.auth import get_user_model

    from passage.accounts.models import Organisation, Profile, Role
    from passage.audit.testing import audit_log_clear
    from passage.casework import services
    from passage.portal import services as portal

    organisation = Organisation.objects.create(enterprise_number="0403170701", name="Atelier A")
    user = get_user_model().objects.create_user(username="ines", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.EMPLOYER_MEMBER, organisation=organisation)
    officer = get_user_model().objects.create_user(username="sofie")
    Profile.objects.create(user=officer, role=Role.REGIONAL_OFFICER, region="flanders")
    draft = portal.draft_create(actor=user, organisation=organisation)
    portal.draft_save(
        actor=user,
        draft=draft,
        values={
            "given_name": "Amina",
            "family_name": "Haddad",
            "birth_date": "1990-04-02",
            "nationality": "MA",
            "permit_type": "fixed_term",
            "workplace_postcode": "2000",
            "application_type": "first",
            "category": "highly_skilled",
            "gross_salary": "45000",
            "salary_period": "year",
            "start_date": "2027-03-01",
        },
    )
    worker = services.worker_create(
        actor=user,
        organisation=organisation,
        given_name="Rahul",
        family_name="Iyer",
        birth_date=dt.date(1988, 5, 17),
        nationality="IN",
    )
    app = services.application_create(
        actor=user,
        organisation=organisation,
        worker=worker,
        permit_type="unlimited",
        workplace_postcode="2000",
        category="highly_skilled",
        gross_salary="62000",
        salary_period="year",
        start_date=dt.date(2027, 2, 1),
        facts={"age": 38},
    )
    services.application_submit(actor=user, application=app.pk)
    services.application_start_completeness_check(actor=officer, application=app.pk)
    services.application_request_information(
        actor=officer, application=app.pk, message="Send the diploma.", due_on=dt.date(2027, 1, 15)
    )
    yield {"draft": draft.pk, "reference": app.reference}
    audit_log_clear()


def _pages(data: dict[str, Any]) -> dict[str, str]:
    draft = data["draft"]
    return {
        "dashboard": "/portal/",
        "worker": f"/portal/drafts/{draft}/worker/",
        "job": f"/portal/drafts/{draft}/job/",
        "documents": f"/portal/drafts/{draft}/documents/",
        "review": f"/portal/drafts/{draft}/review/",
        "application": f"/portal/applications/{data['reference']}/",
        "inbox": "/portal/inbox/",
        "bulk": "/portal/bulk/",
        "webhooks": "/portal/webhooks/",
    }


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_portal_page_in_every_language(
    live_server: Any, browser: Any, portal_data: Any, width: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h = WIDTHS[width]
    for lang in LANGUAGES:
        context = browser.new_context(viewport={"width": w, "height": h}, locale=lang)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/accounts/login/?next=/portal/")
        page.locator("input[name=username]").fill("ines")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").click()
        page.wait_for_url(re.compile(r"/portal/$"))
        for name, path in _pages(portal_data).items():
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (lang, name)
            assert page.locator("html").get_attribute("lang") == lang, (lang, name)
            assert _axe(page) == [], (lang, name)
            if width == "phone":
                assert _too_wide(page) == [], (lang, name)
            page.screenshot(
                path=str(SHOTS / f"{name}-{lang}-{width}.jpeg"),
                full_page=True,
                type="jpeg",
                quality=40,
            )
        context.close()
