# SPDX-License-Identifier: EUPL-1.2
"""Family reunification now lives in ``passage.rules.family_reunification`` (one module per
rule over the rule kernel); these names stay for the readers of the old module (the OpenAPI
document, the benchmark's generator)."""

from __future__ import annotations

from passage.rules.family_reunification import (
    FACT_SHEET,
    MEMBER_SHEET,
    PRESUMED_INCOME_CATEGORIES,
    RELATIONSHIPS,
    SPONSOR_STATUSES,
    income_threshold,
)
from passage.rules.family_reunification.common import CHILDREN, PARTNERS, PROTECTION, REFUGEE_LIKE
from passage.rules.family_reunification.fr_01_income import _round

FACTS = FACT_SHEET.names
MEMBER_FACTS = frozenset(f.name for f in MEMBER_SHEET.facts)

__all__ = [
    "CHILDREN",
    "FACTS",
    "MEMBER_FACTS",
    "PARTNERS",
    "PRESUMED_INCOME_CATEGORIES",
    "PROTECTION",
    "REFUGEE_LIKE",
    "RELATIONSHIPS",
    "SPONSOR_STATUSES",
    "_round",
    "income_threshold",
]
