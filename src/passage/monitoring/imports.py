# SPDX-License-Identifier: EUPL-1.2
"""Official figures in: CSV, Excel, SDMX-ML 2.1 and SDMX-CSV 1.0 files become observations.

A file is checked whole against ``definitions/import_schemas.yaml`` and the metric catalogue
before anything is written. One bad row rejects the file: the batch is recorded as rejected
with every row error (row numbers as a person sees them in the file), and no observation is
created, because half a published table would give wrong totals without anyone noticing.

A good file is applied in one transaction. A figure equal to the current one is left alone; a
different figure (a revision) supersedes it, keeping the old row as history (docs/monitoring.md).
The same file imported twice is recognised by its SHA-256 and changes nothing.

Case events (``events_import``) take the Parquet snapshot schema of docs/monitoring.md, as CSV
or Parquet, and go in with COPY: an event file holds millions of rows."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import PurePath
from typing import Any, NoReturn

import numpy as np
import yaml
from django.db import connection, transaction
from django.utils import timezone

from passage.audit.services import audit_record
from passage.monitoring import catalogue
from passage.monitoring.models import (
    CaseEvent,
    Granularity,
    ImportBatch,
    ImportStatus,
    Observation,
    Qualifier,
    Source,
)

FORMATS = ("csv", "xlsx", "sdmx-ml", "sdmx-csv", "parquet")
REQUIRED_COLUMNS = ("metric", "period", "value")
OPTIONAL_COLUMNS = ("unit", "qualifier", "citation")
# Enough to fix a file in one go without flooding the batch row.
MAX_ERRORS = 200
# Observation.value is numeric(18, 4).
MAX_VALUE = Decimal(10) ** 14

# Code lists of docs/monitoring.md "Breakdowns"; other dims are free text.
_DIM_CODES: dict[str, frozenset[str]] = {
    "sex": frozenset({"F", "M", "X"}),
    "age_group": frozenset({"0-11", "12-17", "18-34", "35-64", "65+"}),
    "application_type": frozenset({"first", "subsequent"}),
    "operator": frozenset({"fedasil", "red_cross_fl", "croix_rouge", "partners"}),
    "place_type": frozenset({"collective", "individual", "emergency"}),
    "region": frozenset({"flanders", "wallonia", "brussels", "german_speaking_community"}),
    "shortage_occupation": frozenset({"true", "false"}),
}
_NATIONALITY = re.compile(r"^[A-Z]{2}$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-M?(\d{2})$")  # SDMX writes monthly periods 2025-01 or 2025-M01
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class ImportRejected(Exception):
    """The file was refused whole; ``batch`` records why (status "rejected")."""

    def __init__(self, batch: ImportBatch, errors: list[dict[str, Any]]) -> None:
        self.batch = batch
        self.errors = errors
        super().__init__(f"{file_label(batch)}: rejected, {len(errors)} error(s)")


class UnknownDataset(ValueError):
    """Source, dataset or format not declared in import_schemas.yaml; ``field`` names which."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class ObservationRow:
    row: int
    metric: str
    granularity: str
    period_start: dt.date
    period_end: dt.date
    dims: dict[str, str]
    value: Decimal
    qualifier: str
    unit: str
    citation: str = ""

    @property
    def key(self) -> tuple[str, str, dt.date, str]:
        return (self.metric, self.granularity, self.period_start, catalogue.dims_key(self.dims))


def file_label(batch: ImportBatch) -> str:
    return f"{batch.source}/{batch.dataset} {batch.file_name}"


@cache
def schemas() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(
        (catalogue.DEFINITIONS / "import_schemas.yaml").read_text(encoding="utf-8")
    )
    known = catalogue.metrics()
    for source, datasets in raw["sources"].items():
        for dataset, spec in datasets.items():
            unknown = set(spec["metrics"]) - set(known)
            if unknown:
                raise ValueError(
                    f"import_schemas.yaml: {source}/{dataset}: unknown metrics {sorted(unknown)}"
                )
    return raw


def dataset_spec(source: str, dataset: str) -> dict[str, Any]:
    sources = schemas()["sources"]
    if source not in sources:
        raise UnknownDataset(
            "source", f"unknown source {source!r}; known: {', '.join(sorted(sources))}"
        )
    if dataset not in sources[source]:
        raise UnknownDataset(
            "dataset",
            f"unknown dataset {dataset!r} for source {source!r}; "
            f"known: {', '.join(sorted(sources[source]))}",
        )
    spec: dict[str, Any] = sources[source][dataset]
    return spec


