# SPDX-License-Identifier: EUPL-1.2
"""Dated legal parameters, loaded from ``parameters/**/*.yaml``.

The layout follows OpenFisca: a file holds one parameter (it has ``values``) or a node whose
children are parameters; the parameter's name is its path (``single_permit.salary.flanders.
executive``). Every value is keyed by the date it takes effect and carries its own status and
reference, because a threshold's legal standing can change while its amount does not.

A value that the catalogue doubts (``needs_review``) is never applied silently: the engine
answers ``needs_review`` until an administrator enters a verified value as an overlay.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from passage.rules.decision import Citation
from passage.rules.errors import InputError, RulebookError

PARAMETERS_DIR = Path(__file__).parent / "parameters"

#: The first day the rulebook answers for. The seeds describe 2025 onwards (002 is the
#: 2025 overview); values before this date are not encoded, so earlier dates are refused.
RULEBOOK_START = dt.date(2025, 1, 1)

UNITS = frozenset(
    {
        "EUR/year gross",
        "EUR/month gross",
        "EUR/month net",
        "EUR",
        "days",
        "working days",
        "months",
        "years",
        "count",
        "ratio",
        "date",
        "boolean",
        "choice",
        "country list",
    }
)
STATUSES = frozenset(
    {
        "in_force",
        "transitional",
        "suspended",
        "adopted_not_in_force",
        "policy",
        "unverified",
        # An authority's standing administrative practice (e.g. Fedasil's saturation rate).
        "practice",
        # A documented default for a question the seeds leave open; the trace names it.
        "interpretation",
        # The value stopped applying on this date (an end of validity).
        "expired",
    }
)
#: Statuses whose values the engine applies; any other is reported, never applied.
APPLICABLE_STATUSES = frozenset({"in_force", "transitional", "practice", "interpretation"})
#: The status of a value from a what-if proposal (issue 9 item 8). It is deliberately not in
#: ``STATUSES``: neither the YAML files nor an administrator's overlay can carry it, so only a
#: rulebook built by ``Rulebook.with_proposal`` holds such values, and only there are they
#: applied; the rulebook in force never sees them.
PROPOSED = "proposed"
#: The flag every check computed from a proposed value carries, so a trace shows at once that
#: the threshold is a proposal, not law.
PROPOSAL_FLAG = "PROPOSAL"


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One dated value of a parameter, as in force from ``start``."""

    name: str
    start: dt.date
    value: Any
    unit: str
    status: str
    rule_id: str
    citation: Citation
    description: str
    flags: tuple[str, ...] = ()
    needs_review: str | None = None
    start_known: bool = True
    note: str | None = None
    entered_by: str | None = None

    @property
    def applicable(self) -> bool:
        return (
            self.status in APPLICABLE_STATUSES or self.status == PROPOSED
        ) and self.needs_review is None

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out: dict[str, Any] = {
            "parameter": self.name,
            "rule": self.rule_id,
            "value": value,
            "unit": self.unit,
            "status": self.status,
            "effective_date": self.start.isoformat(),
            "effective_date_known": self.start_known,
            "citation": self.citation.to_dict(),
            "description": self.description,
            "flags": list(self.flags),
        }
        if self.needs_review:
            out["needs_review"] = self.needs_review
        if self.note:
            out["note"] = self.note
        if self.entered_by:
            out["entered_by"] = self.entered_by
        return out


@dataclass(frozen=True, slots=True)
class ParameterOverlay:
    """A value an administrator verified and entered (e.g. AMB-SAL-2's Blue Card cell)."""

    parameter: str
    start: dt.date
    value: str
    status: str
    reference: str
    entered_by: str


@dataclass(frozen=True, slots=True)
class OccupationListVersion:
    list_id: str
    region: str
    start: dt.date
    end: dt.date | None
    #: None when the seeds do not give the list's size: such a list is never complete.
    size: int | None
    codes: frozenset[str]
    status: str
    citation: Citation
    description: str
    flags: tuple[str, ...] = ()
    start_known: bool = True

    @property
    def complete(self) -> bool:
        """True once every occupation of the list is loaded, so absence means 'not on it'."""
        return self.size is not None and len(self.codes) >= self.size

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class ParameterNotApplicable(Exception):
    """A parameter the case needs has no value the engine may apply on that day."""

    def __init__(self, name: str, day: dt.date, found: ParameterValue | None) -> None:
        super().__init__(f"{name} on {day.isoformat()}")
        self.name = name
        self.day = day
        self.found = found

    @property
    def reason(self) -> str:
        if self.found is None:
            return f"no value of {self.name} is in force on {self.day.isoformat()}"
        if self.found.needs_review:
            return self.found.needs_review
        return f"the value of {self.name} in force on {self.day.isoformat()} has status {self.found.status}"


