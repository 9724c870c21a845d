# SPDX-License-Identifier: EUPL-1.2
"""The Parquet snapshot the DuckDB analytics read (schema: docs/monitoring.md).

``snapshot_write`` copies the current observations, the case events and the casework
single-permit decisions out of PostgreSQL with ``COPY … TO STDOUT`` (streamed to disk, then
converted to Parquet in batches: an event table of tens of millions of rows never sits in
memory whole, and the ORM never builds one object per row).

The snapshot is written in a temporary directory beside the target and renamed into place,
so a reader sees the previous snapshot or the new one, never half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from passage.monitoring.catalogue import DIMENSIONS

_DICT = pa.dictionary(pa.int32(), pa.string())

EVENT_STRING_COLUMNS = (
    "nationality",
    "sex",
    "age_group",
    "region",
    "operator",
    "place_type",
    "application_type",
    "decision_type",
)

# Contract with analytics (docs/monitoring.md); the synthetic generator writes the same.
EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.int64(), nullable=False),
        pa.field("case_ref", pa.int64(), nullable=False),
        pa.field("event_type", _DICT, nullable=False),
        pa.field("occurred_on", pa.date32(), nullable=False),
        *(pa.field(name, _DICT) for name in EVENT_STRING_COLUMNS),
        pa.field("duration_days", pa.int32()),
        pa.field("shortage_occupation", pa.bool_()),
    ]
)

OBSERVATION_SCHEMA = pa.schema(
    [
        *(
            pa.field(name, pa.string())
            for name in (
                "metric",
                "granularity",
                "dims_key",
                "unit",
                "qualifier",
                "source",
                "citation",
            )
        ),
        pa.field("period_start", pa.date32()),
        pa.field("period_end", pa.date32()),
        *(pa.field(name, pa.string()) for name in DIMENSIONS),
        pa.field("value", pa.float64()),
        pa.field("batch_id", pa.int64()),
    ]
)

# Casework events get negative ids so they never collide with CaseEvent ids in one snapshot.
CASEWORK_EVENT_ID_SIGN = -1


@dataclass(frozen=True)
class SnapshotPaths:
    observations: Path
    events_dir: Path


def _observations_sql() -> str:
    from passage.monitoring.models import ImportBatch, Observation

    dims = ", ".join(f"o.dims ->> '{name}' AS {name}" for name in DIMENSIONS)
    # Identifiers only, all from code (DIMENSIONS, model tables): nothing from a user.
    return (
        "SELECT o.metric, o.granularity, o.dims_key, o.unit, o.qualifier, b.source, o.citation, "  # noqa: S608
        f"o.period_start, o.period_end, {dims}, o.value::float8 AS value, o.batch_id "
        f"FROM {Observation._meta.db_table} o JOIN {ImportBatch._meta.db_table} b "
        "ON b.id = o.batch_id WHERE o.superseded_at IS NULL "
        "ORDER BY o.metric, o.granularity, o.period_start, o.dims_key"
    )


def _events_sql() -> str:
    from passage.monitoring.models import CaseEvent

    strings = ", ".join(f"NULLIF({name}, '') AS {name}" for name in EVENT_STRING_COLUMNS)
    # Identifiers only, all from code: nothing from a user.
    return (
        f"SELECT id AS event_id, case_ref, event_type, occurred_on, {strings}, "  # noqa: S608
        f"duration_days, shortage_occupation FROM {CaseEvent._meta.db_table}"
    )


def _casework_sql() -> str:
    """Regional single-permit decisions as ``single_permit_decided`` events.

    The regional decision on the work authorisation is what the 8-week AMMC target and the
    Flemish 60-day target time (the Immigration Office's residence part has its own clock), so
    the event is the ``regional`` ApplicationDecision, granted or refused; a withdrawal is not
    a decision. duration_days = calendar days from submission to that decision (Brussels dates,
    the SLA clock's days) minus the days the clock was paused while the employer owed
    information, as the SLA counts them. shortage_occupation follows the casework SLA choice:
    an occupation on the bottleneck list or the "bottleneck" category (casework.selectors)."""
    from passage.casework.models import Application, ApplicationDecision

    strings = dict.fromkeys(EVENT_STRING_COLUMNS, "NULL")
    strings["region"] = "NULLIF(a.region, '')"
    strings["decision_type"] = "d.outcome"
    zone = "'Europe/Brussels'"
    return (
        f"SELECT {CASEWORK_EVENT_ID_SIGN} * a.id AS event_id, a.id AS case_ref, "
        "'single_permit_decided' AS event_type, "
        f"(d.decided_at AT TIME ZONE {zone})::date AS occurred_on, "
        + ", ".join(f"{expr} AS {name}" for name, expr in strings.items())
        + f", GREATEST(0, (d.decided_at AT TIME ZONE {zone})::date"
        f" - (a.submitted_at AT TIME ZONE {zone})::date - a.sla_paused_days) AS duration_days, "
        + "(a.occupation_on_shortage_list OR a.category = 'bottleneck') AS shortage_occupation "
        f"FROM {ApplicationDecision._meta.db_table} d "
        f"JOIN {Application._meta.db_table} a ON a.id = d.application_id "
        "WHERE d.part = 'regional' AND a.submitted_at IS NOT NULL"
    )


def _copy_to_file(cursor: Any, sql: str, path: Path) -> None:
    with (
        path.open("wb") as out,
        cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
    ):
        for block in copy:
            out.write(block)


def _csv_to_parquet(source: Path, target: Path, schema: pa.Schema) -> int:
    """Stream a COPY CSV into Parquet with ``schema``; returns the rows written."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    # Read dictionary columns as plain strings, then encode per batch.
    read_types = {
        f.name: (f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema
    }
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=64 << 20),
        convert_options=pacsv.ConvertOptions(
            column_types=read_types,
            # COPY writes NULL unquoted and an empty string quoted: keep them apart.
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["t", "true"],
            false_values=["f", "false"],
        ),
    )
    rows = 0
    with pq.ParquetWriter(target, schema) as writer:
        for batch in reader:
            columns = []
            for field in schema:
                column = batch.column(field.name)
                if pa.types.is_dictionary(field.type):
                    column = column.dictionary_encode().cast(field.type)
                columns.append(column)
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            rows += batch.num_rows
    return rows


def snapshot_write(directory: Path) -> SnapshotPaths:
    """Write ``directory``/observations.parquet and ``directory``/events/*.parquet.

    One REPEATABLE READ transaction so the three exports agree with each other (inside a
    caller's transaction, that transaction's isolation applies)."""
    from django.db import connection, transaction

    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        (work / "events").mkdir()
        outermost = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            if outermost:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            # Casework tables have forced row-level security: read them as an administrator
            # would (a non-superuser owner sees nothing otherwise; see docs/casework.md), and
            # put the caller's setting back after, should this run inside its transaction.
            cursor.execute(
                "SELECT current_setting('passage.role', true), "
                "set_config('passage.role', 'administrator', true)"
            )
            previous_role = cursor.fetchone()[0] or ""
            raw = cursor.cursor
            parts = [
                (
                    _observations_sql(),
                    work / "observations.csv",
                    work / "observations.parquet",
                    OBSERVATION_SCHEMA,
                ),
                (
                    _events_sql(),
                    work / "events.csv",
                    work / "events" / "case_events.parquet",
                    EVENT_SCHEMA,
                ),
                (
                    _casework_sql(),
                    work / "casework.csv",
                    work / "events" / "single_permits.parquet",
                    EVENT_SCHEMA,
                ),
            ]
            for sql, csv_path, _, _ in parts:
                _copy_to_file(raw, sql, csv_path)
            cursor.execute("SELECT set_config('passage.role', %s, true)", [previous_role])
        for _, csv_path, parquet_path, schema in parts:
            _csv_to_parquet(csv_path, parquet_path, schema)
            csv_path.unlink()
        _replace(work, directory)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return SnapshotPaths(
        observations=directory / "observations.parquet", events_dir=directory / "events"
    )


def _replace(work: Path, directory: Path) -> None:
    """Move ``work`` to ``directory``; an older snapshot there is swapped out, then removed."""
    if not directory.exists():
        os.replace(work, directory)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
    old.rmdir()
    os.replace(directory, old)
    os.replace(work, directory)
    shutil.rmtree(old, ignore_errors=True)
