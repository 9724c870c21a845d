# SPDX-License-Identifier: EUPL-1.2
"""The demo casework: every state in every region, through the services, loaded once."""

from __future__ import annotations

from typing import Any

import pytest

from passage.accounts.models import Region
from passage.casework import demo
from passage.casework.models import Application, ApplicationEvent


def test_every_state_in_every_region_and_idempotent(
    db: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any
) -> None:
    settings.CBSS_BASE_URL = ""
    monkeypatch.setenv("PASSAGE_DEMO_PASSWORD", "demo-password-for-tests")
    monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
    monkeypatch.setattr(demo, "PER_REGION", dict.fromkeys(Region, len(demo.TARGETS)))
    summary = demo.demo_load()
    assert summary.created == 4 * len(demo.TARGETS)
    for region in Region:
        rows = Application.objects.filter(region=region)
        regional = set(rows.values_list("state", flat=True))
        assert regional == {
            "draft",
            "submitted",
            "completeness_check",
            "incomplete",
            "information_requested",
            "resubmitted",
            "regional_assessment",
            "refused",
            "withdrawn",
            "granted",
        }, region
        residence = set(rows.values_list("residence_state", flat=True))
        assert residence == {"not_started", "federal_assessment", "granted", "refused"}
    # Through the services: every application has its timeline.
    assert ApplicationEvent.objects.filter(kind="create").count() == summary.created
    again = demo.demo_load()
    assert again.created == 0
    assert again.existing == summary.created
    assert Application.objects.count() == summary.created
