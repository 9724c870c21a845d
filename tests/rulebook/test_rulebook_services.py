# SPDX-License-Identifier: EUPL-1.2
"""Administrators' verified values and occupation codes, the rulebook selector, data load."""

from __future__ import annotations

import datetime as dt
import json
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from rulebook_cases import GSC_BLUE_CARD, GSC_CASE

from passage.rulebook.models import OccupationListEntry, ParameterOverride
from passage.rulebook.selectors import (
    RULEBOOK_STATE,
    _state,
    rulebook_current,
    rulebook_state_annotation,
)
from passage.rulebook.services import (
    occupation_list_entry_create,
    parameter_override_create,
    reference_data_load,
)

START = dt.date(2025, 1, 1)


def check(client: Client, case: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/rules/check", json.dumps(case), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def override(user: Any, **kwargs: Any) -> ParameterOverride:
    args: dict[str, Any] = {
        "parameter": GSC_BLUE_CARD,
        "start": START,
        "value": "68815",
        "reference": "Decree of the German-speaking Community (verified by hand)",
        "entered_by": user,
    }
    args.update(kwargs)
    return parameter_override_create(**args)


class TestParameterOverrideFlow:
    def test_verified_value_turns_needs_review_into_a_decision(
        self, api: Client, admin_user: Any
    ) -> None:
        before = check(api, GSC_CASE)
        assert before["outcome"] == "needs_review"
        assert before["checks"][0]["passed"] is None

        override(admin_user)

        after = check(api, GSC_CASE)
        assert after["outcome"] == "eligible"
        sal02 = after["checks"][0]
        assert sal02["threshold"] == "68815"
        assert sal02["parameter"] == GSC_BLUE_CARD
        assert sal02["citation"]["legal_act"].startswith("Decree of the German-speaking")
        assert after["rulebook_version"] != before["rulebook_version"]
        low = check(api, {**GSC_CASE, "gross_salary": "68814.99"})
        assert low["outcome"] == "not_eligible"

    def test_the_parameters_endpoint_shows_who_entered_it(
        self, api: Client, admin_user: Any
    ) -> None:
        override(admin_user, value="68815.50")
        doc = api.get("/api/v1/rules/parameters", {"date": "2025-03-01"}).json()
        entry = next(p for p in doc["parameters"] if p["parameter"] == GSC_BLUE_CARD)
        assert entry["value"] == "68815.50"
        assert entry["entered_by"] == "root"
        assert "needs_review" not in entry

    def test_stored_value_is_plain_decimal_text(self, admin_user: Any) -> None:
        assert override(admin_user, value=" 6.8815E+4 ").value == "68815"


class TestParameterOverrideValidation:
    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"parameter": "single_permit.salary.atlantis.executive"}, "parameter"),
            ({"parameter": "family_reunification.conditions.partner_minimum_age"}, "parameter"),
            ({"value": "-1"}, "value"),
            ({"value": "a lot"}, "value"),
            ({"value": "NaN"}, "value"),
            ({"status": "rumoured"}, "status"),
            ({"reference": "  "}, "reference"),
        ],
    )
    def test_bad_override_names_the_field(
        self, admin_user: Any, kwargs: dict[str, Any], field: str
    ) -> None:
        with pytest.raises(ValidationError) as info:
            override(admin_user, **kwargs)
        assert field in info.value.message_dict
        assert ParameterOverride.objects.count() == 0

    def test_one_value_per_parameter_and_start(self, admin_user: Any) -> None:
        override(admin_user)
        with pytest.raises(ValidationError) as info:
            override(admin_user, value="70000")
        assert "start" in info.value.message_dict
        override(admin_user, start=dt.date(2026, 1, 1), value="70000")
        assert ParameterOverride.objects.count() == 2


class TestOccupationLists:
    CASE = {
        "procedure": "single_permit",
        "date": "2025-11-01",
        "region": "wallonia",
        "category": "other",
        "gross_salary": "2500",
        "salary_period": "month",
        "occupation": "W-123",
        # Given, so that only the list (not a missing fact) keeps LMT-00 open.
        "labour_market_test_passed": False,
    }

    def test_loaded_code_exempts_from_the_labour_market_test(
        self, api: Client, admin_user: Any
    ) -> None:
        before = check(api, self.CASE)
        assert before["outcome"] == "needs_review"
        occupation_list_entry_create(
            list_id="BNP-WA-1", code="W-123", label="Test occupation", added_by=admin_user
        )
        after = check(api, self.CASE)
        assert after["outcome"] == "eligible"
        assert {c["rule"]: c["passed"] for c in after["checks"]}["BNP-WA-1"] is True

    def test_unknown_list_and_duplicate_code_are_refused(self, admin_user: Any) -> None:
        with pytest.raises(ValidationError) as info:
            occupation_list_entry_create(list_id="BNP-XX-9", code="1", added_by=admin_user)
        assert "list_id" in info.value.message_dict
        occupation_list_entry_create(list_id="BNP-WA-1", code="W-1", added_by=admin_user)
        with pytest.raises(ValidationError) as info:
            occupation_list_entry_create(list_id="BNP-WA-1", code=" W-1 ", added_by=admin_user)
        assert "code" in info.value.message_dict
        with pytest.raises(ValidationError) as info:
            occupation_list_entry_create(list_id="BNP-WA-1", code="  ", added_by=admin_user)
        assert "code" in info.value.message_dict
        assert OccupationListEntry.objects.count() == 1


