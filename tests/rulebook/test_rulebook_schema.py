# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI 3.1 description and the offline Swagger UI."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from passage.rulebook import forms, openapi
from passage.rules import default_rulebook, evaluate
from passage.rules import single_permit as sp
from passage.rules.engine import PROCEDURES
from passage.rules.procedures import family_reunification as fr


def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_openapi_3_1_and_describes_the_contract(api: Client) -> None:
    doc = schema(api)
    assert doc["openapi"].startswith("3.1")
    check = doc["paths"]["/api/v1/rules/check"]["post"]
    assert set(check["requestBody"]["content"]) == {
        "application/json",
        "application/x-ndjson",
        "application/jsonl",
    }
    assert {"200", "400", "405", "413", "415"} <= set(check["responses"])
    # What the server sends (passage.api.openapi.problem_responses): problem+json.
    assert check["responses"]["400"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    components = doc["components"]["schemas"]
    for name in ("Case", "Decision", "Check", "Citation", "Problem", "ParametersInForce"):
        assert name in components
    assert set(components["Case"]["properties"]["procedure"]["enum"]) == set(PROCEDURES)
    assert "/api/v1/rules/parameters" in doc["paths"]


def test_every_schema_reference_resolves(api: Client) -> None:
    doc = schema(api)
    text = json.dumps(doc)
    for name in set(re.findall(r'"#/components/schemas/([^"]+)"', text)):
        assert name in doc["components"]["schemas"], name


def test_request_examples_are_valid_cases() -> None:
    """The documentation must not show a case the engine refuses."""
    for example in openapi.CHECK_SCHEMA["examples"]:
        if not example.request_only:
            continue
        if isinstance(example.value, dict) and "proposal" in example.value:
            # A what-if request: its proposal and its cases must be accepted too.
            proposed = default_rulebook().with_proposal(example.value["proposal"])
            for case in example.value["cases"]:
                evaluate(case, proposed)
            values = example.value["cases"]
        else:
            values = example.value if isinstance(example.value, list) else [example.value]
        if isinstance(example.value, str):
            values = [json.loads(line) for line in example.value.splitlines()]
        for case in values:
            evaluate(case)


def test_decision_example_is_what_the_engine_answers() -> None:
    expected = {k: v for k, v in openapi._DECISION_EXAMPLE.items() if k not in ("id",)}
    actual = evaluate(openapi._SINGLE).to_dict()
    expected.pop("rulebook_version")
    actual.pop("rulebook_version")
    assert actual == expected


def test_docs_page_loads_nothing_from_the_internet(api: Client) -> None:
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # Every asset is a relative URL on this server.
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for url in assets:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
    assert "http://" not in html and "https://" not in html


def test_docs_assets_are_served_locally(api: Client) -> None:
    html = api.get("/api/docs/").content.decode()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        response = api.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert len(body) > 100


def test_form_labels_cover_the_engines_enumerations() -> None:
    """A new region, category or status in the engine must get a label on the check page."""
    assert list(forms.REGION_LABELS) == list(sp.REGIONS)
    assert list(forms.CATEGORY_LABELS) == list(sp.CATEGORIES)
    assert list(forms.SECTOR_LABELS) == list(sp.SECTORS)
    assert list(forms.SPONSOR_STATUS_LABELS) == list(fr.SPONSOR_STATUSES)
    assert list(forms.RELATIONSHIP_LABELS) == list(fr.RELATIONSHIPS)


def test_single_permit_facts_in_the_openapi_come_from_the_one_declaration() -> None:
    """Issue 9 item 3: the API documents each single-permit fact exactly as declared."""
    # application_date is also a family-reunification fact; age, region and sector are also
    # facts of the issue 9 item 6 procedures (REC-08, EMP-01, INT-WA-01): documented for all.
    shared = {"application_date", "age", "region", "sector"}
    for fact in sp.FACT_SHEET.facts:
        got = openapi.CASE["properties"][fact.name]
        if fact.name in shared:
            assert "single_permit" in got["description"]
            if fact.kind == "enum":
                assert got["enum"] == list(fact.values)
            continue
        assert got == fact.openapi_schema("single_permit"), fact.name
        if fact.kind == "enum":
            assert got["enum"] == list(fact.values)


def test_family_reunification_facts_in_the_openapi_come_from_the_one_declaration() -> None:
    from passage.rules.family_reunification.facts import FACT_SHEET, MEMBER_SHEET

    for fact in FACT_SHEET.facts:
        if fact.name in {"application_date", "family_members"}:
            continue  # shared with other procedures / a reference to FamilyMember
        assert openapi.CASE["properties"][fact.name] == fact.openapi_schema(
            "family_reunification"
        ), fact.name
    member = openapi.FAMILY_MEMBER["properties"]
    assert list(member) == [f.name for f in MEMBER_SHEET.facts]


@pytest.mark.parametrize("bad", [{}, [], True, 1.5])
def test_a_case_id_that_is_not_a_string_or_an_integer_is_refused(bad: Any) -> None:
    """Found by the schemathesis fuzz (tests/fuzz): `id: {}` came back as the reference."""
    from passage.rules import InputError
    from passage.rules.bulk import summarise_cases

    case = {**openapi._SINGLE, "id": bad}
    with pytest.raises(InputError) as single:
        evaluate(case)
    assert single.value.field == "id"
    with pytest.raises(InputError) as batch:
        summarise_cases([openapi._SINGLE, case], default_rulebook())
    assert batch.value.field == "[1].id"