#: Entries of ``Rulebook.get``'s memo before it starts again (a few MB at most).
_FOUND_LIMIT = 65_536


@dataclass(frozen=True)
class Rulebook:
    """All parameters and occupation lists, indexed for fast dated look-up."""

    values: Mapping[str, tuple[ParameterValue, ...]]
    occupation_lists: Mapping[str, tuple[OccupationListVersion, ...]]
    version: str
    #: The changes this rulebook proposes on top of the rules in force (empty: the rules in
    #: force); see ``with_proposal``.
    proposal: tuple[ProposedChange, ...] = ()
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)
    #: ``get`` by (name, day): a rulebook is immutable, and a case reads a few dozen
    #: parameters on a handful of days (issue 9: per-case latency). Bounded by clearing.
    _found: dict[tuple[str, dt.date], ParameterValue | None] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for name, vals in self.values.items():
            self._starts[name] = [v.start.toordinal() for v in vals]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.values)

    def get(self, name: str, day: dt.date) -> ParameterValue | None:
        """The value in force on ``day``, or None before the first value or after an end."""
        memo = self._found
        key = (name, day)
        if key in memo:
            return memo[key]
        starts = self._starts.get(name)
        if starts is None:
            raise RulebookError(f"unknown parameter {name!r}")
        i = bisect.bisect_right(starts, day.toordinal()) - 1
        found: ParameterValue | None = None
        if i >= 0:
            found = self.values[name][i]
            if found.status == "expired":
                found = None
        if len(memo) >= _FOUND_LIMIT:
            memo.clear()
        memo[key] = found
        return found

    def require(self, name: str, day: dt.date) -> ParameterValue:
        """The value in force on ``day`` that the engine may apply. A value that is missing,
        expired, doubtful (needs_review) or not in force (suspended, unverified, adopted but
        not in force, policy) raises ``ParameterNotApplicable``: the engine turns it into a
        needs_review decision naming the parameter, never applies it silently."""
        found = self.get(name, day)
        if found is None or not found.applicable:
            raise ParameterNotApplicable(name, day, found)
        return found

    def occupation_list(self, list_id: str, day: dt.date) -> OccupationListVersion | None:
        for version in reversed(self.occupation_lists.get(list_id, ())):
            if version.covers(day):
                return version
        return None

    def parameters_in_force(self, day: dt.date) -> list[ParameterValue]:
        out = []
        for name in sorted(self.values):
            found = self.get(name, day)
            if found is not None:
                out.append(found)
        return out

    def with_proposal(
        self, proposal: Sequence[Mapping[str, Any] | ProposedChange], field: str = "proposal"
    ) -> Rulebook:
        """This rulebook with a proposed change of parameter values (a what-if, issue 9
        item 8): each change ``{parameter, start, value[, label]}`` applies from its start,
        with status ``proposed`` and the citation ``proposal: <label>``, and supersedes the
        parameter's values from that day on (as OpenFisca's ``update`` without a stop: a
        temporary measure is proposed as two changes). ``self`` is not modified.

        A bad proposal raises ``InputError`` naming the field (``proposal[0].value``)."""
        changes = parse_proposal(proposal, self, field)
        values = dict(self.values)
        by_name: dict[str, list[ProposedChange]] = {}
        for change in changes:
            by_name.setdefault(change.parameter, []).append(change)
        digest = hashlib.sha256(self.version.encode())
        for name, proposed in sorted(by_name.items()):
            proposed.sort(key=lambda c: c.start)
            template = values[name][-1]
            kept = tuple(v for v in values[name] if v.start < proposed[0].start)
            entries = tuple(
                replace(
                    template,
                    start=c.start,
                    value=c.value,
                    status=PROPOSED,
                    citation=Citation(
                        catalogue=template.citation.catalogue,
                        seed=f"proposal: {c.label}" if c.label else "proposal",
                    ),
                    # The seed's flags describe the seed's value, not the proposed one.
                    flags=(PROPOSAL_FLAG,),
                    needs_review=None,
                    start_known=True,
                    note=f"proposal: {c.label}" if c.label else "proposal",
                    entered_by=None,
                )
                for c in proposed
            )
            values[name] = kept + entries
            for c in proposed:
                digest.update(f"{name}|{c.start}|{_value_text(c.value)}|{c.label}\0".encode())
        return Rulebook(
            values=values,
            occupation_lists=self.occupation_lists,
            version=f"{self.version}+proposal:{digest.hexdigest()[:8]}",
            proposal=(*self.proposal, *changes),
        )


