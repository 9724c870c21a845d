# SPDX-License-Identifier: EUPL-1.2
"""A local stand-in for the Crossroads Bank for Social Security's declared-wage service.

No real Crossroads Bank is reachable from development machines or CI, so this separate HTTP
process speaks the protocol the adapter (``passage.casework.cbss.client``) expects, with the
latency and failures of a remote service::

    GET /v1/declared-wages/{enterprise_number}/{worker_pseudonym}
    Authorization: Bearer <CBSS_TOKEN>

    200 {"enterprise_number": "0403170701", "worker_pseudonym": "…",
         "amount": "4250.00", "currency": "EUR", "period": "month",
         "reference_date": "2026-09-30", "source": "DmfA"}
    404 {"type": "…/unknown-worker", "title": "No declaration for this worker", "status": 404}
    400 malformed enterprise number or pseudonym; 401 missing or wrong token;
    503 injected failure; a hang (no answer for --hang-seconds) injected at --hang-rate.

Answers are deterministic per (enterprise number, pseudonym): derived from a SHA-256 of the
key, so the same worker always earns the same wage. A JSON fixture file (``--fixtures``) pins
answers for tests and demos::

    {"wages": {"0403170701/abc…": {"amount": "2100.00", "period": "month"},
               "0403170701/gone": {"status": 404}}}

Test hooks (also behind the bearer token), so tests can script failures on a running process:

    GET  /_simulator/stats   → {"requests": n, "wage_requests": n}
    POST /_simulator/config  {"failure_rate": 1.0, "hang_rate": 0, "latency_ms": 0, …}
    POST /_simulator/script  {"outcomes": ["503", "hang", "ok"]} — the next wage requests, in
                             order, before the random failure modes apply again
    POST /_simulator/reset   counters and script back to zero

Run it with ``passage cbss simulate --port 8100``. It never sees a national register number:
the adapter sends only the HMAC pseudonym.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import re
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

WAGE_PATH = re.compile(
    r"^/v1/declared-wages/(?P<enterprise>[0-9]{10})/(?P<pseudonym>[A-Za-z0-9_-]{1,128})$"
)
WAGE_PREFIX = "/v1/declared-wages/"
OUTCOMES = {"ok", "503", "500", "502", "504", "404", "hang"}


@dataclass
class SimulatorConfig:
    latency_ms: float = 80.0
    jitter_ms: float = 30.0
    failure_rate: float = 0.0  # share of wage requests answered 503
    hang_rate: float = 0.0  # share of wage requests that hang for hang_seconds
    hang_seconds: float = 10.0
    unknown_rate: float = 0.05  # share of keys (deterministic) with no declaration → 404
    seed: int | None = None
    token: str = ""
    fixtures: dict[str, dict[str, Any]] = field(default_factory=dict)
    today: date | None = None  # fixed "today" for reference dates; None: the real date

    def update(self, values: dict[str, Any]) -> None:
        for name in ("latency_ms", "jitter_ms", "failure_rate", "hang_rate", "hang_seconds"):
            if name in values:
                setattr(self, name, float(values[name]))
        if "unknown_rate" in values:
            self.unknown_rate = float(values["unknown_rate"])


def load_fixtures(path: str | Path) -> dict[str, dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    wages = data.get("wages", data)
    if not isinstance(wages, dict):
        raise ValueError(f"{path}: expected an object of 'enterprise/pseudonym' keys")
    return {str(k): dict(v) for k, v in wages.items()}


def quarter_end_before(day: date) -> date:
    """The last day of the last complete quarter: DmfA declarations are quarterly."""
    first_of_quarter = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first_of_quarter - timedelta(days=1)


def derived_answer(enterprise: str, pseudonym: str, config: SimulatorConfig) -> dict[str, Any]:
    """A plausible, stable answer for a key: no fixture needed for development."""
    digest = hashlib.sha256(f"{enterprise}/{pseudonym}".encode()).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    if draw < config.unknown_rate:
        return {"status": 404}
    # Monthly gross wages between about 1 900 and 7 900 euro, in whole cents.
    cents = 190_000 + int.from_bytes(digest[8:12], "big") % 600_000
    period = "year" if digest[12] % 10 == 0 else "month"
    amount = Decimal(cents) / 100 * (12 if period == "year" else 1)
    return {"amount": f"{amount:.2f}", "period": period}


class Simulator:
    """The shared state of one simulator process: config, counters, scripted outcomes."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.lock = threading.Lock()
        self.requests = 0
        self.wage_requests = 0
        self.script: deque[str] = deque()
        self.random = random.Random(config.seed)  # noqa: S311 — simulated failures
        self.stopping = threading.Event()

    def next_outcome(self) -> str:
        with self.lock:
            if self.script:
                return self.script.popleft()
            draw = self.random.random()
            if draw < self.config.hang_rate:
                return "hang"
            if draw < self.config.hang_rate + self.config.failure_rate:
                return "503"
            return "ok"

    def latency(self) -> float:
        with self.lock:
            jitter = self.random.uniform(-self.config.jitter_ms, self.config.jitter_ms)
        return max(0.0, self.config.latency_ms + jitter) / 1000

    def answer(self, enterprise: str, pseudonym: str) -> dict[str, Any]:
        key = f"{enterprise}/{pseudonym}"
        pinned = self.config.fixtures.get(key)
        body = (
            dict(pinned)
            if pinned is not None
            else derived_answer(enterprise, pseudonym, self.config)
        )
        if body.get("status", 200) != 200:
            return body
        today = self.config.today or date.today()  # noqa: DTZ011 — a simulator, local date is fine
        return {
            "enterprise_number": enterprise,
            "worker_pseudonym": pseudonym,
            "amount": str(body["amount"]),
            "currency": "EUR",
            "period": body.get("period", "month"),
            "reference_date": body.get("reference_date", quarter_end_before(today).isoformat()),
            "source": "DmfA",
        }


