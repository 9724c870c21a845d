# SPDX-License-Identifier: EUPL-1.2
"""``passage bench casework``: the casework API at scale, over HTTP.

1. **Data.** A database of its own (``<name>_bench`` next to the configured one, migrated),
   filled with N applications (1 000 000 by default) and as many workers by one
   ``INSERT … SELECT … FROM generate_series`` per table: a realistic spread over the four
   regions, every state, five months of submissions with their SLA due dates. The bulk load
   runs with ``session_replication_role = replica`` (no row triggers: no pghistory rows for
   synthetic data), then ``ANALYZE``. Kept between runs unless ``--reload``.
2. **Server.** Passage's WSGI app in ``--servers`` separate processes (Django's threaded
   server, one port each), DEBUG off, every request under row-level security as in production.
3. **Officer's queue.** ``GET /api/v1/queues/regional`` as the Flemish officer (the largest
   region) and the Brussels officer (no general SLA policy: undated rows), first pages and
   pages further down (following ``next``), one client: p50/p95/p99. Target p95 < 100 ms.
4. **Submissions.** 16 concurrent clients, each an employer member of its own organisation,
   each submitting its own drafts (``POST …/submit`` with an ``Idempotency-Key``): latency
   p50/p95/p99 (target p95 < 150 ms) and submissions/s.
5. **pgbench.** Single-row INSERT transactions/s on the same server, in the same run, with
   the same 16 clients: the submission rate is reported as a ratio of it (how many database
   round trips' worth one submission costs).

The Crossroads Bank is not called (the bench workers have no national register number, so the
salary check is "pending manual verification" at once): its simulated latency would measure the
simulator, not Passage.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

TARGETS = {"queue_p95_ms": 100.0, "submit_p95_ms": 150.0}
BENCH_PREFIX = "BN"
SUBMIT_PREFIX = "BS"
QUEUE_STATES = ("submitted", "resubmitted", "completeness_check", "regional_assessment")
_say: Callable[[str], None] = print


# --- the database ---------------------------------------------------------------------------


def _bench_database_url() -> str:
    """The bench database's URL: ``<name>_bench`` on the configured (or embedded) server."""
    configured = os.environ.get("DATABASE_URL")
    if not configured:
        from passage.conf.embedded_db import ensure_running

        return ensure_running("passage_bench")
    parts = urlsplit(configured)
    name = parts.path.lstrip("/") or "passage"
    bench = f"{name}_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{bench}"')
    return urlunsplit(parts._replace(path=f"/{bench}"))


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.conf.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _int_array(values: list[int]) -> str:
    """A PostgreSQL array literal of integers (inlined: only ints, never text)."""
    return "{" + ",".join(str(int(v)) for v in values) + "}"


def _enterprise_number(n: int) -> str:
    body = 30_000_000 + n
    return f"{body:08d}{97 - body % 97:02d}"


def _insert_select(model: Any, expressions: dict[str, str], source: str) -> tuple[str, list[Any]]:
    """``INSERT INTO <table> (every column) SELECT <expressions or defaults> FROM source``.

    Columns not given an expression get the model's default (or NULL, or now() for
    auto-now dates), so a field added to the model later does not break the loader."""
    columns: list[str] = []
    values: list[str] = []
    params: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(f'"{field.column}"')
        if field.column in expressions:
            values.append(expressions[field.column])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values.append("now()")
        elif field.has_default() or (not field.null and field.empty_strings_allowed):
            default = field.get_default()  # "" for text fields without a default
            if isinstance(default, dict | list):
                values.append("%s::jsonb")
                params.append(json.dumps(default))
            else:
                values.append("%s")
                params.append(default)
        elif field.null:
            values.append("NULL")
        else:
            raise RuntimeError(f"no value for {model.__name__}.{field.name}")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} {source}"
    )
    return sql, params


