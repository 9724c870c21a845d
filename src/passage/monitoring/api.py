# SPDX-License-Identifier: EUPL-1.2
"""The Early Warning API under ``/api/v1/monitoring/``: indicator values of the latest refresh,
one indicator's history, alerts and their acknowledgement.

Same access as the pages: officers, analysts and administrators see everything; external
stakeholders see the indicators with rounded values and no alerts; everyone else gets 403.
Every error is an RFC 9457 problem naming the field (``passage.api.problems``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from passage.api.negotiation import AlwaysJSON
from passage.api.pagination import MAX_PAGE_SIZE, KeysetPagination
from passage.api.problems import Problem
from passage.casework.api.serializers import StrictInputSerializer
from passage.monitoring import catalogue, selectors
from passage.monitoring.dashboard import (
    Period,
    PeriodError,
    default_period,
    indicator_infos,
    info_for,
    note_texts,
    period_parse,
    run_options,
    viewer_kind,
    visible_value,
)
from passage.monitoring.models import Alert, IndicatorValue, Level, RefreshRun
from passage.rulebook.openapi import ref

_PROBLEM = OpenApiResponse(response=ref("Problem"), description="RFC 9457 problem details")
_ERRORS: dict[int | str, Any] = {400: _PROBLEM, 403: _PROBLEM, 404: _PROBLEM}
_TAGS = ["monitoring"]
GRANULARITIES = ("month", "year")


class AlreadyAcknowledged(Problem):
    status_code = 409
    problem_type = "urn:passage:problem:alert-already-acknowledged"
    title = "Alert already acknowledged"


class NoRefresh(Problem):
    status_code = 404
    problem_type = "urn:passage:problem:no-refresh"
    title = "No indicator values yet"


class DashboardPermission(BasePermission):
    message = "Your role has no access to the Early Warning dashboard."

    def has_permission(self, request: Request, view: APIView) -> bool:
        kind = viewer_kind(request.user)
        if kind is None:
            return False
        if getattr(view, "authority_only", False) and kind != "authority":
            self.message = "Only officers, analysts and administrators see alerts."
            return False
        return True


class MonitoringApi(APIView):
    """Authenticated (session), JSON, role-checked before any handler runs."""

    permission_classes = (IsAuthenticated, DashboardPermission)
    renderer_classes = (JSONRenderer,)
    parser_classes = (JSONParser,)
    content_negotiation_class = AlwaysJSON
    authority_only = False

    def rounded(self, request: Request) -> bool:
        return viewer_kind(request.user) == "stakeholder"

    @staticmethod
    def run_or_404() -> RefreshRun:
        run = selectors.run_latest()
        if run is None:
            raise NoRefresh(None, "No refresh has finished yet: run `passage monitor refresh`.")
        return run

    @staticmethod
    def dims_from(request: Request) -> str:
        raw = request.query_params.get("dims", "") or ""
        if not raw:
            return ""
        parts = raw.split(";")
        if any("=" not in p or not p.split("=", 1)[1] for p in parts):
            raise Problem("dims", 'must be "name=value" pairs joined by ";", e.g. region=flanders')
        parsed = catalogue.dims_parse(raw)
        unknown = sorted(set(parsed) - set(catalogue.DIMENSIONS))
        if unknown:
            raise Problem(
                "dims",
                f"unknown breakdown {', '.join(unknown)}; one of {', '.join(catalogue.DIMENSIONS)}",
            )
        return catalogue.dims_key(parsed)

    @staticmethod
    def granularity_from(request: Request) -> str | None:
        raw = request.query_params.get("granularity")
        if raw in (None, ""):
            return None
        if raw not in GRANULARITIES:
            raise Problem("granularity", f"must be one of {', '.join(GRANULARITIES)}")
        return raw


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _value_doc(v: IndicatorValue, *, rounded: bool, source: str, label: str) -> dict[str, Any]:
    period = Period(v.granularity, v.period_start)
    return {
        "id": v.indicator,
        "label": label,
        "period": period.code,
        "granularity": v.granularity,
        "dims": v.dims_key,
        "value": _number(visible_value(v.value, v.unit, rounded=rounded)),
        "unit": v.unit,
        "level": v.level,
        "source": source,
        "notes": note_texts(v.notes),
    }


class IndicatorValueOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    period = serializers.CharField(help_text="YYYY-MM (month) or YYYY (year)")
    granularity = serializers.ChoiceField(choices=GRANULARITIES)
    dims = serializers.CharField(help_text='Breakdown, "" for the total, e.g. "region=flanders"')
    value = serializers.FloatField(
        allow_null=True, help_text="Null when not computable; rounded for stakeholders"
    )
    unit = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.values)
    source = serializers.CharField()  # type: ignore[assignment]
    notes = serializers.ListField(child=serializers.CharField(), help_text="Data-quality notes")


_PERIOD_PARAM = OpenApiParameter(
    "period", OpenApiTypes.STR, description="YYYY-MM or YYYY; the latest month when omitted"
)
_GRANULARITY_PARAM = OpenApiParameter("granularity", OpenApiTypes.STR, enum=list(GRANULARITIES))
_DIMS_PARAM = OpenApiParameter(
    "dims", OpenApiTypes.STR, description='Breakdown, e.g. "region=flanders"; the total if omitted'
)


class IndicatorListApi(MonitoringApi):
    """``GET /api/v1/monitoring/indicators/``: every indicator of the latest refresh for one
    period and breakdown."""

    @extend_schema(
        operation_id="monitoring_indicators_list",
        summary="Indicator values for a period",
        tags=_TAGS,
        parameters=[_PERIOD_PARAM, _GRANULARITY_PARAM, _DIMS_PARAM],
        responses={200: IndicatorValueOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        granularity = self.granularity_from(request)
        raw_period = request.query_params.get("period", "")
        period: Period | None = None
        if raw_period:
            try:
                period = period_parse(raw_period)
            except PeriodError as exc:
                raise Problem("period", str(exc)) from None
            if granularity is not None and granularity != period.granularity:
                raise Problem(
                    "granularity",
                    f"is {granularity} but period {raw_period} is a {period.granularity}",
                )
        dims_key = self.dims_from(request)
        run = self.run_or_404()
        if period is None:
            options = run_options(run)
            if granularity == "year":
                period = Period("year", options.years[0]) if options.years else None
            elif granularity == "month":
                period = Period("month", options.months[0]) if options.months else None
            else:
                period = default_period(options)
        if period is None:
            return Response([])
        rounded = self.rounded(request)
        infos = indicator_infos()
        rows = selectors.indicator_values(
            run, granularity=period.granularity, period_start=period.start, dims_key=dims_key
        )
        docs = []
        for v in rows:
            info = info_for(v.indicator, infos, v.unit)
            docs.append(_value_doc(v, rounded=rounded, source=info.source, label=info.label))
        docs.sort(key=lambda d: (infos[d["id"]].order if d["id"] in infos else 10_000, d["id"]))
        return Response(docs)


class IndicatorHistoryApi(MonitoringApi):
    """``GET /api/v1/monitoring/indicators/<id>/history/``: one indicator, oldest first."""

    @extend_schema(
        operation_id="monitoring_indicator_history",
        summary="One indicator's history",
        tags=_TAGS,
        parameters=[_GRANULARITY_PARAM, _DIMS_PARAM],
        responses={200: IndicatorValueOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request, indicator_id: str) -> Response:
        granularity = self.granularity_from(request) or "month"
        dims_key = self.dims_from(request)
        run = self.run_or_404()
        infos = indicator_infos()
        history = selectors.indicator_history(
            run, indicator_id, granularity=granularity, dims_key=dims_key
        )
        if not history and indicator_id not in infos:
            raise exceptions.NotFound(f"No indicator {indicator_id}.")
        rounded = self.rounded(request)
        info = info_for(indicator_id, infos)
        return Response(
            [_value_doc(v, rounded=rounded, source=info.source, label=info.label) for v in history]
        )


class AlertOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    rule = serializers.CharField()
    indicator = serializers.CharField()
    period_start = serializers.DateField()
    title = serializers.CharField()
    message = serializers.CharField()
    previous_level = serializers.CharField()
    level = serializers.CharField()
    previous_value = serializers.FloatField(allow_null=True)
    current_value = serializers.FloatField(allow_null=True)
    evidence_url = serializers.CharField()
    raised_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(allow_null=True)
    acknowledgement_note = serializers.CharField(allow_blank=True)


def _alert_doc(a: Alert) -> dict[str, Any]:
    return {
        "id": a.pk,
        "rule": a.rule.code,
        "indicator": a.indicator,
        "period_start": a.period_start.isoformat(),
        "title": a.title,
        "message": a.message,
        "previous_level": a.previous_level,
        "level": a.level,
        "previous_value": _number(a.previous_value),
        "current_value": _number(a.current_value),
        "evidence_url": a.evidence_url,
        "raised_at": a.raised_at.isoformat(),
        "acknowledged_at": a.acknowledged_at.isoformat() if a.acknowledged_at else None,
        "acknowledged_by": a.acknowledged_by.get_username() if a.acknowledged_by else None,
        "acknowledgement_note": a.acknowledgement_note,
    }


class AlertListApi(MonitoringApi):
    """``GET /api/v1/monitoring/alerts/``: alerts, newest first (keyset pages)."""

    authority_only = True
    pagination = KeysetPagination(None, descending=True)

    @extend_schema(
        operation_id="monitoring_alerts_list",
        summary="Alerts, newest first",
        tags=_TAGS,
        parameters=[
            OpenApiParameter("acknowledged", OpenApiTypes.BOOL),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1 to {MAX_PAGE_SIZE}"),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From the previous `next`"),
        ],
        responses={
            200: inline_serializer(
                name="MonitoringAlertPage",
                fields={
                    "next": serializers.URLField(allow_null=True),
                    "results": AlertOutputSerializer(many=True),
                },
            ),
            **_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("acknowledged")
        qs = Alert.objects.select_related("rule", "acknowledged_by")
        if raw not in (None, ""):
            if raw not in ("true", "false"):
                raise Problem("acknowledged", "must be true or false")
            qs = qs.filter(acknowledged_at__isnull=raw == "false")
        rows, next_url = self.pagination.paginate(request, qs)
        return KeysetPagination.response([_alert_doc(a) for a in rows], next_url)


class AlertAcknowledgeApi(MonitoringApi):
    """``POST /api/v1/monitoring/alerts/<pk>/acknowledge/`` with ``{"note": "..."}``."""

    authority_only = True
    # A note of 2 000 characters is at most 8 000 bytes of UTF-8, escaped in JSON a little
    # more; anything larger is refused before it is read (passage.web.request_limits).
    max_body_bytes = 16 * 1024

    class InputSerializer(StrictInputSerializer):
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    @extend_schema(
        operation_id="monitoring_alert_acknowledge",
        summary="Acknowledge an alert",
        tags=_TAGS,
        request=InputSerializer,
        responses={200: AlertOutputSerializer, 409: _PROBLEM, **_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        from passage.monitoring.alerts import alert_acknowledge

        data = request.data if request.data is not None else {}
        if not isinstance(data, dict):
            raise Problem("body", f"must be a JSON object, not {type(data).__name__}")
        serializer = self.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        alert = get_object_or_404(Alert.objects.select_related("rule"), pk=pk)
        try:
            alert = alert_acknowledge(
                alert, actor=request.user, note=serializer.validated_data["note"]
            )
        except ValidationError as exc:
            raise AlreadyAcknowledged("acknowledged_at", "; ".join(exc.messages)) from None
        except PermissionDenied:
            raise exceptions.PermissionDenied("Only authorities acknowledge alerts.") from None
        return Response(_alert_doc(alert))
