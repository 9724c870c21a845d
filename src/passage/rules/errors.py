# SPDX-License-Identifier: EUPL-1.2
"""Errors the engine raises for bad input; each names the offending field."""

from __future__ import annotations


class InputError(ValueError):
    """A case that cannot be evaluated as given (the CLI exits 2, the API answers 400)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RulebookError(RuntimeError):
    """The parameter files themselves are inconsistent (a programming or data error)."""
