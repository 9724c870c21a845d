# SPDX-License-Identifier: EUPL-1.2
"""The public pages: landing, /check/ in four languages, the trace table, field errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

SINGLE_FORM = {
    "procedure": "single_permit",
    "date": "2025-03-01",
    "sp_region": "flanders",
    "sp_category": "highly_skilled",
    "sp_gross_salary": "48912",
    "sp_salary_period": "year",
    "sp_age": "35",
}
FAMILY_FORM = {
    "procedure": "family_reunification",
    "date": "2025-09-01",
    "fr_sponsor_status": "third_country_national",
    "fr_sponsor_permit_date": "2023-05-01",
    "fr_application_date": "2025-09-01",
    "fr_net_monthly_income": "2400",
    "fr_additional_dependants": "0",
    "fr_adequate_housing": "yes",
    "fr_health_insurance": "yes",
    "fr_member1_relationship": "spouse",
    "fr_member1_age": "30",
    "fr_member2_relationship": "child",
    "fr_member2_age": "4",
}
#: One string per language, from the page's own catalogue (not the engine's explanations).
TRANSLATED = {
    "en": ("Single permit (work and residence)", "Skip to main content"),
    "nl": ("Gecombineerde vergunning (werk en verblijf)", "Naar de hoofdinhoud"),
    "fr": ("Permis unique (travail et séjour)", "Aller au contenu principal"),
    "de": ("Kombinierte Erlaubnis (Arbeit und Aufenthalt)", "Zum Hauptinhalt springen"),
}


def html(response: Any) -> str:
    return response.content.decode()


def in_language(client: Client, lang: str) -> Client:
    client.cookies["django_language"] = lang
    return client


class _Inputs(HTMLParser):
    """Collects form controls and the ids that labels point at."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append({**a, "wrapped": "1" if self._label_depth else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1


@pytest.mark.django_db
class TestCheckPage:
    @pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
    def test_renders_in_each_language(self, client: Client, lang: str) -> None:
        response = in_language(client, lang).get("/check/")
        assert response.status_code == 200
        page = html(response)
        assert f'<html lang="{lang}">' in page
        for text in TRANSLATED[lang]:
            assert text in page, text

    def test_accept_language_header_is_honoured(self, client: Client) -> None:
        page = html(client.get("/check/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9"))
        assert "Regroupement familial" in page

    def test_language_switcher_names_each_language_in_itself(self, client: Client) -> None:
        page = html(in_language(client, "nl").get("/check/"))
        for code, name in (("en", "English"), ("nl", "Nederlands"), ("fr", "Français")):
            assert f'value="{code}" lang="{code}"' in page
            assert f">{name}</button>" in page

    def test_language_switcher_sets_the_language(self, client: Client) -> None:
        response = client.post("/i18n/setlang/", {"language": "nl", "next": "/check/"})
        assert response.status_code == 302
        assert response["Location"] == "/check/"
        assert "Gezinshereniging" in html(client.get("/check/"))

    def test_every_control_has_a_label(self, client: Client) -> None:
        parser = _Inputs()
        parser.feed(html(client.get("/check/")))
        assert len(parser.controls) > 20
        for control in parser.controls:
            assert control["wrapped"] or control.get("id") in parser.label_for, control

    def test_accessibility_landmarks(self, client: Client) -> None:
        page = html(client.get("/check/"))
        assert 'href="#main"' in page and 'id="main"' in page
        assert page.count("<fieldset") >= 6
        assert page.count("<legend") == page.count("<fieldset")
        assert "<script" not in page  # works without JavaScript

    def test_eligible_case_shows_the_outcome_and_trace(self, client: Client) -> None:
        response = client.post("/check/", SINGLE_FORM)
        assert response.status_code == 200
        page = html(response)
        assert 'class="result outcome-eligible"' in page
        assert '<span class="outcome-label">Eligible</span>' in page
        assert '<th scope="row">SAL-02</th>' in page
        assert ">Met</span>" in page
        assert "The gross wage €48,912 reaches the minimum €48,912" in page
        assert "002 §1.2.1 L213–L214" in page  # citation
        assert "EUR gross per year" in page  # unit, translated label

    def test_failing_case_in_dutch_with_decimal_comma(self, client: Client) -> None:
        form = {**SINGLE_FORM, "sp_gross_salary": "48911,99"}
        page = html(in_language(client, "nl").post("/check/", form))
        assert 'class="result outcome-not_eligible"' in page
        assert "Komt niet in aanmerking" in page
        assert "Niet voldaan" in page  # failed shown as text, not colour only
        assert "Het brutoloon € 48.911,99 ligt onder het minimum" in page
        assert "Voorwaarden waaraan niet is voldaan" in page

    def test_needs_review_lists_the_points_in_the_page_language(self, client: Client) -> None:
        form = {
            **SINGLE_FORM,
            "sp_region": "german_speaking_community",
            "sp_category": "eu_blue_card",
            "sp_gross_salary": "70000",
        }
        page = html(in_language(client, "de").post("/check/", form))
        assert "Prüfung durch einen Sachbearbeiter erforderlich" in page
        assert "Vom Sachbearbeiter zu prüfende Punkte" in page
        assert "Der Schwellenwert ist zweifelhaft" in page
        assert ">Offen</span>" in page

    def test_family_reunification_with_two_members(self, client: Client) -> None:
        response = in_language(client, "fr").post("/check/", FAMILY_FORM)
        assert response.status_code == 200
        page = html(response)
        rules = re.findall(r'<th scope="row">([^<]+)</th>', page)
        assert "FR-06" in rules
        assert "FR-01" in rules
        assert "Résultat" in page

    def test_sources_and_explanations_in_the_page_language(self, client: Client) -> None:
        # Issue 9 item 6: the legal act's French name and a written-out date, not ISO.
        page = html(in_language(client, "fr").post("/check/", FAMILY_FORM))
        assert "Loi du 18 juillet 2025" in page
        assert "Law of 18 Jul 2025" not in page
        assert "avant le 18 août 2025" in page
        assert "2025-08-18" not in page

    def test_the_other_procedures_fields_are_ignored(self, client: Client) -> None:
        form = {**SINGLE_FORM, "fr_net_monthly_income": "a lot", "fr_member1_age": "-3"}
        response = client.post("/check/", form)
        assert response.status_code == 200
        assert 'class="result outcome-eligible"' in html(response)

    def test_member_age_without_relationship_is_an_error(self, client: Client) -> None:
        form = {**FAMILY_FORM, "fr_member3_age": "12"}
        response = client.post("/check/", form)
        assert response.status_code == 400
        page = html(response)
        assert 'id="id_fr_member3_relationship_error"' in page
        assert 'href="#id_fr_member3_relationship">Family member 3: Relationship:' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"sp_gross_salary": "-5"}, "sp_gross_salary", "greater than or equal to 0"),
        ({"sp_gross_salary": "a lot"}, "sp_gross_salary", "Enter a number."),
        ({"date": "2024-12-31"}, "date", "Must not be before 2025-01-01"),
        ({"date": ""}, "date", "This field is required."),
        ({"sp_region": "mars"}, "sp_region", "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_next_to_the_field(
    client: Client, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/check/", {**SINGLE_FORM, **change})
    assert response.status_code == 400
    page = html(response)
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert error, f"no error list for {field}"
    assert message in error.group(1)
    assert re.search(rf'<[^>]*id="id_{field}"[^>]*aria-invalid="true"', page) or re.search(
        rf'<[^>]*aria-invalid="true"[^>]*id="id_{field}"', page
    )
    assert "outcome-" not in page
    assert "Please correct the following" in page


@pytest.mark.django_db
def test_engine_error_is_translated(client: Client) -> None:
    # An application filed after the decision's date is refused by the engine, next to the
    # field, in the page's language.
    response = in_language(client, "fr").post(
        "/check/", {**SINGLE_FORM, "sp_application_date": "2099-01-01"}
    )
    assert response.status_code == 400
    assert "Ne peut pas être postérieure à la date de la décision." in html(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "label", "heading"),
    [
        ("en", "Region of employment", "Still needed for a final answer"),
        ("nl", "Gewest van tewerkstelling", "Nog nodig voor een definitief antwoord"),
        ("fr", "Région d'emploi", "Encore nécessaire pour une réponse définitive"),
        ("de", "Region der Beschäftigung", "Für eine endgültige Antwort noch benötigt"),
    ],
)
def test_a_partial_case_is_answered_with_the_facts_still_needed(
    client: Client, lang: str, label: str, heading: str
) -> None:
    """Issue 9 item 4: without the region the page answers what it can and asks for it,
    labelled from the facts declaration in the page's language."""
    response = in_language(client, lang).post("/check/", {**SINGLE_FORM, "sp_region": ""})
    assert response.status_code == 200
    page = html(response)
    assert "outcome-incomplete" in page and heading in page
    listed = re.search(r'<ul class="missing-facts">(.*?)</ul>', page, re.S)
    assert listed and label.replace("'", "&#x27;") in listed.group(1)


