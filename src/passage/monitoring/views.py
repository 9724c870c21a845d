# SPDX-License-Identifier: EUPL-1.2
"""Early Warning pages under ``/monitoring/``: overview, indicator pages (chart as inline SVG,
summary sentence, data table, CSV), alerts, the scoreboard and stakeholder access.

Who sees what: anonymous visitors are sent to the login page (except the access-request
form); employer members and logins without a role get 403; officers, analysts and
administrators see everything; external stakeholders see the overview, indicator pages and
scoreboard with rounded values, nothing else. Only administrators decide access requests.
Pages read stored results (``selectors``, ``dashboard``); nothing is recomputed here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from passage.monitoring import charts, selectors
from passage.monitoring.dashboard import (
    LEVEL_ICONS,
    LEVEL_WORDS,
    IndicatorInfo,
    Period,
    RunOptions,
    backtest_baseline,
    change_text,
    default_period,
    indicator_infos,
    info_for,
    is_administrator,
    model_beats_baseline,
    note_texts,
    number_text,
    overview_rows,
    round_for_stakeholder,
    run_options,
    series_history,
    series_info,
    source_label,
    summary_sentence,
    threshold_rule,
    threshold_value_text,
    unit_kind,
    unit_label,
    value_text,
    viewer_kind,
    visible_value,
)
from passage.monitoring.forms import (
    DIMENSION_LABELS,
    AccessRequestForm,
    AcknowledgeForm,
    DecisionForm,
    FilterForm,
)
from passage.monitoring.models import (
    AccessRequestStatus,
    Alert,
    CrossingProbability,
    Forecast,
    IndicatorValue,
    RefreshRun,
    StakeholderAccessRequest,
)
from passage.monitoring.services import (
    AlreadyDecided,
    NotApproved,
    access_request_decide,
    access_request_mail_deliver,
    access_request_mail_resend,
)
from passage.web import csvsafe
from passage.web.rate_limit import client_key, over_limit

View = Callable[..., HttpResponse]


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/forbidden.html", status=403)


def dashboard_view(
    *, authority_only: bool = False, admin_only: bool = False
) -> Callable[[View], View]:
    """Login required; then the role decides: see the module docstring."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            kind = viewer_kind(request.user)
            if kind is None:
                return _forbidden(request)
            if authority_only and kind != "authority":
                return _forbidden(request)
            if admin_only and not is_administrator(request.user):
                return _forbidden(request)
            return view(request, *args, kind == "stakeholder", **kwargs)

        return wrapped

    return decorator


def _base_context(request: HttpRequest, run: RefreshRun | None, rounded: bool) -> dict[str, Any]:
    return {
        "run": run,
        "rounded": rounded,
        "is_authority": not rounded,
        "is_admin": is_administrator(request.user),
    }


def _filters(request: HttpRequest, options: RunOptions) -> tuple[FilterForm, Period | None, str]:
    form = FilterForm(request.GET or None, options=options)
    period: Period | None = None
    dims_key = ""
    if form.is_bound and form.is_valid():
        period = form.cleaned_data.get("period")
        dims_key = form.dims_key()
    if period is None:
        period = default_period(options)
    if not form.is_bound:
        form = FilterForm({"period": period.code if period else ""}, options=options)
        form.is_valid()
    return form, period, dims_key


def _dims_summary(form: FilterForm) -> list[tuple[str, str]]:
    data = getattr(form, "cleaned_data", {}) or {}
    out = []
    for name, label in DIMENSION_LABELS.items():
        value = data.get(name)
        if value:
            choices = dict(form.fields[name].choices)  # type: ignore[attr-defined]
            out.append((str(label), str(choices.get(value, value))))
    return out


# --- overview --------------------------------------------------------------------------------


