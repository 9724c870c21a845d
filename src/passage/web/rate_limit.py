# SPDX-License-Identifier: EUPL-1.2
"""A fixed-window request counter in Django's cache, for public forms (issue 12: the
access-request form stored 30 requests in 1.5 s).

Keys hold a hash of the client's address, never the address itself. With the default
per-process cache each process counts on its own (the limit is then per process); a shared
cache (Redis) makes it one limit for the site. Behind a reverse proxy, REMOTE_ADDR is the
proxy's: the limit then applies to everyone together, which is the safe way to be wrong.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def over_limit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one call for (scope, key); True when it is beyond ``limit`` in this window of
    ``window`` seconds."""
    name = f"passage:rate:{scope}:{key}:{int(time.time() // window)}"
    if cache.add(name, 1, timeout=window * 2):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=window * 2)
            count = 1
    return count > limit
