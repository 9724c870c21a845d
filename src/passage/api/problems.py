# SPDX-License-Identifier: EUPL-1.2
"""Problem documents (RFC 9457, ``application/problem+json``) for every API of Passage: one
exception handler (DRF's ``EXCEPTION_HANDLER``), one way to answer an error with the field to
fix, and the plain 404/500 answers under ``/api/``. Nothing answers with a traceback."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.views import set_rollback

from passage.rules import InputError

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
#: Problem types (RFC 9457 §3.1.1): URNs, since there is no public site to dereference.
INVALID_INPUT = "urn:passage:problem:invalid-input"
BODY_TOO_LARGE = "urn:passage:problem:body-too-large"


class Problem(exceptions.APIException):
    """An error answered as an RFC 9457 problem naming the offending field."""

    status_code = 400
    problem_type = INVALID_INPUT
    title = "Invalid input"

    def __init__(self, field: str | None, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.message = detail


class BodyTooLarge(Problem):
    status_code = 413
    problem_type = BODY_TOO_LARGE
    title = "Request body too large"


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    problem_type: str = "about:blank",
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    doc = {"type": problem_type, "title": title, "status": status, "detail": detail, "field": field}
    response = HttpResponse(orjson.dumps(doc), status=status, content_type=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _http_title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_exception_handler(exc: Exception, context: Mapping[str, Any]) -> HttpResponse:
    """DRF's EXCEPTION_HANDLER: every exception in an API view becomes a problem document."""
    set_rollback()
    if isinstance(exc, InputError):
        return problem_response(
            400, "Invalid input", exc.message, field=exc.field, problem_type=INVALID_INPUT
        )
    if isinstance(exc, Problem):
        return problem_response(
            exc.status_code, exc.title, exc.message, field=exc.field, problem_type=exc.problem_type
        )
    if isinstance(exc, RequestDataTooBig):
        return problem_response(
            413, "Request body too large", str(exc), field="body", problem_type=BODY_TOO_LARGE
        )
    if isinstance(exc, DjangoValidationError):
        field, message = _first_django_error(exc)
        return problem_response(
            400, "Invalid input", message, field=field, problem_type=INVALID_INPUT
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        named: str | None = None
        detail = _detail_text(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = str(getattr(exc, "auth_header", ""))
        if getattr(exc, "wait", None):
            headers["Retry-After"] = f"{int(getattr(exc, 'wait', 0))}"
        if isinstance(exc, exceptions.MethodNotAllowed):
            view = context.get("view")
            if view is not None:
                headers["Allow"] = ", ".join(view.allowed_methods)
        elif isinstance(exc, exceptions.UnsupportedMediaType):
            named = "Content-Type"
            view = context.get("view")
            accepted = [p.media_type for p in getattr(view, "parser_classes", ())]
            if accepted:
                detail = f"{detail} Send one of: {', '.join(accepted)}."
        elif isinstance(exc, exceptions.ParseError):
            named = "body"
        elif isinstance(exc, exceptions.ValidationError):
            named, detail = _first_drf_error(exc.detail)
            return problem_response(
                400, "Invalid input", detail, field=named, problem_type=INVALID_INPUT
            )
        return problem_response(
            exc.status_code,
            _http_title(exc.status_code),
            detail,
            field=named,
            headers=headers,
        )
    # Anything else is our bug: log it for the operators, answer without the traceback.
    logger.exception("Unhandled error in %s", _view_name(context))
    return server_error_problem()


def server_error_problem() -> HttpResponse:
    return problem_response(
        500, "Internal Server Error", "The server could not answer; the error has been logged."
    )


def not_found_problem(request: HttpRequest) -> HttpResponse:
    return problem_response(404, "Not Found", f"No API resource at {request.path}.")


def _view_name(context: Mapping[str, Any]) -> str:
    view = context.get("view")
    return type(view).__name__ if view is not None else "an API view"


def _detail_text(detail: Any) -> str:
    if isinstance(detail, list):
        return " ".join(_detail_text(d) for d in detail)
    if isinstance(detail, dict):
        return " ".join(f"{k}: {_detail_text(v)}" for k, v in detail.items())
    return str(detail)


def _first_drf_error(detail: Any) -> tuple[str | None, str]:
    if isinstance(detail, dict) and detail:
        key = next(iter(detail))
        return (None if key == "non_field_errors" else str(key)), _detail_text(detail[key])
    return None, _detail_text(detail)


def _first_django_error(exc: DjangoValidationError) -> tuple[str | None, str]:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        return field, " ".join(str(m) for e in errors for m in e.messages)
    return None, " ".join(exc.messages)
