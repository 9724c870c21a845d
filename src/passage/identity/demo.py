# SPDX-License-Identifier: EUPL-1.2
"""The demo identities of the local federal-login provider, one per demo login.

Both sides read this module: the provider (``passage.identity.provider``, a process without
Django) offers them on its authorize page, and ``passage data demo`` links each one that has a
Django user to that user (``FederalIdentity`` rows). The national register numbers are made
up, with valid mod-97 check digits (``passage.casework.crypto.nrn_is_valid``; a test checks
every one), and the birth dates are not those of anyone in particular. The worker is born in
2002, so the post-2000 check-digit rule is exercised too.

Plain data only: no Django import, so the provider starts without loading Django.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoIdentity:
    #: The Django username it logs in as; None: nobody, so the login shows the no-access page.
    username: str | None
    nrn: str
    given_name: str
    surname: str
    language: str  # prefLanguage: nl, fr, de or en
    #: What the simulator's page says this person is (English: the simulator is not translated).
    description: str

    @property
    def key(self) -> str:
        """The value the authorize form posts for this identity."""
        return self.username or f"nobody-{self.nrn}"

    @property
    def fedid(self) -> str:
        # FAS gives each citizen a stable federal id beside the register number; the demo's is
        # derived from the number so that it stays the same from one provider start to the next.
        return f"fedid-demo-{self.nrn[-5:]}{self.nrn[:3]}"


DEMO_IDENTITIES: tuple[DemoIdentity, ...] = (
    DemoIdentity(
        "demo-employer-1", "85041200194", "Lotte", "Peeters", "nl", "Employer, Demo Logistics NV"
    ),
    DemoIdentity(
        "demo-employer-2", "79092300359", "Julien", "Dubois", "fr", "Employer, Demo Software BV"
    ),
    DemoIdentity(
        "demo-officer-flanders", "88010500551", "Sofie", "Janssens", "nl", "Officer, Flanders"
    ),
    DemoIdentity(
        "demo-officer-wallonia", "91061700778", "Camille", "Lambert", "fr", "Officer, Wallonia"
    ),
    DemoIdentity(
        "demo-officer-brussels", "83022800935", "Youssef", "El Amrani", "fr", "Officer, Brussels"
    ),
    DemoIdentity(
        "demo-officer-german-speaking-community",
        "76071101143",
        "Lukas",
        "Schmitz",
        "de",
        "Officer, German-speaking Community",
    ),
    DemoIdentity(
        "demo-immigration-officer",
        "87033001362",
        "Marie",
        "Claes",
        "nl",
        "Officer, Immigration Office",
    ),
    DemoIdentity("demo-analyst", "92081401501", "Thomas", "Wouters", "en", "Analyst"),
    DemoIdentity("demo-administrator", "81050201710", "Anne", "Dupont", "fr", "Administrator"),
    DemoIdentity("demo-stakeholder", "84091901974", "Pieter", "Maes", "nl", "External stakeholder"),
    DemoIdentity(
        "demo-lawfirm-agent",
        "89010102179",
        "Elise",
        "Martin",
        "fr",
        "Law-firm agent (acts for employers under mandates)",
    ),
    DemoIdentity(
        "demo-access-manager",
        "93072502365",
        "Bram",
        "Jacobs",
        "nl",
        "Access manager, Demo Logistics NV",
    ),
    DemoIdentity("demo-worker", "02061502724", "Amina", "Haddad", "en", "Third-country worker"),
    DemoIdentity(
        None, "95031002542", "Noah", "Willems", "nl", "Unknown person (no access in Passage)"
    ),
)

DEMO_BY_KEY: dict[str, DemoIdentity] = {identity.key: identity for identity in DEMO_IDENTITIES}