class Handler(BaseHTTPRequestHandler):
    server: SimulatorServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the real service and httpx's pool expect
    server_version = "CbssSimulator/1"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send_json(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            content_type = "application/problem+json" if status >= 400 else "application/json"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (its read timeout is shorter than a hang): normal.
            self.close_connection = True

    def _problem(self, status: HTTPStatus, slug: str, title: str, **extra: str) -> None:
        body = {
            "type": f"https://cbss.invalid/problems/{slug}",
            "title": title,
            "status": int(status),
        }
        self._send_json(int(status), body, extra or None)

    def _authorised(self) -> bool:
        token = self.server.simulator.config.token
        if not token:
            return True
        given = self.headers.get("Authorization", "")
        if given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode()):
            return True
        self._problem(
            HTTPStatus.UNAUTHORIZED,
            "unauthorised",
            "Missing or wrong bearer token",
            **{"WWW-Authenticate": 'Bearer realm="cbss"'},
        )
        return False

    def _read_json(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        value = json.loads(raw or b"{}")
        if not isinstance(value, dict):
            raise ValueError("expected a JSON object")
        return value

    def do_GET(self) -> None:
        sim = self.server.simulator
        with sim.lock:
            sim.requests += 1
        if not self._authorised():
            return
        if self.path == "/_simulator/stats":
            with sim.lock:
                stats = {"requests": sim.requests, "wage_requests": sim.wage_requests}
            self._send_json(200, stats)
            return
        if self.path == "/healthz":
            self._send_json(200, {"status": "ok"})
            return
        if not self.path.startswith(WAGE_PREFIX):
            self._problem(HTTPStatus.NOT_FOUND, "not-found", "No such resource")
            return
        with sim.lock:
            sim.wage_requests += 1
        match = WAGE_PATH.match(self.path)
        if match is None:
            self._problem(
                HTTPStatus.BAD_REQUEST,
                "bad-request",
                "Expected /v1/declared-wages/{10-digit enterprise number}/{pseudonym}",
            )
            return
        outcome = sim.next_outcome()
        time.sleep(sim.latency())
        if outcome == "hang":
            # Hold the connection without answering, like an overloaded upstream; stop early
            # when the server shuts down so tests don't wait for it.
            sim.stopping.wait(sim.config.hang_seconds)
            outcome = "504"
        if outcome != "ok" and outcome != "404":
            self._problem(
                HTTPStatus(int(outcome)),
                "unavailable",
                "Service temporarily unavailable",
                **{"Retry-After": "1"},
            )
            return
        body = sim.answer(match["enterprise"], match["pseudonym"])
        if outcome == "404" or body.get("status", 200) == 404:
            self._problem(HTTPStatus.NOT_FOUND, "unknown-worker", "No declaration for this worker")
            return
        if body.get("status", 200) != 200:
            self._problem(HTTPStatus(int(body["status"])), "pinned", "Pinned failure")
            return
        self._send_json(200, body)

    def do_POST(self) -> None:
        sim = self.server.simulator
        with sim.lock:
            sim.requests += 1
        if not self._authorised():
            return
        try:
            values = self._read_json()
            if self.path == "/_simulator/config":
                with sim.lock:
                    sim.config.update(values)
            elif self.path == "/_simulator/script":
                outcomes = [str(o) for o in values.get("outcomes", [])]
                unknown = set(outcomes) - OUTCOMES
                if unknown:
                    raise ValueError(f"unknown outcomes {sorted(unknown)}; use {sorted(OUTCOMES)}")
                with sim.lock:
                    sim.script.extend(outcomes)
            elif self.path == "/_simulator/reset":
                with sim.lock:
                    sim.requests = 0
                    sim.wage_requests = 0
                    sim.script.clear()
            else:
                self._problem(HTTPStatus.NOT_FOUND, "not-found", "No such resource")
                return
        except ValueError as exc:  # includes json.JSONDecodeError
            self._send_json(400, {"title": "Bad request", "status": 400, "detail": str(exc)})
            return
        self._send_json(200, {"status": "ok"})


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True  # a hanging handler must not keep the process alive on shutdown

    def __init__(self, address: tuple[str, int], simulator: Simulator, *, verbose: bool = False):
        super().__init__(address, Handler)
        self.simulator = simulator
        self.verbose = verbose

    def server_close(self) -> None:
        self.simulator.stopping.set()
        super().server_close()


def make_server(
    config: SimulatorConfig, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
) -> SimulatorServer:
    """A bound server (port 0: a free one, read it from ``server.server_address``)."""
    return SimulatorServer((host, port), Simulator(config), verbose=verbose)


def serve(
    config: SimulatorConfig, host: str = "127.0.0.1", port: int = 8100, *, verbose: bool = True
) -> None:
    server = make_server(config, host, port, verbose=verbose)
    bound_host, bound_port = server.server_address[:2]
    # One parseable line on stdout: test fixtures start the simulator on port 0 and read it.
    print(f"CBSS simulator listening on http://{bound_host!s}:{bound_port}", flush=True)
    if not config.token:
        print(
            "warning: CBSS_TOKEN is not set, the simulator accepts requests without a token",
            file=sys.stderr,
            flush=True,
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    """``python -m passage.casework.cbss.simulator``: the same as ``passage cbss simulate``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--latency-ms", type=float, default=80.0)
    parser.add_argument("--jitter-ms", type=float, default=30.0)
    parser.add_argument("--failure-rate", type=float, default=0.0)
    parser.add_argument("--hang-rate", type=float, default=0.0)
    parser.add_argument("--hang-seconds", type=float, default=10.0)
    parser.add_argument("--unknown-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--fixtures", default=None)
    parser.add_argument("--today", default=None, help="ISO date used for reference dates")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    serve(
        SimulatorConfig(
            latency_ms=args.latency_ms,
            jitter_ms=args.jitter_ms,
            failure_rate=args.failure_rate,
            hang_rate=args.hang_rate,
            hang_seconds=args.hang_seconds,
            unknown_rate=args.unknown_rate,
            seed=args.seed,
            token=os.environ.get("CBSS_TOKEN", ""),
            fixtures=load_fixtures(args.fixtures) if args.fixtures else {},
            today=date.fromisoformat(args.today) if args.today else None,
        ),
        args.host,
        args.port,
        verbose=not args.quiet,
    )


if __name__ == "__main__":
    main()
