# SPDX-License-Identifier: EUPL-1.2
"""The API schema says what the API really answers (issue 12, "Fuzz"): every error is an RFC 9457
problem document served as ``application/problem+json``, and the errors any operation can give
(bad input, not logged in or not allowed, not found, body too large, unsupported media type or
``Accept``, too many requests) are documented on every operation, so a client generated from the
schema, and schemathesis, know them."""

from __future__ import annotations

from typing import Any

from passage.api.problems import PROBLEM_JSON

PROBLEM_REF = "#/components/schemas/Problem"

#: What the shared plumbing can answer for any operation: the parsers and the JSON depth bound
#: (400), DRF's authentication and permissions (403), the scoping (404: out of scope is missing),
#: ``request_limits`` (413), content negotiation (406, 415), throttling (429).
COMMON_PROBLEMS = {
    "400": "Invalid input: the problem names the field.",
    "403": "Not logged in, or the role may not do this.",
    "404": "Not found, or outside the caller's scope.",
    "406": "The Accept header asks for a type the API does not serve.",
    "413": "The body is larger than this endpoint accepts.",
    "415": "The body's content type is not one this endpoint reads.",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _is_problem(content: dict[str, Any]) -> bool:
    return any(body.get("schema", {}).get("$ref") == PROBLEM_REF for body in content.values())


def problem_responses(result: dict[str, Any], generator: Any, request: Any, public: Any) -> Any:
    """drf-spectacular postprocessing hook."""
    problem = {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for response in responses.values():
                content = response.get("content")
                if content and _is_problem(content):
                    response["content"] = dict(problem)
            for status, description in COMMON_PROBLEMS.items():
                responses.setdefault(status, {"description": description, "content": dict(problem)})
    return result
