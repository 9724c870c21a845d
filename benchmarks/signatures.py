# SPDX-License-Identifier: EUPL-1.2
"""Time signature validation against the test PKI on loopback and the whole-content upload
checks; writes benchmarks/results/signatures.json.

    DATABASE_URL=... .venv/bin/python benchmarks/signatures.py [--rounds 20]

Validation includes the OCSP request and the CRL downloads (certomancer on 127.0.0.1), so it
is an upper bound of the local cost and a lower bound of a real one (the real responders
are across the internet)."""

from __future__ import annotations

import argparse
import contextlib
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

from django.core.exceptions import ValidationError  # noqa: E402

from passage.casework import testing as samples  # noqa: E402
from passage.casework.uploads import document_content_check  # noqa: E402
from passage.signatures.testing import signed_samples, signing_pki_start, signing_pki_stop  # noqa: E402
from passage.signatures.trust import TrustList  # noqa: E402
from passage.signatures.validation import signature_validate  # noqa: E402


def _timed(fn, rounds: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 1),
        "rounds": rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    results: dict[str, object] = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        pki = signing_pki_start(Path(tmp))
        try:
            signed = signed_samples(pki)
            trust = TrustList(anchors=tuple(pki.trust_roots()), source="bench")
            validation = {}
            for case in ("valid", "valid_lt", "revoked", "untrusted", "tampered"):
                validation[case] = _timed(
                    lambda c=case: signature_validate(
                        signed[c], on=dt.datetime.now(dt.UTC), trust=trust
                    ),
                    args.rounds,
                )
            results["signature_validate"] = validation
        finally:
            signing_pki_stop()
    pdf200 = samples.sample_pdf(pages=200)
    png = samples.sample_png(3000, 3000)
    jpeg = samples.sample_jpeg(3000, 3000)
    bomb = samples.png_bomb()

    def check(content: bytes, declared: str, name: str) -> None:
        # The bomb is refused (a ValidationError); the time is what is measured.
        with contextlib.suppress(ValidationError):
            document_content_check(content=content, declared=declared, filename=name)

    results["document_content_check"] = {
        "pdf_200_pages": {
            "bytes": len(pdf200),
            **_timed(lambda: check(pdf200, "application/pdf", "a.pdf"), args.rounds),
        },
        "png_9_mp": {
            "bytes": len(png),
            **_timed(lambda: check(png, "image/png", "a.png"), args.rounds),
        },
        "jpeg_9_mp": {
            "bytes": len(jpeg),
            **_timed(lambda: check(jpeg, "image/jpeg", "a.jpg"), args.rounds),
        },
        "png_bomb_144_mp_refused": {
            "bytes": len(bomb),
            **_timed(lambda: check(bomb, "image/png", "b.png"), args.rounds),
        },
    }
    out = Path(__file__).with_name("results") / "signatures.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
