# SPDX-License-Identifier: EUPL-1.2
"""The rules API: ``POST /api/v1/rules/check`` and ``GET /api/v1/rules/parameters``.

Every error is an RFC 9457 problem (``application/problem+json``) with a ``field`` member
naming what to fix; nothing answers with a traceback. Bodies are parsed by the engine
(``loads_case``/``loads_cases``: exact decimals, so 48911.99 is never rounded to 48912) and
decisions are written with orjson straight from ``Decision.to_dict()``: a batch of 20 000
cases spends its time in the engine, not in per-case serializers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from passage.api.negotiation import AlwaysJSON
from passage.api.problems import (
    BodyTooLarge,
    Problem,
)
from passage.rulebook import openapi
from passage.rulebook.selectors import rulebook_current
from passage.rules import Decision, InputError, evaluate, evaluate_batch, loads_case, loads_cases
from passage.rules.bulk import summarise_cases
from passage.rules.parameters import Rulebook
from passage.rules.whatif import evaluate_what_if, what_if

logger = logging.getLogger(__name__)

JSON_LINES = ("application/x-ndjson", "application/jsonl")
BATCH_TOO_LARGE = "urn:passage:problem:batch-too-large"
#: Above this many cases, the cyclic garbage collector is paused while a batch is evaluated
#: and written: the decisions are acyclic and short-lived, yet their hundreds of thousands
#: of small dicts would trigger repeated full collections (about a third of the time).
GC_PAUSE_THRESHOLD = 1000


# --- problems ------------------------------------------------------------------------------


class BatchTooLarge(Problem):
    status_code = 413
    problem_type = BATCH_TOO_LARGE
    title = "Batch too large"


# --- parsing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedCases:
    """A request body as the engine read it: one case, or a batch (array or JSON Lines).
    ``what_if`` marks a what-if request (issue 9 item 8); ``proposal`` is its raw
    ``proposal`` member, validated against the rulebook by the view."""

    cases: list[dict[str, Any]]
    batch: bool
    media_type: str
    what_if: bool = False
    proposal: Any = None

    @property
    def lines(self) -> bool:
        return self.media_type in JSON_LINES


def _read_body(stream: Any, parser_context: Mapping[str, Any] | None) -> bytes:
    # DRF reads the WSGI stream itself, bypassing Django's DATA_UPLOAD_MAX_MEMORY_SIZE check
    # on request.body; apply the same limit here, before reading.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    request = (parser_context or {}).get("request")
    length = 0
    if request is not None:
        with contextlib.suppress(TypeError, ValueError):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
    if limit is not None and length > limit:
        raise BodyTooLarge("body", f"is {length} bytes; the limit is {limit} bytes")
    data: bytes = stream.read() if stream is not None else b""
    if limit is not None and len(data) > limit:
        raise BodyTooLarge("body", f"is over the limit of {limit} bytes")
    return data


class CaseJSONParser(BaseParser):
    """``application/json``: a case (object) or a batch (array), with exact decimals."""

    media_type = "application/json"

    # DRF hands whatever parse() returns on as request.data; the stubs only know dicts.
    def parse(  # type: ignore[override]
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> ParsedCases:
        data = _read_body(stream, parser_context)
        if data.lstrip()[:1] == b"[":
            return ParsedCases(loads_cases(data), True, self.media_type)
        doc = loads_case(data)
        if "proposal" in doc:
            return _what_if_request(doc, self.media_type)
        return ParsedCases([doc], False, self.media_type)


#: The members of a what-if request: the proposal and either one case or a batch.
WHAT_IF_KEYS = ("proposal", "case", "cases")


def _what_if_request(doc: Mapping[str, Any], media_type: str) -> ParsedCases:
    """``{"proposal": [...], "case": {...}}`` or ``{"proposal": [...], "cases": [...]}``;
    any other member is refused by name (a case's facts belong inside ``case``)."""
    for key in doc:
        if key not in WHAT_IF_KEYS:
            raise InputError(
                str(key),
                "is not a member of a what-if request: send proposal with case (one case) "
                "or cases (a batch)",
            )
    if ("case" in doc) == ("cases" in doc):
        raise InputError("body", "a what-if request has either case (one case) or cases (a batch)")
    if "case" in doc:
        if not isinstance(doc["case"], dict):
            raise InputError("case", "a case must be a JSON object")
        return ParsedCases([doc["case"]], False, media_type, True, doc["proposal"])
    cases = doc["cases"]
    if not isinstance(cases, list):
        raise InputError("cases", "must be a JSON array of cases")
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            raise InputError(f"cases[{i}]", "a case must be a JSON object")
    return ParsedCases(cases, True, media_type, True, doc["proposal"])


class _CaseJSONLinesParser(BaseParser):
    """JSON Lines: one case per line; always a batch (answered as JSON Lines)."""

    # DRF hands whatever parse() returns on as request.data; the stubs only know dicts.
    def parse(  # type: ignore[override]
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> ParsedCases:
        data = _read_body(stream, parser_context)
        text = data.strip()
        if text[:1] == b"{" and b"\n" not in text:
            # A single line: the engine's loads_cases reads newline-free text as one JSON
            # document and would refuse the object as "not an array".
            return ParsedCases([loads_case(text)], True, self.media_type)
        return ParsedCases(loads_cases(data), True, self.media_type)


class CaseNDJSONParser(_CaseJSONLinesParser):
    media_type = "application/x-ndjson"


class CaseJSONLParser(_CaseJSONLinesParser):
    media_type = "application/jsonl"


# --- output --------------------------------------------------------------------------------


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def decision_document(case: Mapping[str, Any], decision: Decision) -> dict[str, Any]:
    doc = decision.to_dict()
    if "id" in case:
        # The caller's id comes first so a batch answer can be matched to its input by eye.
        return {"id": case["id"], **doc}
    return doc


@contextlib.contextmanager
def _gc_paused(n: int) -> Iterator[None]:
    if n < GC_PAUSE_THRESHOLD or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --- views ---------------------------------------------------------------------------------


class _PublicApi(APIView):
    # Public and anonymous: no session authentication, so no CSRF token is needed either.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = AlwaysJSON


class RulesCheckApi(_PublicApi):
    parser_classes = (CaseJSONParser, CaseNDJSONParser, CaseJSONLParser)

    @extend_schema(**openapi.CHECK_SCHEMA)
    def post(self, request: Request) -> HttpResponse:
        parsed = request.data
        if not isinstance(parsed, ParsedCases):
            # DRF skips the parser for an empty body.
            raise Problem("body", "is empty: send a case (JSON object) or a batch")
        # Checked for a single case too, although only a batch uses it: a misspelt value is an
        # error, never silently the default.
        _detail(request)
        rulebook = rulebook_current()
        if parsed.what_if:
            return self._what_if(request, parsed, rulebook)
        if not parsed.batch:
            case = parsed.cases[0]
            doc = decision_document(case, evaluate(case, rulebook))
            return HttpResponse(
                orjson.dumps(doc, default=_default), content_type="application/json"
            )
        cases = parsed.cases
        limit = settings.PASSAGE_MAX_BATCH
        if len(cases) > limit:
            raise BatchTooLarge("body", f"has {len(cases)} cases; the limit is {limit} per request")
        detail = _detail(request)
        with _gc_paused(len(cases)):
            if detail == "summary":
                # Outcome and failed rules only, computed column-wise (passage.rules.bulk):
                # what an HR system re-checking thousands of cases needs, at bulk speed.
                docs = summarise_cases(cases, rulebook)
            else:
                decisions = evaluate_batch(cases, rulebook)
                docs = [decision_document(c, d) for c, d in zip(cases, decisions, strict=True)]
            if parsed.lines:
                body = b"".join(orjson.dumps(d, default=_default) + b"\n" for d in docs)
                return HttpResponse(body, content_type=parsed.media_type)
            return HttpResponse(
                orjson.dumps(docs, default=_default), content_type="application/json"
            )

    def _what_if(self, request: Request, parsed: ParsedCases, rulebook: Rulebook) -> HttpResponse:
        """The cases under the rules in force and under the proposal, with the cases whose
        outcome changes (issue 9 item 8)."""
        proposed = rulebook.with_proposal(parsed.proposal)
        cases = parsed.cases
        limit = settings.PASSAGE_MAX_BATCH
        if len(cases) > limit:
            raise BatchTooLarge(
                "cases", f"has {len(cases)} cases; the limit is {limit} per request"
            )
        detail = _detail(request)
        try:
            with _gc_paused(2 * len(cases)):
                if detail == "summary" and parsed.batch:
                    answer = what_if(
                        summarise_cases(cases, rulebook), summarise_cases(cases, proposed)
                    )
                else:
                    answer = evaluate_what_if(cases, rulebook, proposed)
        except InputError as exc:
            # The case's fields are named inside the request: case.gross_salary,
            # cases[17].gross_salary.
            inner = exc.field if parsed.batch else exc.field.removeprefix("[0].")
            field = f"cases{inner}" if parsed.batch else f"case.{inner}"
            raise InputError(field, exc.message) from None
        if not parsed.batch:
            answer = {
                **answer,
                "baseline": answer["baseline"][0],
                "proposal": answer["proposal"][0],
            }
        return HttpResponse(orjson.dumps(answer, default=_default), content_type="application/json")


class RulesParametersApi(_PublicApi):
    @extend_schema(**openapi.PARAMETERS_SCHEMA)
    def get(self, request: Request) -> HttpResponse:
        raw = request.query_params.get("date")
        if raw is None:
            # The API may read the clock (the engine never does): today in Brussels.
            day = timezone.localdate()
        else:
            try:
                if len(raw) != 10:
                    raise ValueError(raw)
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise Problem("date", f"{raw!r} is not a date in the form YYYY-MM-DD") from None
        rulebook = rulebook_current()
        doc = {
            "date": day.isoformat(),
            "rulebook_version": rulebook.version,
            "parameters": [p.to_dict() for p in rulebook.parameters_in_force(day)],
        }
        return HttpResponse(orjson.dumps(doc, default=_default), content_type="application/json")


def _detail(request: Request) -> str:
    detail = request.query_params.get("detail", "full")
    if detail not in ("full", "summary"):
        raise Problem("detail", f"{detail!r} is not one of: full, summary")
    return str(detail)
