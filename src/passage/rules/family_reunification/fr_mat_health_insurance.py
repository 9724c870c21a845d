# SPDX-License-Identifier: EUPL-1.2
"""FR-MAT: health insurance. It has no catalogue id of its own: it is one of the material
requirements that FRR-01 and FRX-03 (c) name (002 §2.2.2 L603; §1.1.4 L196)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.family_reunification.fr_04_housing import material_fact
from passage.rules.kernel.rule import rule


@rule(
    "FR-MAT",
    label="Health insurance",
    procedure="family_reunification",
    citation=Citation(catalogue="FR-MAT", seed="002 §2.2.2 L603; §1.1.4 L196"),
    facts=("health_insurance",),
)
def health_insurance(k: Any, x: Any, members: Any, concerns: Any) -> None:
    rule_ = health_insurance.RULE  # type: ignore[attr-defined]
    material_fact(k, rule_, "health_insurance", x.health_insurance, members, concerns)