def format_guess(file_name: str, data: bytes) -> str:
    suffix = PurePath(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".parquet":
        return "parquet"
    if suffix == ".xml":
        return "sdmx-ml"
    if suffix == ".csv":
        first = data[:4096].decode("utf-8-sig", errors="replace").split("\n", 1)[0]
        # SDMX-CSV 1.0 always opens with the DATAFLOW column.
        return "sdmx-csv" if first.upper().startswith("DATAFLOW") else "csv"
    raise UnknownDataset(
        "format", f"cannot tell the format of {file_name!r}; pass --format ({', '.join(FORMATS)})"
    )


# --- reading: every format becomes (row number as seen in the file, {column: text}) ---------


Record = tuple[int, dict[str, str]]


class _FileError(Exception):
    def __init__(self, row: int, field: str, message: str) -> None:
        self.error = {"row": row, "field": field, "message": message}
        super().__init__(message)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _FileError(0, "file", f"not UTF-8 text (byte {exc.start})") from exc


def _csv_records(data: bytes) -> list[Record]:
    text = _text(data)
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise _FileError(1, "file", "empty file")
    columns = [c.strip() for c in rows[0]]
    records = []
    for index, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            raise _FileError(index, "file", f"{len(cells)} cells, the header has {len(columns)}")
        record = {col: cell.strip() for col, cell in zip(columns, cells, strict=True)}
        if delimiter == ";" and "value" in {c.lower() for c in columns}:
            # Semicolon files come from Belgian spreadsheets: 1234,5 is a decimal comma.
            for col in record:
                if col.lower() in ("value", "obs_value"):
                    record[col] = record[col].replace(",", ".")
        records.append((index, record))
    return [(0, dict.fromkeys(columns, "")), *records]


def _xlsx_records(data: bytes) -> list[Record]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException …
        raise _FileError(
            0, "file", f"not an Excel .xlsx workbook ({exc.__class__.__name__})"
        ) from exc
    sheet = book["data"] if "data" in book.sheetnames else book.worksheets[0]
    records: list[Record] = []
    columns: list[str] = []
    for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index == 1:
            columns = [str(c).strip() if c is not None else "" for c in cells]
            while columns and not columns[-1]:
                columns.pop()
            records.append((0, dict.fromkeys(columns, "")))
            continue
        values = [_cell_text(c) for c in cells[: len(columns)]]
        if not any(values):
            continue
        values += [""] * (len(columns) - len(values))
        records.append((index, dict(zip(columns, values, strict=True))))
    book.close()
    if not records:
        raise _FileError(1, "file", "empty sheet")
    return records


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        # Excel turns a typed "2025-03" into a date: it reads as that day (an instant), so a
        # flow is then refused with a message saying to give a month (typed as text).
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sdmx_ml_records(data: bytes) -> list[Record]:
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # ParseError, and defusedxml's refusals of entities
        raise _FileError(0, "file", f"not well-formed SDMX-ML ({exc})") from exc
    records: list[Record] = []
    columns: set[str] = set()
    kind = _local(root.tag)
    if kind not in ("StructureSpecificData", "GenericData"):
        raise _FileError(0, "file", f"unsupported SDMX message {kind!r}")
    datasets = [el for el in root if _local(el.tag) == "DataSet"]
    if not datasets:
        raise _FileError(0, "file", "no DataSet element")
    # SDMX has no line numbers a person reads: a row is the n-th observation in the file.
    number = 0
    for dataset in datasets:
        for series_or_obs in dataset:
            name = _local(series_or_obs.tag)
            if name not in ("Series", "Obs"):
                continue
            series_values: dict[str, str] = {}
            observations = [series_or_obs]
            if name == "Series":
                if kind == "GenericData":
                    series_values = _generic_values(series_or_obs, ("SeriesKey", "Attributes"))
                else:
                    series_values = dict(series_or_obs.attrib)
                observations = [el for el in series_or_obs if _local(el.tag) == "Obs"]
            for obs in observations:
                number += 1
                values = dict(series_values)
                if kind == "GenericData":
                    values.update(_generic_values(obs, ("ObsKey", "Attributes")))
                    for child in obs:
                        if _local(child.tag) == "ObsDimension":
                            values[child.get("id", "TIME_PERIOD")] = child.get("value", "")
                        elif _local(child.tag) == "ObsValue":
                            values["OBS_VALUE"] = child.get("value", "")
                else:
                    values.update(obs.attrib)
                columns.update(values)
                records.append((number, {k: v.strip() for k, v in values.items()}))
    return [(0, dict.fromkeys(sorted(columns), "")), *records]


def _generic_values(element: Any, groups: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for group in element:
        if _local(group.tag) in groups:
            for value in group:
                if _local(value.tag) == "Value":
                    out[value.get("id", "")] = value.get("value", "")
    return out


def records_read(data: bytes, file_format: str) -> list[Record]:
    """The header (row 0, all columns) then one record per data row."""
    if file_format in ("csv", "sdmx-csv"):
        return _csv_records(data)
    if file_format == "xlsx":
        return _xlsx_records(data)
    if file_format == "sdmx-ml":
        return _sdmx_ml_records(data)
    raise UnknownDataset("format", f"observations cannot be read from {file_format!r}")


# --- validation ----------------------------------------------------------------------------


def period_parse(text: str) -> tuple[str, dt.date, dt.date]:
    """``2025-03`` → month, ``2025`` → year, ``2025-12-31`` → instant (docs/monitoring.md)."""
    if m := _DAY.match(text):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return Granularity.INSTANT, day, day
    if m := _MONTH.match(text):
        start = dt.date(int(m[1]), int(m[2]), 1)
        return Granularity.MONTH, start, month_end(start)
    if m := _YEAR.match(text):
        year = int(m[1])
        return Granularity.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise ValueError("expected YYYY-MM, YYYY or YYYY-MM-DD")


def month_end(start: dt.date) -> dt.date:
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _column_map(columns: Iterable[str], aliases: Mapping[str, str]) -> dict[str, str]:
    """File column → canonical name ('' for an ignored column); raises on an unknown one."""
    known = {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *catalogue.DIMENSIONS}
    ignored = {c.upper() for c in schemas()["ignore"]}
    upper_aliases = {k.upper(): v for k, v in aliases.items()}
    out: dict[str, str] = {}
    for column in columns:
        name = column.strip()
        if name.lower() in known:
            out[column] = name.lower()
        elif name.upper() in upper_aliases:
            out[column] = upper_aliases[name.upper()]
        elif name.upper() in ignored:
            out[column] = ""
        else:
            raise _FileError(1, name or "(empty)", "unknown column")
    given: dict[str, str] = {}
    for column, name in out.items():
        if name and name in given:
            raise _FileError(1, column, f"same meaning as column {given[name]!r} ({name})")
        given[name] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in out.values()]
    if missing:
        raise _FileError(1, missing[0], "required column missing")
    return out


def rows_validate(
    records: Sequence[Record],
    *,
    allowed_metrics: Iterable[str],
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[ObservationRow], list[dict[str, Any]]]:
    """Check every row; return the rows and every error found (not just the first)."""
    header, body = records[0], records[1:]
    try:
        columns = _column_map(header[1], aliases or {})
    except _FileError as exc:
        return [], [exc.error]
    allowed = set(allowed_metrics)
    metrics = catalogue.metrics()
    rows: list[ObservationRow] = []
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, dt.date, str], int] = {}

    for number, raw in body:
        record = {columns[c]: v for c, v in raw.items() if columns.get(c)}
        row_errors: list[tuple[str, str]] = []
        metric_id = record.get("metric", "")
        metric = metrics.get(metric_id)
        if metric is None:
            row_errors.append(("metric", f"unknown metric {metric_id!r}"))
        elif metric_id not in allowed:
            row_errors.append(("metric", f"{metric_id} is not part of this dataset"))

        granularity, start, end = "", dt.date.min, dt.date.min
        try:
            granularity, start, end = period_parse(record.get("period", ""))
        except ValueError as exc:
            row_errors.append(("period", f"{record.get('period', '')!r}: {exc}"))
        if metric is not None and granularity:
            # A stock is counted on a day; a flow or stated rate covers a month or a year.
            if metric.kind == "stock" and granularity != Granularity.INSTANT:
                row_errors.append(("period", f"{metric_id} is a stock: give a day (YYYY-MM-DD)"))
            if metric.kind != "stock" and granularity == Granularity.INSTANT:
                row_errors.append(
                    ("period", f"{metric_id} is a {metric.kind}: give a month or a year")
                )

        value = Decimal(0)
        text = record.get("value", "").replace(" ", "").replace("\u202f", "")
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            row_errors.append(("value", f"not a number: {record.get('value', '')!r}"))
        else:
            if value < 0:
                row_errors.append(("value", "must be zero or more"))
            elif value >= MAX_VALUE:
                row_errors.append(("value", "too large for the table (10^14 or more)"))
            elif metric is not None and metric.kind != "rate" and value != value.to_integral():
                # Also catches "34.439" meant as thirty-four thousand (Belgian thousands dot).
                row_errors.append(("value", f"{metric_id} counts {metric.unit}: a whole number"))
            elif value != value.quantize(Decimal("0.0001")):
                # The table keeps four decimals; rounding silently would change a published figure.
                row_errors.append(("value", "more than four decimals"))
            elif metric is not None and metric.unit == "percent" and value > 100:
                row_errors.append(("value", "a percentage above 100"))

        unit = record.get("unit", "")
        if metric is not None and unit and unit != metric.unit:
            row_errors.append(("unit", f"{unit!r}: {metric_id} is counted in {metric.unit}"))

        qualifier = record.get("qualifier", "") or Qualifier.EXACT
        if qualifier not in Qualifier.values:
            row_errors.append(("qualifier", f"{qualifier!r}: one of {', '.join(Qualifier.values)}"))

        dims = {d: record[d] for d in catalogue.DIMENSIONS if record.get(d)}
        for dim, code in dims.items():
            if metric is not None and dim not in metric.dims:
                row_errors.append((dim, f"{metric_id} has no breakdown by {dim}"))
            elif dim == "nationality" and not _NATIONALITY.match(code):
                row_errors.append((dim, f"{code!r}: ISO 3166-1 alpha-2 code expected"))
            elif dim in _DIM_CODES and code not in _DIM_CODES[dim]:
                row_errors.append((dim, f"{code!r}: one of {', '.join(sorted(_DIM_CODES[dim]))}"))

        if not row_errors and metric is not None:
            row = ObservationRow(
                row=number,
                metric=metric_id,
                granularity=granularity,
                period_start=start,
                period_end=end,
                dims=dims,
                value=value,
                qualifier=qualifier,
                unit=metric.unit,
                citation=record.get("citation", ""),
            )
            if row.key in seen:
                row_errors.append(
                    ("period", f"same metric, period and breakdown as row {seen[row.key]}")
                )
            else:
                seen[row.key] = number
                rows.append(row)
        errors.extend({"row": number, "field": f, "message": m} for f, m in row_errors)
        if len(errors) >= MAX_ERRORS:
            break
    if not body and not errors:
        errors.append({"row": 1, "field": "file", "message": "no data rows"})
    return rows, errors[:MAX_ERRORS]


