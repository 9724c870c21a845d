# SPDX-License-Identifier: EUPL-1.2
"""The rules engine is pure: no Django, no clock, no network (STYLE: "Never the clock,
settings, DB or network").

The test process itself has Django loaded (pytest-django), so the checks run in a fresh
interpreter that forbids the clock and sockets before importing ``passage.rules``, evaluates a
case of every procedure (one by one, in a batch, explained, and through ``bulk`` when present)
and then inspects ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

PROBE = textwrap.dedent(
    r"""
    import datetime, json, socket, sys, time

    # Third-party and standard modules that read the clock or bind the datetime C API while
    # being imported (logging stamps its start time) are imported first: what is checked is
    # that passage.rules, from its own import on, never does.
    import concurrent.futures, decimal, hashlib, logging, yaml  # noqa: E401
    try:
        import numpy, pyarrow, pyarrow.compute, pyarrow.parquet  # noqa: E401
    except ImportError:
        pass
    try:
        # pyarrow imports pandas on first use when it is installed (Early Warning needs it).
        import pandas  # noqa: F401
    except ImportError:
        pass
    RealDate = datetime.date

    calls = []

    def forbidden(what):
        def refuse(*args, **kwargs):
            calls.append(what)
            raise AssertionError(f"the rules engine used {what}")
        return refuse

    # The clock: date.today(), datetime.now()/utcnow()/today(), time.time() and friends.
    class NoClockDate(datetime.date):
        today = classmethod(forbidden("date.today"))

    class NoClockDateTime(datetime.datetime):
        now = classmethod(forbidden("datetime.now"))
        utcnow = classmethod(forbidden("datetime.utcnow"))
        today = classmethod(forbidden("datetime.today"))

    datetime.date = NoClockDate
    datetime.datetime = NoClockDateTime
    for name in ("time", "time_ns"):
        setattr(time, name, forbidden(f"time.{name}"))
    for name in ("localtime", "gmtime", "ctime", "asctime", "strftime"):
        real = getattr(time, name)
        def clockless(*args, _real=real, _name=name):
            # Reading the clock is calling these without the time to format.
            if (_name == "strftime" and len(args) < 2) or (_name != "strftime" and not args):
                calls.append(f"time.{_name}")
                raise AssertionError(f"the rules engine used time.{_name}")
            return _real(*args)
        setattr(time, name, clockless)

    # The network: no socket of any kind, no name resolution.
    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            calls.append("socket")
            raise AssertionError("the rules engine opened a socket")

    socket.socket = NoSocket
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        setattr(socket, name, forbidden(f"socket.{name}"))

    import passage.rules as rules

    cases = [
        {"procedure": "single_permit", "date": "2026-01-10", "region": "flanders",
         "category": "highly_skilled", "age": 29, "gross_salary": "39129.60",
         "salary_period": "year", "application_type": "first"},
        {"procedure": "single_permit", "date": "2025-03-01", "region": "wallonia",
         "category": "other", "gross_salary": "2111.89", "salary_period": "month",
         "labour_market_test_passed": True},
        {"procedure": "family_reunification", "date": "2026-04-01",
         "sponsor_status": "subsidiary_protection", "sponsor_permit_date": "2025-09-01",
         "sponsor_status_date": "2025-09-01", "application_date": "2026-03-15",
         "net_monthly_income": "2649.66", "additional_dependants": 1,
         "family_members": [{"relationship": "spouse", "age": 30,
                             "bond_predates_arrival": True}],
         "adequate_housing": True, "health_insurance": True},
        {"procedure": "blue_card_mobility", "date": "2025-11-03", "region": "brussels",
         "resides_in_other_member_state": True,
         "stays": [{"start": "2025-08-01", "end": "2025-10-29"}]},
        {"procedure": "nationality_fee", "date": "2026-01-01", "payment_date": "2026-01-01"},
        {"procedure": "procedural_deadline", "date": "2025-04-14",
         "transfer_date": "2025-04-14", "country_of_origin": "RS"},
        {"procedure": "reception_saturation", "date": "2025-12-31",
         "occupied_places": 9400, "capacity": 10000},
        {"procedure": "cgrs_backlog", "date": "2025-12-31", "workload": 24406},
        {"procedure": "temporary_protection", "date": "2025-10-01", "nationality": "UA",
         "resided_in_ukraine_before_invasion": True, "present_in_ukraine_on_invasion_date": True,
         "residence_evidence": True, "temporary_protection_other_member_state": False},
        {"procedure": "immediate_reception", "date": "2026-02-02", "single_male_applicant": True,
         "age": 19, "exceptionally_vulnerable": False, "protection_in_other_member_state": False},
        {"procedure": "naturalisation", "date": "2025-06-02", "adult_or_emancipated": True,
         "recognised_stateless": True, "legal_residence_start": "2023-06-01"},
        {"procedure": "voluntary_return", "date": "2025-09-01", "order_to_leave_issued": True},
        {"procedure": "interview_absence_deadline", "date": "2025-08-11",
         "interview_date": "2025-08-11", "examination_procedure": "regular"},
        {"procedure": "processing_suspension", "date": "2025-03-12", "country_of_origin": "PS",
         "from_west_bank": True, "registered_with_unrwa": False},
        {"procedure": "subcontracting_duty_of_care", "date": "2026-03-02", "region": "flanders",
         "sector": "construction", "statement_provided": True,
         "additional_information_provided": True, "false_documents": False},
        {"procedure": "integration_programme_deadline", "date": "2025-03-03",
         "region": "wallonia", "programme_start_date": "2025-03-01"},
        {"procedure": "reflection_period_end", "date": "2025-05-02",
         "reflection_start_date": "2025-05-01"},
    ]
    decisions = [rules.evaluate(rules.loads_case(json.dumps(c))) for c in cases]
    batch = rules.evaluate_batch(rules.loads_cases(json.dumps(cases)))
    assert [d.to_dict() for d in batch] == [d.to_dict() for d in decisions]
    for d in decisions:
        for lang in ("en", "nl", "fr", "de"):
            rules.explain_text(d, lang)
        json.dumps(d.to_dict())
    rules.load_rulebook(occupation_lists={"BNP-WA-1": ["2512"]})

    bulk = False
    try:
        import pyarrow as pa
        from passage.rules import bulk as bulk_module
    except ImportError:
        pass
    else:
        table = pa.table({
            "procedure": ["single_permit", "single_permit"],
            "region": ["wallonia", "brussels"],
            "category": ["executive", "artist"],
            "gross_salary": ["88790", "3086.19"],
            "salary_period": ["year", "month"],
        })
        out = bulk_module.evaluate_table(table, RealDate(2025, 6, 2))
        assert out.column("outcome").to_pylist() == ["eligible", "not_eligible"], out
        bulk = True

    print(json.dumps({
        "calls": calls,
        "outcomes": [d.outcome for d in decisions],
        "bulk": bulk,
        "modules": sorted(sys.modules),
    }))
    """
)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONHASHSEED": "0"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_rules_engine_evaluates_every_procedure_without_clock_or_network(
    report: dict[str, Any],
) -> None:
    assert report["calls"] == []
    assert report["outcomes"] == [
        "eligible",  # Flanders, under 30, exactly 39 129.60, first application in 2026
        "eligible",  # exactly the GMMI, labour-market test passed
        "eligible",  # FRS-03 suspended; 2 408.79 × 1.10 = 2 649.669 → 2 649.66 met
        "eligible",  # 90 days within 180
        "computed",
        "computed",
        "computed",
        "computed",
        "eligible",  # TP-02/03/04 (issue 9 item 6)
        "eligible",  # REC-08 young man of 19 in 2026
        "eligible",  # NAT-01 stateless, two years on 2025-06-01
        "eligible",  # RET-01 order to leave
        "computed",  # IP-03
        "computed",  # IP-06, IP-07
        "computed",  # EMP-01
        "computed",  # INT-WA-01
        "computed",  # THB-03
    ]


def test_rules_engine_does_not_import_django_or_network_clients(report: dict[str, Any]) -> None:
    modules = set(report["modules"])
    forbidden = {"django", "rest_framework", "psycopg", "psycopg2", "requests", "urllib3"}
    assert sorted(m for m in modules if m.split(".")[0] in forbidden) == []
    assert not any(m.startswith("passage.conf") for m in modules)
    assert "passage.rules" in modules


def test_bulk_path_was_exercised(report: dict[str, Any]) -> None:
    assert report["bulk"] is True
