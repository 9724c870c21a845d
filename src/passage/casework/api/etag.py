# SPDX-License-Identifier: EUPL-1.2
"""ETag / If-Match on applications: the ETag is ``W/"<version>"``; every change bumps the
version, and the services compare the version the client names with the locked row's
(``expected_version``), so a client holding an older ETag gets 412, never a lost update.

The tag is weak because the representation varies (personal data shown or not by role) while
the version does not. RFC 9110 asks for a strong comparison in ``If-Match``; we compare the
opaque tags (``"7"`` and ``W/"7"`` both name version 7), which is what the version means, and
refuse ``*``: it would skip exactly the check that prevents a lost update.
"""

from __future__ import annotations

import re

from rest_framework.request import Request

from passage.api.problems import Problem
from passage.casework.api.problems import PreconditionFailed, PreconditionRequired

_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*')


def etag_for(version: int) -> str:
    return f'W/"{version}"'


def if_match_version(request: Request, current: int, *, required: bool) -> int | None:
    """The version ``If-Match`` names: 428 when required and missing, 400 when it is not an
    entity tag, 412 when none of its tags is the ``current`` version (read without a lock; the
    service checks the returned version again under the row lock). None when absent."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        if required:
            raise PreconditionRequired(
                "If-Match",
                f"is required: send the ETag of the version you read (now {etag_for(current)})",
            )
        return None
    if header.strip() == "*":
        raise PreconditionRequired(
            "If-Match", f'must name a version, not "*": send {etag_for(current)} or read again'
        )
    tags: list[str] = []
    for part in header.split(","):
        match = _TAG.fullmatch(part)
        if match is None:
            raise Problem("If-Match", f"{header!r} is not a list of entity tags")
        tags.append(match.group(1))
    if str(current) in tags:
        return current
    raise PreconditionFailed(
        "If-Match",
        f"names {header.strip()}, but the application is now at {etag_for(current)}: someone "
        "changed it since you read it; read it again and redo your change",
    )
