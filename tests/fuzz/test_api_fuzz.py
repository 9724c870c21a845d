# SPDX-License-Identifier: EUPL-1.2
"""Fuzz every API operation from its own OpenAPI schema, as every role (issue 12, "Fuzz").

schemathesis generates requests from `/api/schema/` (valid and invalid bodies, parameters and
headers) and sends them through the WSGI application in this process, so the calls run in the
test's transaction on the real PostgreSQL. Every answer is checked: no 5xx, status code, content
type and body as the schema documents them (problem+json included).

`make test` runs a short variant (`PASSAGE_FUZZ_EXAMPLES`, default 6 examples per operation and
role); `make fuzz` runs 100 with the seed printed.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
import schemathesis
from casework_factories import ApplicationFactory, OrganisationFactory, make_user
from hypothesis import HealthCheck, settings

#: Answers a schema-valid request may get (see _wsgi_schema).
VALID_BUT_REFUSED = ("2xx", "3xx", "400", "401", "403", "404", "409", "412", "422", "428", "429")
EXAMPLES = int(os.environ.get("PASSAGE_FUZZ_EXAMPLES", "6"))
CSRF = "fuzzcsrftokenfuzzcsrftokenfuzzcs"  # 32 characters, as Django's unmasked secret

ROLES = (
    "anonymous",
    "employer",
    "regional_officer",
    "immigration_officer",
    "analyst",
    "administrator",
)


@schemathesis.serializer("application/x-ndjson", "application/jsonl")
def _json_lines(ctx: Any, value: Any) -> bytes:
    # The schema types a JSON Lines body as a string of lines; send it as it is.
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else b""


def _wsgi_schema() -> Any:
    from django.core.wsgi import get_wsgi_application

    # Loaded at collection (schemathesis' lazy fixture loader does not run on pytest 9); the
    # schema view reads no database.
    # A schema-valid request may still be refused with a 400 naming the field for what JSON
    # Schema cannot say (a date before the rulebook starts, a due date not after today, a
    # transition the state does not allow: 409/412/428); a 5xx or an undocumented answer
    # never. Invalid requests must still be refused (negative_data_rejection unchanged).
    config = schemathesis.config.SchemathesisConfig.from_dict(
        {"checks": {"positive_data_acceptance": {"expected-statuses": list(VALID_BUT_REFUSED)}}}
    )
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), config=config
    )


schema = _wsgi_schema()


@pytest.fixture(autouse=True)
def _keep_test_connection() -> Any:
    from django.core import signals
    from django.db import close_old_connections

    # As Django's test client does: the end of a request must not close the connection that
    # holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _headers(role: str) -> dict[str, str]:
    """Cookies and headers of a logged-in `role`, with objects in its scope to act on."""
    from django.test import Client

    if role == "anonymous":
        return {}
    organisation = OrganisationFactory()
    kwargs: dict[str, Any] = {}
    if role == "employer":
        kwargs["organisation"] = organisation
    if role == "regional_officer":
        kwargs["region"] = "flanders"
    user = make_user(role, **kwargs)
    if role == "administrator":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    for state in ("draft", "regional_assessment", "federal_assessment"):
        ApplicationFactory(
            worker__organisation=organisation,
            state=state,
            submitted_at=None if state == "draft" else dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        )
    client = Client()
    client.force_login(user)
    return {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
    }


@pytest.fixture
def role_headers(db: Any) -> dict[str, dict[str, str]]:
    return {role: _headers(role) for role in ROLES}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("PASSAGE_FUZZ_SEED") is None,
)
def test_every_operation_answers_as_documented(
    case: Any, role_headers: dict[str, dict[str, str]]
) -> None:
    # One generated request, sent as every role: each answer must be one the schema documents.
    for headers in role_headers.values():
        case.call_and_validate(headers=headers)
