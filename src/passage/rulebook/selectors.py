# SPDX-License-Identifier: EUPL-1.2
"""Reads: the rulebook in force for this installation (packaged YAML + administrators' rows)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField
from django.db.models.expressions import RawSQL

from passage.rulebook.models import OccupationListEntry, ParameterOverride
from passage.rules import ParameterOverlay, Rulebook, RulebookError, default_rulebook, load_rulebook
from passage.rules.parameters import ParameterValue

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: tuple[tuple[int, str], Rulebook] | None = None
#: Bumped by the services after a write, so this process sees its own change at once even
#: where the database aggregates below would not show it (they also catch other processes).
_generation = 0


def rulebook_invalidate() -> None:
    global _generation
    with _lock:
        _generation += 1


#: The name under which ``rulebook_state_annotation`` reads the fingerprint with a row.
RULEBOOK_STATE = "rulebook_state"


def _state_sql() -> str:
    overrides = connection.ops.quote_name(ParameterOverride._meta.db_table)
    entries = connection.ops.quote_name(OccupationListEntry._meta.db_table)
    return (
        "SELECT concat_ws(',', o.n, coalesce(o.last, 0), e.n, coalesce(e.last, 0))"  # noqa: S608 (the models' own tables)
        f" FROM (SELECT count(id) AS n, max(id) AS last FROM {overrides}) AS o,"
        f" (SELECT count(id) AS n, max(id) AS last FROM {entries}) AS e"
    )


def rulebook_state_annotation() -> dict[str, RawSQL]:
    """The fingerprint (``_state``) as an annotation of another query: the submission reads it
    in the statement that locks the application, and passes it to ``rulebook_current``, instead
    of a statement of its own."""
    return {RULEBOOK_STATE: RawSQL(f"({_state_sql()})", [], output_field=CharField())}  # noqa: S611 (constant SQL)


def _state() -> str:
    """A cheap fingerprint of both tables: count and highest id of each. Rows are append-only
    (corrected by deleting and re-entering, see models), so it changes on every insert or
    delete. Both aggregates in one statement, in SQL: it runs on every submission and
    assessment, and the ORM's two ``aggregate()`` calls cost a round trip and more Python time
    than the query."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql())
        row = cursor.fetchone()
    return str(row[0])


def rulebook_current(state: str | None = None) -> Rulebook:
    """The packaged rulebook with every verified value and loaded occupation code applied;
    rebuilt only when either table changed.

    ``state``: the fingerprint, when the caller read it with a row of its own
    (``rulebook_state_annotation``); otherwise one statement reads it here."""
    global _cached
    key = (_generation, state if state is not None else _state())
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        # Built from reads made after the fingerprint's: never older than what it names (a
        # newer build under an older key is rebuilt at the next call, never served stale).
        rulebook = _build()
        _cached = (key, rulebook)
        return rulebook


def _build() -> Rulebook:
    overrides = list(ParameterOverride.objects.select_related("entered_by"))
    entries = OccupationListEntry.objects.values_list("list_id", "code")
    if not overrides and not entries:
        return default_rulebook()
    overlays = [
        ParameterOverlay(
            parameter=o.parameter,
            start=o.start,
            value=o.value,
            status=o.status,
            reference=o.reference,
            entered_by=o.entered_by.get_username(),
        )
        for o in overrides
    ]
    lists: dict[str, list[str]] = defaultdict(list)
    for list_id, code in entries:
        lists[list_id].append(code)
    try:
        return load_rulebook(overlays, lists)
    except RulebookError:
        # A row the services accepted no longer fits the packaged rulebook (a parameter
        # renamed or a list removed in a new release). Keep answering with the rows that
        # still fit rather than failing every request; the log names the problem.
        logger.exception("Some administrator values no longer fit the rulebook; skipping them")
    base = default_rulebook()
    kept = [o for o in overlays if _overlay_fits(o)]
    return load_rulebook(kept, {k: v for k, v in lists.items() if k in base.occupation_lists})


def _overlay_fits(overlay: ParameterOverlay) -> bool:
    try:
        load_rulebook([overlay])
    except RulebookError:
        return False
    return True


# --- the public parameter explorer ----------------------------------------------------------

_SEED_RE = re.compile(r"^\s*(\d{3})\b\s*(.*)$", re.DOTALL)
_SECTION_RE = re.compile(r"§\s*([\d.]+)")
_LINE_RE = re.compile(r"\bL(\d+)")


@dataclass(frozen=True, slots=True)
class SeedSource:
    """Where in a seed a value comes from, read from its ``seed`` text ("002 §1.2.2 L248")."""

    raw: str
    #: The seed file's number ("002"), or None when the text names no seed (an overlay).
    seed: str | None
    section: str | None
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ExplorerValue:
    start: dt.date
    #: The last day it applies (inclusive), None while no later value replaces it.
    end: dt.date | None
    value: ParameterValue
    source: SeedSource


@dataclass(frozen=True, slots=True)
class ExplorerChange:
    day: dt.date
    old: ParameterValue | None
    new: ParameterValue


@dataclass(frozen=True, slots=True)
class ExplorerParameter:
    name: str
    description: str
    unit: str
    #: The catalogue rules that read the parameter: its ``rule_id``, then the catalogue ids
    #: its values cite, in order of first appearance.
    rules: tuple[str, ...]
    values: tuple[ExplorerValue, ...]
    changes: tuple[ExplorerChange, ...]
    rulebook_version: str

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.value.status for v in self.values))


def seed_source(text: str) -> SeedSource:
    match = _SEED_RE.match(text)
    if match is None:
        return SeedSource(raw=text, seed=None, section=None, lines=())
    rest = match.group(2)
    section = _SECTION_RE.search(rest)
    lines = tuple(dict.fromkeys(int(n) for n in _LINE_RE.findall(rest)))
    return SeedSource(
        raw=text, seed=match.group(1), section=section.group(1) if section else None, lines=lines
    )


def _explorer_parameter(rulebook: Rulebook, name: str) -> ExplorerParameter:
    vals = rulebook.values[name]
    rows = []
    for i, v in enumerate(vals):
        if v.status == "expired":
            continue  # an end of validity: shown as the previous value's end and as a change
        nxt = vals[i + 1] if i + 1 < len(vals) else None
        end = nxt.start - dt.timedelta(days=1) if nxt is not None else None
        rows.append(
            ExplorerValue(start=v.start, end=end, value=v, source=seed_source(v.citation.seed))
        )
    changes = [
        ExplorerChange(day=new.start, old=old, new=new)
        for old, new in zip((None, *vals[:-1]), vals, strict=True)
    ]
    first = vals[0]
    rules = tuple(dict.fromkeys([first.rule_id, *(v.citation.catalogue for v in vals)]))
    return ExplorerParameter(
        name=name,
        description=first.description,
        unit=first.unit,
        rules=rules,
        values=tuple(rows),
        changes=tuple(changes),
        rulebook_version=rulebook.version,
    )


def parameters_explorer() -> list[ExplorerParameter]:
    """Every parameter of the rulebook in force (verified values included), by name."""
    rulebook = rulebook_current()
    return [_explorer_parameter(rulebook, name) for name in sorted(rulebook.values)]


def parameter_explorer_get(name: str) -> ExplorerParameter | None:
    """One parameter, or None when the rulebook has no parameter of that name."""
    rulebook = rulebook_current()
    if name not in rulebook.values:
        return None
    return _explorer_parameter(rulebook, name)
