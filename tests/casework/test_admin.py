# SPDX-License-Identifier: EUPL-1.2
"""The casework admin shows the domain read-only (services are the only writers) and lets
administrators edit SLA policies."""

from __future__ import annotations

from typing import Any

from casework_factories import ApplicationFactory, UserFactory
from django.test import Client


def _admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


class TestCaseworkAdmin:
    def test_application_pages_are_read_only(self, db: Any) -> None:
        app = ApplicationFactory()
        client = _admin_client()
        listing = client.get("/admin/casework/application/")
        assert listing.status_code == 200 and app.reference in listing.text
        assert client.get("/admin/casework/application/add/").status_code == 403
        detail = client.get(f"/admin/casework/application/{app.pk}/change/")
        assert detail.status_code == 200
        assert 'name="_save"' not in detail.text  # view only
        assert client.post(f"/admin/casework/application/{app.pk}/delete/").status_code == 403

    def test_worker_page_hides_personal_data(self, db: Any) -> None:
        app = ApplicationFactory()
        page = _admin_client().get(f"/admin/casework/worker/{app.worker.pk}/change/")
        assert page.status_code == 200
        assert app.worker.family_name not in page.text

    def test_sla_policies_are_editable(self, db: Any) -> None:
        page = _admin_client().get("/admin/casework/slapolicy/add/")
        assert page.status_code == 200
