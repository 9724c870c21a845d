# SPDX-License-Identifier: EUPL-1.2
"""Coded facts named in a sentence in the reader's language (a region, a sector), so that an
explanation never shows a code such as ``german_speaking_community``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from passage.rules.single_permit import FACT_SHEET, REGIONS, SECTORS
from passage.rules.trace import Localized


class Term(Localized):
    """One name per language (en, nl, fr, de)."""

    __slots__ = ("names",)

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def memo_key(self) -> Any:
        return (Term, *self.names.items())

    def render(self, lang: str) -> str:
        return self.names[lang]


#: The single-permit form's labels (single_permit/facts.py), one source for every procedure
#: that asks the region or the sector.
REGION_NAMES: dict[str, Mapping[str, str]] = {r: FACT_SHEET["region"].labels[r] for r in REGIONS}
SECTOR_NAMES: dict[str, Mapping[str, str]] = {s: FACT_SHEET["sector"].labels[s] for s in SECTORS}


def region_term(region: str) -> Term:
    return Term(REGION_NAMES[region])


def sector_term(sector: str) -> Term:
    return Term(SECTOR_NAMES[sector])
