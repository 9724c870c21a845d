# SPDX-License-Identifier: EUPL-1.2
"""PLACEHOLDER (being written): alert rules on indicators, subscriptions, deliveries."""

from __future__ import annotations

from passage.monitoring.models import Alert, RefreshRun


def alerts_evaluate(run: RefreshRun) -> list[Alert]:
    """Raise the alerts this run's indicator values and crossing probabilities call for."""
    return []
