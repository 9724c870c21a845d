# SPDX-License-Identifier: EUPL-1.2
"""Time a decision letter: render (WeasyPrint PDF/A-2b), seal (PAdES B-LTA against the test
PKI's TSA on loopback) and verify the seal offline; writes benchmarks/results/letters.json.

    DATABASE_URL=... .venv/bin/python benchmarks/letters.py [--rounds 10]

No database rows: the decision is built in memory (the record check is one indexed lookup).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from passage.casework.models import Application, ApplicationDecision  # noqa: E402
from passage.decisions import letters, sealing, verification  # noqa: E402
from passage.decisions.testing import seal_files_write  # noqa: E402
from passage.rules.engine import evaluate  # noqa: E402
from passage.signatures.testing import signing_pki_start, signing_pki_stop  # noqa: E402

CASE = {
    "procedure": "single_permit",
    "date": "2026-04-01",
    "region": "flanders",
    "category": "highly_skilled",
    "gross_salary": "40000",
    "salary_period": "year",
    "age": 35,
    "application_type": "first",
}


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "rounds": len(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    test_pki = signing_pki_start(folder / "pki")
    try:
        for name, value in seal_files_write(test_pki, folder / "seal").items():
            setattr(settings, name, value)
        rules = evaluate(CASE)
        application = Application(
            pk=1,
            reference="SPT-000001",
            region="flanders",
            eligibility_decision=rules.to_dict(),
            eligibility_rulebook_version=rules.rulebook_version,
        )
        decision = ApplicationDecision(
            pk=1,
            application=application,
            part="regional",
            outcome="refused",
            motivation="The gross wage is below the minimum (SAL-02).",
            decided_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC),
        )
        render, seal, verify = [], [], []
        for i in range(args.rounds + 2):
            t0 = time.perf_counter()
            html = letters.letter_html(
                decision,
                language="nl",
                code=letters.code_new(),
                digest=letters.content_sha256(decision),
            )
            pdf = letters.letter_pdf(html)
            t1 = time.perf_counter()
            sealed = sealing.seal(pdf)
            t2 = time.perf_counter()
            result = verification.seal_check(sealed)
            t3 = time.perf_counter()
            if not result.valid:
                raise SystemExit(f"seal did not verify: {result.reason}")
            if i >= 2:  # the first two load the key and fetch the CRLs
                render.append(t1 - t0)
                seal.append(t2 - t1)
                verify.append(t3 - t2)
        report = {
            "render_pdfa": _stats(render),
            "seal_b_lta": _stats(seal),
            "verify_seal": _stats(verify),
            "letter_bytes": len(sealed),
            "cpus": os.cpu_count(),
        }
    finally:
        signing_pki_stop()
    out = Path(__file__).with_name("results") / "letters.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
