# SPDX-License-Identifier: EUPL-1.2
"""FR-04: adequate housing (002 §1.1.3 L182; §1.5.2 L339), a material requirement: it concerns
only the members not exempt from them (002 L603, L622)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import Rule, rule


def material_fact(k: Any, rule_: Rule, name: str, value: Any, members: Any, concerns: Any) -> None:
    k.check(
        rule_,
        value,
        (f"{name}_ok", f"{name}_no", f"{name}_missing"),
        inputs={name: value, "members": members},
        missing=[name],
        concerns=concerns,
    )


@rule(
    "FR-04",
    label="Adequate housing",
    procedure="family_reunification",
    citation=Citation(catalogue="FR-04", seed="002 §1.1.3 L182; §1.5.2 L339"),
    facts=("adequate_housing",),
)
def housing(k: Any, x: Any, members: Any, concerns: Any) -> None:
    rule_ = housing.RULE  # type: ignore[attr-defined]
    material_fact(k, rule_, "adequate_housing", x.adequate_housing, members, concerns)
