# SPDX-License-Identifier: EUPL-1.2
"""The demo of access management and mandates (``passage data demo``): an access manager of
demo employer 1, a law firm's agent with mandates of demo employer 1 and of a foreign employer
without a Belgian enterprise number, a worker login; loaded once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from passage.accounts.models import Mandate, MemberRole, Organisation, PortalRole, Region, Role
from passage.accounts.selectors import employer_scope, principals_for
from passage.accounts.services import (
    DEMO_ACCESS_MANAGER,
    DEMO_FOREIGN_EMPLOYER,
    DEMO_LAW_FIRM,
    DEMO_LAW_FIRM_AGENT,
    DEMO_ORGANISATIONS,
)
from passage.audit.services import audit_verify
from passage.casework import demo
from passage.casework.models import Application


def test_demo_access_and_idempotent(
    db: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any
) -> None:
    settings.CBSS_BASE_URL = ""
    monkeypatch.delenv("PASSAGE_DEMO_PASSWORD", raising=False)
    monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
    monkeypatch.setattr(demo, "PER_REGION", dict.fromkeys(Region, len(demo.TARGETS)))
    demo.demo_load()
    assert demo.demo_mandate_filings_load() == 2

    users = get_user_model().objects.select_related("profile")
    employer = Organisation.objects.get(enterprise_number=DEMO_ORGANISATIONS[0][0])
    law_firm = Organisation.objects.get(enterprise_number=DEMO_LAW_FIRM[0])
    foreign = Organisation.objects.get(
        country=DEMO_FOREIGN_EMPLOYER[0], foreign_identifier=DEMO_FOREIGN_EMPLOYER[1]
    )
    assert foreign.enterprise_number is None

    manager = users.get(username=DEMO_ACCESS_MANAGER)
    assert employer_scope(manager).is_access_manager
    # The organisation's other member kept filing (carried over as a filer).
    assert employer_scope(users.get(username="demo-employer-1")).can_file

    agent = users.get(username=DEMO_LAW_FIRM_AGENT)
    assert agent.profile.organisation == law_firm
    from django.utils import timezone

    acting = [o.pk for o in principals_for(agent, on=timezone.localdate())]
    assert acting[0] == law_firm.pk
    assert set(acting[1:]) == {employer.pk, foreign.pk}
    assert Mandate.objects.filter(agent=law_firm, revoked_at__isnull=True).count() == 2
    filed = Application.objects.filter(organisation=foreign)
    assert set(filed.values_list("state", flat=True)) == {"draft", "submitted"}

    worker = users.get(username=demo.DEMO_WORKER)
    assert worker.profile.role == Role.WORKER
    assert (
        Application.objects.filter(worker=worker.profile.worker, organisation=employer)
        .exclude(state="draft")
        .exists()
    )

    lines = [line.split("\t") for line in (tmp_path / "demo-logins.txt").read_text().splitlines()]
    names = {name for name, _, _ in lines}
    assert {DEMO_ACCESS_MANAGER, DEMO_LAW_FIRM_AGENT, demo.DEMO_WORKER} <= names
    assert {role for _, _, role in lines} == set(Role.values)

    counts = (
        users.count(),
        Mandate.objects.count(),
        MemberRole.objects.count(),
        Application.objects.count(),
    )
    demo.demo_load()
    assert demo.demo_mandate_filings_load() == 0
    assert counts == (
        users.count(),
        Mandate.objects.count(),
        MemberRole.objects.count(),
        Application.objects.count(),
    )
    assert MemberRole.objects.filter(role=PortalRole.ACCESS_MANAGER).count() == 1
    assert audit_verify().ok
