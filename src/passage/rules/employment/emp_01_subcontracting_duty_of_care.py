# SPDX-License-Identifier: EUPL-1.2
"""EMP-01: the Flemish duty of care in subcontracting chains (Flemish Government Decision of
24 Oct 2025; 002 §1.4 L303, L313; §10.2 L1544–L1554).

What a machine can tell a client or contractor in the Flemish Region, for one (sub)contractor
on a given day: which documents the duty of care asks for (a written statement in every sector;
from 1 Jan 2026 also additional information in construction, cleaning, meat processing and
parcel delivery) and whether the case must be reported through the Flemish Social Inspection's
electronic desk (a document missing, or false documents submitted). Compliance itself "is not
mandatory" (L313): its consequences (liability, prosecution, a fine) are for a court and are not
computed. The additional information is not listed in the seeds (EMP-01 flag), so whether what
the contractor gave is enough is the caller's answer. What the six-month grace period changes is
not stated either; the computation says only whether the day falls inside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passage.rules.decision import Check, Citation
from passage.rules.facts import Facts
from passage.rules.parameters import Rulebook
from passage.rules.procedures.common import add_months
from passage.rules.single_permit import REGIONS, SECTORS
from passage.rules.terms import region_term, sector_term
from passage.rules.trace import LocalDate, make_check

FACTS = frozenset(
    {
        "procedure",
        "date",
        "id",
        "region",
        "sector",
        "statement_provided",
        "additional_information_provided",
        "false_documents",
    }
)
_P = "employment.duty_of_care."
CITATION = Citation(catalogue="EMP-01", seed="002 §1.4 L303, L313; §10.2 L1544–L1554")


def evaluate_subcontracting_duty_of_care(
    case: Any, day: dt.date, rb: Rulebook
) -> tuple[list[Check], dict[str, Any]]:
    f = Facts(case, FACTS)
    region = f.enum("region", REGIONS)
    sector = f.enum("sector", SECTORS)
    statement = f.boolean("statement_provided")
    false_documents = f.boolean("false_documents")
    assert region is not None and sector is not None
    assert statement is not None and false_documents is not None
    if region != "flanders":
        # The Decision is the Flemish Government's (LAB-01: employment is regional); the seeds
        # describe no equivalent duty of care in the other regions.
        check = make_check(
            "EMP-01",
            False,
            "emp01_other_region",
            severity="info",
            citation=CITATION,
            inputs={"region": region},
            region=region_term(region),
        )
        return [check], {"applies": False}
    statement_pv = rb.require(_P + "written_statement", day)
    self_employed = rb.require(_P + "statement_covers_self_employed", day)
    sectors_pv = rb.get(_P + "high_risk_sectors", day)
    high_risk = sectors_pv is not None and sector in rb.require(sectors_pv.name, day).value
    checks = [
        make_check(
            "EMP-01",
            statement,
            "emp01_statement_given" if statement else "emp01_statement_missing",
            severity="info",
            pv=statement_pv,
            inputs={
                "statement_provided": statement,
                "statement_covers_self_employed": bool(self_employed.value),
            },
        )
    ]
    information: bool | None = None
    if high_risk:
        assert sectors_pv is not None
        information = f.boolean("additional_information_provided")
        checks.append(
            make_check(
                "EMP-01",
                information,
                "emp01_information_given" if information else "emp01_information_missing",
                severity="info",
                pv=sectors_pv,
                inputs={"sector": sector, "additional_information_provided": information},
                sector=sector_term(sector),
            )
        )
    else:
        f.boolean("additional_information_provided", required=False)
    something_wrong = not statement or information is False or false_documents
    reporting = rb.get(_P + "reporting_duty", day)
    report: bool | None
    if not something_wrong:
        report = False
        checks.append(
            make_check(
                "EMP-01",
                True,
                "emp01_nothing_to_report",
                severity="info",
                citation=CITATION,
                inputs={"false_documents": false_documents},
            )
        )
    elif reporting is None:
        # L313 states the reporting duty for the 2025 Decision (from 1 Jan 2026); whether a
        # missing statement had to be reported before is not stated.
        report = None
        checks.append(
            make_check(
                "EMP-01",
                None,
                "emp01_report_before_2026",
                citation=CITATION,
                inputs={"false_documents": false_documents},
            )
        )
    else:
        report = bool(rb.require(reporting.name, day).value)
        checks.append(
            make_check(
                "EMP-01",
                False,
                "emp01_report_required",
                severity="info",
                pv=reporting,
                inputs={"false_documents": false_documents, "statement_provided": statement},
            )
        )
    result: dict[str, Any] = {
        "applies": True,
        "written_statement_required": bool(statement_pv.value),
        "additional_information_required": high_risk,
    }
    if report is not None:
        result["report_required"] = report
    grace = rb.get(_P + "grace_period", day)
    if grace is not None:
        grace = rb.require(grace.name, day)
        choice = rb.require("interpretation.emp01_grace_end", day)
        last_day = add_months(grace.start, grace.value)
        if choice.value == "exclusive":
            last_day -= dt.timedelta(days=1)
        inside = day <= last_day
        checks.append(
            make_check(
                "EMP-01",
                inside,
                "emp01_in_grace" if inside else "emp01_after_grace",
                severity="info",
                pv=grace,
                value=last_day.isoformat(),
                choices={"emp01_grace_end": str(choice.value)},
                end=LocalDate(last_day),
            )
        )
        result["grace_period"] = inside
        result["grace_period_last_day"] = last_day
    if report is None:
        return checks, {}
    return checks, result