#: Cumulative state distribution: (upper bound of r, regional state, residence state).
_STATES = [
    (0.030, "draft", "not_started"),
    (0.060, "submitted", "not_started"),
    (0.080, "completeness_check", "not_started"),
    (0.090, "incomplete", "not_started"),
    (0.105, "information_requested", "not_started"),
    (0.110, "resubmitted", "not_started"),
    (0.140, "regional_assessment", "not_started"),
    (0.220, "refused", "not_started"),
    (0.250, "withdrawn", "not_started"),
    (0.300, "granted", "federal_assessment"),
    (0.950, "granted", "granted"),
    (1.001, "granted", "refused"),
]
_REGIONS = [
    (0.45, "flanders", ["2000", "9000", "3000", "8000", "3500"]),
    (0.70, "wallonia", ["5000", "4000", "6000", "1300", "7000"]),
    (0.95, "brussels", ["1000", "1050", "1200", "1030"]),
    (1.01, "german_speaking_community", ["4700", "4780", "4730"]),
]


def _case(bound_column: str, cases: list[tuple[float, str]]) -> str:
    whens = " ".join(f"WHEN {bound_column} < {b} THEN '{v}'" for b, v in cases)
    return f"(CASE {whens} END)"


def _postcode_sql() -> str:
    parts = []
    for bound, _, codes in _REGIONS:
        array = "ARRAY[" + ",".join(f"'{c}'" for c in codes) + "]"
        parts.append(f"WHEN x.r_region < {bound} THEN ({array})[1 + mod(w.id, {len(codes)})::int]")
    return f"(CASE {' '.join(parts)} END)"


