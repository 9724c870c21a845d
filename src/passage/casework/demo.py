# SPDX-License-Identifier: EUPL-1.2
"""The demo casework: a few hundred applications across the four regions, in every state.

Everything goes through the services, as the demo logins (``demo_users_load``): the demo
employers file and submit, each region's demo officer checks, asks for information and
decides, the demo Immigration Office officer decides on residence. So the timeline, the audit
chain, the SLA clocks and the outbox of the demo are what real use would leave behind.

Submission days are spread over the last five months (``today`` is passed to the services),
so some clocks are overdue, some at risk, some fresh. Workers get no national register number:
the Crossroads Bank is then never called and salary checks read "pending manual
verification", whatever CBSS_BASE_URL says. Deterministic (a seeded random generator) and
idempotent: a second run finds the demo applications and does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from passage.accounts.models import Organisation, Region, Role
from passage.accounts.services import (
    DEMO_FOREIGN_EMPLOYER,
    DEMO_LAW_FIRM_AGENT,
    DEMO_LOGINS_FILE,
    DEMO_ORGANISATIONS,
    DEMO_PASSWORD_ENV,
    _append_secret_lines,
    _var_dir,
    demo_access_load,
    demo_users_load,
    user_create_with_role,
)
from passage.casework import services
from passage.casework.models import Application, ApplicationDecision

#: Applications per region (the German-speaking Community is small).
PER_REGION = {
    Region.FLANDERS: 110,
    Region.WALLONIA: 80,
    Region.BRUSSELS: 80,
    Region.GERMAN_SPEAKING_COMMUNITY: 30,
}
#: Places of work per region: (postcode, municipality).
PLACES = {
    Region.FLANDERS: [("2000", "Antwerpen"), ("9000", "Gent"), ("3000", "Leuven"), ("8000", "Brugge"), ("3500", "Hasselt")],
    Region.WALLONIA: [("5000", "Namur"), ("4000", "Liège"), ("6000", "Charleroi"), ("1300", "Wavre"), ("7000", "Mons")],
    Region.BRUSSELS: [("1000", "Bruxelles"), ("1050", "Ixelles"), ("1200", "Woluwe-Saint-Lambert"), ("1030", "Schaerbeek")],
    Region.GERMAN_SPEAKING_COMMUNITY: [("4700", "Eupen"), ("4780", "Sankt Vith"), ("4730", "Raeren")],
}  # fmt: skip
#: (category, ISCO-08 occupation, gross yearly salary range)
PROFILES = [
    ("highly_skilled", "2512", (52_000, 75_000)),  # software developers
    ("highly_skilled", "2142", (50_000, 68_000)),  # civil engineers
    ("executive", "1120", (80_000, 120_000)),  # managing directors
    ("eu_blue_card", "2511", (58_000, 80_000)),  # systems analysts
    ("ict_manager", "1330", (70_000, 95_000)),  # ICT service managers
    ("bottleneck", "3221", (32_000, 40_000)),  # nursing associate professionals
    ("bottleneck", "7411", (30_000, 38_000)),  # building electricians
    ("other", "8322", (26_000, 32_000)),  # drivers
]
GIVEN_NAMES = ["Amina", "Rahul", "Mei", "Oluwaseun", "Carlos", "Fatima", "Arjun", "Lina", "Yusuf", "Ana", "Thanh", "Kwame", "Priya", "Omar", "Sofia", "Dmytro"]  # fmt: skip
FAMILY_NAMES = ["Haddad", "Sharma", "Chen", "Adeyemi", "Rodríguez", "El Amrani", "Patel", "Nguyen", "Mensah", "Kovalenko", "Silva", "Hosseini", "Okafor", "Reddy", "Costa", "Yilmaz"]  # fmt: skip
NATIONALITIES = ["MA", "IN", "CN", "NG", "BR", "TR", "VN", "GH", "UA", "PH", "CO", "TN"]

#: Target states and their weights: every state of both parts appears.
TARGETS: list[tuple[str, int]] = [
    ("draft", 8),
    ("submitted", 14),
    ("completeness_check", 10),
    ("incomplete", 5),
    ("information_requested", 7),
    ("resubmitted", 5),
    ("regional_assessment", 12),
    ("refused", 6),
    ("withdrawn", 4),
    ("federal_assessment", 10),  # regional part granted, residence pending
    ("granted", 14),  # both parts granted
    ("residence_refused", 5),
]


@dataclass
class DemoSummary:
    created: int = 0
    existing: int = 0
    by_state: Counter[str] = field(default_factory=Counter)
    by_region: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        if not self.created:
            return f"Demo casework: {self.existing} applications already there."
        states = ", ".join(f"{k} {v}" for k, v in sorted(self.by_state.items()))
        regions = ", ".join(f"{k} {v}" for k, v in sorted(self.by_region.items()))
        return f"Demo casework: {self.created} applications ({regions}); states: {states}."


def _users() -> dict[str, Any]:
    user_model: Any = get_user_model()
    users = {u.username: u for u in user_model.objects.filter(username__startswith="demo-")}
    return users


def _officer(users: dict[str, Any], region: str) -> Any:
    return users[f"demo-officer-{region.replace('_', '-')}"]


def _step(
    service: Callable[..., Application], actor: Any, app: Application, day: dt.date, **kw: Any
) -> Application:
    return service(actor=actor, application=app, today=day, **kw)


def _drive(
    app: Application,
    target: str,
    *,
    employer: Any,
    officer: Any,
    federal: Any,
    day: dt.date,
    decide_after: int = 20,
) -> Application:
    """Take a draft along the workflow to ``target``, a few days between steps."""
    if target == "draft":
        return app

    def later(days: int) -> dt.date:
        return min(day + dt.timedelta(days=days), timezone.localdate())

    app = _step(services.application_submit, employer, app, day)
    if target == "submitted":
        return app
    if target == "withdrawn":
        return _step(
            services.application_withdraw, employer, app, later(3), reason="Hired elsewhere"
        )
    app = _step(services.application_start_completeness_check, officer, app, later(2))
    if target == "completeness_check":
        return app
    if target in {"incomplete", "information_requested", "resubmitted"}:
        app = _step(
            services.application_mark_incomplete,
            officer,
            app,
            later(4),
            reason="The diploma and its translation are missing.",
        )
        if target == "incomplete":
            return app
        app = _step(
            services.application_request_information,
            officer,
            app,
            later(5),
            message="Please upload the diploma and a sworn translation.",
            due_on=later(35),
        )
        if target == "information_requested":
            return app
        return _step(
            services.application_resubmit,
            employer,
            app,
            later(12),
            answer="Diploma and sworn translation uploaded.",
        )
    app = _step(services.application_start_regional_assessment, officer, app, later(6))
    if target == "regional_assessment":
        return app
    if target == "refused":
        return _step(
            services.application_decide_regional,
            officer,
            app,
            later(decide_after),
            outcome="refused",
            motivation="The gross salary is below the threshold for the category (SAL-02).",
        )
    app = _step(
        services.application_decide_regional, officer, app, later(decide_after), outcome="granted"
    )
    if target == "federal_assessment":
        return app
    if target == "residence_refused":
        return _step(
            services.application_decide_federal,
            federal,
            app,
            later(decide_after + 10),
            outcome="refused",
            motivation="Public-order grounds (art. 7 of the Aliens Act).",
        )
    return _step(
        services.application_decide_federal,
        federal,
        app,
        later(decide_after + 10),
        outcome="granted",
    )


def _date_the_demo(app: Application, submitted: dt.date, decided: dt.date) -> None:
    """Services stamp the wall clock; the demo moves submission and regional decision to the
    days it simulates, so processing times (Early Warning) have a plausible spread."""
    if app.submitted_at is None:
        return
    zone = timezone.get_current_timezone()
    at_ten = dt.time(10, 0)
    Application.objects.filter(pk=app.pk).update(
        submitted_at=dt.datetime.combine(submitted, at_ten, tzinfo=zone)
    )
    ApplicationDecision.objects.filter(application=app, part="regional").update(
        decided_at=dt.datetime.combine(decided, at_ten, tzinfo=zone)
    )


DEMO_WORKER = "demo-worker"


def demo_worker_login_load() -> bool:
    """``demo-worker``: the worker login of one demo worker of demo employer 1 whose
    application was submitted, decided if there is one (docs/access.md, "Demo"). True if
    created now."""
    user_model: Any = get_user_model()
    if user_model.objects.filter(username=DEMO_WORKER).exists():
        return False
    # Submitted (any state after the draft): prefer one whose decisions are in.
    candidates = Application.objects.filter(
        organisation__enterprise_number=DEMO_ORGANISATIONS[0][0]
    ).exclude(state="draft")
    application = (
        candidates.filter(state="granted").order_by("id").first()
        or candidates.order_by("id").first()
    )
    if application is None:
        return False
    password = os.environ.get(DEMO_PASSWORD_ENV, "") or secrets.token_urlsafe(12)
    user_create_with_role(
        username=DEMO_WORKER, role=Role.WORKER, worker=application.worker, password=password
    )
    if not os.environ.get(DEMO_PASSWORD_ENV, ""):
        _append_secret_lines(
            _var_dir() / DEMO_LOGINS_FILE, [f"{DEMO_WORKER}\t{password}\t{Role.WORKER.value}"]
        )
    return True


def demo_mandate_filings_load(*, today: dt.date | None = None) -> int:
    """Two applications the demo law firm's agent files for the foreign demo employer (no
    Belgian enterprise number: only through its mandate), one submitted, one draft. Once;
    returns how many were filed now."""
    demo_access_load(today=today)
    day = today if today is not None else timezone.localdate()
    country, identifier, _ = DEMO_FOREIGN_EMPLOYER
    foreign = Organisation.objects.get(country=country, foreign_identifier=identifier)
    if Application.objects.filter(organisation=foreign).exists():
        return 0
    user_model: Any = get_user_model()
    agent = user_model.objects.select_related("profile").get(username=DEMO_LAW_FIRM_AGENT)
    filed = 0
    with transaction.atomic():
        for given, family, submit in (("Ravi", "Menon", True), ("Lucía", "Fernández", False)):
            worker = services.worker_create(
                actor=agent,
                organisation=foreign,
                given_name=given,
                family_name=family,
                birth_date=dt.date(1991, 6, 14),
                nationality="IN" if submit else "AR",
            )
            app = services.application_create(
                actor=agent,
                organisation=foreign,
                worker=worker,
                permit_type="intra_corporate_transfer",
                workplace_postcode="4700",
                category="ict_manager",
                occupation="1330",
                gross_salary=Decimal("82000"),
                salary_period="year",
                start_date=day + dt.timedelta(days=90),
                facts={"age": day.year - 1991},
                today=day,
            )
            if submit:
                services.application_submit(actor=agent, application=app, today=day)
            filed += 1
    return filed


def demo_load(*, seed: int = 4) -> DemoSummary:
    """Load the demo casework once (see the module docstring). Returns what it did."""
    demo_users_load()
    demo_access_load()
    try:
        return _demo_applications_load(seed=seed)
    finally:
        with transaction.atomic():
            demo_worker_login_load()


def _demo_applications_load(*, seed: int) -> DemoSummary:
    organisations = list(
        Organisation.objects.filter(enterprise_number__in=[n for n, _ in DEMO_ORGANISATIONS])
    )
    summary = DemoSummary()
    summary.existing = Application.objects.filter(organisation__in=organisations).count()
    if summary.existing:
        return summary
    users = _users()
    employers = {o.pk: users[f"demo-employer-{i}"] for i, o in enumerate(organisations, 1)}
    federal = users["demo-immigration-officer"]
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    states = [s for s, _ in TARGETS]
    weights = [w for _, w in TARGETS]
    with transaction.atomic():
        for region, count in PER_REGION.items():
            officer = _officer(users, region)
            for index in range(count):
                # Every state at least once per region, then by weight.
                target = states[index] if index < len(states) else rng.choices(states, weights)[0]
                organisation = organisations[index % len(organisations)]
                employer = employers[organisation.pk]
                postcode, _ = rng.choice(PLACES[region])
                category, occupation, (low, high) = rng.choice(PROFILES)
                # Drafts are recent; decided files older: a plausible spread over five months.
                age_days = rng.randint(0, 20) if target == "draft" else rng.randint(5, 150)
                day = today - dt.timedelta(days=age_days)
                birth = dt.date(rng.randint(1970, 2001), rng.randint(1, 12), rng.randint(1, 28))
                worker = services.worker_create(
                    actor=employer,
                    organisation=organisation,
                    given_name=rng.choice(GIVEN_NAMES),
                    family_name=rng.choice(FAMILY_NAMES),
                    birth_date=birth,
                    nationality=rng.choice(NATIONALITIES),
                )
                app = services.application_create(
                    actor=employer,
                    organisation=organisation,
                    worker=worker,
                    permit_type=rng.choice(["fixed_term", "fixed_term", "unlimited", "intra_corporate_transfer"]),
                    workplace_postcode=postcode,
                    category=category,
                    occupation=occupation,
                    occupation_on_shortage_list=category == "bottleneck",
                    gross_salary=Decimal(rng.randrange(low, high, 100)),
                    salary_period="year",
                    start_date=day + dt.timedelta(days=rng.randint(60, 120)),
                    facts={"age": today.year - birth.year},
                    today=day,
                )  # fmt: skip
                # Regional decisions 3 to 12 weeks after submission: around the 8-week target.
                decide_after = rng.randint(21, 84)
                app = _drive(
                    app,
                    target,
                    employer=employer,
                    officer=officer,
                    federal=federal,
                    day=day,
                    decide_after=decide_after,
                )
                _date_the_demo(app, day, min(day + dt.timedelta(days=decide_after), today))
                summary.created += 1
                summary.by_region[region] += 1
                summary.by_state[target] += 1
    return summary
