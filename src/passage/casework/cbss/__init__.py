# SPDX-License-Identifier: EUPL-1.2
"""Crossroads Bank for Social Security: the declared-wage adapter and its local simulator."""

from passage.casework.cbss.client import (
    CbssClient,
    CbssError,
    CbssUnavailable,
    CbssUnknownWorker,
    DeclaredWage,
    get_client,
)

__all__ = [
    "CbssClient",
    "CbssError",
    "CbssUnavailable",
    "CbssUnknownWorker",
    "DeclaredWage",
    "get_client",
]
