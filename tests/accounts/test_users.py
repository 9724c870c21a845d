# SPDX-License-Identifier: EUPL-1.2
"""user_create_with_role, the role predicates and helpers, and the demo logins."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from typer.testing import CliRunner

from passage.accounts.cli import app as users_cli
from passage.accounts.models import Organisation, Profile, Region, Role
from passage.accounts.predicates import (
    is_administrator,
    is_analyst,
    is_employer_member,
    is_immigration_officer,
    is_regional_officer,
    user_organisation_id,
    user_region,
    user_role,
)
from passage.accounts.services import (
    DEMO_ORGANISATIONS,
    demo_users_load,
    organisation_create,
    user_create_with_role,
)
from passage.audit.models import AuditEntry
from passage.audit.services import audit_verify


@pytest.fixture
def organisation(db: Any) -> Organisation:
    return organisation_create(enterprise_number="0403170701", name="Acme NV", actor=None)


class TestUserCreateWithRole:
    def test_employer_member(self, organisation: Organisation) -> None:
        user = user_create_with_role(
            username="jan", role=Role.EMPLOYER_MEMBER, organisation=organisation, password="pw-1"
        )
        assert user.profile.role == Role.EMPLOYER_MEMBER
        assert user.profile.organisation == organisation
        assert not user.is_staff
        assert authenticate(username="jan", password="pw-1") == user
        entry = AuditEntry.objects.get(action="user.create")
        assert entry.details == {
            "role": "employer_member",
            "region": "",
            "organisation_id": organisation.pk,
        }

    def test_regional_officer_and_administrator(self, db: Any) -> None:
        officer = user_create_with_role(
            username="els", role=Role.REGIONAL_OFFICER, region=Region.FLANDERS
        )
        assert officer.profile.region == "flanders"
        assert not officer.has_usable_password()
        admin = user_create_with_role(username="root2", role=Role.ADMINISTRATOR)
        assert admin.is_staff and admin.is_superuser
        assert audit_verify().entries == 2

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"role": "employer_member"}, "organisation"),
            ({"role": "regional_officer"}, "region"),
            ({"role": "regional_officer", "region": "atlantis"}, "region"),
            ({"role": "immigration_officer", "region": "flanders"}, "region"),
            ({"role": "analyst", "organisation": "ORG"}, "organisation"),
            ({"role": "mayor"}, "role"),
            ({"role": "analyst", "username": "bad name!"}, "username"),
            ({"role": "analyst", "username": ""}, "username"),
        ],
    )
    def test_bad_data_names_the_field(
        self, organisation: Organisation, kwargs: dict[str, Any], field: str
    ) -> None:
        args: dict[str, Any] = {"username": "someone"}
        args.update(kwargs)
        if args.get("organisation") == "ORG":
            args["organisation"] = organisation
        with pytest.raises(ValidationError) as info:
            user_create_with_role(**args)
        assert field in info.value.message_dict
        assert not get_user_model().objects.filter(username=args["username"]).exists()

    def test_history_is_kept_by_trigger(self, organisation: Organisation) -> None:
        user = user_create_with_role(
            username="hist", role=Role.EMPLOYER_MEMBER, organisation=organisation
        )
        Profile.objects.filter(user=user).update(role=Role.ANALYST, organisation=None)
        roles = list(user.profile.history.order_by("pgh_id").values_list("role", flat=True))
        assert roles == ["employer_member", "analyst"]
        first = user.profile.history.order_by("pgh_id").first()
        assert first is not None and first.pgh_context is not None
        assert first.pgh_context.metadata["action"] == "user.create"
        assert organisation.history.count() == 1  # type: ignore[attr-defined]

    def test_duplicate_username(self, db: Any) -> None:
        user_create_with_role(username="dup", role=Role.ANALYST)
        with pytest.raises(ValidationError) as info:
            user_create_with_role(username="dup", role=Role.ANALYST)
        assert "username" in info.value.message_dict


class TestPredicates:
    def test_each_role(self, organisation: Organisation) -> None:
        member = user_create_with_role(
            username="m", role=Role.EMPLOYER_MEMBER, organisation=organisation
        )
        officer = user_create_with_role(
            username="o", role=Role.REGIONAL_OFFICER, region=Region.WALLONIA
        )
        immigration = user_create_with_role(username="i", role=Role.IMMIGRATION_OFFICER)
        analyst = user_create_with_role(username="a", role=Role.ANALYST)
        admin = user_create_with_role(username="ad", role=Role.ADMINISTRATOR)
        predicates = [
            is_employer_member,
            is_regional_officer,
            is_immigration_officer,
            is_analyst,
            is_administrator,
        ]
        users = [member, officer, immigration, analyst, admin]
        for row, user in enumerate(users):
            assert [p.test(user) for p in predicates] == [col == row for col in range(5)]
        assert user_organisation_id(member) == organisation.pk
        assert user_region(officer) == "wallonia"
        assert user_region(immigration) is None
        assert user_organisation_id(officer) is None
        assert user_role(analyst) == "analyst"

    def test_anonymous_inactive_and_profile_less_users_have_no_role(self, db: Any) -> None:
        plain = get_user_model().objects.create_user("plain")
        inactive = user_create_with_role(username="gone", role=Role.ANALYST)
        inactive.is_active = False
        inactive.save()
        for user in (AnonymousUser(), plain, inactive, None):
            assert user_role(user) is None
            assert user_region(user) is None
            assert user_organisation_id(user) is None
            assert not is_analyst.test(user)
            assert not is_administrator.test(user)

    def test_superuser_without_profile_is_an_administrator(self, db: Any) -> None:
        root = get_user_model().objects.create_superuser("root", password="x")
        assert user_role(root) == Role.ADMINISTRATOR
        assert is_administrator.test(root)


class TestDemoUsers:
    def test_generated_passwords_in_a_private_file(
        self, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
        monkeypatch.delenv("PASSAGE_DEMO_PASSWORD", raising=False)
        summary = demo_users_load()
        expected = 2 + len(Region) + 4
        assert len(summary.created) == expected
        path = tmp_path / "demo-logins.txt"
        assert summary.password_file == path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        lines = [line.split("\t") for line in path.read_text().splitlines()]
        assert len(lines) == expected
        roles = {role for _, _, role in lines}
        # Every role but the worker's: a worker login needs a submitted application, so the
        # casework demo makes it (tests/accounts/test_access_demo.py).
        assert roles == set(Role.values) - {Role.WORKER}
        for username, password, _ in lines:
            assert authenticate(username=username, password=password) is not None
            assert password not in str(summary)
        # One login per role, two employers, one officer per region.
        assert Profile.objects.filter(role=Role.REGIONAL_OFFICER).count() == len(Region)
        assert set(Profile.objects.values_list("region", flat=True)) >= set(Region.values)
        numbers = {n for n, _ in DEMO_ORGANISATIONS}
        assert (
            set(
                Profile.objects.filter(role=Role.EMPLOYER_MEMBER).values_list(
                    "organisation__enterprise_number", flat=True
                )
            )
            == numbers
        )
        assert audit_verify().ok

    def test_idempotent(self, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
        monkeypatch.setenv("PASSAGE_DEMO_PASSWORD", "demo-pw-not-secret")
        first = demo_users_load()
        users, organisations, entries = (
            get_user_model().objects.count(),
            Organisation.objects.count(),
            AuditEntry.objects.count(),
        )
        second = demo_users_load()
        assert second.created == []
        assert sorted(second.existing) == sorted(first.created)
        assert get_user_model().objects.count() == users
        assert Organisation.objects.count() == organisations
        assert AuditEntry.objects.count() == entries
        # The shared password from the environment; nothing written to disk.
        assert authenticate(username="demo-analyst", password="demo-pw-not-secret") is not None
        assert not (tmp_path / "demo-logins.txt").exists()
        assert "demo-pw-not-secret" not in str(first)

    def test_cli(self, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
        monkeypatch.delenv("PASSAGE_DEMO_PASSWORD", raising=False)
        result = CliRunner().invoke(users_cli, ["demo"])
        assert result.exit_code == 0, result.output
        assert "Demo logins: 10 created" in result.output
        for line in (tmp_path / "demo-logins.txt").read_text().splitlines():
            assert line.split("\t")[1] not in result.output
