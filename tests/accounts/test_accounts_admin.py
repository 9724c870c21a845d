# SPDX-License-Identifier: EUPL-1.2
"""The admin pages for organisations and for users with their role inline."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from passage.accounts.models import Organisation
from passage.audit.models import AuditEntry
from passage.audit.services import audit_verify


def admin_client(db: Any) -> Client:
    root = get_user_model().objects.create_superuser("root", password="pw-not-secret")
    client = Client()
    client.force_login(root)
    return client


class TestOrganisationAdmin:
    def test_add_normalises_validates_and_audits(self, db: Any) -> None:
        client = admin_client(db)
        response = client.post(
            "/admin/accounts/organisation/add/",
            {"enterprise_number": "BE0403.170.701", "name": "Acme NV"},
        )
        assert response.status_code == 302, response.content
        organisation = Organisation.objects.get()
        assert organisation.enterprise_number == "0403170701"
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.actor_label) == ("organisation.create", "root")
        assert audit_verify().ok

    def test_invalid_number_is_a_form_error(self, db: Any) -> None:
        client = admin_client(db)
        response = client.post(
            "/admin/accounts/organisation/add/",
            {"enterprise_number": "BE0403.170.702", "name": "Acme NV"},
        )
        assert response.status_code == 200
        assert "not a valid Belgian enterprise number" in response.content.decode()
        assert not Organisation.objects.exists()


class TestUserAdmin:
    def test_change_page_shows_the_role_inline(self, db: Any) -> None:
        client = admin_client(db)
        user = get_user_model().objects.create_user("someone")
        response = client.get(f"/admin/auth/user/{user.pk}/change/")
        assert response.status_code == 200
        assert "profile-0-role" in response.content.decode()
        assert client.get("/admin/auth/user/").status_code == 200


class TestAuditEntryAdmin:
    def test_read_only_list(self, db: Any) -> None:
        client = admin_client(db)
        client.post(
            "/admin/accounts/organisation/add/",
            {"enterprise_number": "0403170701", "name": "Acme NV"},
        )
        entry = AuditEntry.objects.get()
        assert "organisation.create" in client.get("/admin/audit/auditentry/").content.decode()
        assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
        assert client.get("/admin/audit/auditentry/add/").status_code == 403
        assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
