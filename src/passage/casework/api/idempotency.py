# SPDX-License-Identifier: EUPL-1.2
"""``Idempotency-Key`` (draft-ietf-httpapi-idempotency-key-header): the first successful
response to a key is stored with a hash of the request and replayed, status and body, to any
retry; the same key with a different request is a 422 problem.

The record is written in the request's own transaction, after the change it answers: both
commit, or neither does (an error leaves no record, so a retry runs the request again).
Concurrent requests with one key queue on a transaction-level advisory lock, so the second
waits for the first to commit and then replays it instead of running twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import connection
from rest_framework.request import Request
from rest_framework.response import Response

from passage.casework.api.problems import IdempotencyKeyMissing, IdempotencyKeyReused
from passage.casework.models import IdempotencyRecord
from passage.rulebook.api import Problem

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"


def request_fingerprint(request: Request) -> str:
    """SHA-256 of the method, path and the body as parsed (key order does not matter)."""
    body = request.data if isinstance(request.data, dict) else {}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    text = f"{request.method} {request.path}\n{canonical}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def idempotency_key(request: Request, *, required: bool) -> str | None:
    key = request.headers.get(HEADER)
    if key is None or not key.strip():
        if required:
            raise IdempotencyKeyMissing(
                HEADER, "is required: send a unique key (a UUID) and reuse it on retries"
            )
        return None
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Problem(HEADER, f"must be 1 to {MAX_KEY_LENGTH} printable characters")
    return key


def idempotent(
    request: Request,
    handler: Callable[[], Response],
    *,
    required: bool,
    headers_for: Callable[[dict[str, Any]], dict[str, str]] | None = None,
) -> Response:
    """Run ``handler`` once per (user, key); inside the request's transaction."""
    key = idempotency_key(request, required=required)
    if key is None:
        return handler()
    user_id = int(request.user.pk or 0)
    fingerprint = request_fingerprint(request)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"idempotency:{user_id}:{key}"],
        )
    record = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
    if record is not None:
        if record.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                HEADER,
                f"{key!r} was used for a different request; use a new key for a new request",
            )
        body = record.response_body
        replay = Response(body, status=record.status_code)
        for name, value in (headers_for(body) if headers_for else {}).items():
            replay[name] = value
        replay[REPLAYED_HEADER] = "true"
        return replay
    response = handler()
    if response.status_code < 400:
        IdempotencyRecord.objects.create(
            user_id=user_id,
            key=key,
            request_hash=fingerprint,
            status_code=response.status_code,
            response_body=json.loads(json.dumps(response.data, default=str)),
        )
    return response