@require_GET
@dashboard_view()
def overview(request: HttpRequest, rounded: bool) -> HttpResponse:
    run = selectors.run_latest()
    context = _base_context(request, run, rounded)
    if run is None:
        return render(request, "monitoring/overview.html", context)
    options = run_options(run)
    form, period, dims_key = _filters(request, options)
    status = 400 if form.errors else 200
    rows = overview_rows(run, period, dims_key, rounded=rounded) if period else []
    forecasts = []
    infos = indicator_infos()
    for fc in Forecast.objects.filter(run=run, dims_key="").order_by("series"):
        # A metric's forecast has its own page; one of an indicator lives on the indicator's.
        sinfo = series_info(fc.series)
        if sinfo is not None:
            url = reverse("monitoring:forecast", args=[fc.series])
        elif fc.series in infos:
            sinfo = infos[fc.series]
            url = reverse("monitoring:indicator", args=[fc.series]) + "#forecast-title"
        else:
            continue
        first = next(iter(_forecast_points(fc, sinfo.unit, rounded)), None)
        forecasts.append(
            {
                "series": fc.series,
                "url": url,
                "label": sinfo.label,
                "model": fc.model,
                "beats_baseline": model_beats_baseline(fc.model, fc.backtest),
                "next": first,
                "mean_text": value_text(first["mean"], sinfo.unit) if first else "—",
            }
        )
    context.update(
        form=form,
        period=period,
        previous_period=period.previous() if period else None,
        dims=_dims_summary(form),
        dims_key=dims_key,
        rows=rows,
        forecasts=forecasts,
        synthetic=options.synthetic,
        query=form.query_string(),
    )
    return render(request, "monitoring/overview.html", context, status=status)


# --- indicator page ----------------------------------------------------------------------------


def _history(
    run: RefreshRun, indicator_id: str, period: Period | None, dims_key: str
) -> tuple[str, list[IndicatorValue]]:
    if period is not None:
        g = period.granularity
        return g, selectors.indicator_history(run, indicator_id, granularity=g, dims_key=dims_key)
    for g in ("month", "year"):
        history = selectors.indicator_history(run, indicator_id, granularity=g, dims_key=dims_key)
        if history:
            return g, history
    return "month", []


def _crossing_text(info: IndicatorInfo, crossing: CrossingProbability, unit: str) -> str:
    threshold = crossing.threshold
    if unit_kind(unit) == "percent" and threshold <= Decimal("1.5"):
        threshold = threshold * 100  # stored as a ratio (0.94)
    op = "≥" if info.direction == "up" else "≤"
    return ngettext(
        "P(%(label)s %(op)s %(threshold)s within %(months)s month) = %(p)s",
        "P(%(label)s %(op)s %(threshold)s within %(months)s months) = %(p)s",
        crossing.horizon_months,
    ) % {
        "label": info.label,
        "op": op,
        "threshold": threshold_value_text(threshold, unit),
        "months": crossing.horizon_months,
        "p": f"{crossing.probability:.2f}",
    }


