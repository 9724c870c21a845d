# SPDX-License-Identifier: EUPL-1.2
"""The breaker shared through Redis (CBSS_BREAKER_REDIS_URL): two instances stand for two
processes. Runs against the real Redis (REDIS_URL, default redis://127.0.0.1:6379/0); an
unreachable Redis fails the test rather than skipping it."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from cbss_sim import SteppedClock

from passage.casework.cbss.breaker import Admission, BreakerState, RedisBreaker

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def key() -> Iterator[str]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({exc}); start it or set REDIS_URL")
    name = f"passage:test:cbss-breaker:{uuid.uuid4().hex}"
    yield name
    redis.Redis.from_url(REDIS_URL).delete(name, f"{name}:probe")


class TestRedisBreaker:
    def test_state_is_shared_between_processes(self, key: str) -> None:
        clock = SteppedClock(start=time.time())  # the processes share one wall clock
        web = RedisBreaker(REDIS_URL, failure_threshold=2, cooldown=30, key=key, clock=clock)
        worker = RedisBreaker(REDIS_URL, failure_threshold=2, cooldown=30, key=key, clock=clock)
        web.record_failure()
        worker.record_failure()  # the second consecutive failure, seen from elsewhere
        assert web.state is BreakerState.OPEN
        assert web.allow() is Admission.REJECTED
        assert worker.allow() is Admission.REJECTED
        clock.advance(31)
        assert worker.allow() is Admission.PROBE
        assert web.allow() is Admission.REJECTED  # only one probe across processes
        worker.record_success()
        assert web.state is BreakerState.CLOSED
        assert web.allow() is Admission.NORMAL

    def test_failed_probe_reopens(self, key: str) -> None:
        clock = SteppedClock(start=time.time())
        breaker = RedisBreaker(REDIS_URL, failure_threshold=1, cooldown=30, key=key, clock=clock)
        breaker.record_failure()
        clock.advance(31)
        assert breaker.allow() is Admission.PROBE
        breaker.record_failure()
        assert breaker.state is BreakerState.OPEN

    def test_redis_down_falls_back_to_memory(self) -> None:
        breaker = RedisBreaker(
            "redis://127.0.0.1:1/0", failure_threshold=1, cooldown=60, socket_timeout=0.05
        )
        assert breaker.allow() is Admission.NORMAL
        breaker.record_failure()
        assert breaker.allow() is Admission.REJECTED