@pytest.mark.django_db
def test_other_methods_are_refused(client: Client) -> None:
    assert client.put("/check/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_landing_page_links_and_language(client: Client, lang: str) -> None:
    page = html(in_language(client, lang).get("/"))
    assert 'href="/check/"' in page
    assert 'href="/api/docs/"' in page
    expected = {
        "en": "Belgian migration rules, explained",
        "nl": "de Belgische migratieregels uitgelegd",
        "fr": "les règles belges de la migration expliquées",
        "de": "die belgischen Migrationsregeln erklärt",
    }[lang]
    assert expected in page


@pytest.mark.django_db
def test_unknown_page_is_an_html_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in html(response)


@pytest.mark.django_db
def test_stylesheet_is_served(client: Client) -> None:
    response = client.get("/static/passage/site.css")
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_single_permit_fields_come_from_the_facts_declaration(client: Client, lang: str) -> None:
    """Issue 9 item 3: every declared single-permit fact is a field of /check/, in the
    declaration's order, labelled in the page's language."""
    from html import escape

    from passage.rules.single_permit import FACT_SHEET

    page = html(in_language(client, lang).get("/check/"))
    positions = []
    for fact in FACT_SHEET.facts:
        assert f'name="sp_{fact.name}"' in page, fact.name
        assert escape(fact.label[lang]) in page, (lang, fact.label[lang])
        positions.append(page.index(f'name="sp_{fact.name}"'))
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_a_check_waiting_for_a_fact_is_not_a_point_for_a_caseworker(client: Client) -> None:
    page = html(client.post("/check/", {**SINGLE_FORM, "sp_region": ""}))
    assert "Still needed for a final answer" in page
    assert "Points for a caseworker to review" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_family_fields_come_from_the_facts_declaration(client: Client, lang: str) -> None:
    from html import escape

    from passage.rulebook.forms import FR_FORM, FR_MEMBER_FORM
    from passage.rules.family_reunification.facts import FACT_SHEET, MEMBER_SHEET

    page = html(in_language(client, lang).get("/check/"))
    for name in FR_FORM:
        assert f'name="fr_{name}"' in page
        assert escape(FACT_SHEET[name].label[lang]) in page, (lang, name)
    for name in FR_MEMBER_FORM:
        assert f'name="fr_member1_{name}"' in page
        assert escape(MEMBER_SHEET[name].label[lang]) in page, (lang, name)
