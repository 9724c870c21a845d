# SPDX-License-Identifier: EUPL-1.2
"""Constants and a handle on the simulator process for the adapter's tests."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import Any

import httpx

TOKEN = "test-cbss-token"
ENTERPRISE = "0403170701"
PINNED = "a" * 64
UNKNOWN = "b" * 64
FIXTURES = {
    "wages": {
        f"{ENTERPRISE}/{PINNED}": {
            "amount": "4250.00",
            "period": "month",
            "reference_date": "2026-09-30",
        },
        f"{ENTERPRISE}/{UNKNOWN}": {"status": 404},
    }
}
# Fast latency so the suite stays quick (the default is 80 ms ± 30 ms).
DEFAULTS = {"latency_ms": 2, "jitter_ms": 1, "failure_rate": 0, "hang_rate": 0}


@dataclass
class RunningSimulator:
    url: str
    token: str
    process: subprocess.Popen[str]

    def _control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.request(
            method,
            self.url + path,
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=5,
        )
        response.raise_for_status()
        return response.json()

    def configure(self, **values: Any) -> None:
        self._control("POST", "/_simulator/config", values)

    def script(self, *outcomes: str) -> None:
        self._control("POST", "/_simulator/script", {"outcomes": list(outcomes)})

    def wage_requests(self) -> int:
        return int(self._control("GET", "/_simulator/stats")["wage_requests"])

    def reset(self) -> None:
        self._control("POST", "/_simulator/reset", {})
        self.configure(**DEFAULTS)


class SteppedClock:
    """A clock the test moves by hand: breaker cool-downs without sleeping, so a busy CI
    machine cannot stretch a 0.2 s window and flip an assertion."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
