# SPDX-License-Identifier: EUPL-1.2
"""FR-03: registered and unmarried partners must prove a durable and stable relationship
(002 §1.1.3 L181; §1.5.2 L338)."""

from __future__ import annotations

from typing import Any

from passage.rules.decision import Citation
from passage.rules.kernel.rule import rule


@rule(
    "FR-03",
    label="Partners: a durable and stable relationship",
    procedure="family_reunification",
    citation=Citation(
        catalogue="FR-03", seed="002 §1.1.3 L181; §1.5.2 L338", legal_act="Law of 18 Jul 2025"
    ),
    facts=("relationship", "durable_relationship"),
)
def durable_relationship(k: Any, m: Any) -> None:
    rule_ = durable_relationship.RULE  # type: ignore[attr-defined]
    durable = m.durable_relationship
    k.check(
        rule_,
        durable,
        ("durable_ok", "durable_no", "durable_missing"),
        inputs={"member": m.field, "durable_relationship": durable},
        member=m.field,
        missing=["durable_relationship"],
    )
