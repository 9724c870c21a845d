# SPDX-License-Identifier: EUPL-1.2
"""A real simulator process for the adapter's tests: started once per module on a free port,
reset before every test through its control endpoints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cbss_sim import FIXTURES, TOKEN, RunningSimulator


@pytest.fixture(scope="module")
def simulator_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    fixtures = Path(tmp_path_factory.mktemp("cbss")) / "wages.json"
    fixtures.write_text(json.dumps(FIXTURES), encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "passage.casework.cbss.simulator",
            "--port=0",
            "--quiet",
            f"--fixtures={fixtures}",
            "--unknown-rate=0",
            "--hang-seconds=3",
            "--seed=4",
            "--today=2026-11-23",
        ],
        env={**os.environ, "CBSS_TOKEN": TOKEN},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    # The simulator prints its address once bound: no race on a port picked in advance.
    line = process.stdout.readline()
    if "listening on " not in line:
        process.kill()
        pytest.fail(f"the CBSS simulator did not start: {line!r}")
    sim = RunningSimulator(url=line.rsplit(" ", 1)[1].strip(), token=TOKEN, process=process)
    try:
        yield sim
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def simulator(simulator_process: RunningSimulator) -> RunningSimulator:
    simulator_process.reset()
    return simulator_process
