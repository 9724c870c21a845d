# SPDX-License-Identifier: EUPL-1.2
"""Back-office fixtures: officers of two regions, the Immigration Office, an employer, and
submitted applications built through the casework services (factories only arrange drafts).

``casework_factories`` is loaded as tests/casework/conftest.py loads it: test directories are
no packages, so a plain ``import factories`` could pick another directory's module."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

if "casework_factories" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "casework_factories", Path(__file__).parent.parent / "casework" / "factories.py"
    )
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)

from casework_factories import (
    ApplicationFactory,
    OrganisationFactory,
    WorkerFactory,
    make_user,
)

from passage.casework import services
from passage.casework.models import Application


@pytest.fixture(autouse=True)
def _cbss_unconfigured(settings: Any) -> None:
    """No Crossroads Bank: every salary check is pending manual verification."""
    settings.CBSS_BASE_URL = ""


@pytest.fixture
def organisation(db: Any) -> Any:
    return OrganisationFactory()


@pytest.fixture
def employer(organisation: Any) -> Any:
    return make_user("employer_member", organisation=organisation)


@pytest.fixture
def flemish_officer(db: Any) -> Any:
    return make_user("regional_officer", region="flanders")


@pytest.fixture
def walloon_officer(db: Any) -> Any:
    return make_user("regional_officer", region="wallonia")


@pytest.fixture
def immigration_officer(db: Any) -> Any:
    return make_user("immigration_officer")


@pytest.fixture
def submit(employer: Any, organisation: Any) -> Any:
    """``submit(**fields)``: a Flemish (by default) application, submitted by the employer."""

    def make(*, day: dt.date | None = None, **fields: Any) -> Application:
        worker = WorkerFactory(organisation=organisation)
        draft = ApplicationFactory(worker=worker, organisation=organisation, **fields)
        return services.application_submit(actor=employer, application=draft.pk, today=day)

    return make


@pytest.fixture
def draft(organisation: Any) -> Application:
    worker = WorkerFactory(organisation=organisation)
    app: Application = ApplicationFactory(worker=worker, organisation=organisation)
    return app
