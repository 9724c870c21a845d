# SPDX-License-Identifier: EUPL-1.2
"""``passage bench rules``: the rules engine's three paths on synthetic cases.

1. **Per case**: ``evaluate(case)`` on every case, and ``evaluate(case).to_dict()`` on a
   sample, each timed alone (p50/p95 latency, cases/s).
2. **Bulk**: ``run_bulk`` (Parquet in, Parquet out) on all N cases, in a child process so
   its peak RSS is its own; best and median of three runs.
3. **JSON batch**: ``POST /api/v1/rules/check`` with JSON arrays of 5 000 … 40 000 cases to
   Passage's WSGI app served on 127.0.0.1 (wsgiref, a background thread), end to end with
   http.client; a least-squares line through the times shows whether time is linear in N.

All three must agree on every case (outcome and failed rule ids): the per-case path against
the bulk output on all N, the JSON answers against both. Bulk evaluation is also compared
with the per-case path on a sample at the day before and the day of every effective date.

The cases are a realistic mix of regions, categories, statuses, ages and families, with many
wages and incomes exactly at, a cent under and a cent over each threshold, and dates spread
over 2025-01-01..2027-12-31; they are evaluated on 2027-12-31 (bulk takes one date).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from passage.rules import Rulebook, default_rulebook, evaluate
from passage.rules import single_permit as sp
from passage.rules.bulk import evaluate_table
from passage.rules.parameters import RULEBOOK_START
from passage.rules.procedures import family_reunification as fr

EVALUATION_DAY = dt.date(2027, 12, 31)
SPREAD = (RULEBOOK_START, dt.date(2027, 12, 31))
JSON_SIZES = (5_000, 10_000, 20_000, 40_000)
TARGETS = {
    "per_case_p50_us": 100.0,
    #: Issue 9: ``evaluate(case).to_dict()`` with the four-language trace.
    "per_case_to_dict_p50_us": 50.0,
    "bulk_wall_s": 1.0,
    "bulk_peak_rss_bytes": int(1.5 * 2**30),
    "json_20000_s": 1.0,
    "json_linear_r2": 0.99,
    "cli_check_process_s": 0.2,
}
#: Whole-process runs of `passage rules check` per bytecode condition (their median is
#: reported), and runs under `-X importtime` for the import share.
CLI_RUNS = 21
CLI_IMPORT_RUNS = 5
_EPOCH = dt.date(1970, 1, 1)

# --- synthetic cases ------------------------------------------------------------------------


def _days(day: dt.date) -> int:
    return (day - _EPOCH).days


def _pick(rng: np.random.Generator, n: int, weights: dict[Any, float]) -> np.ndarray:
    """Indices into ``weights``' keys, drawn with those weights."""
    keys = list(weights)
    p = np.array(list(weights.values()), float)
    return rng.choice(len(keys), size=n, p=p / p.sum())


def _enum(codes: np.ndarray, values: Sequence[str], null: np.ndarray | None = None) -> Any:
    """A dictionary-encoded text column (how Parquet stores an enum compactly)."""
    indices = pa.array(codes.astype(np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values), pa.string()))


def _money(cents: np.ndarray, null: np.ndarray | None = None) -> Any:
    """decimal128(14, 2) from int64 cents, built from raw little-endian words (exact)."""
    cents = cents.astype(np.int64)
    words = np.empty((len(cents), 2), np.int64)
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    validity = None if null is None else pa.array(~null).buffers()[1]
    return pa.Array.from_buffers(
        pa.decimal128(14, 2), len(cents), [validity, pa.py_buffer(words.tobytes())]
    )


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> Any:
    return pa.array(days.astype(np.int32), pa.int32(), mask=null).cast(pa.date32())


def _bools(
    rng: np.random.Generator,
    n: int,
    p_true: float,
    p_null: float,
    applies: np.ndarray | None = None,
) -> Any:
    u = rng.random(n)
    null = u < p_null
    if applies is not None:
        null |= ~applies
    return pa.array(u >= p_null + (1 - p_true - p_null), mask=null)


def _ceil_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_CEILING))


