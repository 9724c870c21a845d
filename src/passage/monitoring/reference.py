# SPDX-License-Identifier: EUPL-1.2
"""The official 2025 figures (reference/official_2025.yaml, catalogue Part 2) as observations.

Loaded by `passage data load`, once per version of the YAML: the batch is keyed by the file's
SHA-256, so loading again changes nothing, and a corrected YAML supersedes only the figures it
corrects (the old values stay as history). Each entry goes through the same checks as an
imported file (imports.rows_validate), and its declared granularity and unit must agree with
the period and the metric, so a typo in the YAML fails the load instead of storing a wrong
figure."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from passage.monitoring.models import ImportBatch

REFERENCE_FILE = Path(__file__).parent / "reference" / "official_2025.yaml"
SOURCE = "emn_report"
DATASET = "official_2025"


class ReferenceError(ValueError):
    """official_2025.yaml is inconsistent; the message names the entry and the field."""


@cache
def reference_figures() -> list[dict[str, Any]]:
    """The entries of official_2025.yaml, as written (no database)."""
    raw = yaml.safe_load(REFERENCE_FILE.read_text(encoding="utf-8"))
    figures: list[dict[str, Any]] = raw["figures"]
    return figures


def reference_rows() -> list[Any]:
    """The entries checked and turned into observation rows; raises ReferenceError."""
    from passage.monitoring import catalogue
    from passage.monitoring.imports import period_parse, rows_validate

    figures = reference_figures()
    records: list[tuple[int, dict[str, str]]] = [
        (0, dict.fromkeys(("metric", "period", "value", "unit", "qualifier", "citation"), ""))
    ]
    for number, entry in enumerate(figures, start=1):
        where = f"official_2025.yaml entry {number} ({entry.get('id', '?')})"
        granularity = period_parse(str(entry["period"]))[0]
        if entry.get("granularity") != granularity:
            raise ReferenceError(
                f"{where}: granularity {entry.get('granularity')!r}, the period says {granularity}"
            )
        record = {
            "metric": str(entry["metric"]),
            "period": str(entry["period"]),
            # str() of a YAML float keeps what was written (28.4, not 28.399999…).
            "value": str(entry["value"]),
            "unit": str(entry["unit"]),
            "qualifier": str(entry.get("qualifier", "exact")),
            "citation": str(entry["citation"]),
        }
        for dim, code in (entry.get("dims") or {}).items():
            if dim not in catalogue.DIMENSIONS:
                raise ReferenceError(f"{where}: unknown dim {dim!r}")
            records[0][1][dim] = ""
            record[dim] = str(code)
        records.append((number, record))
    for _, record in records[1:]:
        for column in records[0][1]:
            record.setdefault(column, "")
    rows, errors = rows_validate(records, allowed_metrics=catalogue.metrics())
    if errors:
        first = errors[0]
        raise ReferenceError(
            f"official_2025.yaml entry {first['row']}, {first['field']}: {first['message']}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
        )
    return rows


def reference_load(*, actor: Any = None) -> ImportBatch:
    """Load the official figures as observations (idempotent; see the module docstring)."""
    from passage.monitoring.imports import rows_import

    data = REFERENCE_FILE.read_bytes()
    return rows_import(
        reference_rows(),
        source=SOURCE,
        dataset=DATASET,
        file_name=REFERENCE_FILE.name,
        sha256=hashlib.sha256(data).hexdigest(),
        file_format="yaml",
        actor=actor,
    )
