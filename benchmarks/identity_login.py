# SPDX-License-Identifier: EUPL-1.2
"""The federal login against the local simulator, as a browser would do it, timed.

    .venv/bin/passage serve --port 8305 --oidc-port 8306     # in another shell (demo data)
    .venv/bin/python benchmarks/identity_login.py --base-url http://127.0.0.1:8305 [--n 100]

Each round: GET /identity/login/ (Passage builds the authorize URL), the provider's page and
its form POST, then GET /identity/callback/ (Passage: token request, ID-token verification
with the cached JWKS, userinfo, the FederalIdentity lookup, the session and the audit entry),
then logout. The callback's time is what a person waits for on Passage's side; the provider
is the simulator on the same machine, so network latency to the real FAS is not included.
Results: ``benchmarks/results/identity_login.json``.
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import re
import statistics
import time
from pathlib import Path

import httpx

_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8305")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--identity", default="demo-employer-1")
    parser.add_argument("--output", default="benchmarks/results/identity_login.json")
    args = parser.parse_args()
    start_ms: list[float] = []
    callback_ms: list[float] = []
    round_ms: list[float] = []
    for _ in range(args.n):
        with httpx.Client(timeout=10) as browser:
            t0 = time.perf_counter()
            started = browser.get(f"{args.base_url}/identity/login/")
            t1 = time.perf_counter()
            authorize = started.headers["location"]
            page = browser.get(authorize).text
            fields = {n: html.unescape(v) for n, v in _HIDDEN.findall(page)}
            fields.update(identity=args.identity, means="totp")
            answer = browser.post(authorize.split("?", 1)[0], data=fields)
            t2 = time.perf_counter()
            done = browser.get(answer.headers["location"])
            t3 = time.perf_counter()
            assert done.status_code == 302, done.text[:300]
            start_ms.append((t1 - t0) * 1000)
            callback_ms.append((t3 - t2) * 1000)
            round_ms.append((t3 - t0) * 1000)
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "n": args.n,
        "results": {
            name: {
                "p50": round(statistics.median(values), 2),
                "p95": round(_percentile(values, 0.95), 2),
            }
            for name, values in (
                ("login_start_ms", start_ms),
                ("callback_ms", callback_ms),
                ("whole_login_ms", round_ms),
            )
        },
    }
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["results"]))


if __name__ == "__main__":
    main()
