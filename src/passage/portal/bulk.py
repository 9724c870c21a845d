# SPDX-License-Identifier: EUPL-1.2
"""Bulk filing for large employers (issue 10): a CSV of applications, validated row by row with
errors that name the row and the column; nothing is filed until the whole file is valid.

The columns are the filing steps' own field names (the template CSV lists them), so a row is
checked by exactly the forms a person filling in the pages meets."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from passage.portal.forms import JobStepForm, WorkerStepForm
from passage.web import csvsafe

#: At most this many applications per file, and this many bytes: one request files them all in
#: one transaction, and an employer with more splits the file.
MAX_ROWS = 500
MAX_BYTES = 2 * 1024 * 1024
REQUIRED_COLUMNS = (
    "given_name",
    "family_name",
    "birth_date",
    "nationality",
    "permit_type",
    "workplace_postcode",
    "application_type",
    "category",
    "gross_salary",
    "salary_period",
    "start_date",
)


def columns() -> list[str]:
    """Every column the file may have, required ones first."""
    names = list(REQUIRED_COLUMNS)
    for form in (WorkerStepForm(today=dt.date(2000, 1, 1)), JobStepForm()):
        names += [n for n in form.fields if n not in names]
    return names


@dataclass(frozen=True)
class RowError:
    #: 1 is the header; the first application is row 2, as a spreadsheet numbers them.
    row: int
    column: str
    message: str


@dataclass
class ParsedFile:
    rows: list[dict[str, str]]
    errors: list[RowError]


def parse(content: bytes, *, today: dt.date) -> ParsedFile:
    """Read and check the whole file; ``errors`` empty means every row can be filed."""
    if len(content) > MAX_BYTES:
        return ParsedFile(
            [],
            [
                RowError(
                    0, "file", _("The file is larger than %(kb)s KB.") % {"kb": MAX_BYTES // 1024}
                )
            ],
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedFile(
            [], [RowError(0, "file", _("The file is not UTF-8 text (save it as CSV UTF-8)."))]
        )
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    known = set(columns())
    errors = [
        RowError(1, h or "—", _("This is not a known column.")) for h in header if h not in known
    ]
    errors += [
        RowError(1, c, _("This column is missing.")) for c in REQUIRED_COLUMNS if c not in header
    ]
    if errors:
        return ParsedFile([], errors)
    rows: list[dict[str, str]] = []
    for index, raw in enumerate(reader, start=2):
        if index - 1 > MAX_ROWS:
            errors.append(
                RowError(index, "file", _("At most %(n)s applications per file.") % {"n": MAX_ROWS})
            )
            break
        if None in raw:
            errors.append(RowError(index, "row", _("This row has more cells than the header.")))
            continue
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue  # an empty line
        errors += _row_errors(index, row, today)
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "file", _("The file holds no application.")))
    return ParsedFile(rows, errors)


def _row_errors(index: int, row: dict[str, Any], today: dt.date) -> list[RowError]:
    out = []
    for form in (WorkerStepForm(data=row, today=today), JobStepForm(data=row)):
        if not form.is_valid():
            for name, messages in form.errors.items():
                out.append(RowError(index, name, str(messages[0])))
    return out


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(columns())
    example = {
        "given_name": "Amina",
        "family_name": "Haddad",
        "birth_date": "1990-04-02",
        "nationality": "MA",
        "permit_type": "fixed_term",
        "workplace_postcode": "2000",
        "application_type": "first",
        "category": "highly_skilled",
        "gross_salary": "60000",
        "salary_period": "year",
        "start_date": "2027-03-01",
    }
    writer.writerow([example.get(c, "") for c in columns()])
    return buffer.getvalue()
