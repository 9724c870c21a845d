# SPDX-License-Identifier: EUPL-1.2
"""Write the parts of docs/rules/*.schema.json that come from the facts declarations.

``python -m passage.rules.schemas`` rewrites them; tests/rules/test_schema.py fails when the
committed files differ from what the declarations give (issue 9 item 3: facts declared once).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from passage.rules.engine import KERNEL

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules"
_TITLES = {
    "single_permit": (
        "Single permit (work authorisation): SAL-01, SAL-02, LMT-00, BNP-*, FLA-01, FLA-02, "
        "FLA-07. Only procedure and date are required: a fact not given leaves the checks "
        "that need it undecided and the decision incomplete, naming it in missing_facts.",
        "Single permit: the regional work-authorisation conditions.",
    ),
    "family_reunification": (
        "Family reunification with a sponsor in Belgium: FR-01 to FR-06, FRR-*, FRS-*, FRT-*, "
        "FRX-03, FRX-04, FR-MAT. Only procedure and date are required: a fact not given "
        "(a family member's too, named family_members[i].fact) leaves the checks that need "
        "it undecided and the decision incomplete, naming it in missing_facts.",
        "Family reunification: the sponsor's status, the members, income and housing.",
    ),
}


def case_schema(current: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(current))
    for procedure, (_run, sheet) in KERNEL.items():
        title, description = _TITLES[procedure]
        out["$defs"][procedure] = sheet.json_schema(title, description)
    return out


def main(argv: list[str]) -> int:
    path = DOCS / "case.schema.json"
    current = json.loads(path.read_text(encoding="utf-8"))
    wanted = case_schema(current)
    if "--check" in argv:
        return 0 if wanted == current else 1
    path.write_text(json.dumps(wanted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
