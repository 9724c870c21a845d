# SPDX-License-Identifier: EUPL-1.2
"""Early Warning fixtures shared by the monitoring tests (kept small on purpose)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FILES = Path(__file__).with_name("files")


@pytest.fixture
def monitoring_file() -> Any:
    """``monitoring_file("x.csv")`` → the bytes of tests/monitoring/files/x.csv."""

    def read(name: str) -> bytes:
        return (FILES / name).read_bytes()

    return read


@pytest.fixture
def reference_loaded(db: Any) -> Any:
    """The official 2025 figures (reference/official_2025.yaml) as observations."""
    from passage.monitoring.reference import reference_load

    return reference_load()


@pytest.fixture(autouse=True)
def _rate_limits_reset() -> Any:
    """Each test starts with empty rate-limit counters (the public access-request form)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
