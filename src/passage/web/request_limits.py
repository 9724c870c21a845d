# SPDX-License-Identifier: EUPL-1.2
"""Request bodies checked before any view or parser reads them (issue 12 item 6).

- **Size, per endpoint.** A view (DRF or Django class) may declare ``max_body_bytes``; a
  larger ``Content-Length`` is a 413 problem naming ``body``, before the body is read. Views
  without one keep the global ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (the rules API's batches).
- **JSON nesting.** A JSON body (``application/json``, ``*+json``, JSON Lines) nesting arrays
  or objects deeper than ``PASSAGE_MAX_JSON_DEPTH`` is a 400 problem naming ``body``: Python's
  parser would otherwise recurse until RecursionError, a 500 (passage.jsondepth).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from passage.api.problems import BODY_TOO_LARGE, INVALID_INPUT, problem_response
from passage.jsondepth import MAX_JSON_DEPTH, JSONTooDeep, check_json_depth

_JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in _JSON_TYPES or media.endswith("+json")


def view_body_limit(view_func: Callable[..., Any]) -> int | None:
    """The ``max_body_bytes`` a view function or class declares, if any."""
    cls = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    limit = getattr(view_func, "max_body_bytes", None) or getattr(cls, "max_body_bytes", None)
    return int(limit) if limit is not None else None


def too_large(length: int, limit: int) -> HttpResponse:
    return problem_response(
        413,
        "Request body too large",
        f"is {length} bytes; this endpoint takes at most {limit} bytes",
        field="body",
        problem_type=BODY_TOO_LARGE,
    )


class RequestBodyLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return None
        length = 0
        with contextlib.suppress(TypeError, ValueError):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        limit = view_body_limit(view_func)
        if limit is not None and length > limit:
            return too_large(length, limit)
        if length <= 0 or not _is_json(request.META.get("CONTENT_TYPE", "")):
            return None
        try:
            body = request.body
        except RequestDataTooBig:
            return too_large(length, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0))
        if limit is not None and len(body) > limit:
            return too_large(len(body), limit)
        try:
            check_json_depth(body, int(getattr(settings, "PASSAGE_MAX_JSON_DEPTH", MAX_JSON_DEPTH)))
        except JSONTooDeep as exc:
            return problem_response(
                400, "Invalid input", str(exc), field="body", problem_type=INVALID_INPUT
            )
        return None