def _forecast_points(forecast: Forecast | None, unit: str, rounded: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if forecast is None or not forecast.model:
        return out
    for point in forecast.points or []:
        try:
            start = dt.date.fromisoformat(str(point["period"])[:10])
        except (KeyError, ValueError):
            continue
        values = {k: _fc_value(point, k, unit, rounded) for k in FORECAST_KEYS}
        out.append(
            {
                "period": Period("month", start),
                **values,
                **{k + "_text": number_text(v, unit) for k, v in values.items()},
            }
        )
    return out


FORECAST_KEYS = ("mean", "lo80", "hi80", "lo95", "hi95")


def _forecast_context(forecast: Forecast | None) -> dict[str, Any]:
    if forecast is None:
        return {"forecast": None, "backtest": []}
    backtest = forecast.backtest or {}
    return {
        "forecast": forecast,
        "backtest": _backtest_rows(forecast),
        "beats_baseline": model_beats_baseline(forecast.model, backtest),
        "baseline": backtest_baseline(backtest),
        "selection_reason": backtest.get("reason", ""),
        "backtest_folds": backtest.get("folds"),
        "backtest_horizon": backtest.get("horizon"),
    }


def _bands(fc_points: list[dict[str, Any]]) -> list[charts.ForecastBand]:
    return [
        charts.ForecastBand(
            p["period"].start.isoformat(),
            float(p["mean"]),
            _float(p["lo80"]),
            _float(p["hi80"]),
            _float(p["lo95"]),
            _float(p["hi95"]),
        )
        for p in fc_points
        if p["mean"] is not None
    ]


def _backtest_rows(forecast: Forecast) -> list[dict[str, Any]]:
    models = (forecast.backtest or {}).get("models") or {}
    rows = []
    for name, scores in models.items():
        if not isinstance(scores, dict):
            continue
        rows.append(
            {
                "model": name,
                "mase": scores.get("mase"),
                "coverage80": scores.get("coverage80"),
                "coverage95": scores.get("coverage95"),
                "shown": name == forecast.model,
            }
        )
    rows.sort(key=lambda r: (r["mase"] is None, r["mase"] if r["mase"] is not None else 0))
    return rows


def _fc_value(point: dict[str, Any], key: str, unit: str, rounded: bool) -> Decimal | None:
    raw = point.get(key)
    if raw is None:
        return None
    return visible_value(Decimal(str(raw)), unit, rounded=rounded)


@require_GET
@dashboard_view()
def indicator(request: HttpRequest, rounded: bool, indicator_id: str) -> HttpResponse:
    run = selectors.run_latest()
    if run is None:
        raise Http404(_("No refresh has finished yet."))
    options = run_options(run)
    infos = indicator_infos()
    form = FilterForm(request.GET or None, options=options)
    period: Period | None = None
    dims_key = ""
    if form.is_bound:
        if not form.is_valid():
            context = _base_context(request, run, rounded)
            context.update(form=form, info=info_for(indicator_id, infos), query="")
            return render(request, "monitoring/indicator.html", context, status=400)
        period = form.cleaned_data.get("period")
        dims_key = form.dims_key()
    granularity, history = _history(run, indicator_id, period, dims_key)
    if not history and indicator_id not in infos:
        raise Http404(_("No such indicator."))
    unit = history[-1].unit if history else info_for(indicator_id, infos).unit
    info = info_for(indicator_id, infos, unit).for_granularity(granularity)

    points = [
        {
            "period": Period(granularity, v.period_start),
            "value": visible_value(v.value, v.unit, rounded=rounded),
            "level": v.level,
            "level_word": LEVEL_WORDS.get(v.level, v.level),
            "level_icon": LEVEL_ICONS.get(v.level, "○"),
            "notes": note_texts(v.notes),
        }
        for v in history
    ]
    for p in points:
        p["value_text"] = number_text(p["value"], unit)
    by_start = {p["period"].start: p for p in points}
    current = None
    if period is not None and period.start in by_start:
        current = by_start[period.start]
    elif period is None and points:
        # The newest period with a value (the newest periods may not be computable yet).
        current = next((p for p in reversed(points) if p["value"] is not None), points[-1])
    previous = by_start.get(current["period"].previous().start) if current else None
    if not form.is_bound:
        form = FilterForm({"period": current["period"].code} if current else None, options=options)
        form.is_valid()
    summary = summary_sentence(
        info,
        (current["period"], current["value"], current["level"]) if current else None,
        (previous["period"], previous["value"]) if previous else None,
        unit,
    )

    forecast = (
        Forecast.objects.filter(
            run=run, series__in=[indicator_id, *info.forecast_series], dims_key=dims_key
        )
        .order_by("-id")
        .first()
        if granularity == "month"
        else None
    )
    fc_points = _forecast_points(forecast, unit, rounded)
    # Forecasts of the metrics this indicator is computed from (ip.applications, ...).
    inputs = history[-1].inputs if history and isinstance(history[-1].inputs, dict) else {}
    related = [
        (series, series_info(series))
        for series in Forecast.objects.filter(run=run, dims_key="", series__in=list(inputs))
        .order_by("series")
        .values_list("series", flat=True)
    ]
    crossings = [
        _crossing_text(info, c, unit)
        for c in CrossingProbability.objects.filter(run=run, indicator=indicator_id).order_by(
            "horizon_months", "threshold"
        )
    ]

    if request.GET.get("format") == "csv":
        return _indicator_csv(info, unit, points, fc_points, rounded)

    time_unit = "year" if granularity == "year" else "yearmonth"
    svg = charts.chart_svg(
        (run.pk, indicator_id, granularity, dims_key, int(rounded), "v2"),
        info,
        [
            charts.ChartPoint(p["period"].start.isoformat(), _float(p["value"]), p["level"])
            for p in points
        ],
        _bands(fc_points),
        unit=unit,
        time_unit=time_unit,
    )
    context = _base_context(request, run, rounded)
    query = form.query_string()
    context.update(
        form=form,
        info=info,
        unit=unit,
        unit_label=unit_label(unit),
        granularity=granularity,
        points=points,
        current=current,
        summary=summary,
        svg=svg,
        **_forecast_context(forecast),
        fc_points=fc_points,
        related=related,
        crossings=crossings,
        thresholds=[
            (LEVEL_WORDS.get(level, level), LEVEL_ICONS.get(level, ""), threshold_rule(info, level))
            for level in ("green", "amber", "red")
            if threshold_rule(info, level)
        ],
        source_text=source_label(info.source),
        dims=_dims_summary(form),
        synthetic=options.synthetic,
        query=query,
        csv_url=f"?{query}&format=csv" if query else "?format=csv",
    )
    return render(request, "monitoring/indicator.html", context)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _indicator_csv(
    info: IndicatorInfo,
    unit: str,
    points: list[dict[str, Any]],
    fc_points: list[dict[str, Any]],
    rounded: bool,
) -> HttpResponse:
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(
        ["indicator", "period", "kind", "value", "unit", "level", "lo80", "hi80", "lo95", "hi95"]
    )
    for p in points:
        writer.writerow(
            [
                info.id,
                p["period"].code,
                "observed",
                _csv_number(p["value"]),
                unit,
                p["level"],
                "",
                "",
                "",
                "",
            ]
        )
    for p in fc_points:
        writer.writerow(
            [
                info.id,
                p["period"].code,
                "forecast",
                _csv_number(p["mean"]),
                unit,
                "",
                *(_csv_number(p[k]) for k in ("lo80", "hi80", "lo95", "hi95")),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{info.id}.csv"'
    return response


def _csv_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@require_GET
@dashboard_view()
def forecast_series(request: HttpRequest, rounded: bool, series: str) -> HttpResponse:
    """A forecast series (a metric: applications, decisions, pending cases, reception entries
    and exits): its history as the run read it, the forecast with its 80 % and 95 % bands, and
    the backtest that chose the model."""
    run = selectors.run_latest()
    info = series_info(series)
    if run is None or info is None:
        raise Http404(_("No such forecast."))
    forecast = Forecast.objects.filter(run=run, series=series, dims_key="").first()
    if forecast is None:
        raise Http404(_("No forecast of this series in the latest refresh."))
    unit = info.unit
    points: list[dict[str, Any]] = []
    for start, value in series_history(run, series):
        shown = visible_value(value, unit, rounded=rounded)
        points.append(
            {
                "period": Period("month", start),
                "value": shown,
                "value_text": number_text(shown, unit),
            }
        )
    fc_points = _forecast_points(forecast, unit, rounded)
    if request.GET.get("format") == "csv":
        return _indicator_csv(info, unit, [{**p, "level": ""} for p in points], fc_points, rounded)
    summary = _forecast_summary(info, points, fc_points, unit)
    svg = charts.chart_svg(
        (run.pk, "series", series, int(rounded), "v2"),
        info,
        [charts.ChartPoint(p["period"].start.isoformat(), _float(p["value"]), "") for p in points],
        _bands(fc_points),
        unit=unit,
        time_unit="yearmonth",
        levels_shown=False,
    )
    context = _base_context(request, run, rounded)
    context.update(
        info=info,
        unit=unit,
        unit_label=unit_label(unit),
        points=points,
        svg=svg,
        summary=summary,
        fc_points=fc_points,
        source_text=source_label(info.source),
        synthetic=run_options(run).synthetic,
        csv_url="?format=csv",
        **_forecast_context(forecast),
    )
    return render(request, "monitoring/forecast.html", context)


def _forecast_summary(
    info: IndicatorInfo, points: list[dict[str, Any]], fc_points: list[dict[str, Any]], unit: str
) -> str:
    parts = []
    if points:
        last = points[-1]
        parts.append(
            _("%(label)s: %(value)s in %(period)s")
            % {
                "label": info.label,
                "value": value_text(last["value"], unit),
                "period": last["period"].label(),
            }
        )
    else:
        parts.append(info.label)
    if fc_points:
        first = fc_points[0]
        parts.append(
            _("forecast for %(period)s: %(mean)s (80 %% interval %(lo)s to %(hi)s)")
            % {
                "period": first["period"].label(),
                "mean": value_text(first["mean"], unit),
                "lo": number_text(first["lo80"], unit),
                "hi": number_text(first["hi80"], unit),
            }
        )
    return "; ".join(parts) + "."


# --- alerts ----------------------------------------------------------------------------------

ALERTS_PER_PAGE = 50


@require_GET
@dashboard_view(authority_only=True)
def alerts(request: HttpRequest, rounded: bool) -> HttpResponse:
    from passage.monitoring.alerts import alerts_history

    status = request.GET.get("acknowledged", "")
    if status not in ("", "yes", "no"):
        status = ""
    qs = alerts_history(acknowledged={"yes": True, "no": False}.get(status))
    page = Paginator(qs, ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    infos = indicator_infos()
    rows = [
        {
            "alert": a,
            "label": info_for(a.indicator, infos).label,
            "level_word": LEVEL_WORDS.get(a.level, a.level),
            "level_icon": LEVEL_ICONS.get(a.level, "○"),
            "previous_level_word": LEVEL_WORDS.get(a.previous_level, a.previous_level),
        }
        for a in page.object_list
    ]
    context = _base_context(request, selectors.run_latest(), rounded)
    context.update(
        rows=rows,
        page=page,
        acknowledged=status,
        ack_form=AcknowledgeForm(),
    )
    return render(request, "monitoring/alerts.html", context)


@require_POST
@dashboard_view(authority_only=True)
def alert_acknowledge(request: HttpRequest, rounded: bool, pk: int) -> HttpResponse:
    from passage.monitoring import alerts as alert_services

    alert = get_object_or_404(Alert, pk=pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long (2,000 characters at most)."))
    elif alert.acknowledged_at is not None:
        messages.info(request, _("This alert was already acknowledged."))
    else:
        try:
            alert_services.alert_acknowledge(
                alert, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except PermissionDenied:
            return _forbidden(request)
        else:
            messages.success(request, _("Alert acknowledged: %(title)s") % {"title": alert.title})
    return HttpResponseRedirect(reverse("monitoring:alerts") + f"#alert-{pk}")


# --- scoreboard ------------------------------------------------------------------------------


STATUS_LEVELS = {"met": "green", "on track": "green", "off track": "red", "no data": "unknown"}
STATUS_WORDS = {
    "met": gettext_lazy("met"),
    "on track": gettext_lazy("on track"),
    "off track": gettext_lazy("off track"),
    "no data": gettext_lazy("no data"),
}
TREND_WORDS = {
    "rising": gettext_lazy("rising"),
    "falling": gettext_lazy("falling"),
    "stable": gettext_lazy("stable"),
    "no data": gettext_lazy("no data"),
}


def _scoreboard_rounded(sb: Any) -> Any:
    """The scoreboard with every figure rounded as stakeholders see it (page, CSV and PDF)."""
    rows = []
    for row in sb.rows:
        unit = row.target.unit
        target = dataclasses.replace(
            row.target, baseline_value=round_for_stakeholder(row.target.baseline_value, unit)
        )
        current = round_for_stakeholder(row.current, unit)
        previous = round_for_stakeholder(row.previous, unit)
        change = current - previous if current is not None and previous is not None else None
        rows.append(
            dataclasses.replace(
                row,
                target=target,
                current=current,
                previous=previous,
                change=change,
                change_percent=(
                    (change / abs(previous) * 100).quantize(Decimal("0.1"))
                    if change is not None and previous
                    else None
                ),
            )
        )
    return dataclasses.replace(sb, rows=rows)


@require_GET
@dashboard_view()
def scoreboard(request: HttpRequest, rounded: bool, year: int) -> HttpResponse:
    from passage.monitoring import scoreboard as scoreboard_module

    if not 2000 <= year <= 2100:
        raise Http404(_("No scoreboard for that year."))
    sb = scoreboard_module.scoreboard_build(year)
    if rounded:
        sb = _scoreboard_rounded(sb)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        body = scoreboard_module.scoreboard_csv(sb)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ammc-scoreboard-{year}.csv"'
        return response
    if fmt == "pdf":
        pdf = scoreboard_module.scoreboard_pdf(sb)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="ammc-scoreboard-{year}.pdf"'
        return response
    context = _base_context(request, selectors.run_latest(), rounded)
    context.update(sb=sb, year=year, rows=_scoreboard_rows(sb), synthetic=sb.synthetic)
    return render(request, "monitoring/scoreboard.html", context)


def _scoreboard_rows(sb: Any) -> list[dict[str, Any]]:
    """The scoreboard's targets as plain dicts for the template."""
    out = []
    for row in sb.rows:
        unit = row.target.unit
        status = str(row.status)
        level = STATUS_LEVELS.get(status, "unknown")
        out.append(
            {
                "label": row.target.label,
                "citation": row.citation,
                "baseline": value_text(row.target.baseline_value, unit)
                if row.target.baseline_value is not None
                else "—",
                "baseline_year": row.target.baseline_year or "",
                "target": str(row.target),
                "previous": value_text(row.previous, unit) if row.previous is not None else "—",
                "current": value_text(row.current, unit) if row.current is not None else "—",
                "change": change_text(row.current, row.previous, unit),
                "trend": TREND_WORDS.get(row.trend, row.trend),
                "status": status,
                "status_class": level,
                "status_icon": LEVEL_ICONS.get(level, "○"),
                "status_word": STATUS_WORDS.get(status, status),
                "status_reason": row.status_reason,
            }
        )
    return out


# --- stakeholder access ------------------------------------------------------------------------


#: Public access requests: per address, and for everyone together (spread addresses).
ACCESS_REQUESTS_PER_ADDRESS = (5, 600)  # at most 5 in 10 minutes
ACCESS_REQUESTS_PER_SITE = (30, 60)  # at most 30 a minute


def _too_many_access_requests(request: HttpRequest) -> bool:
    limit, window = ACCESS_REQUESTS_PER_ADDRESS
    mine = over_limit("access-request", client_key(request), limit=limit, window=window)
    limit, window = ACCESS_REQUESTS_PER_SITE
    return over_limit("access-request", "site", limit=limit, window=window) or mine


@require_http_methods(["GET", "POST"])
def access_request(request: HttpRequest) -> HttpResponse:
    """Public: an external stakeholder asks for access."""
    if request.method == "POST":
        if _too_many_access_requests(request):
            refused = _("Too many requests have been sent; please try again in a few minutes.")
            context = {"form": AccessRequestForm(request.POST), "refused": refused}
            response = render(request, "monitoring/access_request.html", context, status=429)
            response["Retry-After"] = str(ACCESS_REQUESTS_PER_ADDRESS[1])
            return response
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            form.save()
            return render(
                request, "monitoring/access_requested.html", {"email": form.instance.email}
            )
        return render(request, "monitoring/access_request.html", {"form": form}, status=400)
    return render(request, "monitoring/access_request.html", {"form": AccessRequestForm()})


# A request is a few KiB of form fields; a larger body is refused before it is read
# (passage.web.request_limits), a purpose over PURPOSE_MAX_LENGTH by the form.
access_request.max_body_bytes = 64 * 1024  # type: ignore[attr-defined]


@require_GET
@dashboard_view(admin_only=True)
def access_requests(request: HttpRequest, rounded: bool) -> HttpResponse:
    pending = StakeholderAccessRequest.objects.filter(status=AccessRequestStatus.PENDING).order_by(
        "requested_at"
    )
    decided = (
        StakeholderAccessRequest.objects.exclude(status=AccessRequestStatus.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at")[:50]
    )
    context = _base_context(request, None, rounded)
    context.update(pending=pending, decided=decided)
    return render(request, "monitoring/access_requests.html", context)


def _mail_link(request: HttpRequest, req: StakeholderAccessRequest) -> None:
    """Send the set-password e-mail after the decision committed; a mail server that refuses
    or is absent leaves the approval saved, the e-mail retried by a task and resendable."""
    error = access_request_mail_deliver(
        req.pk, site_url=request.build_absolute_uri("/"), language=get_language() or "en"
    )
    if error is None:
        messages.success(
            request, _("A link to set a password was sent to %(email)s.") % {"email": req.email}
        )
    else:
        messages.warning(
            request,
            _(
                "The e-mail to %(email)s could not be sent (%(error)s). It will be retried; "
                "you can also resend it below."
            )
            % {"email": req.email, "error": error},
        )


@require_POST
@dashboard_view(admin_only=True)
def access_request_decision(request: HttpRequest, rounded: bool, pk: int) -> HttpResponse:
    get_object_or_404(StakeholderAccessRequest, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return HttpResponseRedirect(reverse("monitoring:access-requests"))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        req = access_request_decide(pk, approve=approve, actor=request.user)
    except AlreadyDecided:
        messages.info(request, _("This request was already decided."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        if approve:
            messages.success(request, _("Approved: %(org)s.") % {"org": req.organisation_name})
            _mail_link(request, req)
        else:
            messages.success(request, _("Rejected: %(org)s.") % {"org": req.organisation_name})
    return HttpResponseRedirect(reverse("monitoring:access-requests"))


@require_POST
@dashboard_view(admin_only=True)
def access_request_mail_resend_view(request: HttpRequest, rounded: bool, pk: int) -> HttpResponse:
    get_object_or_404(StakeholderAccessRequest, pk=pk)
    try:
        req = access_request_mail_resend(pk, actor=request.user)
    except NotApproved:
        messages.error(request, _("Only an approved request has a link to resend."))
    else:
        _mail_link(request, req)
    return HttpResponseRedirect(reverse("monitoring:access-requests"))


class LoginView(auth_views.LoginView):
    """Django's login page; without ``?next=``, people who use the dashboard go to it and
    everyone else (employer members) to the home page, not to a 403."""

    def get_default_redirect_url(self) -> str:
        if viewer_kind(self.request.user) is not None:
            return reverse("monitoring:overview")
        return reverse("landing")
