# SPDX-License-Identifier: EUPL-1.2
"""The simulator's protocol, as the adapter (and a developer with curl) sees it."""

from __future__ import annotations

import httpx
from cbss_sim import ENTERPRISE, PINNED, RunningSimulator


def get(sim: RunningSimulator, path: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or sim.token}"}
    return httpx.get(sim.url + path, headers=headers, timeout=5)


class TestSimulatorProtocol:
    def test_declared_wage_document(self, simulator: RunningSimulator) -> None:
        response = get(simulator, f"/v1/declared-wages/{ENTERPRISE}/{PINNED}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {
            "enterprise_number": ENTERPRISE,
            "worker_pseudonym": PINNED,
            "amount": "4250.00",
            "currency": "EUR",
            "period": "month",
            "reference_date": "2026-09-30",
            "source": "DmfA",
        }

    def test_bearer_token_required(self, simulator: RunningSimulator) -> None:
        response = httpx.get(f"{simulator.url}/v1/declared-wages/{ENTERPRISE}/{PINNED}")
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert get(simulator, "/_simulator/stats", token="nope").status_code == 401

    def test_malformed_key_is_400(self, simulator: RunningSimulator) -> None:
        response = get(simulator, f"/v1/declared-wages/12345/{PINNED}")
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"

    def test_scripted_outcomes_then_random_modes(self, simulator: RunningSimulator) -> None:
        simulator.script("503", "404")
        path = f"/v1/declared-wages/{ENTERPRISE}/{PINNED}"
        statuses = [get(simulator, path).status_code for _ in range(3)]
        assert statuses == [503, 404, 200]
        simulator.configure(failure_rate=1.0)
        assert get(simulator, path).status_code == 503
        assert simulator.wage_requests() == 4

    def test_latency_is_realistic_by_default(self) -> None:
        from passage.casework.cbss.simulator import Simulator, SimulatorConfig

        sim = Simulator(SimulatorConfig(seed=1))
        delays = [sim.latency() for _ in range(200)]
        assert min(delays) >= 0.05 and max(delays) <= 0.11
        assert 0.07 < sum(delays) / len(delays) < 0.09
