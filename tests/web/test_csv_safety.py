# SPDX-License-Identifier: EUPL-1.2
"""CSV injection (issue 12, bad-input catalogue): no export hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from passage.web import csvsafe

if "casework_factories" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "casework_factories", Path(__file__).parent.parent / "casework" / "factories.py"
    )
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)

from casework_factories import ApplicationFactory, OrganisationFactory, make_user


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("-3.5", "-3.5"),
        ("+12", "+12"),
        ("-1e3", "-1e3"),
        ("Haddad", "Haddad"),
        (None, ""),
        (42, 42),
    ],
)
def test_a_formula_is_quoted_and_a_number_is_not(raw: Any, written: Any) -> None:
    assert csvsafe.cell(raw) == written


@given(st.text())
def test_no_written_text_cell_starts_a_formula_unless_it_is_a_number(text: str) -> None:
    out = csvsafe.cell(text)
    if out.startswith(csvsafe.FORMULA_START):
        float(out.rstrip("%"))  # a plain number, or this raises


def test_the_portal_export_quotes_a_formula_in_a_worker_name(db: Any) -> None:
    organisation = OrganisationFactory()
    ApplicationFactory(
        worker__organisation=organisation,
        worker__given_name='=HYPERLINK("http://evil.example","x")',
        state="regional_assessment",
        submitted_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
    )
    client = Client()
    client.force_login(make_user("employer_member", organisation=organisation))
    response = client.get("/portal/applications.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    worker_cells = [row[1] for row in rows[1:]]
    assert worker_cells and all(not c.startswith("=") for c in worker_cells), worker_cells
    assert any(c.startswith("'=HYPERLINK") for c in worker_cells), worker_cells