def load(n: int, *, reload: bool) -> dict[str, Any]:
    """N applications (one worker each) across the regions and states, by bulk SQL."""
    from django.db import connection, transaction

    from passage.accounts.models import Organisation
    from passage.casework.models import Application, Worker

    have = Application.objects.filter(reference__startswith=BENCH_PREFIX).count()
    if have == n and not reload:
        _say(f"  {n:,} applications already loaded")
        return {"loaded_now": False, "seconds": 0.0}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "DELETE FROM casework_application WHERE reference LIKE %s", [BENCH_PREFIX + "%"]
        )
        cursor.execute("DELETE FROM casework_worker WHERE given_name = 'Bench'")
        organisations = 2000
        existing = set(
            Organisation.objects.filter(name__startswith="Bench employer ").values_list(
                "enterprise_number", flat=True
            )
        )
        Organisation.objects.bulk_create(
            [
                Organisation(enterprise_number=_enterprise_number(i), name=f"Bench employer {i}")
                for i in range(organisations)
                if _enterprise_number(i) not in existing
            ]
        )
        org_ids = list(
            Organisation.objects.filter(name__startswith="Bench employer ")
            .order_by("id")
            .values_list("id", flat=True)
        )
        cursor.execute("SELECT setseed(0.4)")
        worker_sql, worker_params = _insert_select(
            Worker,
            {
                "organisation_id": f"('{_int_array(org_ids)}'::bigint[])[1 + mod(g, {len(org_ids)})]",
                "given_name": "'Bench'",
                "family_name": "'Bench-' || g",
                "birth_date": "date '1965-01-01' + mod(g, 13000)",
                "nationality": "'IN'",
                "national_register_pseudonym": "''",
            },
            f"FROM generate_series(1, {int(n)}) g",
        )
        cursor.execute(worker_sql, worker_params)
        _say(f"  workers: {time.perf_counter() - started:.1f} s")
        state = _case("x.r_state", [(b, s) for b, s, _ in _STATES])
        residence = _case("x.r_state", [(b, r) for b, _, r in _STATES])
        region = _case("x.r_region", [(b, r) for b, r, _ in _REGIONS])
        submitted = "(now() - (x.r_age * interval '150 days'))"
        shortage = "(x.r_cat < 0.15)"
        app_sql, app_params = _insert_select(
            Application,
            {
                "reference": f"'{BENCH_PREFIX}' || lpad(w.id::text, 12, '0')",
                "organisation_id": "w.organisation_id",
                "worker_id": "w.id",
                "application_type": "(CASE WHEN x.r_cat > 0.9 THEN 'renewal' ELSE 'first' END)",
                "permit_type": "(CASE WHEN x.r_cat < 0.7 THEN 'fixed_term' "
                "WHEN x.r_cat < 0.85 THEN 'unlimited' ELSE 'intra_corporate_transfer' END)",
                "workplace_postcode": _postcode_sql(),
                "region": region,
                "category": f"(CASE WHEN {shortage} THEN 'bottleneck' WHEN x.r_cat < 0.75 "
                "THEN 'highly_skilled' WHEN x.r_cat < 0.85 THEN 'executive' ELSE 'other' END)",
                "occupation": "(ARRAY['2512','2142','1120','3221','7411'])[1 + mod(w.id, 5)::int]",
                "occupation_on_shortage_list": shortage,
                "gross_salary": "round((30000 + x.r_cat * 70000)::numeric, 2)",
                "salary_period": "'year'",
                "fte": "1",
                "start_date": "(now() + interval '90 days')::date",
                "facts": "'{\"age\": 35}'::jsonb",
                "state": state,
                "residence_state": residence,
                "version": "1 + (x.r_state * 8)::int",
                "eligibility_outcome": "'eligible'",
                "salary_verification": "'pending_manual_verification'",
                "submitted_at": f"(CASE WHEN x.r_state < 0.03 THEN NULL ELSE {submitted} END)",
                # Flanders: 60 days (56 for shortage occupations); elsewhere only shortage
                # occupations have a target (the seeded SLA policies).
                "sla_due_on": f"(CASE WHEN x.r_state < 0.03 THEN NULL "
                f"WHEN {shortage} THEN ({submitted})::date + 56 "
                f"WHEN x.r_region < 0.45 THEN ({submitted})::date + 60 END)",
                "decided_at": f"(CASE WHEN x.r_state >= 0.14 THEN {submitted} + "
                "interval '40 days' END)",
                "created_at": f"coalesce({submitted}, now()) - interval '3 days'",
            },
            "FROM casework_worker w, LATERAL (SELECT random() + 0 * w.id AS r_state, "
            "random() + 0 * w.id AS r_region, random() + 0 * w.id AS r_cat, "
            "random() + 0 * w.id AS r_age) x WHERE w.given_name = 'Bench'",
        )
        cursor.execute(app_sql, app_params)
        _say(f"  applications: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_worker")
        cursor.execute("ANALYZE casework_application")
    seconds = time.perf_counter() - started
    _say(f"  loaded {n:,} applications in {seconds:.1f} s")
    return {"loaded_now": True, "seconds": round(seconds, 1)}