def _near(
    rng: np.random.Generator, limits: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows sit on a boundary, and their amount: the limit, a cent under or over."""
    on = rng.random(len(limits)) < share
    return on, limits + rng.integers(-1, 2, len(limits))


def generate_cases(n: int, *, seed: int = 20260401, day: dt.date = EVALUATION_DAY) -> Any:
    """``n`` valid cases as an Arrow table (ids 0..n-1), about 55 % single permits."""
    rng = np.random.default_rng(seed)
    rb = default_rulebook()
    is_fr = rng.random(n) < 0.45
    lo, hi = _days(SPREAD[0]), _days(min(SPREAD[1], day))
    cols: dict[str, Any] = {"id": pa.array(np.arange(n, dtype=np.int64))}
    cols["procedure"] = _enum(is_fr.astype(np.int32), ("single_permit", "family_reunification"))
    sp_null = is_fr
    fr_null = ~is_fr

    # --- single permit
    region = _pick(
        rng, n, {"flanders": 55, "wallonia": 15, "brussels": 27, "german_speaking_community": 3}
    )
    category = _pick(
        rng,
        n,
        dict(zip(sp.CATEGORIES, (25, 5, 15, 2, 3, 4, 2, 2, 15, 10, 7, 10), strict=True)),
    )
    period = (rng.random(n) < 0.4).astype(np.int32)  # 1 = year
    hs = category == sp.CATEGORIES.index("highly_skilled")
    age = rng.integers(22, 61, n)
    age = np.where(rng.random(n) < 0.25, rng.choice([29, 30], n), age)
    age_null = sp_null | ~hs | ((region >= 2) & (rng.random(n) < 0.5))
    # The wage on each row's own boundary: SAL-02 for its region and variant (0-7 the
    # categories with a wage condition, 8 under 30, 9 Walloon junior Blue Card, 10 none:
    # the GMMI of SAL-01), in the row's own period, rounded up to the cent.
    variants = (*sp.CATEGORIES[:8], "highly_skilled_under_30", "eu_blue_card_junior", "gmmi")
    variant = np.where(category < 8, category, variants.index("gmmi"))
    young = hs & (region <= 1) & (age < 30)
    variant = np.where(young, variants.index("highly_skilled_under_30"), variant)
    blue = category == sp.CATEGORIES.index("eu_blue_card")
    junior_u = rng.random(n)
    junior_true = blue & (junior_u < 0.3)
    variant = np.where(junior_true & (region == 1), variants.index("eu_blue_card_junior"), variant)
    limit = np.zeros((len(sp.REGIONS), len(variants), 2), np.int64)
    for r, region_name in enumerate(sp.REGIONS):
        for v, variant_name in enumerate(variants):
            name = f"single_permit.salary.{region_name}.{variant_name}"
            if variant_name == "gmmi":
                name = "single_permit.gmmi"
            elif name not in rb.values:
                continue
            pv = rb.get(name, day)  # (a doubted cell too: its boundary is still a boundary)
            if pv is None:
                continue
            monthly = pv.unit.startswith("EUR/month")
            amount: Decimal = pv.value
            limit[r, v, 0] = _ceil_cents(amount) if monthly else _ceil_cents(amount / 12)
            limit[r, v, 1] = _ceil_cents(amount * 12) if monthly else _ceil_cents(amount)
    on, boundary = _near(rng, limit[region, variant, period], 0.45)
    monthly_wage = np.round(np.exp(rng.normal(np.log(3800), 0.45, n)) * 100).astype(np.int64)
    wage = np.where(on, boundary, np.where(period == 1, monthly_wage * 12, monthly_wage))
    cols["region"] = _enum(region, sp.REGIONS, sp_null)
    cols["category"] = _enum(category, sp.CATEGORIES, sp_null)
    cols["gross_salary"] = _money(wage, sp_null)
    cols["salary_period"] = _enum(period, ("month", "year"), sp_null)
    cols["age"] = pa.array(age, pa.int64(), mask=age_null)
    cols["junior"] = pa.array(junior_true, mask=sp_null | ~blue | (junior_u > 0.8))
    flanders = region == 0
    app_type = (rng.random(n) < 0.3).astype(np.int32)
    cols["application_type"] = _enum(
        app_type, ("first", "renewal"), sp_null | (~flanders & (rng.random(n) < 0.5))
    )
    # Application dates spread over the period, one in ten on a reform's eve or first day
    # (FLA-07 on 2026-01-01, FR-06 on 2025-08-18).
    app = rng.integers(lo, hi + 1, n)
    eves = [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2025, 8, 17), dt.date(2025, 8, 18)]
    app = np.where(rng.random(n) < 0.1, rng.choice([_days(d) for d in eves], n), app)
    app = np.minimum(app, hi)
    app_null = ~is_fr & (rng.random(n) < 0.2)
    cols["application_date"] = _dates(app, app_null)
    renewal = flanders & (app_type == 1)
    cols["same_employer"] = _bools(rng, n, 0.8, 0.0, ~sp_null & (renewal | (rng.random(n) < 0.1)))
    cols["same_occupation"] = _bools(rng, n, 0.8, 0.0, ~sp_null & (renewal | (rng.random(n) < 0.1)))
    codes = [f"{c:04d}" for c in rng.choice(np.arange(1000, 9999), 40, replace=False)]
    bottleneck = category == sp.CATEGORIES.index("bottleneck")
    occupation = rng.integers(0, len(codes), n)
    cols["occupation"] = _enum(occupation, codes, sp_null | (~bottleneck & (rng.random(n) < 0.3)))
    fte_values = [Decimal(x) for x in ("0.50", "0.79", "0.80", "0.81", "1.00")]
    fte = _pick(rng, n, dict(zip(fte_values, (10, 15, 25, 15, 35), strict=True)))
    fte_cents = np.array([int(v * 100) for v in fte_values])[fte]
    words = np.zeros((n, 2), np.int64)
    words[:, 0] = fte_cents
    fte_null = sp_null | (rng.random(n) < 0.2)
    cols["fte"] = pa.Array.from_buffers(
        pa.decimal128(3, 2), n, [pa.array(~fte_null).buffers()[1], pa.py_buffer(words.tobytes())]
    )
    for name in (
        "relevant_qualifications",
        "profile_screened",
        "long_term_resident_other_member_state",
    ):
        cols[name] = _bools(rng, n, 0.7, 0.15, ~sp_null)
    seasonal = category == sp.CATEGORIES.index("seasonal")
    sector = _pick(rng, n, dict(zip(sp.SECTORS, (40, 30, 5, 5, 5, 5, 10), strict=True)))
    cols["sector"] = _enum(sector, sp.SECTORS, sp_null | (~seasonal & (rng.random(n) < 0.7)))
    cols["labour_market_test_passed"] = _bools(rng, n, 0.4, 0.3, ~sp_null)

    # --- family reunification
    status = _pick(
        rng,
        n,
        dict(zip(fr.SPONSOR_STATUSES, (25, 25, 10, 12, 6, 5, 15, 2), strict=True)),
    )
    belgian = status == fr.SPONSOR_STATUSES.index("belgian")
    law = _days(dt.date(2025, 8, 18))
    around_law = rng.choice([law - 1, law], n)
    permit = np.where(
        rng.random(n) < 0.15, around_law, rng.integers(_days(dt.date(2018, 1, 1)), app + 1)
    )
    cols["sponsor_status"] = _enum(status, fr.SPONSOR_STATUSES, fr_null)
    cols["sponsor_permit_date"] = _dates(permit, fr_null | (belgian & (rng.random(n) < 0.7)))
    needs_status_date = np.isin(
        status,
        [
            fr.SPONSOR_STATUSES.index(s)
            for s in (
                "permanent_resident",
                "refugee",
                "stateless_person",
                "subsidiary_protection",
                "temporary_protection",
            )
        ],
    )
    # Status dates 6, 12 or 24 months before the application, give or take a day (waiting
    # and exemption periods end there), or anywhere since 2019.
    months = rng.choice([6, 12, 24], n)
    status_day = _minus_months(app, months) + rng.integers(-1, 2, n)
    status_day = np.where(
        rng.random(n) < 0.4, status_day, rng.integers(_days(dt.date(2019, 1, 1)), app + 1)
    )
    cols["sponsor_status_date"] = _dates(
        status_day, fr_null | (~needs_status_date & (rng.random(n) < 0.8))
    )
    cols["sponsor_age"] = pa.array(
        rng.choice([15, 16, 17, 18, 25, 35, 45], n),
        pa.int64(),
        mask=fr_null | (rng.random(n) < 0.8),
    )
    cols["sponsor_unaccompanied_minor"] = _bools(rng, n, 0.05, 0.5, ~fr_null)
    dependants = _pick(rng, n, {0: 60, 1: 20, 2: 12, 3: 5, 4: 2, 5: 1})
    income_limits = _income_limits(rb, day)
    regime_new = ~((app < law) | (belgian & (day < dt.date(2027, 8, 18))))
    on, boundary = _near(
        rng, income_limits[regime_new.astype(int), np.minimum(dependants, 5)], 0.45
    )
    income = np.where(
        on, boundary, np.round(np.exp(rng.normal(np.log(2700), 0.35, n)) * 100).astype(np.int64)
    )
    cols["net_monthly_income"] = _money(income, fr_null)
    cols["additional_dependants"] = pa.array(dependants, pa.int64(), mask=fr_null)
    cols["family_members"] = _members(rng, n, fr_null, status)
    cols["adequate_housing"] = _bools(rng, n, 0.85, 0.05, ~fr_null)
    cols["health_insurance"] = _bools(rng, n, 0.85, 0.05, ~fr_null)
    spw = (status == fr.SPONSOR_STATUSES.index("single_permit_worker")) & is_fr
    issued = np.where(
        rng.random(n) < 0.4,
        _minus_months(app, np.full(n, 6)) + rng.integers(-1, 2, n),
        rng.integers(_days(dt.date(2024, 1, 1)), app + 1),
    )
    cols["single_permit_issue_date"] = _dates(issued, ~spw | (rng.random(n) < 0.2))
    cat = _pick(rng, n, dict.fromkeys(fr.PRESUMED_INCOME_CATEGORIES, 1.0))
    cols["single_permit_category"] = _enum(
        cat, fr.PRESUMED_INCOME_CATEGORIES, ~spw | (rng.random(n) < 0.3)
    )
    cols["posted_worker"] = _bools(rng, n, 0.1, 0.3, spw)
    cols["filed_with_single_permit"] = _bools(rng, n, 0.3, 0.3, spw)
    cols["bond_predates_single_permit"] = _bools(rng, n, 0.7, 0.2, spw)
    return pa.table(cols)


def _minus_months(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """``add_months(day, -months)`` on arrays (clamped to the month's end)."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    dom = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month - months.astype("timedelta64[M]")
    first = target.astype("datetime64[D]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    out: np.ndarray = first.astype(np.int64) + np.minimum(dom, length - 1)
    return out


def _income_limits(rb: Rulebook, day: dt.date) -> np.ndarray:
    """FR-01's thresholds on ``day`` in cents: [previous, new regime] × 0..5 dependants."""
    out = np.zeros((2, 6), np.int64)
    for regime in (0, 1):
        for deps in range(6):
            threshold, _, _ = fr.income_threshold(bool(regime), deps, day, day, rb)
            out[regime, deps] = _ceil_cents(threshold)
    return out


def _members(rng: np.random.Generator, n: int, fr_null: np.ndarray, status: np.ndarray) -> Any:
    lengths = np.where(fr_null, 0, 1 + _pick(rng, n, {1: 35, 2: 30, 3: 20, 4: 10, 5: 5}))
    total = int(lengths.sum())
    row = np.repeat(np.arange(n), lengths)
    first = np.zeros(total, bool)
    starts = np.cumsum(lengths) - lengths
    first[starts[lengths > 0]] = True
    relationship = np.where(
        first & (rng.random(total) < 0.6),
        _pick(rng, total, {"spouse": 70, "registered_partner": 10, "partner": 20}),
        3 + _pick(rng, total, {"child": 80, "disabled_child": 5, "parent": 15}),
    )
    partner = relationship <= 2
    age = np.where(
        partner,
        np.where(
            rng.random(total) < 0.3,
            rng.choice([17, 18, 20, 21, 22], total),
            rng.integers(18, 55, total),
        ),
        np.where(relationship == 5, rng.integers(45, 85, total), rng.integers(0, 26, total)),
    )
    age_null = ~partner & (rng.random(total) < 0.1)
    # Subsidiary and temporary protection need a bond for each member not accompanying.
    protected = np.isin(
        status[row],
        [fr.SPONSOR_STATUSES.index(s) for s in ("subsidiary_protection", "temporary_protection")],
    )
    accompanying = rng.random(total) < 0.15
    bond_u = rng.random(total)
    bond_null = (bond_u < 0.1) & ~(protected & ~accompanying)
    relationships = pa.DictionaryArray.from_arrays(
        pa.array(relationship.astype(np.int32)), pa.array(list(fr.RELATIONSHIPS))
    )
    struct = pa.StructArray.from_arrays(
        [
            relationships,
            pa.array(age, pa.int64(), mask=age_null),
            pa.array(accompanying),
            pa.array(bond_u > 0.3, mask=bond_null),
            pa.array(rng.random(total) < 0.1, mask=rng.random(total) < 0.5),
            pa.array(rng.random(total) < 0.8, mask=~partner | (rng.random(total) < 0.15)),
        ],
        names=[
            "relationship",
            "age",
            "accompanying",
            "bond_predates_arrival",
            "born_in_belgium_into_existing_family",
            "durable_relationship",
        ],
    )
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), struct, mask=pa.array(fr_null))


# --- the per-case view of a table -----------------------------------------------------------


def _cases(table: Any, start: int, stop: int) -> list[dict[str, Any]]:
    """Rows as the per-case path reads them: non-null facts only, members' too."""
    out = []
    for row in table.slice(start, stop - start).to_pylist():
        case = {k: v for k, v in row.items() if v is not None and k != "id"}
        if "family_members" in case:
            case["family_members"] = [
                {k: v for k, v in m.items() if v is not None} for m in case["family_members"]
            ]
        out.append(case)
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# --- timing helpers ---------------------------------------------------------------------------


def _percentiles(ns: np.ndarray) -> dict[str, float]:
    us = ns / 1000
    return {
        "p50_us": round(float(np.percentile(us, 50)), 2),
        "p95_us": round(float(np.percentile(us, 95)), 2),
        "p99_us": round(float(np.percentile(us, 99)), 2),
        "mean_us": round(float(us.mean()), 2),
    }


#: The child: imports, then the rulebook (a one-off cost per process, timed apart), then
#: run_bulk from opening the input to renaming the output.
_CHILD = r"""
import json, resource, sys, time, datetime as dt
t0 = time.perf_counter()
from passage.rules import default_rulebook
from passage.rules.bulk import run_bulk
t1 = time.perf_counter()
default_rulebook()
t2 = time.perf_counter()
summary = run_bulk(sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3]),
                   compare_date=dt.date.fromisoformat(sys.argv[4]) if len(sys.argv) > 4 else None)
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "rulebook_load_s": t2 - t1, "wall_s": t3 - t2,
                  "summary": summary,
                  "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def _bulk_child(
    source: Path, target: Path, day: dt.date, compare: dt.date | None = None
) -> dict[str, Any]:
    args = [sys.executable, "-c", _CHILD, str(source), str(target), day.isoformat()]
    if compare is not None:
        args.append(compare.isoformat())
    started = time.perf_counter()
    # Our own interpreter and our own temporary paths: nothing untrusted reaches the call.
    done = subprocess.run(args, capture_output=True, text=True, check=True)  # noqa: S603
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


class _Server:
    """Passage's WSGI app on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self) -> None:
        from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
        from django.core.wsgi import get_wsgi_application

        class Quiet(WSGIRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd: WSGIServer = make_server(
            "127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet
        )
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        from django.db import connections

        try:
            self.httpd.serve_forever()
        finally:
            # Database connections are per thread: close this one's (CONN_MAX_AGE keeps it).
            connections.close_all()

    def post(
        self, path: str, body: bytes, content_type: str = "application/json"
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": content_type})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def close(self) -> None:
        self.httpd.shutdown()
        self.thread.join()
        self.httpd.server_close()


# --- the benchmark ----------------------------------------------------------------------------


def _machine() -> dict[str, Any]:
    try:
        usable: int | None = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count()
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover
        pass
    import django
    import psutil

    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": cpu,
        "memory_bytes": psutil.virtual_memory().total,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "pyarrow": pa.__version__,
        "django": django.get_version(),
    }


def _say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def _boundary_days(rb: Rulebook) -> list[dt.date]:
    starts: set[dt.date] = {dt.date(2026, 2, 26)}
    for name, values in rb.values.items():
        if name.split(".")[0] in {"single_permit", "family_reunification", "interpretation"}:
            starts.update(v.start for v in values)
            starts.update(v.value for v in values if isinstance(v.value, dt.date))
    for versions in rb.occupation_lists.values():
        for v in versions:
            starts.add(v.start)
            if v.end:
                starts.add(v.end + dt.timedelta(days=1))
    days = {d + dt.timedelta(days=k) for d in starts for k in (-1, 0)}
    return sorted(d for d in days if SPREAD[0] <= d <= SPREAD[1])


def _decided(decision: Any) -> tuple[str, tuple[str, ...]]:
    return decision.outcome, tuple(decision.failed_rules)


def run_rules_benchmark(
    n: int = 1_000_000,
    output: str | Path = "benchmarks/results/rules.json",
    *,
    json_sizes: Sequence[int] = JSON_SIZES,
    repeats: int = 3,
    to_dict_sample: int = 100_000,
    boundary_sample: int = 2_000,
    seed: int = 20260401,
    quiet: bool = False,
) -> dict[str, Any]:
    """Run the benchmark and write ``output`` (JSON); returns the same document."""
    day = EVALUATION_DAY
    rb = default_rulebook()
    say: Callable[[str], None] = lambda m: _say(m, quiet)  # noqa: E731
    report: dict[str, Any] = {
        "benchmark": "rules",
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "n": n,
        "evaluation_date": day.isoformat(),
        "rulebook_version": rb.version,
        "targets": {
            "per_case_p50_us": f"< {TARGETS['per_case_p50_us']:g} µs (evaluate); "
            f"< {TARGETS['per_case_to_dict_p50_us']:g} µs with to_dict (the four-language trace)",
            "bulk_wall_s": f"< {TARGETS['bulk_wall_s']:g} s for 1 000 000 cases",
            "bulk_peak_rss_bytes": "< 1.5 GiB",
            "json_20000_s": f"< {TARGETS['json_20000_s']:g} s end to end for 20 000 cases",
            "json_linear_r2": f"R² ≥ {TARGETS['json_linear_r2']} of time against N",
            "cli_check_process_s": f"≤ {TARGETS['cli_check_process_s']:g} s median, whole "
            "process of `passage rules check FILE` on one case",
        },
    }
    with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
        folder = Path(tmp)
        say(f"generating {n} cases …")
        started = time.perf_counter()
        table = generate_cases(n, seed=seed)
        source = folder / "cases.parquet"
        pq.write_table(table, source)
        report["cases"] = {
            "generate_s": round(time.perf_counter() - started, 3),
            "parquet_bytes": source.stat().st_size,
            "single_permit": int(
                pa.compute.sum(
                    pa.compute.equal(table["procedure"].cast(pa.string()), "single_permit")
                ).as_py()
            ),
        }
        report["cases"]["family_reunification"] = n - report["cases"]["single_permit"]

        # --- bulk, in a child process per run
        say("bulk (Parquet in, Parquet out), child processes …")
        target = folder / "decisions.parquet"
        runs = [_bulk_child(source, target, day) for _ in range(max(1, repeats))]
        walls = [r["wall_s"] for r in runs]
        # --compare-date across the end of FR-06's transition (the new requirements reach
        # Belgians' families and sponsors with older permits), on the cases filed by then.
        before_end, at_end = dt.date(2027, 8, 17), dt.date(2027, 8, 18)
        filed = pa.compute.less_equal(
            table["application_date"].fill_null(before_end), pa.scalar(before_end, pa.date32())
        )
        compare_source = folder / "filed_by_2027-08-17.parquet"
        pq.write_table(table.filter(filed), compare_source)
        compare_n = pq.ParquetFile(compare_source).metadata.num_rows
        compare = _bulk_child(compare_source, folder / "compare.parquet", before_end, at_end)
        bulk = {
            "wall_s_median": round(statistics.median(walls), 4),
            "wall_s_best": round(min(walls), 4),
            "wall_s_runs": [round(w, 4) for w in walls],
            "cases_per_s": round(n / statistics.median(walls)),
            "peak_rss_bytes": max(r["peak_rss_bytes"] for r in runs),
            "process_s_median": round(statistics.median(r["process_s"] for r in runs), 3),
            "import_s_median": round(statistics.median(r["import_s"] for r in runs), 3),
            "rulebook_load_s_median": round(
                statistics.median(r["rulebook_load_s"] for r in runs), 3
            ),
            "summary": runs[0]["summary"],
            "compare_date": {
                "cases": compare_n,
                "date": before_end.isoformat(),
                "compare_date": at_end.isoformat(),
                "wall_s": round(compare["wall_s"], 4),
                "summary": compare["summary"],
            },
            "output_bytes": target.stat().st_size,
        }
        bulk["peak_rss_gib"] = round(bulk["peak_rss_bytes"] / 2**30, 3)
        report["bulk"] = bulk
        decisions = pq.read_table(target)
        bulk_outcome = decisions["outcome"].cast(pa.string()).to_pylist()
        bulk_failed = decisions["failed_rules"].to_pylist()

        # --- per case, on every case; to_dict on a sample
        say("per-case path on every case …")
        latencies = np.zeros(n, np.int64)
        to_dict_ns: list[int] = []
        every = max(1, n // max(1, to_dict_sample))
        disagreements: list[dict[str, Any]] = []
        disagreement_count = 0
        outcomes: dict[str, int] = {}
        clock = time.perf_counter_ns
        chunk = 50_000
        for start in range(0, n, chunk):
            cases = _cases(table, start, min(n, start + chunk))
            for i, case in enumerate(cases, start):
                case["date"] = day
                t0 = clock()
                decision = evaluate(case, rb)
                latencies[i] = clock() - t0
                if i % every == 0:
                    t0 = clock()
                    evaluate(case, rb).to_dict()
                    to_dict_ns.append(clock() - t0)
                outcomes[decision.outcome] = outcomes.get(decision.outcome, 0) + 1
                if (decision.outcome, list(decision.failed_rules)) != (
                    bulk_outcome[i],
                    bulk_failed[i],
                ):
                    disagreement_count += 1
                    if len(disagreements) < 20:
                        disagreements.append(
                            {
                                "id": i,
                                "per_case": [decision.outcome, list(decision.failed_rules)],
                                "bulk": [bulk_outcome[i], bulk_failed[i]],
                            }
                        )
        per_case = {
            "evaluate": {
                **_percentiles(latencies),
                "cases_per_s": round(n / (latencies.sum() / 1e9)),
            },
            "evaluate_to_dict": {
                **_percentiles(np.array(to_dict_ns, np.int64)),
                "sample": len(to_dict_ns),
            },
            "outcomes": dict(sorted(outcomes.items())),
        }
        report["per_case"] = per_case

        # --- bulk against per case at every boundary date, on a sample
        say("bulk against per case at every boundary date …")
        boundary = {"dates": 0, "cases": 0, "disagreements": 0}
        rng = np.random.default_rng(seed + 1)
        app_days = table["application_date"].cast(pa.int32()).fill_null(-(10**6)).to_numpy()
        for when in _boundary_days(rb):
            fits = np.flatnonzero(app_days <= _days(when))
            pick = np.sort(rng.choice(fits, min(len(fits), boundary_sample), replace=False))
            sample = table.take(pa.array(pick))
            got = evaluate_table(sample, when, rb)
            cases = _cases(sample, 0, len(pick))
            for case, outcome, failed in zip(
                cases,
                got["outcome"].cast(pa.string()).to_pylist(),
                got["failed_rules"].to_pylist(),
                strict=True,
            ):
                decision = evaluate({**case, "date": when}, rb)
                if (decision.outcome, list(decision.failed_rules)) != (outcome, failed):
                    boundary["disagreements"] += 1
            boundary["dates"] += 1
            boundary["cases"] += len(pick)
        report["bulk_at_boundary_dates"] = boundary

        # --- JSON batch through the WSGI app
        report["json_batch"] = _json_batch(
            table, day, json_sizes, repeats, bulk_outcome, bulk_failed, say
        )
        report["json_batch_summary"] = _json_batch(
            table,
            day,
            json_sizes,
            repeats,
            bulk_outcome,
            bulk_failed,
            say,
            path="/api/v1/rules/check?detail=summary",
        )

    say("whole-process `passage rules check` …")
    report["cli_check"] = cli_check_process()

    agree: dict[str, Any] = {
        "per_case_vs_bulk_cases": n,
        "per_case_vs_bulk_disagreements": disagreement_count,
        "examples": disagreements,
    }
    agree["bulk_at_boundary_dates_disagreements"] = report["bulk_at_boundary_dates"][
        "disagreements"
    ]
    agree["json_disagreements"] = report["json_batch"].get("disagreements")
    agree["json_summary_disagreements"] = report["json_batch_summary"].get("disagreements")
    agree["passed"] = (
        disagreement_count == 0
        and report["bulk_at_boundary_dates"]["disagreements"] == 0
        and report["json_batch"].get("disagreements") in (0, None)
        and report["json_batch_summary"].get("disagreements") in (0, None)
    )
    report["agreement"] = agree
    report["results"] = _verdicts(report)
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(_summary(report, path))
    return report


def _json_batch(
    table: Any,
    day: dt.date,
    sizes: Sequence[int],
    repeats: int,
    bulk_outcome: list[str],
    bulk_failed: list[list[str]],
    say: Callable[[str], None],
    path: str = "/api/v1/rules/check",
) -> dict[str, Any]:
    import importlib.util

    if importlib.util.find_spec("passage.rulebook.api") is None:
        return {"skipped": "passage.rulebook.api (POST /api/v1/rules/check) is not available"}
    say("JSON batch through the WSGI app …")
    server = _Server()
    try:
        from passage.rulebook.selectors import rulebook_current

        served = rulebook_current()
        n = table.num_rows
        largest = max(sizes)
        pool = _cases(table, 0, min(n, largest))
        cases = []
        for k in range(largest):
            case = dict(pool[k % len(pool)])
            case["id"] = k
            case["date"] = day
            cases.append(case)
        bodies = {size: orjson.dumps(cases[:size], default=_jsonable) for size in sizes}
        status, _ = server.post(path, bodies[min(sizes)])  # warm up
        if status != 200:
            return {"error": f"POST /api/v1/rules/check answered {status}"}
        times: dict[int, list[float]] = {}
        disagreements = 0
        for size in sizes:
            times[size] = []
            for _ in range(max(1, repeats)):
                t0 = time.perf_counter()
                status, body = server.post(path, bodies[size])
                docs = orjson.loads(body)
                times[size].append(time.perf_counter() - t0)
                if status != 200:
                    return {"error": f"POST of {size} cases answered {status}: {body[:200]!r}"}
            for doc in docs:
                k = doc["id"]
                i = k % len(pool)
                expected = (bulk_outcome[i], bulk_failed[i])
                if served.version != default_rulebook().version:
                    d = evaluate({**pool[i], "date": day}, served)
                    expected = (d.outcome, list(d.failed_rules))
                if (doc["outcome"], doc["failed_rules"]) != expected:
                    disagreements += 1
        medians = {size: statistics.median(ts) for size, ts in times.items()}
        x = np.array(sizes, float)
        y = np.array([medians[s] for s in sizes])
        slope, intercept = np.polyfit(x, y, 1)
        fitted = slope * x + intercept
        ss_res = float(((y - fitted) ** 2).sum())
        ss_tot = float(((y - y.mean()) ** 2).sum())
        r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
        jsonl = b"".join(
            orjson.dumps(c, default=_jsonable) + b"\n"
            for c in cases[: sizes[-2] if len(sizes) > 1 else sizes[0]]
        )
        t0 = time.perf_counter()
        status, body = server.post(path, jsonl, "application/x-ndjson")
        jsonl_s = time.perf_counter() - t0
        return {
            "endpoint": f"POST {path}",
            "server": "wsgiref (one thread), 127.0.0.1",
            "rulebook_version": served.version,
            "sizes": list(sizes),
            "median_s": {str(s): round(medians[s], 4) for s in sizes},
            "runs_s": {str(s): [round(t, 4) for t in times[s]] for s in sizes},
            "cases_per_s": {str(s): round(s / medians[s]) for s in sizes},
            "request_bytes": {str(s): len(bodies[s]) for s in sizes},
            "linear_fit": {
                "seconds_per_case_us": round(float(slope) * 1e6, 2),
                "intercept_s": round(float(intercept), 4),
                "r2": round(r2, 5),
            },
            "json_lines": {
                "cases": len(jsonl.splitlines()),
                "s": round(jsonl_s, 4),
                "status": status,
            },
            "cases_checked": sum(sizes),
            "disagreements": disagreements,
        }
    finally:
        server.close()


def _verdicts(report: dict[str, Any]) -> dict[str, Any]:
    n = report["n"]
    per_case = report["per_case"]
    bulk = report["bulk"]
    js = report["json_batch"]
    out: dict[str, Any] = {
        "per_case_p50_us": {
            "evaluate": per_case["evaluate"]["p50_us"],
            "evaluate_to_dict": per_case["evaluate_to_dict"]["p50_us"],
            "target": TARGETS["per_case_p50_us"],
            "met": per_case["evaluate"]["p50_us"] < TARGETS["per_case_p50_us"],
            "target_with_to_dict": TARGETS["per_case_to_dict_p50_us"],
            "met_with_to_dict": per_case["evaluate_to_dict"]["p50_us"]
            < TARGETS["per_case_to_dict_p50_us"],
        },
        "bulk_wall_s": {
            "value": bulk["wall_s_median"],
            "target": TARGETS["bulk_wall_s"],
            # The target is for a million cases; a smaller run proves nothing either way.
            "met": bulk["wall_s_median"] < TARGETS["bulk_wall_s"] if n >= 1_000_000 else None,
        },
        "bulk_peak_rss_bytes": {
            "value": bulk["peak_rss_bytes"],
            "target": TARGETS["bulk_peak_rss_bytes"],
            "met": bulk["peak_rss_bytes"] < TARGETS["bulk_peak_rss_bytes"]
            if n >= 1_000_000
            else None,
        },
    }
    if "median_s" in js:
        at_20k = js["median_s"].get("20000")
        out["json_20000_s"] = {
            "value": at_20k,
            "target": TARGETS["json_20000_s"],
            "met": None if at_20k is None else at_20k < TARGETS["json_20000_s"],
        }
        out["json_linear"] = {
            "r2": js["linear_fit"]["r2"],
            "target": TARGETS["json_linear_r2"],
            "met": js["linear_fit"]["r2"] >= TARGETS["json_linear_r2"],
        }
    else:
        out["json_20000_s"] = {
            "value": None,
            "met": None,
            "reason": js.get("skipped") or js.get("error"),
        }
        out["json_linear"] = {
            "r2": None,
            "met": None,
            "reason": js.get("skipped") or js.get("error"),
        }
    summary = report["json_batch_summary"]
    if "median_s" in summary:
        at_20k = summary["median_s"].get("20000")
        out["json_20000_s_summary"] = {
            "value": at_20k,
            "target": TARGETS["json_20000_s"],
            "met": None if at_20k is None else at_20k < TARGETS["json_20000_s"],
            "note": "?detail=summary: outcome and failed rules per case, computed column-wise",
        }
        out["json_linear_summary"] = {
            "r2": summary["linear_fit"]["r2"],
            "target": TARGETS["json_linear_r2"],
            "met": summary["linear_fit"]["r2"] >= TARGETS["json_linear_r2"],
        }
    out["agreement"] = {"met": report["agreement"]["passed"]}
    if "cli_check" in report:
        out["cli_check_process_s"] = _cli_verdict(report["cli_check"])
    return out


def _summary(report: dict[str, Any], path: Path) -> str:
    r = report["results"]
    lines = [f"rules benchmark, {report['n']} cases → {path}"]
    for key, v in r.items():
        shown = {k: v[k] for k in v if k != "target"}
        lines.append(f"  {key}: {shown}")
    return "\n".join(lines)


# --- `passage rules check` as a whole process (issue 9 item 2) -------------------------------

#: The case of tests/rules/test_cli.py: a Walloon single permit a cent under the GMMI.
CLI_CASE = {
    "id": "case-17",
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "wallonia",
    "category": "other",
    "gross_salary": "2111.88",
    "salary_period": "month",
    "labour_market_test_passed": True,
}


def _console_script() -> list[str]:
    """How to start `passage` as users do: the installed console script under this
    interpreter (so `-X importtime` can be added), else the entry point itself."""
    script = Path(sys.executable).with_name("passage")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "from passage.cli import main; main()"]  # pragma: no cover


def _imports_s(stderr: str) -> float:
    """The total of `-X importtime`'s top-level cumulative times (site included), in s."""
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and not name.startswith("  "):
            total += int(cumulative)
    return total / 1e6


def _timed(
    argv: list[str], env: dict[str, str]
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time of one process and its CPU time (user + system, from the children's
    rusage): on shared cores the wall time includes waiting for a core, the CPU time not."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Our own interpreter, script and temporary file: nothing untrusted reaches the call.
    done = subprocess.run(argv, capture_output=True, text=True, env=env)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr}")
    return wall, cpu, done


def cli_check_process(runs: int = CLI_RUNS, import_runs: int = CLI_IMPORT_RUNS) -> dict[str, Any]:
    """`passage rules check FILE` on one case, timed as whole processes (start to exit), in
    three conditions: the environment as it is (here PYTHONDONTWRITEBYTECODE=1 and uv does
    not compile on install, so modules without a .pyc are compiled on every run); with a
    warm bytecode cache, as after `pip install` or a first run (a temporary
    PYTHONPYCACHEPREFIX, so nothing is written into the tree); and with no bytecode at all.

    The runs of the two conditions alternate, so that a neighbour's load falls on both alike.
    The import share is, per run under `-X importtime`, the total of the top-level imports
    over that run's wall time (median over runs); a bare `python -c pass` gives the floor."""
    command = _console_script()
    out: dict[str, Any] = {
        "command": "passage rules check FILE (one single_permit case)",
        "script": command[-1] if len(command) == 2 else command,
        "pythondontwritebytecode": os.environ.get("PYTHONDONTWRITEBYTECODE"),
        # Two cores are easily shared: the load says whether the figures were taken alone.
        "load_average_1m_before": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory(prefix="passage-bench-cli-") as tmp:
        case = Path(tmp) / "case.json"
        case.write_text(json.dumps(CLI_CASE), encoding="utf-8")
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        # An empty cache that is never written: every module, the standard library's too,
        # is compiled on every run (the worst case, for scale).
        compiled = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        compiled["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "empty")
        envs = {
            "environment_as_is": {**os.environ},
            "with_bytecode": cached,
            "no_bytecode_at_all": compiled,
        }
        argv = [*command, "rules", "check", str(case)]
        timing = [command[0], "-X", "importtime", *command[1:], "rules", "check", str(case)]
        walls: dict[str, list[float]] = {name: [] for name in envs}
        cpus: dict[str, list[float]] = {name: [] for name in envs}
        imports: dict[str, list[float]] = {name: [] for name in envs}
        shares: dict[str, list[float]] = {name: [] for name in envs}
        floors: dict[str, list[float]] = {name: [] for name in envs}
        outcome = {}
        for name, env in envs.items():  # warms the page cache and writes the bytecode cache
            outcome[name] = json.loads(_timed(argv, env)[2].stdout)["outcome"]
        for i in range(runs):
            for name, env in envs.items():
                wall, cpu, _ = _timed(argv, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
                if i < import_runs:
                    wall, _, done = _timed(timing, env)
                    imports[name].append(_imports_s(done.stderr))
                    shares[name].append(imports[name][-1] / wall)
                    floors[name].append(_timed([command[0], "-c", "pass"], env)[0])
    for name in envs:
        ordered = sorted(walls[name])
        out[name] = {
            "wall_s_median": round(statistics.median(ordered), 4),
            "wall_s_min": round(ordered[0], 4),
            "wall_s_p90": round(ordered[int(0.9 * (len(ordered) - 1))], 4),
            "runs": runs,
            "cpu_s_median": round(statistics.median(cpus[name]), 4),
            "import_s_median": round(statistics.median(imports[name]), 4),
            "import_share": round(statistics.median(shares[name]), 3),
            "interpreter_s_median": round(statistics.median(floors[name]), 4),
            "outcome": outcome[name],
        }
    out["load_average_1m_after"] = round(os.getloadavg()[0], 2)
    return out


def _cli_verdict(cli: dict[str, Any]) -> dict[str, Any]:
    # Judged as installed here and as installed with bytecode; the no-bytecode-at-all case
    # (the standard library compiled on every run too) is reported for scale only.
    worst = max(cli["environment_as_is"]["wall_s_median"], cli["with_bytecode"]["wall_s_median"])
    return {
        "value": cli["environment_as_is"]["wall_s_median"],
        "with_bytecode": cli["with_bytecode"]["wall_s_median"],
        "no_bytecode_at_all": cli["no_bytecode_at_all"]["wall_s_median"],
        "import_share": cli["environment_as_is"]["import_share"],
        "target": TARGETS["cli_check_process_s"],
        "met": worst <= TARGETS["cli_check_process_s"],
    }


def run_cli_benchmark(output: str | Path = "benchmarks/results/rules.json") -> dict[str, Any]:
    """Only the whole-process `passage rules check` figures, merged into ``output`` (the
    other sections of an earlier full run are kept as they are)."""
    path = Path(output)
    report: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    report.setdefault("benchmark", "rules")
    report.setdefault("targets", {})["cli_check_process_s"] = (
        f"≤ {TARGETS['cli_check_process_s']:g} s median, whole process of "
        "`passage rules check FILE` on one case"
    )
    report["cli_check"] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        **cli_check_process(),
    }
    report.setdefault("results", {})["cli_check_process_s"] = _cli_verdict(report["cli_check"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return report
