# SPDX-License-Identifier: EUPL-1.2
"""Crossroads Bank for Social Security: the declared-wage adapter and its local simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # The client imports httpx (~0.25 s without bytecode); loading it only when a name is
    # used keeps `passage …` commands that merely register `passage cbss` fast (issue 9 item 2).
    if name in __all__:
        import importlib

        return getattr(importlib.import_module("passage.casework.cbss.client"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
