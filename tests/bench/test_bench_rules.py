# SPDX-License-Identifier: EUPL-1.2
"""``passage bench rules`` works: a small run writes every figure and its paths agree.

The million-case run is ``make bench``; this proves the benchmark itself in CI.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from passage.bench.rules import run_rules_benchmark


@pytest.mark.django_db(transaction=True)  # the WSGI server thread reads committed tables
def test_bench_rules_small_run(tmp_path: Path) -> None:
    output = tmp_path / "rules.json"
    run_rules_benchmark(
        n=2000,
        output=output,
        json_sizes=(250, 500, 1000, 2000),
        repeats=1,
        to_dict_sample=500,
        boundary_sample=50,
        quiet=True,
    )
    report: dict[str, Any] = json.loads(output.read_text())

    machine = report["machine"]
    for key in ("cpu_count", "python", "numpy", "pyarrow", "platform"):
        assert machine[key], key
    assert report["n"] == 2000
    assert report["cases"]["single_permit"] + report["cases"]["family_reunification"] == 2000
    for path in ("evaluate", "evaluate_to_dict"):
        figures = report["per_case"][path]
        assert 0 < figures["p50_us"] <= figures["p95_us"]
    assert report["per_case"]["evaluate"]["cases_per_s"] > 0
    bulk = report["bulk"]
    assert bulk["wall_s_median"] > 0 and bulk["cases_per_s"] > 0
    assert bulk["peak_rss_bytes"] > 0
    assert "changed outcome on 2027-08-18" in bulk["compare_date"]["summary"]
    batch = report["json_batch"]
    assert set(batch["median_s"]) == {"250", "500", "1000", "2000"}
    # A fit over four tiny sizes on shared cores can slope either way; its presence is what a
    # unit test can assert (the figures themselves belong to `passage bench rules`).
    assert math.isfinite(batch["linear_fit"]["seconds_per_case_us"])
    assert batch["json_lines"]["status"] == 200
    assert set(report["targets"]) == {
        "per_case_p50_us",
        "bulk_wall_s",
        "bulk_peak_rss_bytes",
        "json_20000_s",
        "json_linear_r2",
        "cli_check_process_s",
    }
    for condition in ("environment_as_is", "with_bytecode"):
        cli = report["cli_check"][condition]
        assert cli["outcome"] == "not_eligible" and cli["runs"] > 0
        assert 0 < cli["interpreter_s_median"] < cli["wall_s_median"] <= cli["wall_s_p90"]
        assert cli["import_s_median"] > 0
    results = report["results"]
    for key in (*report["targets"], "agreement"):
        if key == "json_linear_r2":
            key = "json_linear"
        assert "met" in results[key], key
    # A 2 000-case run says nothing about the million-case targets.
    assert results["bulk_wall_s"]["met"] is None

    agreement = report["agreement"]
    assert agreement["per_case_vs_bulk_disagreements"] == 0, agreement["examples"]
    assert agreement["bulk_at_boundary_dates_disagreements"] == 0
    assert agreement["json_disagreements"] == 0
    assert agreement["passed"] is True
    assert report["bulk_at_boundary_dates"]["dates"] >= 20
