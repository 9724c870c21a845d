# SPDX-License-Identifier: EUPL-1.2
"""The metric catalogue (definitions/metrics.yaml) and the canonical form of a breakdown.

Pure Python: imports, the DuckDB analytics and the pages all read the same definitions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFINITIONS = Path(__file__).parent / "definitions"

# Every breakdown an observation or event may carry; a Parquet snapshot has one column each.
DIMENSIONS: tuple[str, ...] = (
    "application_type",
    "nationality",
    "sex",
    "age_group",
    "request_type",
    "mode",
    "operator",
    "place_type",
    "channel",
    "return_type",
    "citizenship_group",
    "region",
    "shortage_occupation",
)


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str
    kind: str  # flow | stock | rate
    source: str
    catalogue: tuple[str, ...]
    dims: tuple[str, ...]
    events: Mapping[str, Any] = field(default_factory=dict)
    # A stock that stays as last counted until the next count (capacity), see analytics.
    carry_forward: bool = False


@cache
def metrics() -> dict[str, Metric]:
    raw = yaml.safe_load((DEFINITIONS / "metrics.yaml").read_text(encoding="utf-8"))
    out: dict[str, Metric] = {}
    for metric_id, spec in raw["metrics"].items():
        unknown = set(spec.get("dims", [])) - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"metrics.yaml: {metric_id}: unknown dims {sorted(unknown)}")
        out[metric_id] = Metric(
            id=metric_id,
            label=spec["label"],
            unit=spec["unit"],
            kind=spec["kind"],
            source=spec["source"],
            catalogue=tuple(spec.get("catalogue", [])),
            dims=tuple(spec.get("dims", [])),
            events=dict(spec.get("events") or {}),
            carry_forward=bool(spec.get("carry_forward", False)),
        )
    return out


def dims_key(dims: Mapping[str, Any]) -> str:
    """``{"sex": "F", "nationality": "AF"}`` → ``"nationality=AF;sex=F"``; ``{}`` → ``""``."""
    return ";".join(f"{k}={dims[k]}" for k in sorted(dims) if dims[k] not in (None, ""))


def dims_parse(key: str) -> dict[str, str]:
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split(";"))
