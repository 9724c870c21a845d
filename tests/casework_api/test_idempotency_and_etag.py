# SPDX-License-Identifier: EUPL-1.2
"""Idempotency-Key on submissions and ETag / If-Match on edits and officers' actions."""

from __future__ import annotations

from typing import Any

from casework_api_support import problem

from passage.casework.models import Application, ApplicationEvent, IdempotencyRecord


class TestSubmitIdempotency:
    def test_replay_returns_the_original_status_and_body(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        url = f"/api/v1/applications/{app.reference}/submit"
        first = employer.post(url, None, **{"Idempotency-Key": "k-1"})
        assert first.status_code == 200, first.content
        again = employer.post(url, None, **{"Idempotency-Key": "k-1"})
        assert again.status_code == 200
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true"
        assert again["ETag"] == first["ETag"]
        # Submitted once: one submit event, version bumped once.
        assert ApplicationEvent.objects.filter(application=app, kind="submit").count() == 1
        assert Application.objects.get(pk=app.pk).version == app.version + 1

    def test_same_key_different_body_is_422(self, world: Any, api_as: Any) -> None:
        one = world.application("a", "flanders")
        other = world.application("a", "wallonia")
        employer = api_as(world.users["employer_a"])
        ok = employer.post(
            f"/api/v1/applications/{one.reference}/submit", None, **{"Idempotency-Key": "k-2"}
        )
        assert ok.status_code == 200
        reused = employer.post(
            f"/api/v1/applications/{other.reference}/submit", None, **{"Idempotency-Key": "k-2"}
        )
        doc = problem(reused)
        assert reused.status_code == 422
        assert doc["field"] == "Idempotency-Key"
        assert Application.objects.get(pk=other.pk).state == "draft"

    def test_same_key_on_create_with_another_body_is_422(self, world: Any, api_as: Any) -> None:
        employer = api_as(world.users["employer_a"])
        body = new_application_body()
        assert (
            employer.post("/api/v1/applications", body, **{"Idempotency-Key": "c-1"}).status_code
            == 201
        )
        body["gross_salary"] = "70000.00"
        response = employer.post("/api/v1/applications", body, **{"Idempotency-Key": "c-1"})
        assert response.status_code == 422
        assert Application.objects.count() == 1

    def test_missing_key_is_400_naming_the_header(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        response = api_as(world.users["employer_a"]).post(
            f"/api/v1/applications/{app.reference}/submit"
        )
        assert response.status_code == 400
        assert problem(response)["field"] == "Idempotency-Key"
        assert Application.objects.get(pk=app.pk).state == "draft"

    def test_an_error_is_not_stored_and_keys_are_per_user(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders", "submitted")
        employer = api_as(world.users["employer_a"])
        url = f"/api/v1/applications/{app.reference}/submit"
        response = employer.post(url, None, **{"Idempotency-Key": "k-3"})
        assert response.status_code == 409
        assert problem(response)["field"] == "state"
        assert not IdempotencyRecord.objects.filter(key="k-3").exists()

    def test_keys_are_per_user(self, world: Any, api_as: Any) -> None:
        mine = world.application("a", "flanders")
        theirs = world.application("b", "brussels")
        key = {"Idempotency-Key": "shared"}
        assert (
            api_as(world.users["employer_a"])
            .post(f"/api/v1/applications/{mine.reference}/submit", None, **key)
            .status_code
            == 200
        )
        assert (
            api_as(world.users["employer_b"])
            .post(f"/api/v1/applications/{theirs.reference}/submit", None, **key)
            .status_code
            == 200
        )


def new_application_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "worker": {
            "given_name": "Amina",
            "family_name": "Haddad",
            "birth_date": "1990-04-02",
            "nationality": "MA",
        },
        "permit_type": "fixed_term",
        "workplace_postcode": "2000",
        "category": "highly_skilled",
        "occupation": "2512",
        "gross_salary": "60000.00",
        "salary_period": "year",
        "start_date": "2026-09-01",
        "facts": {"age": 35},
    }
    body.update(overrides)
    return body


class TestETag:
    def test_detail_and_patch_carry_the_version(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        employer = api_as(world.users["employer_a"])
        url = f"/api/v1/applications/{app.reference}"
        etag = employer.get(url)["ETag"]
        assert etag == f'W/"{app.version}"'
        changed = employer.patch(url, {"gross_salary": "65000.00"}, **{"If-Match": etag})
        assert changed.status_code == 200, changed.content
        assert changed["ETag"] == f'W/"{app.version + 1}"'
        assert changed.json()["version"] == app.version + 1

    def test_patch_without_if_match_is_428(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        url = f"/api/v1/applications/{app.reference}"
        response = api_as(world.users["employer_a"]).patch(url, {"gross_salary": "1.00"})
        assert response.status_code == 428
        assert problem(response)["field"] == "If-Match"
        assert Application.objects.get(pk=app.pk).gross_salary == app.gross_salary

    def test_stale_if_match_is_412_never_a_lost_update(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders")
        url = f"/api/v1/applications/{app.reference}"
        employer = api_as(world.users["employer_a"])
        read = employer.get(url)["ETag"]
        first = employer.patch(url, {"gross_salary": "65000.00"}, **{"If-Match": read})
        assert first.status_code == 200
        second = employer.patch(url, {"gross_salary": "50000.00"}, **{"If-Match": read})
        assert second.status_code == 412
        assert problem(second)["field"] == "If-Match"
        assert str(Application.objects.get(pk=app.pk).gross_salary) == "65000.00"

    def test_officer_actions_require_if_match(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders", "submitted")
        officer = api_as(world.officer_for("flanders"))
        url = f"/api/v1/applications/{app.reference}/completeness-check"
        missing = officer.post(url)
        assert missing.status_code == 428
        star = officer.post(url, None, **{"If-Match": "*"})
        assert star.status_code == 428
        stale = officer.post(url, None, **{"If-Match": f'W/"{app.version - 1}"'})
        assert stale.status_code == 412
        garbage = officer.post(url, None, **{"If-Match": "seven"})
        assert garbage.status_code == 400
        assert Application.objects.get(pk=app.pk).state == "submitted"
        strong = officer.post(url, None, **{"If-Match": f'"{app.version}"'})
        assert strong.status_code == 200
        assert strong.json()["state"] == "completeness_check"

    def test_two_officers_one_version(self, world: Any, api_as: Any) -> None:
        """Both read version n; the first decision wins, the second is a 412."""
        app = world.application("a", "flanders", "regional_assessment")
        etag = f'W/"{app.version}"'
        url = f"/api/v1/applications/{app.reference}/decide-regional"
        officer = api_as(world.officer_for("flanders"))
        ok = officer.post(url, {"outcome": "granted"}, **{"If-Match": etag})
        assert ok.status_code == 200
        late = officer.post(url, {"outcome": "refused", "motivation": "x"}, **{"If-Match": etag})
        assert late.status_code == 412
        assert Application.objects.get(pk=app.pk).state == "granted"

    def test_illegal_transition_is_409_naming_the_state(self, world: Any, api_as: Any) -> None:
        app = world.application("a", "flanders", "submitted")
        response = api_as(world.officer_for("flanders")).post(
            f"/api/v1/applications/{app.reference}/decide-regional",
            {"outcome": "granted"},
            **{"If-Match": f'W/"{app.version}"'},
        )
        doc = problem(response)
        assert response.status_code == 409
        assert doc["field"] == "state"
        assert "submitted" in doc["detail"]
