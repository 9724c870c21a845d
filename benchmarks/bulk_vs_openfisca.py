# SPDX-License-Identifier: EUPL-1.2
"""``passage rules bulk`` against its OpenFisca 46 peer, as whole processes, side by side.

    .venv/bin/python benchmarks/bulk_vs_openfisca.py [--n 1000000] [--runs 5]

Generates the benchmark's cases (``passage.bench.rules.generate_cases``, filed by D1 so both
dates may evaluate every case), then runs, alternating and ``--runs`` times each:

* ``.venv/bin/passage rules bulk --input X --date D2 --output Y --compare-date D1`` (the
  whole rulebook), and
* ``.venv-peer/bin/python benchmarks/openfisca_peer/run_peer.py X Z D1 D2`` (SAL-01/SAL-02
  and FR-01 in OpenFisca's vectorised simulation),

timing each process from start to exit. The medians and their ratio (Passage / peer; the
target is ≤ 1.0) go to ``benchmarks/results/rules_vs_openfisca.json``. Then both engines'
decisions on the rules the peer covers are compared on both dates: a wage (SAL-01/SAL-02)
or income (FR-01) condition the peer fails must be among Passage's ``failed_rules``, and one
it passes must not be.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
PASSAGE = ROOT / ".venv" / "bin" / "passage"
PEER_PYTHON = ROOT / ".venv-peer" / "bin" / "python"
PEER = ROOT / "benchmarks" / "openfisca_peer" / "run_peer.py"
RESULT = ROOT / "benchmarks" / "results" / "rules_vs_openfisca.json"
#: The eve and the first day of the end of FR-06's transition (18 Aug 2027).
D1, D2 = dt.date(2027, 8, 17), dt.date(2027, 8, 18)


def _timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return wall, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _passage(cases: Path, out: Path, day: dt.date, compare: dt.date | None) -> list[str]:
    cmd = [str(PASSAGE), "rules", "bulk", "--input", str(cases), "--date", day.isoformat()]
    cmd += ["--output", str(out), "--no-progress"]
    return cmd + (["--compare-date", compare.isoformat()] if compare else [])


def _failed(path: Path, rules: tuple[str, ...]) -> np.ndarray:
    failed = pq.read_table(path, columns=["failed_rules"])["failed_rules"].to_pylist()
    wanted = set(rules)
    return np.fromiter((not wanted.isdisjoint(f) for f in failed), bool, len(failed))


#: Passage judges a wage converted between month and year under both readings of the open
#: choice salary_months_per_year (12 or 13.92); where they disagree it answers needs_review
#: with AMB-SAL-8 instead of SAL-01/SAL-02. The peer applies 12 only, so those rows are
#: reported apart (``doubted``), not counted as disagreements.
_DOUBT = {"salary": ("AMB-SAL-8",), "fr01": ("FR-01-SUPPLEMENT",)}


def _agreement(passage_out: Path, peer: Any, k: int) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for rule, rules in (("salary", ("SAL-01", "SAL-02")), ("fr01", ("FR-01",))):
        covered = peer[f"{rule}_covered_{k}"].to_numpy()
        peer_fails = ~peer[f"{rule}_ok_{k}"].to_numpy()
        passage_fails = _failed(passage_out, rules)
        doubted = _failed(passage_out, _DOUBT[rule]) if _DOUBT[rule] else np.zeros_like(covered)
        # A doubted row fails under one reading: the peer's 12 months must be that one or
        # pass; it can never be a refusal on Passage's side.
        covered_doubted = covered & doubted
        covered = covered & ~doubted
        only_peer = covered & peer_fails & ~passage_fails
        only_passage = covered & ~peer_fails & passage_fails
        report["SAL-01/SAL-02" if rule == "salary" else "FR-01"] = {
            "covered": int(covered.sum()),
            "doubted": int(covered_doubted.sum()),
            "failed": int((covered & peer_fails).sum()),
            "disagreements": int(only_peer.sum() + only_passage.sum()),
            "peer_fails_passage_does_not": int(only_peer.sum()),
            "passage_fails_peer_does_not": int(only_passage.sum()),
            "first_ids": [int(i) for i in np.flatnonzero(only_peer | only_passage)[:10]],
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULT)
    args = parser.parse_args(argv)
    if not PEER_PYTHON.exists():
        raise SystemExit(f"{PEER_PYTHON} is missing: run `make bench-peer-install`")

    from passage.bench.rules import generate_cases

    # Whole-process wall times on shared cores depend on the neighbours: recorded with them.
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="passage-peer-") as tmp:
        work = Path(tmp)
        cases = work / "cases.parquet"
        pq.write_table(generate_cases(args.n, day=D1), cases)
        passage_out, peer_out = work / "passage.parquet", work / "peer.parquet"
        passage_cmd = _passage(cases, passage_out, D2, D1)
        peer_cmd = [str(PEER_PYTHON), str(PEER), str(cases), str(peer_out), str(D1), str(D2)]
        runs: dict[str, list[float]] = {"passage": [], "peer": []}
        lines: dict[str, str] = {}
        for i in range(args.runs):
            # Alternate which goes first, so neither always has the warmer page cache.
            order = ("passage", "peer") if i % 2 == 0 else ("peer", "passage")
            for name in order:
                wall, line = _timed(passage_cmd if name == "passage" else peer_cmd)
                runs[name].append(round(wall, 4))
                lines[name] = line
                print(f"run {i + 1} {name}: {wall:.3f} s", file=sys.stderr)
        # Agreement on both dates: Passage lists failed rules for --date only, so D1 once more.
        passage_d1 = work / "passage_d1.parquet"
        _timed(_passage(cases, passage_d1, D1, None))
        peer = pq.read_table(peer_out)
        agreement = {
            D1.isoformat(): _agreement(passage_d1, peer, 1),
            D2.isoformat(): _agreement(passage_out, peer, 2),
        }

    passage_median = statistics.median(runs["passage"])
    peer_median = statistics.median(runs["peer"])
    ratio = passage_median / peer_median
    disagreements = sum(r["disagreements"] for day in agreement.values() for r in day.values())
    import numpy
    import pyarrow

    report = {
        "benchmark": "rules_vs_openfisca",
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "numpy": numpy.__version__,
            "pyarrow": pyarrow.__version__,
            "openfisca_core": subprocess.run(
                [
                    str(PEER_PYTHON),
                    "-c",
                    "import importlib.metadata as m; print(m.version('openfisca-core'))",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip(),
        },
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "n": args.n,
        "dates": [D1.isoformat(), D2.isoformat()],
        "commands": {"passage": " ".join(passage_cmd), "peer": " ".join(peer_cmd)},
        "scope": {
            "passage": "the whole rulebook (outcome, failed_rules, outcome on the compare date)",
            "peer": "SAL-01/SAL-02 and FR-01/FR-06 only (pass/fail and coverage per date)",
        },
        "passage": {
            "wall_s_median": round(passage_median, 4),
            "wall_s_runs": runs["passage"],
            "summary": lines["passage"],
        },
        "peer": {
            "wall_s_median": round(peer_median, 4),
            "wall_s_runs": runs["peer"],
            "summary": lines["peer"],
        },
        "ratio_passage_over_peer": round(ratio, 3),
        "target": "ratio ≤ 1.0",
        "met": ratio <= 1.0,
        "agreement": agreement,
        "disagreements": disagreements,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(
        f"passage {passage_median:.3f} s, OpenFisca peer {peer_median:.3f} s (medians of"
        f" {args.runs}): ratio {ratio:.2f} (target ≤ 1.0); {disagreements} disagreements"
        f" → {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
