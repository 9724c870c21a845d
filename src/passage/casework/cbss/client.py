# SPDX-License-Identifier: EUPL-1.2
"""Adapter for the Crossroads Bank for Social Security (CBSS): the wage an employer declared
for a worker.

Submission calls this on the request path, so every call is bounded: connect and read
timeouts, at most ``max_retries`` retries with exponential backoff and full jitter, and a
total ``deadline`` across all of them. A circuit breaker (``breaker.py``) makes calls fail at
once while the service is known to be down. Every failure surfaces as ``CbssUnavailable`` and
the caller carries on with the check "pending manual verification"; submission never waits
on the Crossroads Bank for longer than the deadline.

Personal data: the adapter is only ever given the worker's HMAC pseudonym, never the national
register number, and logs at most a prefix of the pseudonym.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from passage.casework.cbss.breaker import Admission, CircuitBreaker, MemoryBreaker, RedisBreaker

logger = logging.getLogger(__name__)

# Statuses worth a retry: the service or a gateway in front of it is momentarily unwell.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
ENTERPRISE_NUMBER = re.compile(r"^[0-9]{10}$")
PSEUDONYM = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class CbssError(Exception):
    """Base of the adapter's errors."""


class CbssUnavailable(CbssError):
    """No answer we can use: timeout, 5xx after retries, open circuit, connection refused,
    a rejected token or a malformed answer. The caller marks the check for manual work."""


class CbssUnknownWorker(CbssUnavailable):
    """The Crossroads Bank has no declaration for this worker at this employer (404).

    A subclass of ``CbssUnavailable`` on purpose: a worker not yet declared (usual for a first
    application, before employment starts) also ends in manual verification, so a caller that
    only handles ``CbssUnavailable`` still does the right thing. Catch this one first to tell
    the two apart. For the circuit breaker a 404 is a success: the service answered.
    """


@dataclass(frozen=True)
class DeclaredWage:
    amount: Decimal
    period: str  # "month" or "year", as Application.salary_period
    reference_date: date | None = None  # end of the declared quarter


def _short(pseudonym: str) -> str:
    return pseudonym[:12] + "…" if len(pseudonym) > 12 else pseudonym


def normalise_enterprise_number(value: str) -> str:
    """'BE 0403.170.701' → '0403170701'; the check digits are validated where it is stored."""
    digits = re.sub(r"[\s.]", "", value).upper().removeprefix("BE")
    if len(digits) == 9:  # old nine-digit numbers take a leading zero
        digits = "0" + digits
    return digits