class TestRulebookCurrent:
    def test_cached_until_a_table_changes(
        self, admin_user: Any, django_assert_num_queries: Any
    ) -> None:
        first = rulebook_current()
        # One statement: both tables' count and highest id.
        with django_assert_num_queries(1):
            assert rulebook_current() is first
        override(admin_user)
        second = rulebook_current()
        assert second is not first
        assert second.version != first.version
        assert rulebook_current() is second
        ParameterOverride.objects.all().delete()
        assert rulebook_current().version == first.version

    def test_the_fingerprint_read_with_another_row(
        self, admin_user: Any, django_assert_num_queries: Any
    ) -> None:
        """A caller that read ``rulebook_state_annotation`` with its own row (the submission,
        with the locked application) passes it: no statement, and an administrator's new
        value is seen as at once as without it."""
        users = get_user_model().objects.annotate(**rulebook_state_annotation())
        state = getattr(users.get(pk=admin_user.pk), RULEBOOK_STATE)
        assert state == _state()
        first = rulebook_current()
        with django_assert_num_queries(0):
            assert rulebook_current(state) is first
        override(admin_user)
        OccupationListEntry.objects.create(list_id="BNP-WA-1", code="W-1", added_by=admin_user)
        newer = getattr(users.get(pk=admin_user.pk), RULEBOOK_STATE)
        assert newer != state
        assert newer == _state()
        with django_assert_num_queries(2):  # rebuilt: both tables read
            second = rulebook_current(newer)
        assert second.version != first.version
        assert rulebook_current() is second

    def test_a_row_that_no_longer_fits_is_skipped_not_fatal(self, admin_user: Any) -> None:
        # As if a release renamed the parameter after the value was entered.
        ParameterOverride.objects.create(
            parameter="single_permit.salary.renamed",
            start=START,
            value="1",
            reference="x",
            entered_by=admin_user,
        )
        override(admin_user)
        rulebook = rulebook_current()
        assert rulebook.get(GSC_BLUE_CARD, dt.date(2025, 3, 1)).entered_by == "root"


class TestReferenceDataLoad:
    def test_creates_admin_with_password_from_environment(
        self, db: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
        monkeypatch.setenv("PASSAGE_ADMIN_PASSWORD", "correct horse battery")
        summary = reference_data_load()
        assert "/admin/" in summary
        assert "correct horse battery" not in summary
        assert authenticate(username="admin", password="correct horse battery") is not None
        assert not (tmp_path / "admin-password.txt").exists()

    def test_generates_a_private_password_file_once(
        self, db: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
        monkeypatch.delenv("PASSAGE_ADMIN_PASSWORD", raising=False)
        summary = reference_data_load()
        path = tmp_path / "admin-password.txt"
        password = path.read_text().strip()
        assert len(password) >= 16
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert password not in summary
        assert str(path) in summary
        user = authenticate(username="admin", password=password)
        assert user is not None and user.is_superuser and user.is_staff

        again = reference_data_load()  # idempotent: no second account, same password
        assert get_user_model().objects.filter(is_superuser=True).count() == 1
        assert path.read_text().strip() == password
        assert "exists" in again

    def test_leaves_an_existing_administrator_alone(
        self, admin_user: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
        reference_data_load()
        assert not get_user_model().objects.filter(username="admin").exists()


class TestAdmin:
    def test_login_page_loads(self, client: Client) -> None:
        response = client.get("/admin/login/")
        assert response.status_code == 200
        assert b'name="username"' in response.content

    def test_add_override_through_the_admin(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        url = "/admin/rulebook/parameteroverride/add/"
        assert client.get(url).status_code == 200
        form = {
            "parameter": GSC_BLUE_CARD,
            "start": "2025-01-01",
            "value": "-5",
            "status": "in_force",
            "reference": "Decree",
        }
        bad = client.post(url, form)
        assert bad.status_code == 200
        assert b"must not be negative" in bad.content
        assert ParameterOverride.objects.count() == 0
        good = client.post(url, {**form, "value": "68815"})
        assert good.status_code == 302
        row = ParameterOverride.objects.get()
        assert row.entered_by == admin_user
        assert row.value == "68815"
        assert client.get("/admin/rulebook/parameteroverride/").status_code == 200

    def test_add_occupation_code_through_the_admin(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        url = "/admin/rulebook/occupationlistentry/add/"
        bad = client.post(url, {"list_id": "BNP-NOPE", "code": "1", "label": ""})
        assert bad.status_code == 200
        assert OccupationListEntry.objects.count() == 0
        good = client.post(url, {"list_id": "BNP-FL-2", "code": "F-7", "label": "Welder"})
        assert good.status_code == 302
        assert OccupationListEntry.objects.get().added_by == admin_user


def test_migrations_match_the_models(db: Any) -> None:
    out = StringIO()
    call_command("makemigrations", "rulebook", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
