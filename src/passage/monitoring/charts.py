# SPDX-License-Identifier: EUPL-1.2
"""Indicator charts: Vega-Lite specifications built with Altair, rendered on the server to
SVG by vl-convert, so the pages need no JavaScript. Each level has its own point shape as well
as its colour, and each threshold is a labelled rule: nothing rests on colour alone.

The SVG is cached per (run, indicator, granularity, breakdown, rounding, language): a run's
results never change, so the cache never needs invalidating, only expiring."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import altair as alt
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from passage.monitoring.dashboard import (
    LEVEL_COLOURS,
    LEVEL_SHAPES,
    LEVEL_WORDS,
    IndicatorInfo,
    unit_kind,
    unit_label,
)

CHART_WIDTH = 560
CHART_HEIGHT = 300
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ChartPoint:
    period: str  # ISO date of the period start
    value: float | None
    level: str


@dataclass(frozen=True)
class ForecastBand:
    period: str
    mean: float
    lo80: float | None
    hi80: float | None
    lo95: float | None
    hi95: float | None


def _data(values: list[dict[str, Any]]) -> Any:
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def chart_spec(
    info: IndicatorInfo,
    history: Sequence[ChartPoint],
    forecast: Sequence[ForecastBand],
    *,
    unit: str,
    time_unit: str = "yearmonth",
    levels_shown: bool = True,
) -> dict[str, Any]:
    """The Vega-Lite specification (a dict) of one indicator's chart (or of a forecast
    series', ``levels_shown=False``: plain markers, no level legend)."""
    y_title = unit_label(unit) or info.label
    unit_of_time: Any = time_unit
    x = alt.X("period:T", title=_("Period"), timeUnit=unit_of_time)
    observed = [
        {
            "period": p.period,
            "value": p.value,
            "level": str(LEVEL_WORDS.get(p.level, p.level)),
        }
        for p in history
        if p.value is not None
    ]
    levels = ["green", "amber", "red", "unknown"]
    domain = [str(LEVEL_WORDS[lvl]) for lvl in levels]
    layers: list[Any] = []
    if forecast:
        fc = [
            {
                "period": b.period,
                "mean": b.mean,
                "lo80": b.lo80,
                "hi80": b.hi80,
                "lo95": b.lo95,
                "hi95": b.hi95,
            }
            for b in forecast
        ]
        fc_base = alt.Chart(_data(fc))
        if any(b.lo95 is not None for b in forecast):
            layers.append(
                fc_base.mark_area(color="#9cb8dc", opacity=0.45).encode(
                    x=x, y=alt.Y("lo95:Q", title=y_title), y2="hi95:Q"
                )
            )
        if any(b.lo80 is not None for b in forecast):
            layers.append(
                fc_base.mark_area(color="#5b86bf", opacity=0.5).encode(
                    x=x, y=alt.Y("lo80:Q", title=y_title), y2="hi80:Q"
                )
            )
        layers.append(
            fc_base.mark_line(color="#0b4f9c", strokeDash=[6, 4], strokeWidth=2).encode(
                x=x, y=alt.Y("mean:Q", title=y_title)
            )
        )
    if observed:
        obs_base = alt.Chart(_data(observed))
        layers.append(
            obs_base.mark_line(color="#1b1b1b", strokeWidth=2).encode(
                x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
            )
        )
        if not levels_shown:
            layers.append(
                obs_base.mark_point(filled=True, size=40, color="#1b1b1b").encode(
                    x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
                )
            )
        else:
            layers.append(
                obs_base.mark_point(filled=True, size=70, stroke="#1b1b1b", strokeWidth=0.5).encode(
                    x=x,
                    y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
                    shape=alt.Shape(
                        "level:N",
                        title=_("Level"),
                        scale=alt.Scale(
                            domain=domain,
                            range=[LEVEL_SHAPES[lvl] for lvl in levels],
                        ),
                    ),
                    color=alt.Color(
                        "level:N",
                        title=_("Level"),
                        scale=alt.Scale(
                            domain=domain,
                            range=[LEVEL_COLOURS[lvl] for lvl in levels],
                        ),
                    ),
                )
            )
    if info.thresholds:
        rules = [
            {
                "value": float(value),
                "label": f"{LEVEL_WORDS[level]} ({'≥' if info.direction == 'up' else '≤'} "
                f"{_fmt(value)}{' %' if unit_kind(unit) == 'percent' else ''})",
            }
            for level, value in sorted(info.thresholds.items())
        ]
        rule_base = alt.Chart(_data(rules))
        layers.append(
            rule_base.mark_rule(color="#a31919", strokeDash=[3, 3], strokeWidth=1.5).encode(
                y="value:Q"
            )
        )
        layers.append(
            rule_base.mark_text(align="left", dx=4, dy=-6, color="#1b1b1b", fontSize=11).encode(
                y="value:Q", text="label:N", x=alt.value(0)
            )
        )
    if not layers:
        layers.append(alt.Chart(_data([{}])).mark_text().encode(text=alt.value("")))
    chart = alt.layer(*layers).properties(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        title=alt.TitleParams(info.label, anchor="start"),
    )
    chart = chart.configure_axis(labelFontSize=12, titleFontSize=12).configure_legend(
        orient="bottom", labelFontSize=12, titleFontSize=12
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_SVG_OPEN = re.compile(r"<svg\b")


def svg_render(spec: dict[str, Any], *, title_id: str, summary_id: str) -> str:
    """Render to SVG and make it an accessible image named by the figure's caption."""
    import vl_convert

    svg = str(vl_convert.vegalite_to_svg(spec))
    svg = svg[svg.find("<svg") :]
    attrs = (
        f'<svg role="img" aria-labelledby="{title_id}" aria-describedby="{summary_id}" '
        'focusable="false" style="max-width:100%;height:auto"'
    )
    return _SVG_OPEN.sub(attrs, svg, count=1)


def chart_svg(
    cache_key_parts: Sequence[Any],
    info: IndicatorInfo,
    history: Sequence[ChartPoint],
    forecast: Sequence[ForecastBand],
    *,
    unit: str,
    time_unit: str,
    title_id: str = "chart-title",
    summary_id: str = "chart-summary",
    levels_shown: bool = True,
) -> str:
    raw = "\x1f".join(str(p) for p in (*cache_key_parts, get_language()))
    key = "monitoring:chart:" + hashlib.sha256(raw.encode()).hexdigest()
    svg = cache.get(key)
    if isinstance(svg, str):
        return svg
    spec = chart_spec(
        info, history, forecast, unit=unit, time_unit=time_unit, levels_shown=levels_shown
    )
    svg = svg_render(spec, title_id=title_id, summary_id=summary_id)
    cache.set(key, svg, CACHE_SECONDS)
    return svg
