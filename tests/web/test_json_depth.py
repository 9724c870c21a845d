# SPDX-License-Identifier: EUPL-1.2
"""JSON nesting bounded before parsing (issue 12): a 10 000-deep body was a 500 on every JSON
endpoint; now every URL answers a 400 problem naming ``body``, and the CLI exits 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from passage.accounts.models import Profile
from passage.jsondepth import MAX_JSON_DEPTH, JSONTooDeep, check_json_depth, json_depth

DEEP = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not route.startswith("^"):
            yield "/" + prefix + route


def _sample(route: str) -> str:
    route = re.sub(r"<int:[^>]+>", "1", route)
    return re.sub(r"<(?:str:|slug:)?[^>]+>", "VL-2026-000001", route)


ROUTES = sorted({_sample(r) for r in _routes(get_resolver().url_patterns)})


def _problem(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    doc: dict[str, Any] = json.loads(response.content)
    return doc


@pytest.fixture
def admin_client(db: Any) -> Client:
    user = get_user_model().objects.create_user(username="deep-admin", is_staff=True)
    Profile.objects.create(user=user, role="administrator")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class TestEveryEndpoint:
    def test_routes_include_the_json_apis(self) -> None:
        assert "/api/v1/rules/check" in ROUTES
        assert "/api/v1/applications" in ROUTES
        assert any(r.startswith("/api/v1/monitoring/alerts/") for r in ROUTES)

    @pytest.mark.django_db
    @pytest.mark.parametrize("path", ROUTES)
    def test_deep_body_is_a_400_naming_body(self, path: str, admin_client: Client) -> None:
        anonymous = Client(raise_request_exception=False)
        for client in (anonymous, admin_client):
            for body in (DEEP, DEEP_OBJECT):
                response = client.post(path, body, content_type="application/json")
                if response.status_code == 413:  # an endpoint whose own limit is smaller
                    assert response.json()["field"] == "body"
                    continue
                doc = _problem(response)
                assert doc["field"] == "body"
                assert f"deeper than {MAX_JSON_DEPTH} levels" in doc["detail"]

    @pytest.mark.django_db
    def test_json_lines_and_problem_types_are_checked_too(self) -> None:
        client = Client(raise_request_exception=False)
        for media in ("application/x-ndjson", "application/merge-patch+json"):
            doc = _problem(client.post("/api/v1/rules/check", DEEP, content_type=media))
            assert doc["field"] == "body"

    @pytest.mark.django_db
    def test_a_reasonable_nested_case_still_passes(self) -> None:
        case = {"procedure": "single_permit", "date": "2026-03-01", "region": "flanders"}
        response = Client().post(
            "/api/v1/rules/check", json.dumps([case, case]), content_type="application/json"
        )
        assert response.status_code == 200


class TestCli:
    @pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
    def test_rules_check_exits_2_naming_body(self, body: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "passage.cli", "rules", "check", "-"],
            input=body,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert "body" in result.stderr and "deeper than" in result.stderr
        assert "Traceback" not in result.stderr


def _nested(depth: int, leaf: Any) -> Any:
    for n in range(depth):
        leaf = [leaf] if n % 2 else {"k[": leaf, ']\\"': "}{"}
    return leaf


class TestScan:
    @given(depth=st.integers(0, 60), leaf=st.one_of(st.text(), st.integers(), st.none()))
    def test_depth_is_the_parsed_depth(self, depth: int, leaf: Any) -> None:
        text = json.dumps(_nested(depth, leaf))
        assert json_depth(text) == depth
        if depth > MAX_JSON_DEPTH:
            with pytest.raises(JSONTooDeep):
                check_json_depth(text)
        else:
            check_json_depth(text)

    def test_brackets_inside_strings_do_not_count(self) -> None:
        assert json_depth('["[[[[{{{{", "\\"[[[["]') == 1
