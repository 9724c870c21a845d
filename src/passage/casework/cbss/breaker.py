# SPDX-License-Identifier: EUPL-1.2
"""A circuit breaker for calls to the Crossroads Bank for Social Security.

closed ──N consecutive failures──▶ open ──cool-down──▶ half-open ──probe ok──▶ closed
                                    ▲                     │
                                    └──── probe failed ───┘

While open, calls fail at once without touching the network: when the Crossroads Bank is down,
every submission would otherwise wait for its timeouts and retries first. In half-open exactly
one caller (the probe) is let through; the others still fail fast until the probe has answered.

Two stores with the same behaviour:

* ``MemoryBreaker`` — one per process, shared by its threads under a lock;
* ``RedisBreaker`` — shared by every process that uses the same Redis (CBSS_BREAKER_REDIS_URL),
  so a fleet of web and worker processes learns about an outage once instead of once each.
  If Redis itself fails, it falls back to its in-process breaker rather than failing the call:
  the breaker protects us from the Crossroads Bank, it must not become a new way to go down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class Admission(StrEnum):
    """What ``allow()`` decided for one call."""

    REJECTED = "rejected"
    NORMAL = "normal"
    PROBE = "probe"  # half-open trial call: the caller should not retry it


class CircuitBreaker(Protocol):
    failure_threshold: int
    cooldown: float

    def allow(self) -> Admission: ...
    def record_success(self) -> None: ...
    def record_failure(self) -> None: ...
    def reset(self) -> None: ...

    @property
    def state(self) -> BreakerState: ...


class MemoryBreaker:
    """In-process breaker; thread-safe. Uses the monotonic clock (immune to clock changes)."""

    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.cooldown = cooldown
        self._clock = clock  # injectable: tests step time instead of sleeping on a busy machine
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state_locked()

    def _state_locked(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at < self.cooldown:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def allow(self) -> Admission:
        with self._lock:
            state = self._state_locked()
            if state is BreakerState.CLOSED:
                return Admission.NORMAL
            if state is BreakerState.HALF_OPEN and not self._probe_in_flight:
                self._probe_in_flight = True
                return Admission.PROBE
            return Admission.REJECTED

    def record_success(self) -> None:
        with self._lock:
            if self._opened_at is not None:
                logger.info("CBSS circuit closed again")
            self._failures = 0
            self._opened_at = None
            self._probe_in_flight = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._probe_in_flight or (
                self._opened_at is None and self._failures >= self.failure_threshold
            ):
                logger.warning(
                    "CBSS circuit opened after %d consecutive failures; cool-down %.1f s",
                    self._failures,
                    self.cooldown,
                )
                self._opened_at = self._clock()
            self._probe_in_flight = False

    def reset(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probe_in_flight = False


class RedisBreaker:
    """Breaker state in one Redis hash, shared across processes.

    Keys: ``{prefix}`` (hash: failures, opened_until as Unix time) and ``{prefix}:probe``
    (SET NX with an expiry, so only one process probes and a crashed probe frees itself).
    Wall-clock time is used because processes on different machines have no common
    monotonic clock.
    """

    def __init__(
        self,
        url: str,
        *,
        failure_threshold: int = 5,
        cooldown: float = 30.0,
        key: str = "passage:cbss:breaker",
        socket_timeout: float = 0.2,
        clock: Callable[[], float] = time.time,
    ) -> None:
        import redis

        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.cooldown = cooldown
        self.key = key
        self._probe_key = f"{key}:probe"
        self._clock = clock
        # Short timeouts: a slow Redis must not become the new bottleneck of a submission.
        self._redis: Any = redis.Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
        )
        self._fallback = MemoryBreaker(failure_threshold=failure_threshold, cooldown=cooldown)

    def _degraded(self, exc: Exception) -> None:
        logger.warning("CBSS breaker: Redis unavailable (%s); using the in-process breaker", exc)

    @property
    def state(self) -> BreakerState:
        try:
            opened_until = self._redis.hget(self.key, "opened_until")
        except Exception as exc:
            self._degraded(exc)
            return self._fallback.state
        if opened_until is None:
            return BreakerState.CLOSED
        return BreakerState.OPEN if self._clock() < float(opened_until) else BreakerState.HALF_OPEN

    def allow(self) -> Admission:
        try:
            opened_until = self._redis.hget(self.key, "opened_until")
            if opened_until is None:
                return Admission.NORMAL
            if self._clock() < float(opened_until):
                return Admission.REJECTED
            # The probe lock expires after a cool-down, so a probe that died never blocks.
            px = max(1, int(self.cooldown * 1000))
            if self._redis.set(self._probe_key, "1", nx=True, px=px):
                return Admission.PROBE
            return Admission.REJECTED
        except Exception as exc:
            self._degraded(exc)
            return self._fallback.allow()

    def record_success(self) -> None:
        try:
            pipe = self._redis.pipeline()
            pipe.delete(self.key)
            pipe.delete(self._probe_key)
            pipe.execute()
        except Exception as exc:
            self._degraded(exc)
            self._fallback.record_success()

    def record_failure(self) -> None:
        try:
            pipe = self._redis.pipeline()
            pipe.hincrby(self.key, "failures", 1)
            pipe.hget(self.key, "opened_until")
            pipe.delete(self._probe_key)
            failures, opened_until, probe_deleted = pipe.execute()
            # A failed probe (its lock was still held) or the N-th failure while closed opens
            # the circuit for a fresh cool-down.
            if probe_deleted or (opened_until is None and failures >= self.failure_threshold):
                if opened_until is None:
                    logger.warning(
                        "CBSS circuit opened after %d consecutive failures; cool-down %.1f s",
                        failures,
                        self.cooldown,
                    )
                self._redis.hset(self.key, "opened_until", repr(self._clock() + self.cooldown))
        except Exception as exc:
            self._degraded(exc)
            self._fallback.record_failure()

    def reset(self) -> None:
        try:
            self._redis.delete(self.key, self._probe_key)
        except Exception as exc:
            self._degraded(exc)
        self._fallback.reset()
