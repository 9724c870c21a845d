# SPDX-License-Identifier: EUPL-1.2
"""`passage monitor refresh` and `passage monitor status [--period] [--json]`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from passage.cli import app
from passage.monitoring import refresh
from passage.monitoring.catalogue import metrics
from passage.monitoring.models import ImportBatch, Observation, RefreshRun

D = dt.date


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The monitoring migration is not written yet (models.py is another engineer's): create
    the app's tables from the models when they are missing. A no-op once it exists."""
    from django.apps import apps
    from django.db import connection

    with django_db_blocker.unblock():
        if "monitoring_refreshrun" in connection.introspection.table_names():
            return
        with connection.schema_editor() as editor:
            for model in apps.get_app_config("monitoring").get_models():
                editor.create_model(model)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["monitor", *args])


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PASSAGE_VAR_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def figures(db: Any) -> None:
    b = ImportBatch.objects.create(
        source="emn_report",
        dataset="test",
        file_name="t.yaml",
        file_sha256="0" * 64,
        file_format="yaml",
        status="imported",
    )
    year = (D(2025, 1, 1), D(2025, 12, 31))
    rows = [
        ("cgrs.workload_dossiers", "instant", (D(2025, 12, 31), D(2025, 12, 31)), 24406),  # F-IP-21
        ("cgrs.decisions_final", "year", year, 30352),  # F-IP-13
        ("cgrs.grants_refugee", "year", year, 8369),  # F-IP-17
        ("cgrs.grants_subsidiary", "year", year, 618),  # F-IP-18
        ("cgrs.protection_rate_stated", "year", year, Decimal("28.4")),  # F-IP-15
        ("reception.waiting_list", "instant", (D(2025, 12, 31), D(2025, 12, 31)), 1708),  # F-REC-13
    ]
    for metric, granularity, (start, end), value in rows:
        Observation.objects.create(
            metric=metric,
            granularity=granularity,
            period_start=start,
            period_end=end,
            value=Decimal(value),
            unit=metrics()[metric].unit,
            batch=b,
        )


@pytest.mark.django_db
def test_status_without_a_run_says_so() -> None:
    result = invoke("status")
    assert result.exit_code == 1
    assert "No successful Early Warning refresh yet" in result.output


@pytest.mark.parametrize("period", ["2025-13", "25", "2025-1", "last", "2025-01-01"])
def test_a_bad_period_exits_2_naming_the_option(period: str) -> None:
    result = invoke("status", "--period", period)
    assert result.exit_code == 2
    assert "--period" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.django_db
def test_refresh_then_status_as_json(figures: None, var_dir: Path) -> None:
    refreshed = invoke("refresh", "--no-forecasts")
    assert refreshed.exit_code == 0, refreshed.output
    lines = refreshed.output.splitlines()
    assert lines[0] == "[0/4] snapshot..."
    assert "[4/4] alerts done" in lines
    run = RefreshRun.objects.get()
    assert lines[-1].startswith(f"Run {run.pk}: succeeded (snapshot ")

    result = invoke("status", "--period", "2025", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert rows["cgrs_structural_backlog"] == {
        "id": "cgrs_structural_backlog",
        "period": "2025",
        "value": 17906,  # C-07
        "unit": "dossiers",
        "level": "red",
        "source": "cgrs",
        "notes": [],
    }
    rate = rows["protection_rate"]
    assert (rate["value"], rate["unit"], rate["level"]) == (29.6093, "percent", "amber")  # C-06
    assert "28.4 %" in rate["notes"][0]

    month = invoke("status", "--period", "2025-12", "--json")
    assert month.exit_code == 0
    by_id = {row["id"]: row for row in json.loads(month.output)}
    assert by_id["waiting_list"]["period"] == "2025-12"
    assert by_id["waiting_list"]["value"] == 1708


@pytest.mark.django_db
def test_status_table_names_the_level_in_words(figures: None, var_dir: Path) -> None:
    assert invoke("refresh", "--no-forecasts").exit_code == 0
    result = invoke("status")
    assert result.exit_code == 0, result.output
    assert "cgrs_structural_backlog" in result.output
    assert "17 906" in result.output
    assert "red (critical)" in result.output
    assert "amber (under pressure)" in result.output
    # The data-quality note is printed under the table, numbered.
    assert "[1] Stated by the source: 28.4 %" in result.output


@pytest.mark.django_db
def test_status_for_a_period_without_values(figures: None, var_dir: Path) -> None:
    assert invoke("refresh", "--no-forecasts").exit_code == 0
    result = invoke("status", "--period", "1999")
    assert result.exit_code == 0
    assert "No indicator values for 1999" in result.output
    assert json.loads(invoke("status", "--period", "1999", "--json").output) == []


@pytest.mark.django_db
def test_a_failed_refresh_exits_1_with_the_error(
    figures: None, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no space left on device")

    monkeypatch.setattr(refresh.analytics, "indicators_compute", broken)
    result = invoke("refresh", "--no-forecasts")
    assert result.exit_code == 1
    assert "RuntimeError: no space left on device" in result.output
    assert invoke("status").exit_code == 1


@pytest.mark.django_db
def test_refresh_on_a_terminal_shows_a_progress_bar(
    figures: None, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    from passage.monitoring import cli_run

    terminal = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(cli_run, "sys", terminal)
    result = invoke("refresh", "--no-forecasts")
    assert result.exit_code == 0, result.output
    assert "[0/4]" not in result.output
    assert "succeeded" in result.output
