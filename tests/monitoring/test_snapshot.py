# SPDX-License-Identifier: EUPL-1.2
"""The Parquet snapshot: current observations only, events round-trip, casework single permits
with their SLA durations, written atomically."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from passage.monitoring.catalogue import DIMENSIONS
from passage.monitoring.imports import events_import, import_file
from passage.monitoring.models import CaseEvent, Observation
from passage.monitoring.snapshot import EVENT_SCHEMA, OBSERVATION_SCHEMA, snapshot_write

# The casework factories, under the same unique module name the casework tests use.
if "casework_factories" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "casework_factories", Path(__file__).parents[1] / "casework" / "factories.py"
    )
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)

from casework_factories import ApplicationFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=BRUSSELS)


@pytest.fixture
def data(db: Any, monitoring_file: Any) -> None:
    import_file(
        b"metric,period,value,nationality\n"
        b"cgrs.grants_refugee,2025,8000,\ncgrs.grants_refugee,2025,1432,AF\n",
        file_name="v1.csv",
        source="cgrs",
        dataset="decisions",
    )
    # A revision: 8 000 becomes 8 369 (F-IP-17); the 8 000 must not reach the snapshot.
    import_file(
        b"metric,period,value,qualifier\ncgrs.grants_refugee,2025,8369,exact\n"
        b"cgrs.protection_rate_stated,2025,28.4,exact\n",
        file_name="v2.csv",
        source="cgrs",
        dataset="decisions",
    )
    import_file(
        b"metric,period,value\nreception.capacity,2025-12-31,34771\n",
        file_name="capacity.csv",
        source="fedasil",
        dataset="reception",
    )
    events_import(monitoring_file("events_small.csv"), file_name="e.csv", source="cgrs")


class TestObservations:
    def test_current_rows_only_with_contract_schema(self, data: None, tmp_path: Path) -> None:
        paths = snapshot_write(tmp_path / "snap")
        table = pq.read_table(paths.observations)
        assert table.schema.equals(OBSERVATION_SCHEMA)
        rows = {(r["metric"], r["period_start"], r["dims_key"]): r for r in table.to_pylist()}
        current = Observation.objects.filter(superseded_at__isnull=True)
        assert len(rows) == current.count() == 4
        assert Observation.objects.filter(superseded_at__isnull=False).count() == 1
        total = rows[("cgrs.grants_refugee", dt.date(2025, 1, 1), "")]
        assert total["value"] == 8369.0
        assert total["source"] == "cgrs"
        assert total["period_end"] == dt.date(2025, 12, 31)
        assert total["nationality"] is None
        afghan = rows[("cgrs.grants_refugee", dt.date(2025, 1, 1), "nationality=AF")]
        assert afghan["nationality"] == "AF"
        assert all(afghan[d] is None for d in DIMENSIONS if d != "nationality")
        assert rows[("cgrs.protection_rate_stated", dt.date(2025, 1, 1), "")]["value"] == 28.4
        capacity = rows[("reception.capacity", dt.date(2025, 12, 31), "")]
        assert (capacity["granularity"], capacity["unit"]) == ("instant", "places")
        for obs in current:
            row = rows[(obs.metric, obs.period_start, obs.dims_key)]
            assert Decimal(str(row["value"])) == obs.value
            assert row["batch_id"] == obs.batch_id


class TestEvents:
    def test_case_events_round_trip(self, data: None, tmp_path: Path) -> None:
        paths = snapshot_write(tmp_path / "snap")
        table = pq.read_table(paths.events_dir / "case_events.parquet")
        assert table.schema.equals(EVENT_SCHEMA)
        got = {r["event_id"]: r for r in table.to_pylist()}
        assert len(got) == CaseEvent.objects.count() == 4
        for event in CaseEvent.objects.all():
            row = got[event.pk]
            assert row["case_ref"] == event.case_ref
            assert row["event_type"] == event.event_type
            assert row["occurred_on"] == event.occurred_on
            assert row["nationality"] == (event.nationality or None)
            assert row["region"] == (event.region or None)
            assert row["duration_days"] == event.duration_days
            assert row["shortage_occupation"] == event.shortage_occupation

    def test_all_event_files_share_one_schema(self, data: None, tmp_path: Path) -> None:
        paths = snapshot_write(tmp_path / "snap")
        files = sorted(paths.events_dir.glob("*.parquet"))
        assert [f.name for f in files] == ["case_events.parquet", "single_permits.parquet"]
        for file in files:
            assert pq.read_schema(file).equals(EVENT_SCHEMA)

    def test_casework_single_permit_decisions(
        self, db: Any, tmp_path: Path, django_user_model: Any
    ) -> None:
        from passage.casework.models import ApplicationDecision

        officer = django_user_model.objects.create(username="officer")

        def regional(app: Any, outcome: str, at: dt.datetime) -> None:
            ApplicationDecision.objects.create(
                application=app,
                part="regional",
                outcome=outcome,
                motivation="" if outcome == "granted" else "Salary below SAL-02.",
                decided_by=officer,
                decided_at=at,
            )

        granted = ApplicationFactory(
            state="granted",
            region="flanders",
            occupation_on_shortage_list=True,
            submitted_at=_at(dt.date(2026, 3, 2)),
            # The residence part ended later: the regional clock stops at the regional decision.
            decided_at=_at(dt.date(2026, 7, 1)),
            sla_paused_days=10,
        )
        # 00:30 on 1 May in Brussels is still 30 April in UTC: days count in Brussels.
        regional(granted, "granted", _at(dt.date(2026, 5, 1), hour=0) + dt.timedelta(minutes=30))
        refused = ApplicationFactory(
            state="refused",
            region="wallonia",
            category="bottleneck",
            occupation_on_shortage_list=False,
            submitted_at=_at(dt.date(2026, 1, 5)),
            decided_at=_at(dt.date(2026, 2, 4)),
        )
        regional(refused, "refused", _at(dt.date(2026, 2, 4)))
        # A withdrawal has a decided_at but is no decision.
        ApplicationFactory(
            state="withdrawn",
            submitted_at=_at(dt.date(2026, 1, 5)),
            decided_at=_at(dt.date(2026, 1, 9)),
        )
        ApplicationFactory(state="regional_assessment", submitted_at=_at(dt.date(2026, 1, 5)))
        ApplicationFactory(state="draft")

        paths = snapshot_write(tmp_path / "snap")
        rows = {
            r["case_ref"]: r
            for r in pq.read_table(paths.events_dir / "single_permits.parquet").to_pylist()
        }
        assert set(rows) == {granted.pk, refused.pk}
        first = rows[granted.pk]
        assert first["event_type"] == "single_permit_decided"
        assert first["occurred_on"] == dt.date(2026, 5, 1)
        # 2 March → 1 May is 60 days; 10 paused days do not count.
        assert first["duration_days"] == 50
        assert (first["decision_type"], first["region"]) == ("granted", "flanders")
        assert first["shortage_occupation"] is True
        assert first["event_id"] < 0
        second = rows[refused.pk]
        assert (second["duration_days"], second["decision_type"]) == (30, "refused")
        assert second["shortage_occupation"] is True  # category "bottleneck"
        assert second["nationality"] is None


class TestAtomicWrite:
    def test_replaces_an_older_snapshot_whole(self, data: None, tmp_path: Path) -> None:
        target = tmp_path / "snap"
        target.mkdir()
        (target / "stale.parquet").write_bytes(b"old")
        snapshot_write(target)
        assert not (target / "stale.parquet").exists()
        assert (target / "observations.parquet").exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["snap"]

    def test_failure_leaves_the_old_snapshot(
        self, data: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from passage.monitoring import snapshot

        target = tmp_path / "snap"
        snapshot_write(target)
        before = pq.read_table(target / "observations.parquet")

        def broken(*args: Any, **kwargs: Any) -> int:
            raise OSError("disk full")

        monkeypatch.setattr(snapshot, "_csv_to_parquet", broken)
        with pytest.raises(OSError, match="disk full"):
            snapshot_write(target)
        assert pq.read_table(target / "observations.parquet").equals(before)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["snap"]

    def test_empty_database_gives_empty_files(self, db: Any, tmp_path: Path) -> None:
        paths = snapshot_write(tmp_path / "snap")
        assert pq.read_table(paths.observations).num_rows == 0
        events = pq.read_table(paths.events_dir / "case_events.parquet")
        assert events.num_rows == 0
        assert events.schema.field("event_type").type == pa.dictionary(pa.int32(), pa.string())

    def test_callers_rls_setting_is_put_back(self, db: Any, tmp_path: Path) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('passage.role', 'analyst', true)")
            snapshot_write(tmp_path / "snap")
            cursor.execute("SELECT current_setting('passage.role', true)")
            assert cursor.fetchone()[0] == "analyst"
