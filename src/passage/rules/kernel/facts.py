# SPDX-License-Identifier: EUPL-1.2
"""Facts declared once: from one ``Fact`` come its validation and error messages, its JSON
schema (``case.schema.json`` and the OpenAPI document), its bulk column type, and the
field a form shows (label and help in four languages, in the order the rules ask)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from passage.rules.errors import InputError
from passage.rules.facts import Facts, bounded_decimal, parse_date


def text(en: str, nl: str, fr: str, de: str) -> dict[str, str]:
    """A label or help text in the four languages, as a declaration writes it."""
    return {"en": en, "nl": nl, "fr": fr, "de": de}


#: The help of a yes/no fact that may be left unanswered.
UNKNOWN_HELP = text(
    "Leave empty if not known.",
    "Laat leeg als dit niet bekend is.",
    "Laissez vide si vous ne savez pas.",
    "Leer lassen, wenn unbekannt.",
)

Kind = Literal["enum", "money", "decimal", "integer", "boolean", "date", "text", "records"]
Text = Mapping[str, str]  # en, nl, fr, de


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    kind: Kind
    label: Text
    help: Text = field(default_factory=dict)
    description: str = ""  # for the schemas: what the fact means, which rules read it
    values: tuple[str, ...] = ()
    labels: Mapping[str, Text] = field(default_factory=dict)  # per enum value
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    max_length: int = 64
    #: For ``records`` (a list of objects, e.g. family_members): the facts of one record.
    record: FactSheet | None = None
    max_items: int = 50
    empty_message: str = "must list at least one item"

    def read(self, f: Facts) -> Any:
        """The fact's value from a case, validated (None when not given)."""
        name = self.name
        if self.kind == "records":
            assert self.record is not None
            if not f.has(name):
                return None
            items = f.records(name, self.record.names, required=False, max_items=self.max_items)
            if not items:
                raise InputError(name, self.empty_message)
            # Each record validated as a case is, its errors naming family_members[i].age.
            readers = self.record._readers()
            return tuple(
                RecordValues(
                    name,
                    i,
                    {
                        r: None if (raw := item._case.get(r)) is None else read(item, raw)
                        for r, read in readers.items()
                    },
                )
                for i, item in enumerate(items)
            )
        if self.kind == "enum":
            return f.enum(name, self.values, required=False)
        if self.kind == "money":
            return f.money(name, required=False)
        if self.kind == "decimal":
            assert isinstance(self.minimum, Decimal) and isinstance(self.maximum, Decimal)
            return f.decimal(name, minimum=self.minimum, maximum=self.maximum, required=False)
        if self.kind == "integer":
            assert isinstance(self.minimum, int) and isinstance(self.maximum, int)
            return f.integer(name, minimum=self.minimum, maximum=self.maximum, required=False)
        if self.kind == "boolean":
            return f.boolean(name, required=False)
        if self.kind == "date":
            return f.date(name, required=False)
        return f.string(name, required=False, max_length=self.max_length)

    def json_schema(self) -> dict[str, Any]:
        """The fact in JSON Schema 2020-12, with ``#/$defs/…`` for the shared types."""
        out: dict[str, Any]
        if self.kind == "enum":
            out = {"enum": list(self.values)}
        elif self.kind == "money":
            out = {"$ref": "#/$defs/money"}
        elif self.kind == "date":
            out = {"$ref": "#/$defs/date"}
        elif self.kind == "boolean":
            out = {"type": "boolean"}
        elif self.kind == "integer":
            out = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        elif self.kind == "decimal":
            out = {
                "anyOf": [
                    {"type": "string", "pattern": r"^(0(\.[0-9]+)?|1(\.0+)?)$"},
                    {"type": "number", "exclusiveMinimum": 0, "maximum": float(self.maximum or 1)},
                ]
            }
        elif self.kind == "records":
            assert self.record is not None
            out = {
                "type": "array",
                "minItems": 1,
                "maxItems": self.max_items,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {r.name: r.json_schema() for r in self.record.facts},
                },
            }
        else:
            out = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.description:
            out["description"] = self.description
        return out

    def openapi_schema(self, procedure: str) -> dict[str, Any]:
        """The fact in OpenAPI 3.1 (JSON Schema without the case schema's ``$defs``)."""
        out: dict[str, Any]
        if self.kind == "money":
            out = {
                "type": ["string", "number"],
                "examples": ["48912", "3703.44"],
            }
        elif self.kind == "date":
            out = {"type": "string", "format": "date", "examples": ["2025-03-01"]}
        elif self.kind == "boolean":
            out = {"type": ["boolean", "null"]}
        elif self.kind == "decimal":
            out = {"type": ["string", "number"]}
        else:
            out = {k: v for k, v in self.json_schema().items() if k != "description"}
            if self.kind == "enum":
                out["type"] = "string"
        text = self.description or self.label["en"]
        out["description"] = f"{procedure} (optional: a case without it is incomplete): {text}"
        return out

    def arrow_type(self) -> str:
        """The column type ``passage rules bulk`` reads (its other accepted types aside)."""
        return {
            "enum": "string",
            "money": "decimal128(15, 2)",
            "decimal": "decimal128(5, 4)",
            "integer": "int64",
            "boolean": "bool",
            "date": "date32",
            "text": "string",
            "records": "list<struct>",
        }[self.kind]

    def form_field(self, lang: str) -> dict[str, Any]:
        """What a form shows for this fact, in ``lang`` (en, nl, fr, de)."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "label": self.label[lang],
            "help": self.help.get(lang, ""),
        }
        if self.kind == "enum":
            out["choices"] = [
                (v, self.labels[v][lang] if v in self.labels else v) for v in self.values
            ]
        if self.minimum is not None:
            out["minimum"] = str(self.minimum)
        if self.maximum is not None:
            out["maximum"] = str(self.maximum)
        if self.record is not None:
            out["fields"] = self.record.form(lang)
        return out


_BY_NAME: dict[str, Mapping[str, Fact]] = {}
_NAMES: dict[str, frozenset[str]] = {}
#: (the case's Facts, the raw value given) -> the validated value; see ``reader``.
Reader = Callable[[Facts, Any], Any]
_READERS: dict[str, Mapping[str, Reader]] = {}


def reader(fact: Fact) -> Reader:
    """``fact.read`` for a value known to be given, specialised by kind: the same checks and
    messages as ``passage.rules.facts.Facts`` (whose methods the rarer kinds still call),
    without dispatching on the kind for every fact of every case (per-case latency)."""
    name, kind = fact.name, fact.kind
    if kind == "enum":
        allowed = fact.values

        def enum(f: Facts, raw: Any) -> Any:
            if isinstance(raw, str) and raw in allowed:
                return raw
            return f.enum(name, allowed, required=False)

        return enum
    if kind == "money":

        def money(f: Facts, raw: Any) -> Any:
            value = bounded_decimal(raw, f._prefix + name)
            if value < 0:
                raise InputError(f._prefix + name, "must not be negative")
            return value

        return money
    if kind == "boolean":

        def boolean(f: Facts, raw: Any) -> Any:
            if raw is True or raw is False:
                return raw
            return f.boolean(name, required=False)

        return boolean
    if kind == "date":

        def date(f: Facts, raw: Any) -> Any:
            return raw if type(raw) is dt.date else parse_date(raw, f._prefix + name)

        return date
    if kind == "integer":
        low, high = fact.minimum, fact.maximum

        def integer(f: Facts, raw: Any) -> Any:
            if type(raw) is int and low <= raw <= high:  # type: ignore[operator]
                return raw
            return fact.read(f)

        return integer
    if kind == "text":
        longest = fact.max_length

        def text(f: Facts, raw: Any) -> Any:
            if type(raw) is str and len(raw) <= longest and (stripped := raw.strip()):
                return stripped
            return fact.read(f)

        return text
    return lambda f, raw: fact.read(f)


class RecordValues:
    """One record of a ``records`` fact (a family member) as attributes, None when not given;
    ``field`` names it as errors and traces do (``family_members[1]``)."""

    __slots__ = ("__dict__",)

    def __init__(self, name: str, index: int, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)
        self.__dict__["index"] = index
        self.__dict__["field"] = f"{name}[{index}]"


#: Facts every case has; only ``procedure`` and ``date`` are required (issue 9 item 4).
COMMON = ("procedure", "date", "id")


@dataclass(frozen=True, slots=True)
class FactSheet:
    """A procedure's facts in the order a form asks them."""

    procedure: str
    facts: tuple[Fact, ...]

    @property
    def names(self) -> frozenset[str]:
        # Memoised: ``read`` checks every case's keys against it.
        found = _NAMES.get(self.procedure)
        if found is None:
            found = _NAMES[self.procedure] = frozenset(COMMON) | {f.name for f in self.facts}
        return found

    def __getitem__(self, name: str) -> Fact:
        for fact in self.facts:
            if fact.name == name:
                return fact
        raise KeyError(name)

    def label(self, name: str, lang: str) -> str:
        """The fact's label in ``lang``; its name when it is not declared here."""
        fact = self._by_name().get(name)
        return fact.label[lang] if fact is not None else name

    def order(self, names: Sequence[str]) -> list[str]:
        """``names`` in the form's order (a fact not declared goes last); a record's fact
        (``family_members[1].age``) goes with its list, by record, then in the record's order."""
        rank = {f.name: i for i, f in enumerate(self.facts)}

        def key(n: str) -> tuple[int, int, int]:
            head, bracket, rest = n.partition("[")
            if not bracket or head not in rank:
                return (rank.get(n, len(rank)), -1, -1)
            index, _, inner = rest.partition("].")
            record = self[head].record
            inner_rank = {f.name: i for i, f in enumerate(record.facts)} if record else {}
            position = int(index) if index.isdigit() else 0
            return (rank[head], position, inner_rank.get(inner, len(inner_rank)))

        return sorted(dict.fromkeys(names), key=key)

    def read(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared fact of ``case``, validated; an unknown or malformed one raises
        ``InputError`` naming it, a missing one is None."""
        f = Facts(case, self.names)
        readers = self._readers()
        out = dict.fromkeys(readers)
        for name, raw in case.items():
            if raw is not None:
                read = readers.get(name)
                if read is not None:
                    out[name] = read(f, raw)
        return out

    def _readers(self) -> Mapping[str, Reader]:
        """Per fact, in declaration order, its validating reader of a given raw value."""
        found = _READERS.get(self.procedure)
        if found is None:
            found = _READERS[self.procedure] = {fact.name: reader(fact) for fact in self.facts}
        return found

    def _by_name(self) -> Mapping[str, Fact]:
        found: Mapping[str, Fact] | None = _BY_NAME.get(self.procedure)
        if found is None:
            found = _BY_NAME[self.procedure] = {fact.name: fact for fact in self.facts}
        return found

    def json_schema(self, title: str, description: str) -> dict[str, Any]:
        return {
            "title": title,
            "type": "object",
            "additionalProperties": False,
            "required": ["procedure", "date"],
            "properties": {
                "procedure": {"const": self.procedure, "description": description},
                "date": {
                    "$ref": "#/$defs/date",
                    "description": "The evaluation date: the legally relevant day whose rules "
                    "apply (never the clock). Not before 2025-01-01.",
                },
                "id": {"$ref": "#/$defs/id"},
                **{fact.name: fact.json_schema() for fact in self.facts},
            },
        }

    def form(self, lang: str) -> list[dict[str, Any]]:
        return [fact.form_field(lang) for fact in self.facts]


def missing_error(name: str) -> InputError:
    return InputError(name, "is required")