def _drafts_for_submission(employers: list[Any], per_client: int) -> dict[int, list[str]]:
    """Fresh drafts, by bulk SQL, for each client's employer to submit."""
    from django.db import connection, transaction

    from passage.casework.models import Application, Worker

    references: dict[int, list[str]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        # Earlier runs' submissions stay (they have events and audit entries): new drafts
        # get a reference prefix of their own.
        run = secrets.token_hex(3).upper()
        for index, user in enumerate(employers):
            organisation_id = user.profile.organisation_id
            prefix = f"{SUBMIT_PREFIX}{run}{index:02d}"
            worker_sql, worker_params = _insert_select(
                Worker,
                {
                    "organisation_id": str(int(organisation_id)),
                    "given_name": "'BenchSubmit'",
                    "family_name": "'Submitter-' || g",
                    "birth_date": "date '1990-01-01'",
                    "nationality": "'IN'",
                    "national_register_pseudonym": "''",
                },
                f"FROM generate_series(1, {int(per_client)}) g RETURNING id",
            )
            cursor.execute(worker_sql, worker_params)
            worker_ids = [row[0] for row in cursor.fetchall()]
            app_sql, app_params = _insert_select(
                Application,
                {
                    "reference": f"'{prefix}' || lpad(w::text, 6, '0')",
                    "organisation_id": str(int(organisation_id)),
                    "worker_id": f"('{_int_array(worker_ids)}'::bigint[])[w]",
                    "application_type": "'first'",
                    "permit_type": "'fixed_term'",
                    "workplace_postcode": "'2000'",
                    "region": "'flanders'",
                    "category": "'highly_skilled'",
                    "occupation": "'2512'",
                    "gross_salary": "60000",
                    "salary_period": "'year'",
                    "fte": "1",
                    "start_date": "(now() + interval '90 days')::date",
                    "facts": "'{\"age\": 35}'::jsonb",
                    "state": "'draft'",
                },
                f"FROM generate_series(1, {int(per_client)}) w",
            )
            cursor.execute(app_sql, app_params)
            references[index] = [f"{prefix}{w:06d}" for w in range(1, per_client + 1)]
    return references


def _users(clients: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from passage.accounts.models import Organisation, Profile

    user_model: Any = get_user_model()

    def user(name: str, role: str, **profile: Any) -> Any:
        found = user_model.objects.filter(username=name).first()
        if found is None:
            found = user_model.objects.create_user(username=name)
            Profile.objects.create(user=found, role=role, **profile)
        return user_model.objects.select_related("profile").get(pk=found.pk)

    organisations = list(
        Organisation.objects.filter(name__startswith="Bench employer ").order_by("id")[:clients]
    )
    return {
        "officer_flanders": user("bench-officer-flanders", "regional_officer", region="flanders"),
        "officer_brussels": user("bench-officer-brussels", "regional_officer", region="brussels"),
        "employers": [
            user(f"bench-employer-{i}", "employer_member", organisation=o)
            for i, o in enumerate(organisations)
        ],
    }


def _session_cookie(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # What a login through the admin's form stores: the backend that authenticated the user.
    session[BACKEND_SESSION_KEY] = "passage.accounts.backends.ProfileModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    return f"sessionid={session.session_key}; csrftoken={csrf}|{csrf}"


# --- the server -----------------------------------------------------------------------------


def _serve(port: int) -> None:
    """Entry point of a server process (``python -c``): Passage's WSGI app, threaded."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def setup(self) -> None:
            super().setup()
            # The handler writes headers and body separately: without TCP_NODELAY, Nagle's
            # algorithm and the client's delayed ACK add ~40 ms to every keep-alive answer.
            cast(socket.socket, self.connection).setsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
            )

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), QuietHandler, ipv6=False)
    server.daemon_threads = True
    server.set_app(WSGIHandler())
    server.serve_forever()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _servers(count: int, url: str) -> Iterator[list[int]]:
    ports = [_free_port() for _ in range(count)]
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-c", f"from passage.bench.casework import _serve; _serve({port})"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the server on port {port} did not start") from None
                    time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class _Client:
    """One keep-alive HTTP connection with a session cookie; times whole exchanges."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie
        self.csrf = cookie.rsplit("csrftoken=", 1)[1].split("|", 1)[0]
        self.cookie = cookie.replace(f"|{self.csrf}", "")
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        all_headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, **(headers or {})}
        if body or method == "POST":
            all_headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - started
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                return response.status, data, elapsed
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _percentiles(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    if not ms:
        return {}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(q[94], 2),
        "p99_ms": round(q[98], 2),
        "max_ms": round(ms[-1], 2),
    }


# --- the measurements -----------------------------------------------------------------------


def _queue(port: int, cookie: str, *, rounds: int, depth: int) -> dict[str, Any]:
    """``rounds`` walks of ``depth`` pages each (25 rows a page), one client."""
    client = _Client(port, cookie)
    first: list[float] = []
    deeper: list[float] = []
    rows_seen = 0
    for _ in range(5):  # warm-up: connections, caches
        client.request("GET", "/api/v1/queues/regional")
    for _ in range(rounds):
        path: str | None = "/api/v1/queues/regional?page_size=25"
        for page in range(depth):
            if path is None:
                break
            status, body, elapsed = client.request("GET", path)
            if status != 200:
                raise RuntimeError(f"queue answered {status}: {body[:300]!r}")
            doc = json.loads(body)
            rows_seen += len(doc["results"])
            (first if page == 0 else deeper).append(elapsed)
            nxt = doc["next"]
            path = urlsplit(nxt).path + "?" + urlsplit(nxt).query if nxt else None
    return {
        "first_page": _percentiles(first),
        "later_pages": _percentiles(deeper),
        "all_pages": _percentiles(first + deeper),
        "rows_returned": rows_seen,
    }


def _submissions(
    ports: list[int], cookies: list[str], drafts: dict[int, list[str]]
) -> dict[str, Any]:
    """Every client submits its drafts one after the other, all clients at once."""
    latencies: list[list[float]] = [[] for _ in cookies]
    errors: list[str] = []
    barrier = threading.Barrier(len(cookies) + 1)

    def run(index: int) -> None:
        client = _Client(ports[index % len(ports)], cookies[index])
        # Warm the connection (and the server thread's database connection) first.
        client.request("GET", "/api/v1/applications?page_size=1")
        barrier.wait()
        for reference in drafts[index]:
            status, body, elapsed = client.request(
                "POST",
                f"/api/v1/applications/{reference}/submit",
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            if status != 200:
                errors.append(f"{status}: {body[:200]!r}")
                continue
            latencies[index].append(elapsed)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(cookies))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    samples = [s for per in latencies for s in per]
    return {
        "clients": len(cookies),
        "submitted": len(samples),
        "errors": len(errors),
        "first_errors": errors[:3],
        "wall_s": round(wall, 2),
        "per_s": round(len(samples) / wall, 1) if wall else 0.0,
        "latency": _percentiles(samples),
    }


def _pgbench(url: str, clients: int, seconds: int) -> dict[str, Any]:
    """Single-row INSERT transactions/s with ``clients`` connections (pgbench, autocommit)."""
    binary = shutil.which("pgbench")
    if binary is None:
        return {"available": False}
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_single_row_insert")
        conn.execute(
            "CREATE TABLE bench_single_row_insert (id bigserial PRIMARY KEY, "
            "at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_single_row_insert (payload) VALUES ('submission');\n")
    try:
        threads = max(1, min(clients, os.cpu_count() or 1))
        result = subprocess.run(  # noqa: S603 (pgbench from PATH, our arguments)
            [binary, "-n", "-c", str(clients), "-j", str(threads), "-T", str(seconds),
             "-f", script.name, url],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        Path(script.name).unlink(missing_ok=True)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS bench_single_row_insert")
    match = re.search(r"tps = ([0-9.]+) \((?:without|excluding)", result.stdout)
    latency = re.search(r"latency average = ([0-9.]+) ms", result.stdout)
    return {
        "available": True,
        "clients": clients,
        "seconds": seconds,
        "tps": float(match.group(1)) if match else None,
        "latency_avg_ms": float(latency.group(1)) if latency else None,
    }


def _explain_queue(officer: Any) -> list[str]:
    """The queue's first-page plan as the officer (under row-level security)."""
    from django.db import transaction

    from passage.casework import selectors
    from passage.casework.rls import rls_activate, rls_settings_for

    with transaction.atomic():
        rls_activate(*rls_settings_for(officer))
        # The API's own query (RegionalQueueListApi and the keyset page), first page.
        page = (
            selectors.application_list_for(officer)
            .select_related(None)
            .select_related("organisation")
            .filter(state__in=QUEUE_STATES, sla_due_on__isnull=False)
            .order_by("sla_due_on", "id")[:26]
        )
        plan = page.explain(analyze=True, buffers=True)
        transaction.set_rollback(True)
    return plan.splitlines()


def _machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "postgresql": server,
    }


def run_casework_benchmark(
    *,
    n: int = 1_000_000,
    output: str = "benchmarks/results/casework.json",
    clients: int = 16,
    per_client: int = 40,
    servers: int = 2,
    queue_rounds: int = 60,
    queue_depth: int = 5,
    pgbench_seconds: int = 15,
    reload: bool = False,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    global _say
    _say = say
    url = _bench_database_url()
    say(f"bench database: {urlsplit(url).path.lstrip('/')}")
    _setup_django(url)
    say(f"loading {n:,} applications …")
    loading = load(n, reload=reload)
    from passage.casework.models import Application

    counts = {
        "applications": Application.objects.count(),
        "flanders_queue": Application.objects.filter(
            region="flanders", state__in=QUEUE_STATES
        ).count(),
        "brussels_queue": Application.objects.filter(
            region="brussels", state__in=QUEUE_STATES
        ).count(),
    }
    users = _users(clients)
    drafts = _drafts_for_submission(users["employers"], per_client)
    alone_drafts = _drafts_for_submission(users["employers"][:1], per_client)
    officer_cookie = _session_cookie(users["officer_flanders"])
    brussels_cookie = _session_cookie(users["officer_brussels"])
    employer_cookies = [_session_cookie(u) for u in users["employers"]]
    plan = _explain_queue(users["officer_flanders"])
    from django.db import connections

    connections.close_all()

    with _servers(servers, url) as ports:
        say(f"queue: {queue_rounds} × {queue_depth} pages as the Flemish officer …")
        queue = _queue(ports[0], officer_cookie, rounds=queue_rounds, depth=queue_depth)
        say(f"  p95 {queue['all_pages'].get('p95_ms')} ms")
        brussels = _queue(ports[0], brussels_cookie, rounds=max(queue_rounds // 3, 5), depth=3)
        say(f"submissions: one client × {per_client} (no contention) …")
        alone = _submissions(ports, employer_cookies[:1], alone_drafts)
        say(f"  p50 {alone['latency'].get('p50_ms')} ms")
        say(f"submissions: {clients} clients × {per_client} …")
        submissions = _submissions(ports, employer_cookies, drafts)
        say(f"  {submissions['per_s']}/s, p95 {submissions['latency'].get('p95_ms')} ms")
    say(f"pgbench: single-row inserts, {clients} clients, {pgbench_seconds} s …")
    pgbench = _pgbench(url, clients, pgbench_seconds)
    tps = pgbench.get("tps")
    ratio = round(submissions["per_s"] / tps, 4) if tps else None
    say(f"  {tps} tps; submissions are {ratio} of it")

    result = {
        "benchmark": "casework",
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "n": n,
        "counts": counts,
        "loading": loading,
        "server_processes": servers,
        "officer_queue": {
            "endpoint": "GET /api/v1/queues/regional?page_size=25",
            "flanders": queue,
            "brussels": brussels,
            "target_p95_ms": TARGETS["queue_p95_ms"],
            "meets_target": queue["all_pages"].get("p95_ms", 1e9) < TARGETS["queue_p95_ms"],
            "plan": plan,
        },
        "submissions": {
            "endpoint": "POST /api/v1/applications/{reference}/submit",
            **submissions,
            "target_p95_ms": TARGETS["submit_p95_ms"],
            "meets_target": submissions["latency"].get("p95_ms", 1e9) < TARGETS["submit_p95_ms"],
        },
        "submissions_one_client": alone,
        "pgbench": pgbench,
        "submissions_per_pgbench_insert": ratio,
        "notes": [
            "Latency is client-side, end to end over HTTP on 127.0.0.1 (keep-alive), "
            "session authentication and row-level security as in production.",
            "The Crossroads Bank is not called (bench workers have no national register "
            "number): its latency would measure the simulator.",
            "Servers: Django's threaded WSGI server (what `passage serve` runs), one process "
            "per port; the clients run in the benchmark process.",
        ],
    }
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    say(f"written to {path}")
    return result
