# SPDX-License-Identifier: EUPL-1.2
"""Smaller procedures: Blue Card mobility (BC-01), the nationality fee (NAT-02), fast-track
time limits (IP-05), reception saturation (REC-07) and the CGRS structural backlog (F-IP-23)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.errors import InputError
from passage.rules.facts import Facts
from passage.rules.holidays import add_working_days
from passage.rules.parameters import Rulebook
from passage.rules.trace import LocalDate, Number, eur, make_check

BASE = frozenset({"procedure", "date", "id"})


def evaluate_blue_card_mobility(case: Any, day: dt.date, rb: Rulebook) -> list[Check]:
    """BC-01: a Blue Card holder residing in another Member State may work in Brussels without
    a work permit for up to 90 days in any 180-day window (read as rolling: BC-01-ROLLING)."""
    f = Facts(case, BASE | {"region", "resides_in_other_member_state", "stays"})
    region = f.enum("region", ("flanders", "wallonia", "brussels", "german_speaking_community"))
    other_state = f.boolean("resides_in_other_member_state")
    stays = []
    for i, stay in enumerate(f.records("stays", {"start", "end"}, max_items=200)):
        start, end = stay.date("start"), stay.date("end")
        assert start is not None and end is not None
        if end < start:
            raise InputError(f"stays[{i}].end", "must not be before start")
        stays.append((start, end))
    if not stays:
        raise InputError("stays", "must list at least one stay")
    max_pv = rb.get("single_permit.blue_card_mobility.max_days", day)
    citation = Citation(catalogue="BC-01", seed="002 §1.2.5 L289")
    if region != "brussels":
        return [
            make_check(
                "BC-01",
                None,
                "bc01_other_region",
                citation=citation,
                inputs={"region": region},
                region=region,
            )
        ]
    if max_pv is None:
        return [
            make_check("BC-01", False, "bc01_not_yet", citation=citation, inputs={"region": region})
        ]
    max_pv = rb.require(max_pv.name, day)
    window_pv = rb.require("single_permit.blue_card_mobility.window_days", day)
    if not other_state:
        return [
            make_check(
                "BC-01",
                False,
                "bc01_not_resident",
                pv=max_pv,
                inputs={"resides_in_other_member_state": other_state},
            )
        ]
    days = sorted(
        {
            start + dt.timedelta(days=k)
            for start, end in stays
            for k in range((end - start).days + 1)
        }
    )
    window = dt.timedelta(days=window_pv.value - 1)
    worst, worst_end = 0, days[0]
    lo = 0
    for hi, d in enumerate(days):
        while days[lo] < d - window:
            lo += 1
        if hi - lo + 1 > worst:
            worst, worst_end = hi - lo + 1, d
    passed = worst <= max_pv.value
    return [
        make_check(
            "BC-01",
            passed,
            "bc01_ok" if passed else "bc01_over",
            pv=max_pv,
            value=worst,
            inputs={
                "stays": [[s.isoformat(), e.isoformat()] for s, e in stays],
                "window_days": window_pv.value,
            },
            flags=window_pv.flags,
            days=worst,
            maximum=max_pv.value,
            window=window_pv.value,
            end=LocalDate(worst_end),
        )
    ]


def evaluate_nationality_fee(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, BASE | {"payment_date"})
    paid = f.date("payment_date")
    assert paid is not None
    pv = rb.require("nationality.fee", paid)
    check = make_check(
        "NAT-02",
        True,
        "nat02_fee",
        severity="info",
        pv=pv,
        inputs={"payment_date": paid},
        fee=eur(pv.value),
        paid=LocalDate(paid),
    )
    return [check], {"fee": pv.value, "currency": "EUR"}


def evaluate_procedural_deadline(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    """IP-05: the CGRS time limit in the fast-track procedure, in working days from the
    transfer of the application by the Immigration Office."""
    f = Facts(case, BASE | {"transfer_date", "country_of_origin"})
    transfer = f.date("transfer_date")
    assert transfer is not None
    country = f.string("country_of_origin", max_length=2)
    assert country is not None
    country = country.upper()
    if len(country) != 2 or not country.isalpha():
        raise InputError("country_of_origin", "must be an ISO 3166-1 alpha-2 code (XK for Kosovo)")
    safe = rb.require("international_protection.fast_track.safe_countries_of_origin", transfer)
    others = rb.require("international_protection.fast_track.other_fast_track_countries", transfer)
    undated = rb.require("international_protection.fast_track.undated_changes_2025", transfer)
    removed = rb.require(
        "international_protection.fast_track.removed_fast_track_countries", transfer
    )
    holidays = rb.require("interpretation.ip05_public_holidays", day)
    exclude = holidays.value == "excluded"
    if country not in safe.value and country in undated.value:
        # Added (GE, BJ, AO) or removed (CD) "in 2025" (002 L652), on a day not given: for a
        # transfer before 2026 whether the country was in the fast track is unknown.
        check = make_check(
            "IP-05",
            None,
            "ip05_undated_change",
            pv=undated,
            inputs={"transfer_date": transfer, "country_of_origin": country},
            country=country,
        )
        return [check], {}
    if country not in safe.value and country not in others.value and country in removed.value:
        check = make_check(
            "IP-05",
            False,
            "ip05_removed_country",
            severity="info",
            pv=removed,
            inputs={"transfer_date": transfer, "country_of_origin": country},
            country=country,
        )
        return [check], {"fast_track_list": "none"}
    if country in safe.value:
        pv = rb.require("international_protection.fast_track.safe_country_time_limit", transfer)
        kind = "safe"
    elif country in others.value:
        pv = rb.require("international_protection.fast_track.other_country_time_limit", transfer)
        kind = "other"
    else:
        check = make_check(
            "IP-05",
            None,
            "ip05_unknown_country",
            pv=others,
            inputs={"country_of_origin": country},
            flags=("IP-05-PARTIAL-LIST",),
            country=country,
        )
        return [check], {}
    deadline = add_working_days(transfer, pv.value, exclude_public_holidays=exclude)
    check = make_check(
        "IP-05",
        True,
        "ip05_deadline",
        severity="info",
        pv=pv,
        value=deadline.isoformat(),
        inputs={"transfer_date": transfer, "country_of_origin": country, "list": kind},
        flags=safe.flags if kind == "safe" else others.flags,
        choices={"ip05_public_holidays": str(holidays.value)},
        n=pv.value,
        deadline=LocalDate(deadline),
        country=country,
    )
    return [check], {"deadline": deadline, "working_days": pv.value, "fast_track_list": kind}


def evaluate_reception_saturation(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, BASE | {"occupied_places", "capacity"})
    occupied = f.integer("occupied_places", minimum=0)
    capacity = f.integer("capacity", minimum=1)
    assert occupied is not None and capacity is not None
    pv = rb.require("reception.saturation", day)
    choice = rb.require("interpretation.rec07_comparison", day)
    rate = Decimal(occupied) / Decimal(capacity)
    # Compare in integers (occupied ≥ 0.94 × capacity) so 0.9399… never rounds up to 0.94.
    limit = pv.value * capacity
    saturated = occupied >= limit if choice.value == "at_or_above" else occupied > limit
    # Truncated, so 32 899 / 35 000 shows 0.9399 (not saturated), never a rounded-up 0.9400.
    shown = rate.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    check = make_check(
        "REC-07",
        saturated,
        "rec07_saturated" if saturated else "rec07_below",
        severity="info",
        pv=pv,
        value=shown,
        inputs={"occupied_places": occupied, "capacity": capacity},
        choices={"rec07_comparison": str(choice.value)},
        rate=Number(shown * 100, 2),
        limit=Number(pv.value * 100, 0),
    )
    return [check], {"occupancy_rate": shown, "saturated": saturated}


def evaluate_cgrs_backlog(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, BASE | {"workload"})
    workload = f.integer("workload", minimum=0)
    assert workload is not None
    pv = rb.require("international_protection.cgrs.standard_capacity", day)
    backlog = max(0, workload - pv.value)
    check = make_check(
        "F-IP-23",
        True,
        "backlog",
        severity="info",
        pv=pv,
        value=backlog,
        inputs={"workload": workload},
        workload=Number(workload),
        capacity=Number(pv.value),
        backlog=Number(backlog),
    )
    return [check], {"structural_backlog": backlog, "unit": "dossiers"}