class CbssClient:
    def __init__(
        self,
        base_url: str | None,
        token: str = "",
        *,
        connect_timeout: float = 0.5,
        read_timeout: float = 1.5,
        max_retries: int = 2,
        deadline: float = 3.0,
        backoff_base: float = 0.1,
        backoff_max: float = 1.0,
        breaker: CircuitBreaker | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") if base_url else None
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_retries = max_retries
        self.deadline = deadline
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.breaker: CircuitBreaker = breaker or MemoryBreaker()
        self._random = random.Random()  # noqa: S311 — jitter, not cryptography
        self._http: httpx.Client | None = None
        if self.base_url:
            headers = {"Accept": "application/json", "User-Agent": "passage-cbss/1"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            self._http = httpx.Client(
                base_url=self.base_url,
                headers=headers,
                # httpx's own transport retries only connection set-up; ours are below.
                transport=transport or httpx.HTTPTransport(retries=0),
                limits=httpx.Limits(max_connections=32, max_keepalive_connections=8),
                follow_redirects=False,
            )

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def declared_wage(self, enterprise_number: str, worker_pseudonym: str) -> DeclaredWage:
        """The wage declared by ``enterprise_number`` for the worker with this pseudonym.

        Raises ``CbssUnknownWorker`` (no declaration) or ``CbssUnavailable`` (anything else).
        """
        if self._http is None:
            # Development without the simulator: fail at once so submission goes on.
            raise CbssUnavailable("CBSS_BASE_URL is not configured")
        enterprise = normalise_enterprise_number(enterprise_number)
        if not ENTERPRISE_NUMBER.match(enterprise):
            raise CbssUnavailable("enterprise number is not 10 digits")
        if not worker_pseudonym:
            # No national register number yet (a first arrival): nothing to look up.
            raise CbssUnknownWorker("worker has no national register pseudonym")
        if not PSEUDONYM.match(worker_pseudonym):
            raise CbssUnavailable("malformed worker pseudonym")

        admission = self.breaker.allow()
        if admission is Admission.REJECTED:
            raise CbssUnavailable("circuit open: the Crossroads Bank failed recently")
        outcome_recorded = False
        try:
            wage = self._get_with_retries(
                f"/v1/declared-wages/{enterprise}/{worker_pseudonym}",
                # A half-open probe is a single request: it only has to tell whether the
                # service is back, and retries would hold the other callers off for longer.
                attempts=1 if admission is Admission.PROBE else 1 + self.max_retries,
                who=_short(worker_pseudonym),
            )
        except CbssUnknownWorker:
            self.breaker.record_success()
            outcome_recorded = True
            raise
        except CbssUnavailable:
            self.breaker.record_failure()
            outcome_recorded = True
            raise
        else:
            self.breaker.record_success()
            outcome_recorded = True
            return wage
        finally:
            if not outcome_recorded:  # an unexpected error: count it, never leak a probe slot
                self.breaker.record_failure()

    def _get_with_retries(self, path: str, *, attempts: int, who: str) -> DeclaredWage:
        assert self._http is not None
        stop_at = time.monotonic() + self.deadline
        reason = "deadline exhausted"
        for attempt in range(attempts):
            remaining = stop_at - time.monotonic()
            if remaining <= 0:
                break
            timeout = httpx.Timeout(
                connect=min(self.connect_timeout, remaining),
                read=min(self.read_timeout, remaining),
                write=min(self.connect_timeout, remaining),
                pool=min(self.connect_timeout, remaining),
            )
            try:
                response = self._http.get(path, timeout=timeout)
            except httpx.TimeoutException as exc:
                reason = f"timeout ({type(exc).__name__})"
            except httpx.TransportError as exc:
                reason = f"connection failed ({type(exc).__name__})"
            else:
                status = response.status_code
                if status == 200:
                    return self._parse(response)
                if status == 404:
                    raise CbssUnknownWorker("no declaration for this worker")
                if status not in RETRYABLE_STATUSES:
                    # 400/401/403: our request or our credentials are wrong; a retry would
                    # get the same answer. Logged loudly because someone must fix it.
                    logger.error("CBSS refused the request with HTTP %d (worker %s)", status, who)
                    raise CbssUnavailable(f"HTTP {status}")
                reason = f"HTTP {status}"
            logger.warning(
                "CBSS attempt %d/%d failed for worker %s: %s", attempt + 1, attempts, who, reason
            )
            if attempt + 1 < attempts:
                # Exponential backoff with full jitter, so callers that failed together don't
                # retry together. A Retry-After header is not honoured: it would exceed the
                # deadline a submission can afford.
                pause = self._random.uniform(
                    0, min(self.backoff_max, self.backoff_base * 2**attempt)
                )
                if pause >= stop_at - time.monotonic():
                    break
                time.sleep(pause)
        raise CbssUnavailable(reason)

    @staticmethod
    def _parse(response: httpx.Response) -> DeclaredWage:
        try:
            body: Any = response.json()
            amount = Decimal(str(body["amount"]))
            period = str(body["period"])
            ref = body.get("reference_date")
            reference_date = date.fromisoformat(ref) if ref else None
        except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
            raise CbssUnavailable(f"malformed answer ({type(exc).__name__})") from exc
        if period not in {"month", "year"} or not amount.is_finite() or amount < 0:
            raise CbssUnavailable("malformed answer (amount or period)")
        return DeclaredWage(amount=amount, period=period, reference_date=reference_date)


_lock = threading.Lock()
_clients: dict[tuple[Any, ...], CbssClient] = {}


def get_client() -> CbssClient:
    """The client configured by the settings, one per configuration and process.

    Cached so its connection pool and, above all, its circuit breaker are shared by every
    request thread: a breaker per call would never see N consecutive failures. Never raises;
    without CBSS_BASE_URL the client's ``declared_wage`` raises ``CbssUnavailable`` at once.
    """
    from django.conf import settings

    key = (
        getattr(settings, "CBSS_BASE_URL", "") or None,
        getattr(settings, "CBSS_TOKEN", ""),
        float(getattr(settings, "CBSS_CONNECT_TIMEOUT", 0.5)),
        float(getattr(settings, "CBSS_READ_TIMEOUT", 1.5)),
        int(getattr(settings, "CBSS_MAX_RETRIES", 2)),
        float(getattr(settings, "CBSS_DEADLINE", 3.0)),
        int(getattr(settings, "CBSS_BREAKER_THRESHOLD", 5)),
        float(getattr(settings, "CBSS_BREAKER_COOLDOWN", 30.0)),
        getattr(settings, "CBSS_BREAKER_REDIS_URL", "") or None,
    )
    with _lock:
        client = _clients.get(key)
        if client is None:
            base_url, token, connect, read, retries, deadline, threshold, cooldown, redis_url = key
            breaker: CircuitBreaker
            if redis_url:
                breaker = RedisBreaker(redis_url, failure_threshold=threshold, cooldown=cooldown)
            else:
                breaker = MemoryBreaker(failure_threshold=threshold, cooldown=cooldown)
            client = CbssClient(
                base_url,
                token,
                connect_timeout=connect,
                read_timeout=read,
                max_retries=retries,
                deadline=deadline,
                breaker=breaker,
            )
            _clients[key] = client
        return client


def reset_clients() -> None:
    """Forget the cached clients and their breakers (tests, settings reloads)."""
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()