# --- what-if proposals (issue 9 item 8) -----------------------------------------------------

#: Changes one proposal may hold: an indexation touches a few dozen amounts at most, and every
#: change rebuilds one parameter's dated values.
MAX_PROPOSAL_CHANGES = 50
MAX_LABEL_LENGTH = 200
#: Proposed amounts are below a billion euros: far above any threshold, far inside the bulk
#: path's int64 cents.
MAX_PROPOSED_AMOUNT = Decimal(10) ** 9
#: Upper bounds of proposed whole numbers, per unit: a century of days or months, 150 years;
#: dates computed from them stay far from the year 9999.
_WHOLE_LIMITS = {
    "days": 36_600,
    "working days": 36_600,
    "months": 1_200,
    "years": 150,
    "count": 10**9,
}
#: Every unit but "choice".
PROPOSABLE_UNITS = UNITS - {"choice"}
_CHANGE_KEYS = ("parameter", "start", "value", "label")
_COUNTRY = re.compile(r"[A-Z]{2}")
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class ProposedChange:
    """One proposed value of a parameter from ``start``, its value already of the
    parameter's own type (Decimal for money and ratios, int, date, bool, tuple)."""

    parameter: str
    start: dt.date
    value: Any
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "parameter": self.parameter,
            "start": self.start.isoformat(),
            "value": _value_json(self.value),
        }
        if self.label:
            out["label"] = self.label
        return out


def _value_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _value_text(value: Any) -> str:
    return ",".join(value) if isinstance(value, tuple) else str(_value_json(value))


def parse_proposal(
    raw: Any, rulebook: Rulebook, field: str = "proposal"
) -> tuple[ProposedChange, ...]:
    """Validate a proposal (a list of ``{parameter, start, value[, label]}``) against the
    rulebook's parameters; ``InputError`` names the field (``proposal[2].start``)."""
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise InputError(field, "must be a JSON array of changes {parameter, start, value}")
    if not raw:
        raise InputError(field, "is empty: propose at least one change")
    if len(raw) > MAX_PROPOSAL_CHANGES:
        raise InputError(
            field, f"has {len(raw)} changes; the limit is {MAX_PROPOSAL_CHANGES} per proposal"
        )
    out: list[ProposedChange] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for i, item in enumerate(raw):
        where = f"{field}[{i}]"
        # A ProposedChange (a caller in Python) is checked against this rulebook all the same.
        doc = item.to_dict() if isinstance(item, ProposedChange) else item
        change = _parse_change(doc, rulebook, where)
        key = (change.parameter, change.start)
        if key in seen:
            raise InputError(
                f"{where}.start",
                f"{field}[{seen[key]}] already proposes a value of {change.parameter} "
                f"from {change.start.isoformat()}",
            )
        seen[key] = i
        out.append(change)
    return tuple(out)


