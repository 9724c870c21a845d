# SPDX-License-Identifier: EUPL-1.2
"""The public parameter explorer: /rules/parameters/ and /rules/parameters/<name>/."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from passage.rulebook.selectors import parameter_explorer_get, parameters_explorer, seed_source
from passage.rules import default_rulebook

pytestmark = pytest.mark.django_db

GMMI = "single_permit.gmmi"


def html(response: Any) -> str:
    return str(response.content, "utf-8")


def in_language(client: Client, lang: str) -> Client:
    client.cookies["django_language"] = lang
    return client


def test_list_page_shows_every_parameter_with_its_citation(client: Client) -> None:
    response = in_language(client, "en").get("/rules/parameters/")
    assert response.status_code == 200
    page = html(response)
    assert '<html lang="en">' in page
    assert "<h1>Legal parameters</h1>" in page
    for name in default_rulebook().values:
        assert f'href="/rules/parameters/{name}/"' in page
    # The GMMI's citation: the catalogue id and the seed line, as words.
    assert "SAL-01, seed 002, §1.2.1, line 208" in page
    assert '<th scope="col">' in page and "<caption>" in page


def test_detail_page_shows_the_dated_values(client: Client) -> None:
    response = in_language(client, "en").get(f"/rules/parameters/{GMMI}/")
    assert response.status_code == 200
    page = html(response)
    assert "2070.48" in page and "2111.89" in page
    # The first value ends the day before the indexation; the second has no end.
    assert "Jan. 31, 2025" in page and "Feb. 1, 2025" in page
    assert "no end date" in page
    assert "2070.48 → 2111.89" in page
    assert "SAL-01" in page


def test_unknown_parameter_is_a_404_page(client: Client) -> None:
    response = Client(raise_request_exception=False).get("/rules/parameters/no.such.thing/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
    assert "Page not found" in html(response)


def test_dutch_page_has_a_dutch_heading(client: Client) -> None:
    page = html(in_language(client, "nl").get("/rules/parameters/"))
    assert '<html lang="nl">' in page
    assert "<h1>Juridische parameters</h1>" in page
    detail = html(in_language(client, "nl").get(f"/rules/parameters/{GMMI}/"))
    assert "Gedateerde waarden" in detail
    assert "2111,89" in detail  # the decimal comma


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fr", "Paramètres juridiques"), ("de", "Rechtliche Parameter")],
)
def test_other_languages(client: Client, lang: str, heading: str) -> None:
    page = html(in_language(client, lang).get("/rules/parameters/"))
    assert f"<h1>{heading}</h1>" in page


def test_check_page_links_to_the_explorer(client: Client) -> None:
    assert 'href="/rules/parameters/"' in html(client.get("/check/"))


def test_selector_reads_values_ends_and_changes() -> None:
    p = parameter_explorer_get(GMMI)
    assert p is not None
    assert p.rules[0] == "SAL-01"
    assert [str(v.value.value) for v in p.values] == ["2070.48", "2111.89"]
    assert p.values[0].end is not None and p.values[1].end is None
    assert p.changes[0].old is None and p.changes[1].old is p.values[0].value
    assert parameter_explorer_get("no.such.thing") is None
    assert len(parameters_explorer()) == len(default_rulebook().values)


def test_seed_source_parsing() -> None:
    s = seed_source("002 §1.2.1 L208–L222 (no conversion rule given)")
    assert (s.seed, s.section, s.lines) == ("002", "1.2.1", (208, 222))
    assert seed_source("verified value entered by root").seed is None


def test_detail_page_names_the_legal_act_in_the_page_language(client: Client) -> None:
    # Issue 9 item 6: the Programme Law behind the nationality fee (NAT-02, 002 L1355).
    name = "nationality.fee"
    assert html(in_language(client, "en").get(f"/rules/parameters/{name}/")).count(
        "Programme Law of 18 Jul 2025"
    )
    nl = html(in_language(client, "nl").get(f"/rules/parameters/{name}/"))
    assert "Programmawet van 18 juli 2025" in nl and "Programme Law" not in nl
    de = html(in_language(client, "de").get(f"/rules/parameters/{name}/"))
    assert "Programmgesetz vom 18. Juli 2025" in de
