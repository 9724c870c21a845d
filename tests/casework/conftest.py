# SPDX-License-Identifier: EUPL-1.2
"""Casework test fixtures.

``factories.py`` is loaded under the unique module name ``casework_factories``: test
directories have no ``__init__.py``, so a plain ``import factories`` would pick whichever
``factories.py`` of another test directory reached ``sys.path`` first."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location(
    "casework_factories", Path(__file__).with_name("factories.py")
)
assert _spec is not None and _spec.loader is not None
if "casework_factories" not in sys.modules:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)

from casework_factories import (  # noqa: E402
    OrganisationFactory,
    make_user,
)


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
def analyst(db: Any) -> Any:
    return make_user("analyst")


@pytest.fixture
def administrator(db: Any) -> Any:
    return make_user("administrator")


@pytest.fixture(autouse=True)
def _cbss_unconfigured(settings: Any) -> None:
    """No Crossroads Bank unless a test provides one: the client then fails fast."""
    settings.CBSS_BASE_URL = ""