def _parse_change(item: Any, rulebook: Rulebook, where: str) -> ProposedChange:
    if not isinstance(item, Mapping):
        raise InputError(where, "must be an object {parameter, start, value}")
    for key in item:
        if key not in _CHANGE_KEYS:
            raise InputError(
                f"{where}.{key}",
                "is not a key of a change; expected parameter, start, value and optionally label",
            )
    for key in ("parameter", "start", "value"):
        if item.get(key) is None:
            raise InputError(f"{where}.{key}", "is required")
    name = item["parameter"]
    if not isinstance(name, str):
        raise InputError(f"{where}.parameter", "must be a parameter's dotted name (text)")
    if name not in rulebook.values:
        close = difflib.get_close_matches(name, sorted(rulebook.values), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see passage rules params)"
        raise InputError(f"{where}.parameter", f"{name!r} is not a rulebook parameter{hint}")
    start = _proposed_date(item["start"], f"{where}.start")
    if start < RULEBOOK_START:
        raise InputError(
            f"{where}.start", f"is before the rulebook starts ({RULEBOOK_START.isoformat()})"
        )
    unit = rulebook.values[name][-1].unit
    if unit not in PROPOSABLE_UNITS:
        # A named choice's options live in the procedure that reads it, not in the rulebook,
        # so a proposed option could not be validated: choices change in interpretation.yaml.
        raise InputError(
            f"{where}.parameter",
            f"{name} is a {unit}; a proposal changes amounts, ratios, whole numbers, dates, "
            "true/false and country lists",
        )
    value = _proposed_value(item["value"], unit, f"{where}.value")
    label = item.get("label")
    if label is not None:
        if not isinstance(label, str) or not label.strip():
            raise InputError(f"{where}.label", "must be non-empty text")
        label = label.strip()
        if len(label) > MAX_LABEL_LENGTH:
            raise InputError(f"{where}.label", f"is longer than {MAX_LABEL_LENGTH} characters")
    return ProposedChange(name, start, value, label)


def _proposed_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        raise InputError(where, "must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
        raise InputError(where, f"{raw!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(where, f"{raw!r} is not a date in the form YYYY-MM-DD") from None


def _proposed_value(raw: Any, unit: str, where: str) -> Any:
    """A proposed value in the parameter's own type and unit, bounded."""
    if unit.startswith("EUR") or unit == "ratio":
        if isinstance(raw, float):
            # A binary float cannot hold every cent; the JSON readers give Decimals.
            raise InputError(where, f"{raw!r}: send the amount as a decimal string")
        if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal):
            raise InputError(where, f"{raw!r} is not a decimal amount ({unit})")
        if isinstance(raw, str) and len(raw) > 40:
            raise InputError(where, "is longer than 40 characters")
        if isinstance(raw, str) and not _DECIMAL_TEXT.fullmatch(raw):
            # Decimal() would also take "1_000", " 12 ", "+5" and "1e3": an amount is written
            # plainly.
            raise InputError(where, f'{raw!r} is not a decimal amount ({unit}), e.g. "2150.00"')
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise InputError(where, f"{raw!r} is not a decimal amount ({unit})") from None
        if not amount.is_finite():
            raise InputError(where, f"{raw!r} is not a decimal amount ({unit})")
        if amount < 0:
            raise InputError(where, "must not be negative")
        if unit == "ratio":
            if amount > 10:
                raise InputError(where, "is a ratio: at most 10")
            if amount != amount.quantize(Decimal("0.000001")):
                raise InputError(where, "has more than six decimals")
            return amount
        if amount >= MAX_PROPOSED_AMOUNT:
            raise InputError(where, f"must be less than € {MAX_PROPOSED_AMOUNT:,.0f}")
        if amount != amount.quantize(Decimal("0.01")):
            raise InputError(where, "has digits below the cent")
        return amount
    if unit in _WHOLE_LIMITS:
        if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) <= 12:
            raw = int(raw.strip())
        elif isinstance(raw, Decimal) and raw.is_finite() and raw == raw.to_integral_value():
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InputError(where, f"{raw!r} is not a whole number of {unit}")
        # A count divides (months per year, capacity): zero would be a division by zero.
        low = 1 if unit == "count" else 0
        if not low <= raw <= _WHOLE_LIMITS[unit]:
            raise InputError(where, f"must be between {low} and {_WHOLE_LIMITS[unit]} {unit}")
        return raw
    if unit == "date":
        return _proposed_date(raw, where)
    if unit == "boolean":
        if not isinstance(raw, bool):
            raise InputError(where, f"{raw!r} is not true or false")
        return raw
    if unit == "country list":
        if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
            raise InputError(where, "must be an array of ISO 3166-1 alpha-2 codes (XK: Kosovo)")
        if len(raw) > 300:
            raise InputError(where, "has more than 300 countries")
        for j, code in enumerate(raw):
            if not isinstance(code, str) or not _COUNTRY.fullmatch(code):
                raise InputError(f"{where}[{j}]", f"{code!r} is not an ISO 3166-1 alpha-2 code")
            if code in raw[:j]:
                raise InputError(f"{where}[{j}]", f"{code!r} is listed twice")
        return tuple(raw)
    raise InputError(where, f"a {unit} cannot be proposed")


