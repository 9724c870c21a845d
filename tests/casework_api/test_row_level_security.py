# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL row-level security alone, with the selectors' scoping bypassed: the backstop
fails closed (no settings → no rows) and never shows another region's or employer's rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from passage.casework import rls, selectors
from passage.casework.models import Application, Document

TABLES = rls.TABLES


@contextmanager
def as_app(role: str | None = None, region: str = "", organisation: str = "") -> Iterator[Any]:
    """A savepoint in which queries run as passage_app with these settings (None: unset)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if role is None:
            cursor.execute("SELECT set_config('role', %s, true)", [rls.APP_ROLE])
        else:
            rls.rls_activate(role, region, organisation)
        yield cursor
        rls.rls_deactivate()


def _counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def three(world: Any) -> dict[str, Application]:
    """Applications of A in Flanders and Wallonia, of B in Brussels, with decisions, events,
    an information request: a row in each of the six tables."""
    apps = {
        "a_fl": world.application("a", "flanders", "federal_assessment"),
        "a_wa": world.application("a", "wallonia", "regional_assessment"),
        "b_bru": world.application("b", "brussels", "submitted"),
    }
    from passage.casework import services

    services.application_request_information(
        actor=world.officer_for("wallonia"), application=apps["a_wa"], message="Diploma?"
    )
    # No upload service yet: a document row arranged directly, for the policy to filter.
    Document.objects.create(
        application=apps["a_wa"],
        kind="diploma",
        filename="diploma.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
        content=b"pdf",
        uploaded_by=world.users["employer_a"],
        uploaded_at=timezone.now(),
    )
    return apps


def test_the_role_is_not_a_superuser_and_cannot_bypass(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = %s",
            [rls.APP_ROLE],
        )
        assert cursor.fetchone() == (False, False, False)
        for table in TABLES:
            cursor.execute(
                "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = %s",
                [table],
            )
            assert cursor.fetchone() == (True, True), table


def test_no_settings_no_rows(three: Any) -> None:
    with connection.cursor() as cursor:
        # As the connection's own role everything is there (the tables are not empty) …
        assert all(_counts(cursor).values())
    # … but as passage_app without a single setting, nothing.
    with as_app(None) as cursor:
        assert _counts(cursor) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize(
    "rls_settings",
    [
        ("", "", ""),
        ("analyst", "", ""),
        ("regional_officer", "", ""),  # an officer without a region
        ("employer_member", "", ""),  # an employer member without an organisation
        ("someone", "flanders", "1"),  # an unknown role
        ("regional_officer", "atlantis", ""),
    ],
)
def test_fail_closed(three: Any, rls_settings: tuple[str, str, str]) -> None:
    with as_app(*rls_settings) as cursor:
        assert _counts(cursor) == dict.fromkeys(TABLES, 0)


def test_regional_officer_sees_only_their_region(three: Any) -> None:
    with as_app("regional_officer", "wallonia") as cursor:
        cursor.execute("SELECT reference FROM casework_application")
        assert {r for (r,) in cursor.fetchall()} == {three["a_wa"].reference}
        cursor.execute("SELECT DISTINCT application_id FROM casework_applicationevent")
        assert {r for (r,) in cursor.fetchall()} == {three["a_wa"].pk}
        cursor.execute("SELECT count(*) FROM casework_applicationdecision")
        assert cursor.fetchone()[0] == 0  # Flanders' decision is invisible
        cursor.execute("SELECT count(*) FROM casework_informationrequest")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT id FROM casework_worker")
        assert {r for (r,) in cursor.fetchall()} == {three["a_wa"].worker_id}
        cursor.execute("SELECT count(*) FROM casework_document")
        assert cursor.fetchone()[0] == 1
    with as_app("regional_officer", "flanders") as cursor:
        cursor.execute("SELECT count(*) FROM casework_document")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM casework_applicationdecision")
        assert cursor.fetchone()[0] == 1


def test_employer_sees_only_their_organisation(world: Any, three: Any) -> None:
    with as_app("employer_member", organisation=str(world.org_b.pk)) as cursor:
        cursor.execute("SELECT reference FROM casework_application")
        assert {r for (r,) in cursor.fetchall()} == {three["b_bru"].reference}
        cursor.execute("SELECT count(*) FROM casework_worker")
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize("role", ["administrator", "immigration_officer"])
def test_every_region(three: Any, role: str) -> None:
    with as_app(role) as cursor:
        assert _counts(cursor)["casework_application"] == 3


def test_no_write_across_regions(three: Any) -> None:
    flemish = three["a_fl"]
    with as_app("regional_officer", "wallonia") as cursor:
        cursor.execute(
            "UPDATE casework_application SET state = 'refused' WHERE id = %s", [flemish.pk]
        )
        assert cursor.rowcount == 0
        cursor.execute(
            "DELETE FROM casework_applicationevent WHERE application_id = %s", [flemish.pk]
        )
        assert cursor.rowcount == 0
    with (
        pytest.raises(DatabaseError, match="row-level security"),
        as_app("regional_officer", "wallonia") as cursor,
    ):
        cursor.execute(
            "INSERT INTO casework_applicationevent (application_id, at, part, kind, from_state, "
            "to_state, reason, data) VALUES (%s, now(), 'regional', 'forged', '', '', '', '{}')",
            [flemish.pk],
        )
    with (
        pytest.raises(DatabaseError, match="row-level security"),
        as_app("employer_member", organisation=str(flemish.organisation_id)) as cursor,
    ):
        # Moving one's own application into another organisation is refused by WITH CHECK.
        cursor.execute(
            "UPDATE casework_application SET organisation_id = organisation_id + 1 WHERE id = %s",
            [flemish.pk],
        )
    assert Application.objects.get(pk=flemish.pk).state == flemish.state


def test_api_with_selector_scoping_bypassed(
    world: Any, three: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break the first two layers on purpose: the selector returns every application and the
    rules allow everything. Row-level security still hides the other regions."""
    monkeypatch.setattr(
        selectors, "application_list_for", lambda user: Application.objects.order_by("-id")
    )
    monkeypatch.setattr(
        "passage.casework.api.views.CaseworkApi.permit", staticmethod(lambda *a: None)
    )
    officer = api_as(world.officer_for("wallonia"))
    listed = officer.get("/api/v1/applications?page_size=100")
    assert listed.status_code == 200
    assert [row["reference"] for row in listed.json()["results"]] == [three["a_wa"].reference]
    assert officer.get(f"/api/v1/applications/{three['a_fl'].reference}").status_code == 404
    response = officer.post(
        f"/api/v1/applications/{three['b_bru'].reference}/completeness-check",
        None,
        **{"If-Match": f'W/"{three["b_bru"].version}"'},
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=three["b_bru"].pk).state == "submitted"


def test_api_with_no_settings_sees_nothing(
    world: Any, three: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user whose settings come out empty (a bug, a missing profile) sees no row at all,
    even an administrator's unscoped selector."""
    monkeypatch.setattr(rls, "rls_settings_for", lambda user: ("", "", ""))
    admin = api_as(world.users["administrator"])
    listed = admin.get("/api/v1/applications")
    assert listed.status_code == 200
    assert listed.json()["results"] == []
    assert admin.get(f"/api/v1/applications/{three['a_fl'].reference}").status_code == 404


def test_requests_leave_the_connection_as_it_was(world: Any, three: Any, api_as: Any) -> None:
    api_as(world.officer_for("wallonia")).get("/api/v1/applications")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_setting('passage.role', true)")
        user, role = cursor.fetchone()
    assert user != rls.APP_ROLE
    assert role in ("", None)
