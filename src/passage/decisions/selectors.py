# SPDX-License-Identifier: EUPL-1.2
"""Reads for decision letters."""

from __future__ import annotations

from passage.casework.models import ApplicationDecision
from passage.decisions.models import DecisionLetter


def decisions_for_reference(reference: str) -> list[ApplicationDecision]:
    """The decisions of the application ``reference`` (regional first)."""
    return sorted(
        ApplicationDecision.objects.select_related("application", "application__organisation")
        .filter(application__reference=reference)
        .order_by("decided_at"),
        key=lambda d: d.part != "regional",
    )


def letter_by_code(code: str) -> DecisionLetter | None:
    return (
        DecisionLetter.objects.select_related("decision", "decision__application")
        .filter(verification_code=code)
        .first()
    )


def letter_for_decision(decision: ApplicationDecision) -> DecisionLetter | None:
    return DecisionLetter.objects.filter(decision=decision).first()
