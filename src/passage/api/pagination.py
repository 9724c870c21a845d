# SPDX-License-Identifier: EUPL-1.2
"""Keyset (cursor) pagination: ``?page_size=`` (at most 100) and an opaque ``?cursor=``.

No ``COUNT(*)`` and no ``OFFSET``: the next page starts after the last row's sort key, so a
page costs the same at row 25 and at row 1 000 000, and rows that arrive meanwhile neither
repeat nor vanish. The sort key ends with the id, which makes it unique; a null first key
(an application not yet on an SLA clock) sorts last, as PostgreSQL does in ascending order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from passage.api.problems import Problem

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


# Cursors are signed: one the API did not give out (crafted, truncated, edited) is refused
# by name before any of it reaches SQL (issue 12: a crafted cursor was a 500).
_SALT = "passage.casework.api.pagination.cursor"
_MAX_ID = 2**63 - 1  # bigint
_NOT_OURS = "is not a cursor this API gave out"


def _encode(values: Sequence[Any]) -> str:
    return signing.dumps(
        [v.isoformat() if isinstance(v, dt.date) else v for v in values], salt=_SALT
    )


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_ID


def _is_date_or_none(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _decode(cursor: str, size: int) -> list[Any]:
    if len(cursor) > 200:
        raise Problem("cursor", _NOT_OURS)
    try:
        values = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, UnicodeError):
        raise Problem("cursor", _NOT_OURS) from None
    if not isinstance(values, list) or len(values) != size or not _is_id(values[-1]):
        raise Problem("cursor", _NOT_OURS)
    if size == 2 and not _is_date_or_none(values[0]):
        raise Problem("cursor", _NOT_OURS)
    return values


def page_size_from(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None or raw == "":
        return DEFAULT_PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise Problem("page_size", f"must be a whole number from 1 to {MAX_PAGE_SIZE}")
    return int(raw)


class KeysetPagination:
    """Pages over ``(first_field, id)`` ascending, or ``id`` alone descending (newest first)."""

    def __init__(self, first_field: str | None, *, descending: bool = False) -> None:
        if first_field is not None and descending:
            raise ValueError("descending pages are by id alone")
        self.first_field = first_field
        self.descending = descending

    @property
    def ordering(self) -> list[str]:
        if self.first_field is None:
            return ["-id" if self.descending else "id"]
        return [self.first_field, "id"]

    def _rows(self, queryset: QuerySet[Any], values: list[Any] | None, limit: int) -> list[Any]:
        if self.first_field is None:
            if values is not None:
                (last_id,) = values
                lookup = "id__lt" if self.descending else "id__gt"
                queryset = queryset.filter(**{lookup: last_id})
            return list(queryset[:limit])
        field = self.first_field
        nulls = queryset.filter(**{f"{field}__isnull": True})
        if values is not None:
            first, last_id = values
            if first is None:
                # Already among the rows without a key, which come last.
                return list(nulls.filter(id__gt=last_id)[:limit])
            table = queryset.model._meta.db_table
            column = queryset.model._meta.get_field(field).column
            # A row comparison: PostgreSQL reads it as one range of the (…, key, id) index.
            after = RawSQL(  # noqa: S611 (names from the model, values as parameters)
                f'("{table}"."{column}", "{table}"."id") > (%s::date, %s)',
                (first, last_id),
                output_field=BooleanField(),
            )
            queryset = queryset.filter(after)
        else:
            queryset = queryset.filter(**{f"{field}__isnull": False})
        rows = list(queryset[:limit])
        if len(rows) < limit:
            # Past the last dated row: the undated ones follow (one more query, last page only).
            rows += list(nulls[: limit - len(rows)])
        return rows

    def paginate(self, request: Request, queryset: QuerySet[Any]) -> tuple[list[Any], str | None]:
        """(rows of this page, the next page's absolute URL or None). ``first_field`` must be a
        date column."""
        size = page_size_from(request)
        cursor = request.query_params.get("cursor")
        width = 1 if self.first_field is None else 2
        values = _decode(cursor, width) if cursor else None
        rows = self._rows(queryset.order_by(*self.ordering), values, size + 1)
        if len(rows) <= size:
            return rows, None
        rows = rows[:size]
        last = rows[-1]
        key = [last.pk] if self.first_field is None else [getattr(last, self.first_field), last.pk]
        url = replace_query_param(request.build_absolute_uri(), "cursor", _encode(key))
        return rows, url

    @staticmethod
    def response(results: list[Any], next_url: str | None) -> Response:
        return Response({"next": next_url, "results": results})