# --- writing -------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def batch_existing(*, source: str, dataset: str, sha256: str) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(
            source=source, dataset=dataset, file_sha256=sha256, status=ImportStatus.IMPORTED
        )
        .order_by("id")
        .first()
    )


def _audit(batch: ImportBatch, actor: Any, action: str, **details: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="monitoring.ImportBatch",
        object_id=batch.pk,
        details={
            "source": batch.source,
            "dataset": batch.dataset,
            "file_name": batch.file_name,
            "file_sha256": batch.file_sha256,
            "status": batch.status,
            **details,
        },
    )


def batch_reject(
    *,
    source: str,
    dataset: str,
    file_name: str,
    sha256: str,
    file_format: str,
    errors: list[dict[str, Any]],
    actor: Any = None,
) -> ImportBatch:
    """Record the refusal (its own transaction) so the sender can be told what to fix."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            source=source,
            dataset=dataset,
            file_name=file_name[:255],
            file_sha256=sha256,
            file_format=file_format,
            status=ImportStatus.REJECTED,
            errors=errors,
            imported_by=_user_or_none(actor),
        )
        _audit(batch, actor, "monitoring.import_rejected", errors=len(errors))
    return batch


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def observations_apply(batch: ImportBatch, rows: Sequence[ObservationRow]) -> dict[str, int]:
    """Write ``rows`` under ``batch`` (caller's transaction): new, unchanged or superseding.

    A row equal to the current figure from the same source is left alone; any other difference
    (value, qualifier, or the same number now published by another source) supersedes it, so
    the history shows who said what and when."""
    if not rows:
        return {"created": 0, "unchanged": 0, "superseded": 0}
    current: dict[tuple[str, str, dt.date, str], Observation] = {}
    starts = {r.period_start for r in rows}
    candidates = (
        Observation.objects.select_for_update()
        .select_related("batch")
        .filter(
            superseded_at__isnull=True,
            metric__in={r.metric for r in rows},
            period_start__gte=min(starts),
            period_start__lte=max(starts),
        )
    )
    for obs in candidates:
        current[(obs.metric, obs.granularity, obs.period_start, obs.dims_key)] = obs

    now = timezone.now()
    new: list[Observation] = []
    replaced: list[Observation] = []
    unchanged = 0
    for row in rows:
        old = current.get(row.key)
        if (
            old is not None
            and old.value == row.value
            and old.qualifier == row.qualifier
            and old.batch.source == batch.source
        ):
            unchanged += 1
            continue
        obs = Observation(
            metric=row.metric,
            granularity=row.granularity,
            period_start=row.period_start,
            period_end=row.period_end,
            dims=row.dims,
            dims_key=catalogue.dims_key(row.dims),
            value=row.value,
            qualifier=row.qualifier,
            unit=row.unit,
            batch=batch,
            citation=row.citation[:300],
        )
        new.append(obs)
        if old is not None:
            replaced.append(old)
    # The unique index covers current rows only: retire the old ones first, then point them
    # at their successors once those have ids.
    if replaced:
        Observation.objects.filter(pk__in=[o.pk for o in replaced]).update(superseded_at=now)
    Observation.objects.bulk_create(new, batch_size=5000)
    if replaced:
        successor = {(o.metric, o.granularity, o.period_start, o.dims_key): o.pk for o in new}
        for old in replaced:
            old.superseded_at = now
            old.superseded_by_id = successor[
                (old.metric, old.granularity, old.period_start, old.dims_key)
            ]
        Observation.objects.bulk_update(replaced, ["superseded_by"], batch_size=5000)
    return {"created": len(new), "unchanged": unchanged, "superseded": len(replaced)}


def import_file(
    data: bytes,
    *,
    file_name: str,
    source: str,
    dataset: str,
    file_format: str | None = None,
    actor: Any = None,
) -> ImportBatch:
    """Import one file of observations, whole or not at all (see the module docstring).

    Raises ``UnknownDataset`` for a source, dataset or format the schema does not declare,
    ``ImportRejected`` (after recording the rejected batch) for a file with bad rows."""
    spec = dataset_spec(source, dataset)
    file_format = file_format or format_guess(file_name, data)
    if file_format not in spec["formats"]:
        raise UnknownDataset(
            "format",
            f"{source}/{dataset} takes {', '.join(spec['formats'])}, not {file_format!r}",
        )
    sha256 = _sha256(data)
    existing = batch_existing(source=source, dataset=dataset, sha256=sha256)
    if existing is not None:
        return existing

    meta: dict[str, Any] = {
        "source": source,
        "dataset": dataset,
        "file_name": file_name,
        "sha256": sha256,
        "file_format": file_format,
        "actor": actor,
    }
    aliases = {**schemas()["aliases"], **(spec.get("aliases") or {})}
    try:
        records = records_read(data, file_format)
        rows, errors = rows_validate(records, allowed_metrics=spec["metrics"], aliases=aliases)
    except _FileError as exc:
        rows, errors = [], [exc.error]
    if errors:
        _reject(errors, meta)
    return _batch_import(rows, **meta)


def _reject(errors: list[dict[str, Any]], meta: dict[str, Any]) -> NoReturn:
    """Record the rejected file (its row errors, no figure) and raise ``ImportRejected``."""
    batch = batch_reject(**meta, errors=errors)
    raise ImportRejected(batch, errors)


def _batch_import(
    rows: Sequence[ObservationRow],
    *,
    source: str,
    dataset: str,
    file_name: str,
    sha256: str,
    file_format: str,
    actor: Any = None,
) -> ImportBatch:
    with transaction.atomic():
        # Observation imports run one at a time: two files revising the same figure at once
        # would otherwise both see it current and collide on the unique index; a second import
        # of the same file waits here, then finds the first.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('monitoring:observations'))")
        existing = batch_existing(source=source, dataset=dataset, sha256=sha256)
        if existing is not None:
            return existing
        batch = ImportBatch.objects.create(
            source=source,
            dataset=dataset,
            file_name=file_name[:255],
            file_sha256=sha256,
            file_format=file_format,
            status=ImportStatus.IMPORTED,
            row_count=len(rows),
            imported_by=_user_or_none(actor),
        )
        counts = observations_apply(batch, rows)
        batch.superseded_count = counts["superseded"]
        batch.save(update_fields=["superseded_count"])
        _audit(batch, actor, "monitoring.import", **counts)
    return batch


def rows_import(
    rows: Sequence[ObservationRow],
    *,
    source: str,
    dataset: str,
    file_name: str,
    sha256: str,
    file_format: str,
    actor: Any = None,
) -> ImportBatch:
    """Import rows already built and checked by the caller (reference YAML, synthetic data)."""
    existing = batch_existing(source=source, dataset=dataset, sha256=sha256)
    if existing is not None:
        return existing
    return _batch_import(
        rows,
        source=source,
        dataset=dataset,
        file_name=file_name,
        sha256=sha256,
        file_format=file_format,
        actor=actor,
    )


def batch_summary(batch: ImportBatch) -> str:
    if batch.status == ImportStatus.REJECTED:
        return f"{file_label(batch)}: rejected ({len(batch.errors)} errors), batch {batch.pk}"
    events = batch.events.count()
    if events:
        return f"{file_label(batch)}: {events} events, batch {batch.pk}"
    created = batch.observations.count()
    return (
        f"{file_label(batch)}: {batch.row_count} rows, {created} new or revised, "
        f"{batch.row_count - created} unchanged, {batch.superseded_count} superseded, "
        f"batch {batch.pk}"
    )


# --- case events ---------------------------------------------------------------------------

EVENT_TYPES = frozenset(
    {
        "application_lodged",
        "transferred_to_cgrs",
        "dublin_refusal",
        "technical_refusal",
        "cgrs_decision",
        "appeal_lodged",
        "appeal_judgment",
        "reception_entry",
        "reception_exit",
        "waiting_list_entry",
        "waiting_list_exit",
        "return_voluntary",
        "return_forced",
        "return_counselling",
        "uam_report",
        "tp_grant",
        "single_permit_decided",
    }
)
EVENT_STRING_DIMS = (
    "nationality",
    "sex",
    "age_group",
    "region",
    "operator",
    "place_type",
    "application_type",
    "decision_type",
)
DECISION_TYPES = frozenset(
    {
        "refugee_status",
        "subsidiary_protection",
        "refusal",
        "inadmissible",
        "other_final",
        "admissibility_intermediate",
        "granted",
        "refused",
    }
)
# CaseEvent columns COPY fills, in this order.
EVENT_COPY_COLUMNS = (
    "event_type",
    "occurred_on",
    "case_ref",
    *EVENT_STRING_DIMS,
    "duration_days",
    "shortage_occupation",
    "batch_id",
)


def _events_table(data: bytes, file_format: str) -> tuple[Any, list[dict[str, Any]]]:
    """The events as an Arrow table, and the cells that could not be converted.

    A CSV is read as text first and converted column by column, so that a bad date or number
    is reported with its row instead of failing the whole read with Arrow's message."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    try:
        if file_format == "parquet":
            return pq.read_table(io.BytesIO(data)), []
        text = pacsv.read_csv(
            io.BytesIO(data),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(
                    (
                        "event_id",
                        "case_ref",
                        "event_type",
                        "occurred_on",
                        "duration_days",
                        "shortage_occupation",
                        *EVENT_STRING_DIMS,
                    ),
                    pa.string(),
                ),
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, OSError) as exc:
        raise _FileError(0, "file", f"cannot read the {file_format} file: {exc}") from exc
    return _events_csv_convert(text)


def _events_csv_convert(text: Any) -> tuple[Any, list[dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    errors: list[dict[str, Any]] = []

    def flag(name: str, bad: Any, message: str) -> None:
        for index in np.flatnonzero(np.asarray(bad.to_numpy(zero_copy_only=False), bool))[:20]:
            errors.append({"row": int(index) + 2, "field": name, "message": message})

    columns, names = [], []
    for name in text.column_names:
        column = text[name].combine_chunks() if text[name].num_chunks else pa.array([], pa.string())
        if pa.types.is_string(column.type):
            column = pc.utf8_trim_whitespace(column)
        present = pc.fill_null(pc.not_equal(column, ""), False)
        if name in ("event_id", "case_ref", "duration_days"):
            ok = pc.fill_null(pc.match_substring_regex(column, r"^\s*-?\d+\s*$"), False)
            flag(name, pc.and_(present, pc.invert(ok)), "not a whole number")
            kind = pa.int32() if name == "duration_days" else pa.int64()
            column = pc.if_else(ok, column, pa.scalar(None, pa.string())).cast(kind)
        elif name == "occurred_on":
            parsed = pc.strptime(column, format="%Y-%m-%d", unit="s", error_is_null=True)
            # strptime rolls 2026-02-30 over to 2 March: a date must read back as written.
            same = pc.fill_null(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), column), False)
            flag(name, pc.and_(present, pc.invert(same)), "not a date (YYYY-MM-DD)")
            parsed = pc.if_else(same, parsed, pa.scalar(None, parsed.type))
            column = parsed.cast(pa.date32())
        elif name == "shortage_occupation":
            lowered = pc.utf8_lower(column)
            truthy = pc.is_in(lowered, value_set=pa.array(["true", "t", "1", "yes"]))
            falsy = pc.is_in(lowered, value_set=pa.array(["false", "f", "0", "no"]))
            flag(name, pc.and_(present, pc.invert(pc.or_(truthy, falsy))), "true or false")
            column = pc.if_else(truthy, True, pc.if_else(falsy, False, pa.scalar(None, pa.bool_())))
        columns.append(column)
        names.append(name)
    return pa.table(columns, names=names), errors


def events_validate(table: Any, *, first_row: int) -> list[dict[str, Any]]:
    """Errors of an events table (vectorised: a file may hold millions of rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    errors: list[dict[str, Any]] = []
    allowed = {
        "event_id",
        "case_ref",
        "event_type",
        "occurred_on",
        "duration_days",
        "shortage_occupation",
        *EVENT_STRING_DIMS,
    }
    for name in table.column_names:
        if name not in allowed:
            errors.append(
                {"row": 1 if first_row == 2 else 0, "field": name, "message": "unknown column"}
            )
    for name in ("case_ref", "event_type", "occurred_on"):
        if name not in table.column_names:
            errors.append(
                {
                    "row": 1 if first_row == 2 else 0,
                    "field": name,
                    "message": "required column missing",
                }
            )
    if errors:
        return errors

    def report(field: str, bad: Any, message: str) -> None:
        mask = np.asarray(pc.fill_null(bad, True).to_numpy(zero_copy_only=False), dtype=bool)
        for index in np.flatnonzero(mask)[:20]:
            errors.append({"row": int(index) + first_row, "field": field, "message": message})

    def as_plain(name: str, kind: Any) -> Any:
        column = table[name]
        if pa.types.is_dictionary(column.type):
            column = column.cast(kind)
        return column

    try:
        case_ref = as_plain("case_ref", pa.int64()).cast(pa.int64())
        occurred = as_plain("occurred_on", pa.date32()).cast(pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        return [{"row": 0, "field": "file", "message": f"wrong column type: {exc}"}]
    report("case_ref", pc.is_null(case_ref), "missing")
    report("occurred_on", pc.is_null(occurred), "missing or not a date (YYYY-MM-DD)")
    event_type = as_plain("event_type", pa.string())
    report(
        "event_type",
        pc.invert(pc.is_in(event_type, value_set=pa.array(sorted(EVENT_TYPES)))),
        "unknown event type",
    )
    if "decision_type" in table.column_names:
        decision = pc.fill_null(as_plain("decision_type", pa.string()), "")
        bad = pc.invert(pc.is_in(decision, value_set=pa.array(["", *sorted(DECISION_TYPES)])))
        report("decision_type", bad, "unknown decision type")
    if "duration_days" in table.column_names:
        duration = as_plain("duration_days", pa.int32())
        report("duration_days", pc.fill_null(pc.less(duration, 0), False), "must be zero or more")
    for dim, codes in _DIM_CODES.items():
        if dim in table.column_names and dim != "shortage_occupation":
            column = pc.fill_null(as_plain(dim, pa.string()), "")
            bad = pc.invert(pc.is_in(column, value_set=pa.array(["", *sorted(codes)])))
            report(dim, bad, f"one of {', '.join(sorted(codes))}")
    return errors[:MAX_ERRORS]


def events_copy(table: Any, batch: ImportBatch) -> int:
    """COPY the events into CaseEvent under ``batch`` (caller's transaction); returns rows."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    columns = []
    n = table.num_rows
    for name in EVENT_COPY_COLUMNS:
        if name == "batch_id":
            columns.append(
                pa.array(np.full(n, batch.pk, dtype="int64")) if n else pa.array([], pa.int64())
            )
        elif name in table.column_names:
            column = table[name]
            if pa.types.is_dictionary(column.type):
                column = column.cast(column.type.value_type)
            if name in EVENT_STRING_DIMS or name == "event_type":
                column = pc.fill_null(column.cast(pa.string()), "")
            columns.append(column)
        elif name in EVENT_STRING_DIMS:
            columns.append(pa.array([""] * n, pa.string()))
        else:
            columns.append(pa.nulls(n, pa.int32() if name == "duration_days" else pa.bool_()))
    out = pa.table(columns, names=list(EVENT_COPY_COLUMNS))
    sql = (
        f"COPY {CaseEvent._meta.db_table} ({', '.join(EVENT_COPY_COLUMNS)}) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(EVENT_STRING_DIMS)}))"
    )
    options = pacsv.WriteOptions(include_header=False)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        # Batch by batch: a file of millions of events never becomes one CSV in memory.
        for record_batch in out.to_batches(max_chunksize=100_000):
            buffer = io.BytesIO()
            pacsv.write_csv(record_batch, buffer, write_options=options)
            copy.write(buffer.getvalue())
    return int(n)


def events_import(
    data: bytes,
    *,
    file_name: str,
    source: str,
    file_format: str | None = None,
    dataset: str = "events",
    actor: Any = None,
) -> ImportBatch:
    """Import a file of case events, whole or not at all (same rules as ``import_file``)."""
    spec = schemas()["events"]
    if source not in spec["sources"] or source not in Source.values:
        raise UnknownDataset(
            "source", f"unknown source {source!r} for events; known: {', '.join(spec['sources'])}"
        )
    file_format = file_format or format_guess(file_name, data)
    if file_format not in spec["formats"]:
        raise UnknownDataset(
            "format", f"events come as {', '.join(spec['formats'])}, not {file_format!r}"
        )
    sha256 = _sha256(data)
    existing = batch_existing(source=source, dataset=dataset, sha256=sha256)
    if existing is not None:
        return existing
    meta: dict[str, Any] = {
        "source": source,
        "dataset": dataset,
        "file_name": file_name,
        "sha256": sha256,
        "file_format": file_format,
        "actor": actor,
    }
    try:
        table, errors = _events_table(data, file_format)
    except _FileError as exc:
        table, errors = None, [exc.error]
    else:
        # A cell that could not be converted is null by now: report it once, as unreadable.
        seen = {(e["row"], e["field"]) for e in errors}
        errors += [
            e
            for e in events_validate(table, first_row=1 if file_format == "parquet" else 2)
            if (e["row"], e["field"]) not in seen
        ]
    if errors or table is None:
        _reject(errors, meta)
    return events_table_import(table, **meta)


def events_table_import(
    table: Any,
    *,
    source: str,
    dataset: str,
    file_name: str,
    sha256: str,
    file_format: str,
    actor: Any = None,
) -> ImportBatch:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"monitoring:{sha256}"])
        existing = batch_existing(source=source, dataset=dataset, sha256=sha256)
        if existing is not None:
            return existing
        batch = ImportBatch.objects.create(
            source=source,
            dataset=dataset,
            file_name=file_name[:255],
            file_sha256=sha256,
            file_format=file_format,
            status=ImportStatus.IMPORTED,
            row_count=table.num_rows,
            imported_by=_user_or_none(actor),
        )
        events_copy(table, batch)
        _audit(batch, actor, "monitoring.events_import", events=table.num_rows)
    return batch


def errors_lines(errors: Iterable[Mapping[str, Any]], limit: int = 20) -> Iterator[str]:
    """``row 12, value: not a number`` lines for a person."""
    for i, error in enumerate(errors):
        if i == limit:
            return
        yield f"row {error['row']}, {error['field']}: {error['message']}"
