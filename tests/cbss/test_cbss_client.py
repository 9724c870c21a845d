# SPDX-License-Identifier: EUPL-1.2
"""The Crossroads Bank adapter against a real simulator process: answers, failures, retries,
deadline and circuit breaker."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from cbss_sim import ENTERPRISE, PINNED, UNKNOWN, RunningSimulator, SteppedClock
from django.test import override_settings

from passage.casework.cbss.breaker import Admission, BreakerState, MemoryBreaker
from passage.casework.cbss.client import (
    CbssClient,
    CbssUnavailable,
    CbssUnknownWorker,
    DeclaredWage,
    get_client,
    reset_clients,
)


def make_client(sim: RunningSimulator, **options: Any) -> CbssClient:
    options.setdefault("read_timeout", 0.4)
    options.setdefault("connect_timeout", 0.3)
    options.setdefault("deadline", 3.0)
    options.setdefault("backoff_base", 0.01)
    options.setdefault("backoff_max", 0.05)
    return CbssClient(sim.url, sim.token, **options)


class TestDeclaredWage:
    def test_pinned_answer(self, simulator: RunningSimulator) -> None:
        wage = make_client(simulator).declared_wage(ENTERPRISE, PINNED)
        assert wage == DeclaredWage(Decimal("4250.00"), "month", date(2026, 9, 30))
        assert simulator.wage_requests() == 1

    def test_enterprise_number_is_normalised(self, simulator: RunningSimulator) -> None:
        wage = make_client(simulator).declared_wage("BE 0403.170.701", PINNED)
        assert wage.amount == Decimal("4250.00")

    def test_derived_answer_is_stable_per_key(self, simulator: RunningSimulator) -> None:
        client = make_client(simulator)
        first = client.declared_wage(ENTERPRISE, "c" * 64)
        assert first == client.declared_wage(ENTERPRISE, "c" * 64)
        assert first.period in {"month", "year"}
        # The last complete quarter before the simulator's fixed "today" (2026-11-23).
        assert first.reference_date == date(2026, 9, 30)
        assert first != client.declared_wage(ENTERPRISE, "d" * 64)

    def test_unknown_worker_is_404(self, simulator: RunningSimulator) -> None:
        client = make_client(simulator)
        with pytest.raises(CbssUnknownWorker):
            client.declared_wage(ENTERPRISE, UNKNOWN)
        # Known to callers that only handle unavailability: both mean manual verification.
        assert issubclass(CbssUnknownWorker, CbssUnavailable)
        # The service answered: a 404 is not a failure for the breaker, and not retried.
        assert client.breaker.state is BreakerState.CLOSED
        assert simulator.wage_requests() == 1

    def test_worker_without_pseudonym_makes_no_call(self, simulator: RunningSimulator) -> None:
        with pytest.raises(CbssUnknownWorker):
            make_client(simulator).declared_wage(ENTERPRISE, "")
        assert simulator.wage_requests() == 0

    def test_wrong_token_is_unavailable_without_retry(self, simulator: RunningSimulator) -> None:
        client = CbssClient(simulator.url, "wrong-token", read_timeout=0.4)
        with pytest.raises(CbssUnavailable, match="HTTP 401"):
            client.declared_wage(ENTERPRISE, PINNED)


class TestFailures:
    def test_hang_longer_than_read_timeout(self, simulator: RunningSimulator) -> None:
        simulator.script("hang")
        client = make_client(simulator, max_retries=0, read_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(CbssUnavailable, match="timeout"):
            client.declared_wage(ENTERPRISE, PINNED)
        assert time.monotonic() - started < 2.0  # the hang lasts 3 s

    def test_retry_then_success(self, simulator: RunningSimulator) -> None:
        simulator.script("503", "hang")
        wage = make_client(simulator, max_retries=2, read_timeout=0.3).declared_wage(
            ENTERPRISE, PINNED
        )
        assert wage.amount == Decimal("4250.00")
        assert simulator.wage_requests() == 3

    def test_retries_are_bounded(self, simulator: RunningSimulator) -> None:
        simulator.configure(failure_rate=1.0)
        with pytest.raises(CbssUnavailable, match="HTTP 503"):
            make_client(simulator, max_retries=2).declared_wage(ENTERPRISE, PINNED)
        assert simulator.wage_requests() == 3

    def test_total_deadline_bounds_all_attempts(self, simulator: RunningSimulator) -> None:
        simulator.configure(hang_rate=1.0)
        client = make_client(simulator, max_retries=5, read_timeout=0.4, deadline=0.7)
        started = time.monotonic()
        with pytest.raises(CbssUnavailable):
            client.declared_wage(ENTERPRISE, PINNED)
        assert time.monotonic() - started < 2.0  # 0.7 s plus slack; each hang lasts 3 s
        assert simulator.wage_requests() <= 2

    def test_connection_refused(self) -> None:
        with socket.socket() as sock:  # a port that was free a moment ago, nobody listening
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        client = CbssClient(f"http://127.0.0.1:{port}", "t", max_retries=1, backoff_base=0.01)
        with pytest.raises(CbssUnavailable, match="connection failed"):
            client.declared_wage(ENTERPRISE, PINNED)


class TestCircuitBreaker:
    def test_opens_after_n_failures_and_stops_calling(self, simulator: RunningSimulator) -> None:
        simulator.configure(failure_rate=1.0)
        breaker = MemoryBreaker(failure_threshold=3, cooldown=60)
        client = make_client(simulator, max_retries=0, breaker=breaker)
        for _ in range(3):
            with pytest.raises(CbssUnavailable, match="HTTP 503"):
                client.declared_wage(ENTERPRISE, PINNED)
        assert breaker.state is BreakerState.OPEN
        assert simulator.wage_requests() == 3
        for _ in range(10):
            with pytest.raises(CbssUnavailable, match="circuit open"):
                client.declared_wage(ENTERPRISE, PINNED)
        assert simulator.wage_requests() == 3  # not one more request reached the service

    def test_success_resets_the_failure_count(self, simulator: RunningSimulator) -> None:
        simulator.script("503", "503", "ok", "503", "503")
        breaker = MemoryBreaker(failure_threshold=3, cooldown=60)
        client = make_client(simulator, max_retries=0, breaker=breaker)
        outcomes = []
        for _ in range(5):
            try:
                client.declared_wage(ENTERPRISE, PINNED)
                outcomes.append("ok")
            except CbssUnavailable:
                outcomes.append("failed")
        assert outcomes == ["failed", "failed", "ok", "failed", "failed"]
        assert breaker.state is BreakerState.CLOSED

    def test_half_open_probe_recovers(self, simulator: RunningSimulator) -> None:
        simulator.configure(failure_rate=1.0)
        clock = SteppedClock()
        breaker = MemoryBreaker(failure_threshold=2, cooldown=30, clock=clock)
        client = make_client(simulator, max_retries=2, breaker=breaker)
        for _ in range(2):
            with pytest.raises(CbssUnavailable):
                client.declared_wage(ENTERPRISE, PINNED)
        assert breaker.state is BreakerState.OPEN
        simulator.configure(failure_rate=0.0)
        clock.advance(29.9)
        assert breaker.state is BreakerState.OPEN
        clock.advance(0.2)
        assert breaker.state is BreakerState.HALF_OPEN
        before = simulator.wage_requests()
        assert client.declared_wage(ENTERPRISE, PINNED).amount == Decimal("4250.00")
        assert simulator.wage_requests() == before + 1
        assert breaker.state is BreakerState.CLOSED

    def test_failed_probe_reopens_without_retries(self, simulator: RunningSimulator) -> None:
        simulator.configure(failure_rate=1.0)
        clock = SteppedClock()
        breaker = MemoryBreaker(failure_threshold=1, cooldown=30, clock=clock)
        client = make_client(simulator, max_retries=2, breaker=breaker)
        with pytest.raises(CbssUnavailable):
            client.declared_wage(ENTERPRISE, PINNED)
        assert simulator.wage_requests() == 3  # closed: the call had its retries
        clock.advance(31)
        with pytest.raises(CbssUnavailable, match="HTTP 503"):
            client.declared_wage(ENTERPRISE, PINNED)
        assert simulator.wage_requests() == 4  # the probe is one request
        assert breaker.state is BreakerState.OPEN
        with pytest.raises(CbssUnavailable, match="circuit open"):
            client.declared_wage(ENTERPRISE, PINNED)

    def test_breaker_is_shared_across_threads(self, simulator: RunningSimulator) -> None:
        simulator.configure(failure_rate=1.0)
        breaker = MemoryBreaker(failure_threshold=4, cooldown=60)
        client = make_client(simulator, max_retries=0, breaker=breaker)
        errors: list[str] = []

        def call() -> None:
            try:
                client.declared_wage(ENTERPRISE, PINNED)
            except CbssUnavailable as exc:
                errors.append(str(exc))

        for _ in range(2):  # two waves of 4 threads: the second finds the circuit open
            threads = [threading.Thread(target=call) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert len(errors) == 8
        assert simulator.wage_requests() == 4
        assert sum("circuit open" in e for e in errors) == 4


class TestMemoryBreaker:
    def test_one_probe_at_a_time(self) -> None:
        clock = SteppedClock()
        breaker = MemoryBreaker(failure_threshold=1, cooldown=5, clock=clock)
        breaker.record_failure()
        assert breaker.allow() is Admission.REJECTED
        clock.advance(5)
        assert breaker.allow() is Admission.PROBE
        assert breaker.allow() is Admission.REJECTED  # the probe is still out
        breaker.record_success()
        assert breaker.allow() is Admission.NORMAL


class TestGetClient:
    def test_without_base_url_fails_at_once(self) -> None:
        reset_clients()
        with override_settings(CBSS_BASE_URL=""):
            client = get_client()
            started = time.monotonic()
            with pytest.raises(CbssUnavailable, match="not configured"):
                client.declared_wage(ENTERPRISE, PINNED)
            assert time.monotonic() - started < 0.5  # no network: no timeout to wait for

    def test_built_from_settings_and_shared(self, simulator: RunningSimulator) -> None:
        reset_clients()
        try:
            with override_settings(CBSS_BASE_URL=simulator.url, CBSS_TOKEN=simulator.token):
                client = get_client()
                assert get_client() is client  # one breaker per process and configuration
                assert client.declared_wage(ENTERPRISE, PINNED).amount == Decimal("4250.00")
        finally:
            reset_clients()
