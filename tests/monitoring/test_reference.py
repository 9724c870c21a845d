# SPDX-License-Identifier: EUPL-1.2
"""The official 2025 figures: loaded as printed in the catalogue, consistent (C-02, C-10, C-21,
C-26, C-32), loaded once."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from passage.monitoring.models import ImportBatch, Observation
from passage.monitoring.reference import reference_figures, reference_load

Y2025 = dt.date(2025, 1, 1)
Y2024 = dt.date(2024, 1, 1)
END_2025 = dt.date(2025, 12, 31)
START_2025 = dt.date(2025, 1, 1)

# (catalogue id, metric, period_start, dims_key, value as printed in catalogue Part 2)
EXPECTED = [
    ("F-IP-01", "ip.applications", Y2025, "", "34439"),
    ("F-IP-02", "ip.applications", Y2024, "", "39615"),
    ("F-IP-05", "ip.applications", Y2025, "application_type=first", "27574"),
    ("F-IP-06", "ip.applications", Y2025, "application_type=subsequent", "6865"),
    ("F-IP-09", "ip.transfers_to_cgrs", Y2025, "", "26625"),
    ("F-IP-10", "ip.dublin_refusals", Y2025, "", "6690"),
    ("F-IP-11", "ip.technical_refusals", Y2025, "", "3871"),
    ("F-IP-12", "cgrs.decisions", Y2025, "", "31457"),
    ("F-IP-13", "cgrs.decisions_final", Y2025, "", "30352"),
    ("F-IP-14", "cgrs.decisions_admissibility", Y2025, "", "1105"),
    ("F-IP-15", "cgrs.protection_rate_stated", Y2025, "", "28.4"),
    ("F-IP-15", "cgrs.protection_rate_stated", Y2024, "", "47.8"),
    ("F-IP-17", "cgrs.grants_refugee", Y2025, "", "8369"),
    ("F-IP-18", "cgrs.grants_subsidiary", Y2025, "", "618"),
    ("F-IP-19", "cgrs.grants_refugee", Y2025, "nationality=AF", "1432"),
    ("F-IP-19", "cgrs.grants_refugee", Y2025, "nationality=PS", "1266"),
    ("F-IP-19", "cgrs.grants_refugee", Y2025, "nationality=ER", "1209"),
    ("F-IP-19", "cgrs.grants_refugee", Y2025, "nationality=TR", "668"),
    ("F-IP-20", "cgrs.grants_subsidiary", Y2025, "nationality=YE", "292"),
    ("F-IP-21", "cgrs.workload_dossiers", END_2025, "", "24406"),
    ("F-IP-21", "cgrs.workload_persons", END_2025, "", "31085"),
    ("F-IP-23", "cgrs.structural_backlog_stated", END_2025, "", "17906"),
    ("F-IP-24", "cgrs.decisions_inadmissible", Y2025, "", "7444"),
    ("F-IP-24", "cgrs.decisions_inadmissible", Y2024, "", "4561"),
    ("F-CALL-01", "call.appeals", Y2025, "", "11438"),
    ("F-CALL-02", "call.judgments", Y2025, "", "7699"),
    ("F-CALL-03", "call.pending", END_2025, "", "10591"),
    ("F-DUB-01", "dublin.requests_out", Y2025, "", "12285"),
    ("F-DUB-01", "dublin.requests_out", Y2024, "", "12501"),
    ("F-DUB-02", "dublin.requests_out", Y2025, "request_type=take_back", "7434"),
    ("F-DUB-02", "dublin.requests_out", Y2025, "request_type=take_charge", "4851"),
    ("F-DUB-04", "dublin.requests_in", Y2025, "", "3872"),
    ("F-DUB-04", "dublin.requests_in", Y2024, "", "3939"),
    ("F-DUB-06", "dublin.transfers_out", Y2025, "mode=forced", "822"),
    ("F-DUB-07", "dublin.transfers_out", Y2025, "mode=voluntary", "231"),
    ("F-DUB-08", "dublin.transfers_in", Y2025, "", "587"),
    ("F-REC-01", "reception.entries", Y2025, "", "25003"),
    ("F-REC-02", "reception.exits", Y2025, "", "26602"),
    ("F-REC-04", "reception.not_accommodated", Y2025, "", "1111"),
    ("F-REC-05", "reception.places_created", Y2025, "", "997"),
    ("F-REC-06", "reception.places_closed", Y2025, "", "2231"),
    ("F-REC-08", "reception.capacity", START_2025, "", "36211"),
    ("F-REC-08", "reception.capacity", END_2025, "", "34771"),
    ("F-REC-10", "reception.occupancy_rate_stated", Y2025, "", "94"),
    ("F-REC-13", "reception.waiting_list", START_2025, "", "2947"),
    ("F-REC-13", "reception.waiting_list", END_2025, "", "1708"),
    ("F-TP-02", "tp.grants", dt.date(2022, 1, 1), "", "63354"),
    ("F-TP-02", "tp.grants", dt.date(2023, 1, 1), "", "15626"),
    ("F-TP-02", "tp.grants", Y2024, "", "13277"),
    ("F-TP-02", "tp.grants", Y2025, "", "8756"),
    ("F-TP-03", "tp.refusals", Y2025, "", "3286"),
    ("F-TP-03", "tp.refusals", Y2024, "", "833"),
    ("F-UAM-01", "uam.reports", Y2025, "", "3328"),
    ("F-UAM-01", "uam.reports", Y2024, "", "4068"),
    ("F-UAM-05", "uam.in_network", Y2025, "", "3782"),
    ("F-UAM-07", "uam.entries", Y2025, "", "2114"),
    ("F-RET-01", "returns.voluntary", Y2025, "", "3122"),
    ("F-RET-01", "returns.voluntary", Y2025, "channel=fedasil", "3059"),
    ("F-RET-01", "returns.voluntary", Y2025, "channel=immigration_office", "63"),
    ("F-RET-02", "returns.voluntary_with_order", Y2025, "", "2292"),
    ("F-RET-05", "returns.reintegration_assisted", Y2025, "", "2481"),
    ("F-RET-07", "returns.counselling_reached", Y2025, "channel=order_to_leave", "23258"),
    ("F-RET-08", "returns.counselling_reached", Y2025, "channel=conex", "7643"),
    ("F-RET-11", "returns.forced", Y2025, "", "3472"),
    ("F-RET-11", "returns.forced", Y2024, "", "3270"),
    ("F-RET-12", "returns.forced", Y2025, "return_type=country_of_origin", "2356"),
    ("F-RET-12", "returns.forced", Y2025, "return_type=dublin_transfer", "822"),
    ("F-RET-12", "returns.forced", Y2025, "return_type=bilateral_readmission", "294"),
    ("F-RET-13", "returns.forced", Y2025, "citizenship_group=eu", "711"),
    ("F-RET-13", "returns.forced", Y2025, "citizenship_group=non_eu", "2761"),
]

# Table 1 (002 L455–L469): nationality → (total, first-time, subsequent).
TABLE_1 = {
    "AF": (3947, 2398, 1549),
    "PS": (3395, 2814, 581),
    "ER": (2671, 2592, 79),
    "CD": (2422, 2121, 301),
    "TR": (2370, 2104, 266),
    "BI": (1501, 1436, 65),
    "SY": (1454, 1278, 176),
    "CM": (1351, 1135, 216),
    "GN": (1334, 1084, 250),
    "MD": (818, 403, 415),
    "ZZ": (13176, 10209, 2967),
}

CATALOGUE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "seed-catalogue.md"


def _value(metric: str, period: dt.date, dims_key: str = "") -> Decimal:
    return Observation.objects.get(
        metric=metric, period_start=period, dims_key=dims_key, superseded_at__isnull=True
    ).value


@pytest.fixture
def loaded(reference_loaded: ImportBatch) -> ImportBatch:
    return reference_loaded


class TestFigures:
    @pytest.mark.parametrize(("cid", "metric", "period", "dims_key", "printed"), EXPECTED)
    def test_value_as_printed(
        self, loaded: Any, cid: str, metric: str, period: dt.date, dims_key: str, printed: str
    ) -> None:
        obs = Observation.objects.get(
            metric=metric, period_start=period, dims_key=dims_key, superseded_at__isnull=True
        )
        assert obs.value == Decimal(printed)
        assert obs.citation.startswith(f"{cid}; 002 ")
        assert obs.batch.source == "emn_report"

    def test_table_1_by_nationality_and_type(self, loaded: Any) -> None:
        for code, (total, first, subsequent) in TABLE_1.items():
            assert _value("ip.applications", Y2025, f"nationality={code}") == total
            assert (
                _value("ip.applications", Y2025, f"application_type=first;nationality={code}")
                == first
            )
            assert (
                _value("ip.applications", Y2025, f"application_type=subsequent;nationality={code}")
                == subsequent
            )

    def test_qualifiers_kept(self, loaded: Any) -> None:
        assert (
            Observation.objects.get(metric="reception.occupancy_rate_stated").qualifier
            == "approximately"
        )
        oral = Observation.objects.get(
            metric="returns.counselling_reached", dims_key="channel=oral_information"
        )
        assert (oral.value, oral.qualifier) == (5000, "at_least")
        partners = Observation.objects.get(
            metric="returns.counselling_reached", dims_key="channel=icam_partners"
        )
        assert (partners.value, partners.qualifier) == (1000, "approximately")

    def test_stocks_are_instants(self, loaded: Any) -> None:
        capacity = Observation.objects.get(metric="reception.capacity", period_start=END_2025)
        assert (capacity.granularity, capacity.period_end) == ("instant", END_2025)

    def test_standard_capacity_is_not_an_observation(self, loaded: Any) -> None:
        # F-IP-22 (6 500) is a parameter of the backlog indicator, not a published count.
        assert not Observation.objects.filter(value=6500).exists()
        assert not any(f["id"] == "F-IP-22" for f in reference_figures())

    @pytest.mark.skipif(not CATALOGUE.exists(), reason="seed catalogue not checked out beside")
    def test_yaml_values_appear_in_the_catalogue_rows(self) -> None:
        text = CATALOGUE.read_text(encoding="utf-8")
        rows = {
            m[1]: m[0] for m in re.finditer(r"^\| (F-[A-Z]+-\d+) \|.*$", text, flags=re.MULTILINE)
        }
        for figure in reference_figures():
            if not figure["id"].startswith("F-"):
                continue
            value = Decimal(str(figure["value"]))
            # The catalogue prints 34 439 with a (thin) space as thousands separator.
            printed = f"{value:,}".replace(",", " ")
            assert printed in rows[figure["id"]], (figure["id"], printed)

    @pytest.mark.skipif(not CATALOGUE.exists(), reason="seed catalogue not checked out beside")
    def test_table_1_as_in_the_catalogue(self, loaded: Any) -> None:
        names = {
            "Afghanistan": "AF", "Palestine": "PS", "Eritrea": "ER", "Congo (DRC)": "CD",
            "Turkey": "TR", "Burundi": "BI", "Syria": "SY", "Cameroon": "CM", "Guinea": "GN",
            "Moldova": "MD", "Other countries": "ZZ",
        }  # fmt: skip
        text = CATALOGUE.read_text(encoding="utf-8")
        pattern = r"^\| \d* ?\| ([A-Za-z ()]+) \| ([\d ]+) \| ([\d ]+) \| ([\d ]+) \|$"
        found = {}
        for match in re.finditer(pattern, text, flags=re.MULTILINE):
            if match[1] in names:
                found[names[match[1]]] = tuple(int(g.replace(" ", "")) for g in match.groups()[1:])
        assert len(found) == 11
        for code, (total, first, subsequent) in found.items():
            assert _value("ip.applications", Y2025, f"nationality={code}") == total
            key = f"application_type=first;nationality={code}"
            assert _value("ip.applications", Y2025, key) == first
            key = f"application_type=subsequent;nationality={code}"
            assert _value("ip.applications", Y2025, key) == subsequent


class TestChecks:
    def test_c02_table_1_sums(self, loaded: Any) -> None:
        for code, (total, first, subsequent) in TABLE_1.items():
            assert first + subsequent == total, code
        by_nationality = Observation.objects.filter(
            metric="ip.applications", period_start=Y2025, dims__has_key="nationality"
        )
        totals = {"": Decimal(0), "first": Decimal(0), "subsequent": Decimal(0)}
        for obs in by_nationality:
            totals[obs.dims.get("application_type", "")] += obs.value
        assert totals[""] == _value("ip.applications", Y2025) == 34439
        assert totals["first"] == _value("ip.applications", Y2025, "application_type=first")
        assert totals["subsequent"] == _value(
            "ip.applications", Y2025, "application_type=subsequent"
        )

    def test_c10_dublin_requests(self, loaded: Any) -> None:
        assert _value("dublin.requests_out", Y2025, "request_type=take_back") + _value(
            "dublin.requests_out", Y2025, "request_type=take_charge"
        ) == _value("dublin.requests_out", Y2025)

    def test_c21_temporary_protection_cumulative(self, loaded: Any) -> None:
        total = sum(o.value for o in Observation.objects.filter(metric="tp.grants"))
        assert total == 101013  # F-TP-01

    def test_c26_voluntary_returns(self, loaded: Any) -> None:
        assert _value("returns.voluntary", Y2025, "channel=fedasil") + _value(
            "returns.voluntary", Y2025, "channel=immigration_office"
        ) == _value("returns.voluntary", Y2025)

    def test_c32_forced_returns(self, loaded: Any) -> None:
        total = _value("returns.forced", Y2025)
        by_type = Observation.objects.filter(
            metric="returns.forced", period_start=Y2025, dims__has_key="return_type"
        )
        by_group = Observation.objects.filter(
            metric="returns.forced", period_start=Y2025, dims__has_key="citizenship_group"
        )
        assert sum(o.value for o in by_type) == total == 3472
        assert sum(o.value for o in by_group) == total


class TestLoad:
    def test_idempotent(self, loaded: ImportBatch) -> None:
        count = Observation.objects.count()
        again = reference_load()
        assert again.pk == loaded.pk
        assert Observation.objects.count() == count == len(reference_figures())
        assert ImportBatch.objects.filter(source="emn_report").count() == 1

    def test_corrected_yaml_supersedes_only_what_changed(
        self, loaded: ImportBatch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        from passage.monitoring import reference

        text = reference.REFERENCE_FILE.read_text(encoding="utf-8")
        fixed = tmp_path / "official_2025.yaml"
        fixed.write_text(text.replace("value: 587\n", "value: 588\n"), encoding="utf-8")
        monkeypatch.setattr(reference, "REFERENCE_FILE", fixed)
        reference.reference_figures.cache_clear()
        try:
            batch = reference_load()
        finally:
            reference.reference_figures.cache_clear()
        assert batch.pk != loaded.pk
        assert batch.superseded_count == 1
        assert _value("dublin.transfers_in", Y2025) == 588
        old = Observation.objects.get(metric="dublin.transfers_in", batch=loaded)
        assert old.superseded_at is not None


class TestCli:
    def test_data_load_loads_the_reference_figures_once(
        self, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from typer.testing import CliRunner

        # `data load` also creates the admin account: keep its password file out of var/.
        monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))

        from passage.cli import app

        first = CliRunner().invoke(app, ["data", "load"])
        assert first.exit_code == 0, first.output
        assert "emn_report/official_2025 official_2025.yaml" in first.output
        again = CliRunner().invoke(app, ["data", "load"])
        assert again.exit_code == 0, again.output
        assert ImportBatch.objects.filter(source="emn_report").count() == 1
        assert Observation.objects.filter(batch__source="emn_report").count() == len(
            reference_figures()
        )
