# SPDX-License-Identifier: EUPL-1.2
"""The test PKI (certomancer on a free loopback port), started once per test process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from passage.signatures.testing import (
    TestPki,
    signed_samples,
    signing_pki_start,
    signing_pki_stop,
)
from passage.signatures.trust import TrustList


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: Any) -> Iterator[TestPki]:
    running = signing_pki_start(tmp_path_factory.mktemp("pki"))
    yield running
    signing_pki_stop()


@pytest.fixture(scope="session")
def samples(test_pki: TestPki) -> dict[str, bytes]:
    return signed_samples(test_pki)


@pytest.fixture(scope="session")
def trust(test_pki: TestPki) -> TrustList:
    return TrustList(anchors=tuple(test_pki.trust_roots()), source="test PKI root")
