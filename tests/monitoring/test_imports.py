# SPDX-License-Identifier: EUPL-1.2
"""Imports of official figures: formats, whole-file rejection, revisions, idempotence."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from passage.audit.models import AuditEntry
from passage.monitoring.imports import (
    ImportRejected,
    UnknownDataset,
    events_import,
    import_file,
)
from passage.monitoring.models import CaseEvent, ImportBatch, Observation


def _current(metric: str, period: dt.date, dims_key: str = "") -> Observation:
    return Observation.objects.get(
        metric=metric, period_start=period, dims_key=dims_key, superseded_at__isnull=True
    )


def _xlsx(rows: list[list[Any]], *, sheet: str = "Sheet1", extra_first: bool = False) -> bytes:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    if extra_first:
        first.title = "notes"
        first.append(["This sheet is a cover page"])
        data = book.create_sheet("data")
    else:
        first.title = sheet
        data = first
    for row in rows:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class TestFormats:
    def test_csv_comma(self, db: Any, monitoring_file: Any) -> None:
        batch = import_file(
            monitoring_file("cgrs_decisions_2025.csv"),
            file_name="cgrs_decisions_2025.csv",
            source="cgrs",
            dataset="decisions",
        )
        assert batch.status == "imported"
        assert batch.file_format == "csv"
        assert batch.row_count == 6
        assert _current("cgrs.decisions", dt.date(2025, 1, 1)).value == Decimal(31457)
        afghan = _current("cgrs.grants_refugee", dt.date(2025, 1, 1), "nationality=AF")
        assert afghan.value == 1432
        assert afghan.dims == {"nationality": "AF"}
        january = Observation.objects.get(metric="cgrs.grants_refugee", granularity="month")
        assert (january.period_start, january.period_end) == (
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 31),
        )
        rate = _current("cgrs.protection_rate_stated", dt.date(2025, 1, 1))
        assert rate.value == Decimal("28.4")
        assert rate.unit == "percent"

    def test_csv_semicolon_decimal_comma_and_instants(self, db: Any, monitoring_file: Any) -> None:
        import_file(
            monitoring_file("fedasil_reception_semicolon.csv"),
            file_name="reception.csv",
            source="fedasil",
            dataset="reception",
        )
        capacity = _current("reception.capacity", dt.date(2025, 12, 31))
        assert capacity.granularity == "instant"
        assert capacity.period_end == dt.date(2025, 12, 31)
        assert capacity.value == 34771
        assert _current("reception.occupancy_rate_stated", dt.date(2025, 1, 1)).value == 94
        split = _current(
            "reception.entries", dt.date(2025, 1, 1), "operator=fedasil;place_type=collective"
        )
        assert split.value == 900

    def test_xlsx_first_sheet(self, db: Any) -> None:
        data = _xlsx(
            [
                ["metric", "period", "value", "nationality"],
                ["ip.applications", "2025", 34439, None],
                ["ip.applications", "2025", 3947, "AF"],
            ]
        )
        batch = import_file(
            data, file_name="io.xlsx", source="immigration_office", dataset="applications"
        )
        assert batch.file_format == "xlsx"
        assert _current("ip.applications", dt.date(2025, 1, 1), "nationality=AF").value == 3947

    def test_xlsx_sheet_named_data_wins(self, db: Any) -> None:
        data = _xlsx(
            [["metric", "period", "value"], ["uam.reports", "2025", 3328]], extra_first=True
        )
        import_file(data, file_name="g.xlsx", source="guardianship", dataset="reports")
        assert _current("uam.reports", dt.date(2025, 1, 1)).value == 3328

    def test_xlsx_bad_cell_row_number_as_seen(self, db: Any) -> None:
        data = _xlsx(
            [
                ["metric", "period", "value"],
                ["uam.reports", "2025", 3328],
                ["uam.reports", "2024", "about four thousand"],
            ]
        )
        with pytest.raises(ImportRejected) as caught:
            import_file(data, file_name="g.xlsx", source="guardianship", dataset="reports")
        assert caught.value.errors[0]["row"] == 3
        assert caught.value.errors[0]["field"] == "value"

    def test_sdmx_structure_specific(self, db: Any, monitoring_file: Any) -> None:
        batch = import_file(
            monitoring_file("call_appeals_structure_specific.xml"),
            file_name="call.xml",
            source="call",
            dataset="appeals",
        )
        assert batch.file_format == "sdmx-ml"
        assert batch.row_count == 4
        assert _current("call.appeals", dt.date(2025, 2, 1)).value == 951
        assert _current("call.judgments", dt.date(2025, 1, 1)).granularity == "year"
        assert _current("call.pending", dt.date(2025, 12, 31)).value == 10591

    def test_sdmx_generic_rejects_the_bad_observation(self, db: Any, monitoring_file: Any) -> None:
        with pytest.raises(ImportRejected) as caught:
            import_file(
                monitoring_file("call_appeals_generic.xml"),
                file_name="call_generic.xml",
                source="call",
                dataset="appeals",
            )
        assert caught.value.errors == [
            {"row": 2, "field": "value", "message": "not a number: 'n/a'"}
        ]
        assert not Observation.objects.exists()

    def test_sdmx_generic_good(self, db: Any, monitoring_file: Any) -> None:
        data = monitoring_file("call_appeals_generic.xml").replace(b'"n/a"', b'"951"')
        import_file(data, file_name="call_generic.xml", source="call", dataset="appeals")
        assert _current("call.appeals", dt.date(2025, 2, 1)).value == 951
        assert _current("call.appeals", dt.date(2025, 1, 1)).unit == "appeals"

    def test_sdmx_csv_with_aliases(self, db: Any, monitoring_file: Any) -> None:
        batch = import_file(
            monitoring_file("immigration_office_applications.sdmx.csv"),
            file_name="applications.csv",
            source="immigration_office",
            dataset="applications",
        )
        assert batch.file_format == "sdmx-csv"
        first = _current("ip.applications", dt.date(2025, 1, 1), "application_type=first")
        assert first.value == 27574
        assert _current("ip.applications", dt.date(2025, 1, 1), "nationality=AF").value == 3947
        january = Observation.objects.get(metric="ip.applications", granularity="month")
        assert (january.period_start, january.value) == (dt.date(2025, 1, 1), 3540)

    def test_xml_entities_are_refused(self, db: Any) -> None:
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            b"<message:StructureSpecificData>&a;</message:StructureSpecificData>"
        )
        with pytest.raises(ImportRejected) as caught:
            import_file(bomb, file_name="x.xml", source="call", dataset="appeals")
        assert caught.value.errors[0]["field"] == "file"


class TestRejection:
    def test_every_bad_row_reported_nothing_written(self, db: Any, monitoring_file: Any) -> None:
        with pytest.raises(ImportRejected) as caught:
            import_file(
                monitoring_file("cgrs_decisions_bad.csv"),
                file_name="bad.csv",
                source="cgrs",
                dataset="decisions",
            )
        found = {(e["row"], e["field"]) for e in caught.value.errors}
        assert found == {
            (3, "value"),  # "lots"
            (4, "period"),  # month 13
            (5, "metric"),  # reception figure in a CGRS file
            (6, "nationality"),  # no breakdown by nationality for inadmissibility
            (7, "period"),  # duplicate of row 2
            (8, "value"),  # negative
            (9, "period"),  # a flow over a day: needs a month or a year
            (10, "unit"),  # decisions instead of persons
        }
        messages = {e["row"]: e["message"] for e in caught.value.errors}
        assert messages[3] == "not a number: 'lots'"
        assert "row 2" in messages[7]
        batch = caught.value.batch
        assert batch.status == "rejected"
        assert ImportBatch.objects.get(pk=batch.pk).errors == caught.value.errors
        assert not Observation.objects.exists()
        assert AuditEntry.objects.filter(
            action="monitoring.import_rejected", object_id=str(batch.pk)
        ).exists()

    @pytest.mark.parametrize(
        ("metric", "value", "message"),
        [
            ("cgrs.protection_rate_stated", "28.45678", "more than four decimals"),
            ("cgrs.decisions", "1e15", "too large for the table (10^14 or more)"),
            # A Belgian thousands dot: 34.439 meant as 34 439.
            ("cgrs.decisions", "34.439", "cgrs.decisions counts persons: a whole number"),
        ],
    )
    def test_values_the_table_cannot_hold(
        self, db: Any, metric: str, value: str, message: str
    ) -> None:
        with pytest.raises(ImportRejected) as caught:
            import_file(
                f"metric,period,value\n{metric},2025,{value}\n".encode(),
                file_name="c.csv",
                source="cgrs",
                dataset="decisions",
            )
        assert caught.value.errors == [{"row": 2, "field": "value", "message": message}]

    def test_unknown_column_is_named(self, db: Any) -> None:
        data = b"metric,period,value,nationalty\nuam.reports,2025,3328,AF\n"
        with pytest.raises(ImportRejected) as caught:
            import_file(data, file_name="g.csv", source="guardianship", dataset="reports")
        assert caught.value.errors == [
            {"row": 1, "field": "nationalty", "message": "unknown column"}
        ]

    def test_not_utf8(self, db: Any) -> None:
        data = "metric,period,value\nuam.reports,2025,3328\n# Société\n".encode("latin-1")
        with pytest.raises(ImportRejected) as caught:
            import_file(data, file_name="g.csv", source="guardianship", dataset="reports")
        assert caught.value.errors[0]["field"] == "file"
        assert "not UTF-8" in caught.value.errors[0]["message"]

    def test_two_columns_with_one_meaning(self, db: Any) -> None:
        data = b"metric,INDICATOR,period,value\nuam.reports,uam.reports,2025,1\n"
        with pytest.raises(ImportRejected) as caught:
            import_file(data, file_name="g.csv", source="guardianship", dataset="reports")
        assert caught.value.errors[0]["field"] == "INDICATOR"

    def test_missing_value_column(self, db: Any) -> None:
        with pytest.raises(ImportRejected) as caught:
            import_file(
                b"metric,period\nuam.reports,2025\n",
                file_name="g.csv",
                source="guardianship",
                dataset="reports",
            )
        assert caught.value.errors[0]["field"] == "value"

    @pytest.mark.parametrize(
        ("source", "dataset", "field"),
        [("nobody", "decisions", "source"), ("cgrs", "everything", "dataset")],
    )
    def test_unknown_source_or_dataset(
        self, db: Any, source: str, dataset: str, field: str
    ) -> None:
        with pytest.raises(UnknownDataset) as caught:
            import_file(b"metric,period,value\n", file_name="x.csv", source=source, dataset=dataset)
        assert caught.value.field == field
        assert not ImportBatch.objects.exists()


class TestRevisions:
    def test_same_file_twice_returns_the_first_batch(self, db: Any, monitoring_file: Any) -> None:
        data = monitoring_file("cgrs_decisions_2025.csv")
        first = import_file(data, file_name="a.csv", source="cgrs", dataset="decisions")
        again = import_file(data, file_name="a-copy.csv", source="cgrs", dataset="decisions")
        assert again.pk == first.pk
        assert ImportBatch.objects.count() == 1
        assert Observation.objects.count() == 6

    def test_revision_supersedes_and_keeps_history(self, db: Any) -> None:
        v1 = b"metric,period,value\ncall.appeals,2025-01,1000\ncall.appeals,2025-02,900\n"
        v2 = b"metric,period,value\ncall.appeals,2025-01,1000\ncall.appeals,2025-02,951\n"
        first = import_file(v1, file_name="v1.csv", source="call", dataset="appeals")
        second = import_file(v2, file_name="v2.csv", source="call", dataset="appeals")
        assert second.superseded_count == 1
        assert second.row_count == 2
        assert second.observations.count() == 1  # January unchanged, kept from the first
        old = Observation.objects.get(batch=first, period_start=dt.date(2025, 2, 1))
        new = _current("call.appeals", dt.date(2025, 2, 1))
        assert old.superseded_at is not None
        assert old.superseded_by_id == new.pk
        assert new.value == 951
        assert _current("call.appeals", dt.date(2025, 1, 1)).batch_id == first.pk
        assert AuditEntry.objects.filter(
            action="monitoring.import", object_id=str(second.pk)
        ).exists()

    def test_qualifier_change_is_a_revision(self, db: Any) -> None:
        import_file(
            b"metric,period,value,qualifier\nuam.reports,2025,3300,approximately\n",
            file_name="a.csv",
            source="guardianship",
            dataset="reports",
        )
        batch = import_file(
            b"metric,period,value,qualifier\nuam.reports,2025,3300,exact\n",
            file_name="b.csv",
            source="guardianship",
            dataset="reports",
        )
        assert batch.superseded_count == 1
        assert _current("uam.reports", dt.date(2025, 1, 1)).qualifier == "exact"


class TestEvents:
    def test_csv_events(self, db: Any, monitoring_file: Any) -> None:
        batch = events_import(
            monitoring_file("events_small.csv"), file_name="events.csv", source="cgrs"
        )
        assert batch.row_count == 4
        events = {e.event_type: e for e in CaseEvent.objects.filter(batch=batch)}
        assert set(events) == {
            "application_lodged",
            "cgrs_decision",
            "reception_entry",
            "single_permit_decided",
        }
        lodged = events["application_lodged"]
        assert (lodged.nationality, lodged.application_type, lodged.region) == ("AF", "first", "")
        assert lodged.duration_days is None
        permit = events["single_permit_decided"]
        assert (permit.duration_days, permit.shortage_occupation) == (45, True)
        assert events["cgrs_decision"].occurred_on == dt.date(2026, 3, 10)

    def test_parquet_events_with_dictionary_strings(self, db: Any) -> None:
        table = pa.table(
            {
                "event_id": pa.array([1, 2], pa.int64()),
                "case_ref": pa.array([10, 11], pa.int64()),
                "event_type": pa.array(["tp_grant", "uam_report"]).dictionary_encode(),
                "occurred_on": pa.array([dt.date(2026, 1, 2), dt.date(2026, 1, 3)]),
                "nationality": pa.array(["UA", None]).dictionary_encode(),
                "duration_days": pa.array([None, None], pa.int32()),
            }
        )
        out = io.BytesIO()
        pq.write_table(table, out)
        batch = events_import(out.getvalue(), file_name="e.parquet", source="synthetic")
        assert batch.file_format == "parquet"
        assert sorted(CaseEvent.objects.values_list("event_type", "nationality")) == [
            ("tp_grant", "UA"),
            ("uam_report", ""),
        ]

    def test_bad_events_rejected_whole(self, db: Any, monitoring_file: Any) -> None:
        with pytest.raises(ImportRejected) as caught:
            events_import(monitoring_file("events_bad.csv"), file_name="bad.csv", source="cgrs")
        assert {(e["row"], e["field"]) for e in caught.value.errors} == {
            (3, "event_type"),
            (4, "decision_type"),
            (4, "sex"),
            (5, "case_ref"),
            (5, "occurred_on"),
            (6, "occurred_on"),
        }
        messages = {(e["row"], e["field"]): e["message"] for e in caught.value.errors}
        assert messages[(6, "occurred_on")] == "not a date (YYYY-MM-DD)"
        assert messages[(5, "case_ref")] == "not a whole number"
        assert not CaseEvent.objects.exists()

    def test_same_events_file_twice(self, db: Any, monitoring_file: Any) -> None:
        data = monitoring_file("events_small.csv")
        first = events_import(data, file_name="e.csv", source="cgrs")
        assert events_import(data, file_name="e.csv", source="cgrs").pk == first.pk
        assert CaseEvent.objects.count() == 4


class TestCli:
    def _run(self, *args: str) -> Any:
        from typer.testing import CliRunner

        from passage.cli import app

        return CliRunner().invoke(app, ["monitor", *args])

    def test_import_prints_summary(self, db: Any, tmp_path: Any, monitoring_file: Any) -> None:
        path = tmp_path / "decisions.csv"
        path.write_bytes(monitoring_file("cgrs_decisions_2025.csv"))
        result = self._run("import", str(path), "--source", "cgrs", "--dataset", "decisions")
        assert result.exit_code == 0, result.output
        assert "cgrs/decisions decisions.csv: 6 rows, 6 new or revised" in result.output

    def test_rejected_file_lists_row_errors_and_exits_2(
        self, db: Any, tmp_path: Any, monitoring_file: Any
    ) -> None:
        path = tmp_path / "bad.csv"
        path.write_bytes(monitoring_file("cgrs_decisions_bad.csv"))
        result = self._run("import", str(path), "--source", "cgrs", "--dataset", "decisions")
        assert result.exit_code == 2
        assert "row 3, value: not a number: 'lots'" in result.output
        assert "Traceback" not in result.output
        assert not Observation.objects.exists()

    def test_more_than_20_errors_are_cut(self, db: Any, tmp_path: Any) -> None:
        path = tmp_path / "many.csv"
        path.write_text(
            "metric,period,value\n" + "".join(f"uam.reports,{2000 + i},x\n" for i in range(25)),
            encoding="utf-8",
        )
        result = self._run("import", str(path), "--source", "guardianship", "--dataset", "reports")
        assert result.exit_code == 2
        assert result.output.count("row ") == 20
        assert "… and 5 more" in result.output

    @pytest.mark.parametrize(
        ("args", "named"),
        [
            (["--source", "nobody", "--dataset", "decisions"], "--source"),
            (["--source", "cgrs", "--dataset", "everything"], "--dataset"),
            (["--source", "cgrs", "--dataset", "decisions", "--format", "pdf"], "--format"),
        ],
    )
    def test_unknown_option_value_exits_2_naming_it(
        self, db: Any, tmp_path: Any, args: list[str], named: str
    ) -> None:
        path = tmp_path / "x.csv"
        path.write_text("metric,period,value\n", encoding="utf-8")
        result = self._run("import", str(path), *args)
        assert result.exit_code == 2
        assert result.output.startswith(named)
        assert len(result.output.strip().splitlines()) == 1

    def test_missing_file_exits_2(self, db: Any, tmp_path: Any) -> None:
        result = self._run(
            "import", str(tmp_path / "nope.csv"), "--source", "cgrs", "--dataset", "decisions"
        )
        assert result.exit_code == 2
        assert "Cannot read" in result.output

    def test_events_import(self, db: Any, tmp_path: Any, monitoring_file: Any) -> None:
        path = tmp_path / "events.csv"
        path.write_bytes(monitoring_file("events_small.csv"))
        result = self._run("events-import", str(path), "--source", "fedasil")
        assert result.exit_code == 0, result.output
        assert "4 events" in result.output
        assert CaseEvent.objects.count() == 4

    def test_events_import_rejected(self, db: Any, tmp_path: Any, monitoring_file: Any) -> None:
        path = tmp_path / "events.csv"
        path.write_bytes(monitoring_file("events_bad.csv"))
        result = self._run("events-import", str(path), "--source", "fedasil")
        assert result.exit_code == 2
        assert "row 3, event_type: unknown event type" in result.output
