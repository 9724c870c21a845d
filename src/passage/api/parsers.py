# SPDX-License-Identifier: EUPL-1.2
"""JSON bodies for the casework API: a JSON object, exact decimals, a small size limit."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from passage.api.problems import BodyTooLarge
from passage.jsondepth import JSONTooDeep, check_json_depth

#: An application, a decision with its motivation or an information request is a few KiB;
#: refuse much more before reading it (PASSAGE_CASEWORK_MAX_BODY_BYTES overrides).
DEFAULT_MAX_BODY_BYTES = 64 * 1024


def max_body_bytes() -> int:
    return int(getattr(settings, "PASSAGE_CASEWORK_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class CaseworkJSONParser(BaseParser):
    """``application/json`` holding one object. Malformed JSON and any other top-level value
    are a 400 problem naming ``body``; an oversized body a 413, checked before reading."""

    media_type = "application/json"

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = max_body_bytes()
        request = (parser_context or {}).get("request")
        length = 0
        if request is not None:
            with contextlib.suppress(TypeError, ValueError):
                length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > limit:
            raise BodyTooLarge("body", f"is {length} bytes; the limit is {limit} bytes")
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise BodyTooLarge("body", f"is over the limit of {limit} bytes")
        try:
            check_json_depth(data)  # the middleware checks too; this parser may run without it
            value = json.loads(
                data.decode("utf-8"), parse_float=Decimal, parse_constant=_reject_constant
            )
        except JSONTooDeep as exc:
            raise ParseError(str(exc)) from None
        except UnicodeDecodeError:
            raise ParseError("is not UTF-8 text") from None
        except ValueError as exc:
            raise ParseError(f"is not valid JSON: {exc}") from None
        if not isinstance(value, dict):
            raise ParseError(f"must be a JSON object, not {type(value).__name__}")
        return value