# --- loading -------------------------------------------------------------------------------


def _as_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise RulebookError(f"{where}: {raw!r} is not an ISO date") from exc


def _coerce(raw: Any, unit: str, where: str) -> Any:
    if raw is None:
        return None
    if unit.startswith("EUR") or unit in {"ratio"}:
        try:
            return Decimal(str(raw))
        except InvalidOperation as exc:
            raise RulebookError(f"{where}: {raw!r} is not a decimal amount") from exc
    if unit in {"days", "working days", "months", "years", "count"}:
        if isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw)  # an administrator's overlay arrives as text
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise RulebookError(f"{where}: {raw!r} is not a whole number")
        return raw
    if unit == "date":
        return _as_date(raw, where)
    if unit == "country list" or isinstance(raw, list):
        return tuple(str(c) for c in raw)
    if unit == "boolean":
        if not isinstance(raw, bool):
            raise RulebookError(f"{where}: {raw!r} is not true/false")
        return raw
    return raw


def _citation(ref: Any, rule_id: str, legal_act: str | None, where: str) -> Citation:
    if not isinstance(ref, Mapping) or not ref.get("seed"):
        raise RulebookError(f"{where}: every value needs a reference with a seed line")
    return Citation(
        catalogue=str(ref.get("catalogue", rule_id)),
        seed=str(ref["seed"]),
        legal_act=ref.get("legal_act", legal_act),
        href=ref.get("href"),
    )


def _load_parameter(name: str, node: Mapping[str, Any], where: str) -> tuple[ParameterValue, ...]:
    for key in ("description", "rule_id", "unit", "values"):
        if key not in node:
            raise RulebookError(f"{where}: parameter {name} lacks {key!r}")
    unit = node["unit"]
    if unit not in UNITS:
        raise RulebookError(f"{where}: parameter {name} has unknown unit {unit!r}")
    rule_id = str(node["rule_id"])
    legal_act = node.get("legal_act")
    out = []
    for raw_start, entry in node["values"].items():
        start = _as_date(raw_start, f"{where} {name}")
        if not isinstance(entry, Mapping):
            raise RulebookError(f"{where}: {name} {start}: each value is a mapping")
        status = entry.get("status")
        if status not in STATUSES:
            raise RulebookError(
                f"{where}: {name} {start}: status {status!r} is not one of {sorted(STATUSES)}"
            )
        out.append(
            ParameterValue(
                name=name,
                start=start,
                value=_coerce(entry.get("value"), unit, f"{where} {name} {start}"),
                unit=unit,
                status=status,
                rule_id=rule_id,
                citation=_citation(
                    entry.get("reference"), rule_id, legal_act, f"{where} {name} {start}"
                ),
                description=str(node["description"]),
                flags=tuple(entry.get("flags", ()) or ()) + tuple(node.get("flags", ()) or ()),
                needs_review=entry.get("needs_review"),
                start_known=bool(entry.get("start_known", True)),
                note=entry.get("note"),
            )
        )
    out.sort(key=lambda v: v.start)
    return tuple(out)


def _walk(
    prefix: str, node: Mapping[str, Any], where: str, into: dict[str, tuple[ParameterValue, ...]]
) -> None:
    if "values" in node:
        into[prefix] = _load_parameter(prefix, node, where)
        return
    for key, child in node.items():
        if key in {"description", "metadata"}:
            continue
        if not isinstance(child, Mapping):
            raise RulebookError(f"{where}: {prefix}.{key} is neither a parameter nor a node")
        _walk(f"{prefix}.{key}" if prefix else str(key), child, where, into)


