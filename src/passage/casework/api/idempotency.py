# SPDX-License-Identifier: EUPL-1.2
"""``Idempotency-Key`` (draft-ietf-httpapi-idempotency-key-header): the first successful
response to a key is stored with a hash of the request and replayed, status and body, to any
retry; the same key with a different request is a 422 problem.

The key is claimed first, in the request's own transaction, with ``INSERT … ON CONFLICT DO
NOTHING``: a new key gets an empty record, which is filled with the response after the change
it answers; both commit, or neither does (an error leaves no record, so a retry runs the
request again). A second request with the same key waits on the unique index until the first
one's transaction ends: after a commit its insert does nothing and it replays the stored
response (read by a statement of its own, so READ COMMITTED shows the committed row); after a
rollback its insert succeeds and it runs the request itself. Never twice, never neither.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from passage.api.problems import Problem
from passage.casework.api.problems import IdempotencyKeyMissing, IdempotencyKeyReused
from passage.casework.models import IdempotencyRecord

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
    claimed = _claim(user_id, key, fingerprint)
    if claimed is None:
        record = IdempotencyRecord.objects.get(user_id=user_id, key=key)
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
        with connection.cursor() as cursor:
            cursor.execute(
                _STORE, [response.status_code, json.dumps(response.data, default=str), claimed]
            )
    else:
        # The API rolls an error back anyway; without it the key must still stay unused.
        IdempotencyRecord.objects.filter(pk=claimed).delete()
    return response


#: The claim of a new key: an empty record (status 0), filled in by ``idempotent``. On a key
#: already recorded, or being recorded by a transaction still running (waited for), nothing.
_CLAIM = f"""
INSERT INTO {IdempotencyRecord._meta.db_table}
    (user_id, key, request_hash, status_code, response_body, created_at)
VALUES (%s, %s, %s, 0, '{{}}'::jsonb, %s)
ON CONFLICT (user_id, key) DO NOTHING
RETURNING id
"""  # noqa: S608 (the table name is a constant, values are parameters)

#: The response, stored in the claimed record (the body as JSON text, once).
_STORE = f"""
UPDATE {IdempotencyRecord._meta.db_table} SET status_code = %s, response_body = %s::jsonb
WHERE id = %s
"""  # noqa: S608 (the table name is a constant, values are parameters)


def _claim(user_id: int, key: str, fingerprint: str) -> int | None:
    """The new record's id, or None when the key already has a (committed) record."""
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM, [user_id, key, fingerprint, timezone.now()])
        row = cursor.fetchone()
    return None if row is None else int(row[0])
