# SPDX-License-Identifier: EUPL-1.2
"""The federal login's levels of assurance (FAS ``acr`` values), shared by the provider and
the client. FAS numbers its levels; a higher number is a stronger means. Plain Python."""

from __future__ import annotations

import re

PREFIX = "urn:be:fedict:iam:fas:Level"
#: eID card (with a reader) and itsme: the level a signature in the portal requires.
LEVEL_EID = f"{PREFIX}450"
#: Username, password and a TOTP app: enough to read and file, not to sign.
LEVEL_TOTP = f"{PREFIX}200"
LEVELS = (LEVEL_TOTP, LEVEL_EID)

_LEVEL = re.compile(r"urn:be:fedict:iam:fas:Level(\d+)")


def level_rank(level: str) -> int:
    """The number of a FAS level (``…:Level450`` → 450); 0 for anything else."""
    match = _LEVEL.fullmatch(level or "")
    return int(match.group(1)) if match else 0