def _load_occupation_lists(
    doc: Mapping[str, Any], where: str
) -> dict[str, tuple[OccupationListVersion, ...]]:
    out: dict[str, tuple[OccupationListVersion, ...]] = {}
    for list_id, spec in doc["lists"].items():
        versions = []
        for v in spec["versions"]:
            if v.get("status") not in STATUSES:
                raise RulebookError(f"{where}: {list_id}: bad status {v.get('status')!r}")
            versions.append(
                OccupationListVersion(
                    list_id=str(list_id),
                    region=str(spec["region"]),
                    start=_as_date(v["start"], where),
                    end=_as_date(v["end"], where) if v.get("end") else None,
                    size=None if v.get("size") is None else int(v["size"]),
                    codes=frozenset(str(c) for c in v.get("codes", ()) or ()),
                    status=str(v["status"]),
                    citation=_citation(
                        v.get("reference"),
                        str(list_id),
                        spec.get("legal_act"),
                        f"{where} {list_id}",
                    ),
                    description=str(spec["description"]),
                    flags=tuple(v.get("flags", ()) or ()),
                    start_known=bool(v.get("start_known", True)),
                )
            )
        versions.sort(key=lambda x: x.start)
        out[str(list_id)] = tuple(versions)
    return out


@functools.cache
def _base() -> tuple[
    dict[str, tuple[ParameterValue, ...]], dict[str, tuple[OccupationListVersion, ...]], str
]:
    values: dict[str, tuple[ParameterValue, ...]] = {}
    lists: dict[str, tuple[OccupationListVersion, ...]] = {}
    # PyYAML is imported here, not at module import, and its C parser is used when built:
    # the Python parser takes ~60 ms for these files, a third of a one-case `passage rules
    # check` process (issue 9 item 2); both build the same documents from the same safe
    # constructor.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    digest = hashlib.sha256()
    for path in sorted(PARAMETERS_DIR.rglob("*.yaml")):
        text = path.read_bytes()
        digest.update(path.relative_to(PARAMETERS_DIR).as_posix().encode() + b"\0" + text)
        doc = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
        where = path.relative_to(PARAMETERS_DIR).as_posix()
        if "lists" in doc:
            lists.update(_load_occupation_lists(doc, where))
            continue
        prefix = ".".join(path.relative_to(PARAMETERS_DIR).with_suffix("").parts)
        _walk(prefix, doc, where, values)
    return values, lists, digest.hexdigest()[:12]


def load_rulebook(
    overlays: Iterable[ParameterOverlay] = (),
    occupation_lists: Mapping[str, Iterable[str]] | None = None,
) -> Rulebook:
    """The packaged rulebook plus administrators' verified values and loaded occupation codes."""
    base_values, base_lists, digest = _base()
    values = dict(base_values)
    extra = hashlib.sha256(digest.encode())
    for ov in sorted(overlays, key=lambda o: (o.parameter, o.start)):
        if ov.parameter not in values:
            raise RulebookError(f"overlay for unknown parameter {ov.parameter!r}")
        if ov.status not in STATUSES:
            raise RulebookError(f"overlay {ov.parameter}: bad status {ov.status!r}")
        current = values[ov.parameter]
        template = current[-1]
        entry = replace(
            template,
            start=ov.start,
            value=_coerce(ov.value, template.unit, f"overlay {ov.parameter}"),
            status=ov.status,
            # The administrator's reference replaces the seed's: the value is theirs, and the
            # previous value's flags (e.g. an assumed start date) do not carry over.
            citation=Citation(
                catalogue=template.citation.catalogue,
                seed=f"verified value entered by {ov.entered_by}",
                legal_act=ov.reference,
            ),
            flags=(),
            needs_review=None,
            start_known=True,
            note=f"verified value entered by {ov.entered_by}",
            entered_by=ov.entered_by,
        )
        kept = tuple(v for v in current if v.start != ov.start)
        values[ov.parameter] = tuple(sorted((*kept, entry), key=lambda v: v.start))
        extra.update(f"{ov.parameter}|{ov.start}|{ov.value}|{ov.status}".encode())
    lists = dict(base_lists)
    for list_id, codes in (occupation_lists or {}).items():
        if list_id not in lists:
            raise RulebookError(f"unknown occupation list {list_id!r}")
        code_set = frozenset(codes)
        # The seeds give only the current version of each list; an administrator's codes
        # belong to the latest version, earlier versions stay unknown.
        *older, latest = lists[list_id]
        lists[list_id] = (*older, replace(latest, codes=latest.codes | code_set))
        extra.update(f"{list_id}|{','.join(sorted(code_set))}".encode())
    version = (
        digest if not overlays and not occupation_lists else f"{digest}+{extra.hexdigest()[:8]}"
    )
    return Rulebook(values=values, occupation_lists=lists, version=version)


@functools.cache
def default_rulebook() -> Rulebook:
    return load_rulebook()
