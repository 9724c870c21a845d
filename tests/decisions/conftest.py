# SPDX-License-Identifier: EUPL-1.2
"""Decision-letter fixtures: the test PKI on loopback, seal files from it, a decided
application with a real rules decision."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location(
    "casework_factories", Path(__file__).parent.parent / "casework" / "factories.py"
)
assert _spec is not None and _spec.loader is not None
if "casework_factories" not in sys.modules:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)

from casework_factories import ApplicationFactory, make_user  # noqa: E402


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: Any) -> Any:
    from passage.signatures.testing import signing_pki_start, signing_pki_stop

    running = signing_pki_start(tmp_path_factory.mktemp("pki"))
    yield running
    signing_pki_stop()


@pytest.fixture(scope="session")
def seal_files(test_pki: Any, tmp_path_factory: Any) -> dict[str, dict[str, str]]:
    from passage.decisions.testing import seal_files_write

    folder = tmp_path_factory.mktemp("seal")
    return {
        "genuine": seal_files_write(test_pki, folder),
        "rogue": seal_files_write(test_pki, folder, rogue=True),
    }


@pytest.fixture
def sealing(seal_files: dict[str, dict[str, str]], settings: Any) -> dict[str, str]:
    """The settings pointed at the genuine seal (as in development)."""
    for name, value in seal_files["genuine"].items():
        setattr(settings, name, value)
    return seal_files["genuine"]


def decided(*, region: str = "flanders", postcode: str = "2000", outcome: str = "refused") -> Any:
    """A regional decision on an application whose stored rules decision is the engine's."""
    from passage.casework.models import ApplicationDecision
    from passage.rules.engine import evaluate

    decision = evaluate(
        {
            "procedure": "single_permit",
            "date": "2026-04-01",
            "region": region,
            "category": "highly_skilled",
            "gross_salary": "40000",
            "salary_period": "year",
            "age": 35,
            "application_type": "first",
        }
    )
    app = ApplicationFactory(
        region=region,
        workplace_postcode=postcode,
        state=outcome,
        eligibility_outcome=decision.outcome,
        eligibility_decision=decision.to_dict(),
        eligibility_rulebook_version=decision.rulebook_version,
    )
    officer = make_user("regional_officer", region=region)
    return ApplicationDecision.objects.create(
        application=app,
        part="regional",
        outcome=outcome,
        motivation="The gross wage is below the minimum (SAL-02)." if outcome == "refused" else "",
        decided_by=officer,
        decided_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC),
    )


@pytest.fixture
def decision(db: Any) -> Any:
    return decided()
