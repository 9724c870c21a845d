# SPDX-License-Identifier: EUPL-1.2
"""``passage rules show RULE_ID``: one rule, from its catalogue text to its test cases.

For a catalogue id (a rule such as SAL-02, an ambiguity flag such as AMB-SAL-3, a figure such
as F-IP-22) the report gathers:

- the catalogue entry: title, section, status, source line, quotes and flags, as extracted
  into ``catalogue.json`` by ``scripts/extract_catalogue.py`` (the catalogue itself lives in
  ``../shared``, outside the package, and is never read at run time);
- the rule's declaration in the kernel's registry (``passage.rules.kernel.RULES``: label,
  procedure, facts, parameters, file:line), for the rules ported to the kernel;
- the code locations (``passage.rules.locations.rule_locations``);
- the parameters that belong to the rule (their ``rule_id``), cite it (their reference's
  ``catalogue``) or carry it as a flag, with every dated value, its status and citation, and
  the value in force on a given day;
- the occupation lists of that id;
- the YAML test cases under ``tests/rules/cases`` that mention it, when that directory exists
  (a source checkout; an installed package has no tests).

Pure: no Django, no clock (the day is an argument), files read are the package's own and the
cases directory the caller names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from passage.rules.locations import display_path, rule_locations
from passage.rules.parameters import ParameterValue, Rulebook, default_rulebook

CATALOGUE_JSON = Path(__file__).with_name("catalogue.json")
#: tests/rules/cases of a source checkout (src/passage/rules → the repository root).
DEFAULT_CASES_DIR = Path(__file__).resolve().parents[3] / "tests" / "rules" / "cases"


class UnknownRule(LookupError):
    """The id is neither in the catalogue nor used by the rulebook."""

    def __init__(self, rule_id: str, suggestions: list[str]) -> None:
        super().__init__(rule_id)
        self.rule_id = rule_id
        self.suggestions = suggestions

    @property
    def message(self) -> str:
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"{self.rule_id!r} is not a catalogue id or a rule of the rulebook{hint}"


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, Any]]:
    """The catalogue entries by id (package data)."""
    doc = json.loads(CATALOGUE_JSON.read_text(encoding="utf-8"))
    entries: dict[str, Mapping[str, Any]] = doc["entries"]
    return entries


def _mentions(rule_id: str) -> re.Pattern[str]:
    # "FR-01" must not match inside "FRX-01" or "FR-010", nor "BNP-FL-1" inside "BNP-FL-10".
    return re.compile(rf"(?<![A-Za-z0-9-]){re.escape(rule_id)}(?![A-Za-z0-9]|-[A-Za-z0-9])")


def _registry() -> Mapping[str, Any]:
    import passage.rules.engine  # noqa: F401 (importing the engine declares its rules)
    from passage.rules.kernel import RULES

    return RULES


def _declared(rule_id: str) -> dict[str, Any] | None:
    declared = _registry().get(rule_id)
    if declared is None:
        return None
    import sys

    module = sys.modules.get(declared.module)
    source = getattr(module, "__file__", None)
    where = display_path(Path(source)) if source else declared.module.replace(".", "/") + ".py"
    return {
        "label": declared.label,
        "procedure": declared.procedure,
        "severity": declared.severity,
        "facts": list(declared.facts),
        "parameters": list(declared.parameters),
        "citation": declared.citation.to_dict(),
        "function": declared.function or None,
        "location": {"path": where, "line": declared.line or None},
    }


def known_ids(rulebook: Rulebook) -> set[str]:
    ids = set(catalogue()) | set(_registry())
    for values in rulebook.values.values():
        ids.add(values[0].rule_id)
    ids.update(rulebook.occupation_lists)
    return ids


# --- parameters ------------------------------------------------------------------------------


def _matched_by(rule_id: str, values: tuple[ParameterValue, ...]) -> list[str]:
    mentions = _mentions(rule_id)
    out = []
    if values[0].rule_id == rule_id:
        out.append("rule_id")
    if any(mentions.search(v.citation.catalogue) for v in values):
        out.append("citation")
    if any(rule_id in v.flags for v in values):
        out.append("flag")
    return out


def _parameter(
    values: tuple[ParameterValue, ...],
    matched_by: list[str],
    rulebook: Rulebook,
    day: dt.date | None,
) -> dict[str, Any]:
    first = values[0]
    out: dict[str, Any] = {
        "parameter": first.name,
        "rule": first.rule_id,
        "matched_by": matched_by,
        "description": first.description,
        "unit": first.unit,
        "values": [
            {
                k: v
                for k, v in pv.to_dict().items()
                if k not in {"parameter", "rule", "unit", "description"}
            }
            for pv in values
        ],
    }
    if day is not None:
        found = rulebook.get(first.name, day)
        out["in_force_on"] = {
            "date": day.isoformat(),
            "effective_date": found.start.isoformat() if found else None,
            "value": found.to_dict()["value"] if found else None,
            "applicable": found.applicable if found else False,
        }
    return out


def _occupation_lists(rule_id: str, rulebook: Rulebook) -> list[dict[str, Any]]:
    out = []
    for list_id, versions in sorted(rulebook.occupation_lists.items()):
        if list_id != rule_id and not any(v.citation.catalogue == rule_id for v in versions):
            continue
        out.append(
            {
                "list": list_id,
                "region": versions[0].region,
                "description": versions[0].description,
                "versions": [
                    {
                        "start": v.start.isoformat(),
                        "start_known": v.start_known,
                        "end": v.end.isoformat() if v.end else None,
                        "size": v.size,
                        "codes_loaded": len(v.codes),
                        "complete": v.complete,
                        "status": v.status,
                        "citation": v.citation.to_dict(),
                        "flags": list(v.flags),
                    }
                    for v in versions
                ],
            }
        )
    return out


# --- test cases ------------------------------------------------------------------------------


def _rules_named(output: Any) -> set[str]:
    """The rule ids a case's expected output names (failed, checked or absent rules)."""
    if not isinstance(output, Mapping):
        return set()
    names: set[str] = set()
    for key in ("failed_rules", "failed_rules_include", "absent_rules"):
        names.update(str(r) for r in output.get(key) or ())
    names.update(str(k).split("#", 1)[0] for k in output.get("checks") or {})
    return names


@functools.cache
def _case_file(path: Path) -> tuple[dict[str, Any], ...]:
    import yaml

    text = path.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    # The composed node tree keeps each case's line; the loaded document has its values.
    root = yaml.compose(text, Loader=loader)
    lines: list[int] = []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "cases" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    cases = doc.get("cases") if isinstance(doc, Mapping) else None
    out = []
    for i, case in enumerate(cases or ()):
        if isinstance(case, Mapping):
            out.append({**case, "_line": lines[i] if i < len(lines) else None})
    return tuple(out)


def _expectation(output: Any) -> str:
    if not isinstance(output, Mapping):
        return "?"
    if "error" in output:
        field = output["error"].get("field") if isinstance(output["error"], Mapping) else None
        return f"error on {field}"
    return str(output.get("outcome", "?"))


def cases_mentioning(rule_id: str, cases_dir: Path) -> list[dict[str, Any]]:
    """The YAML cases in ``cases_dir`` that mention ``rule_id`` in their name or reference,
    or name it in their expected output."""
    mentions = _mentions(rule_id)
    repository = DEFAULT_CASES_DIR.parents[2]
    out = []
    for path in sorted(cases_dir.glob("*.yaml")):
        for case in _case_file(path):
            where = []
            if mentions.search(str(case.get("name", ""))):
                where.append("name")
            if mentions.search(str(case.get("reference", ""))):
                where.append("reference")
            if rule_id in _rules_named(case.get("output")):
                where.append("output")
            if not where:
                continue
            out.append(
                {
                    "file": path.resolve().relative_to(repository).as_posix()
                    if path.resolve().is_relative_to(repository)
                    else str(path),
                    "line": case["_line"],
                    "name": case.get("name"),
                    "reference": case.get("reference"),
                    "expect": _expectation(case.get("output")),
                    "mentioned_in": where,
                }
            )
    return out


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShowOptions:
    day: dt.date | None = None
    cases_dir: Path | None = DEFAULT_CASES_DIR
    full_text: bool = False


def rule_report(
    rule_id: str, options: ShowOptions = ShowOptions(), rulebook: Rulebook | None = None
) -> dict[str, Any]:
    """Everything known about ``rule_id`` (case-insensitive); raises ``UnknownRule`` with
    close matches when neither the catalogue nor the rulebook knows it."""
    rb = rulebook or default_rulebook()
    wanted = rule_id.strip().upper()
    known = known_ids(rb)
    if wanted not in known:
        raise UnknownRule(rule_id, difflib.get_close_matches(wanted, sorted(known), n=5))
    entry = catalogue().get(wanted)
    if entry is not None and not options.full_text:
        entry = {k: v for k, v in entry.items() if k != "text"}
    parameters = []
    for name in sorted(rb.values):
        values = rb.values[name]
        matched = _matched_by(wanted, values)
        if matched:
            parameters.append(_parameter(values, matched, rb, options.day))
    report: dict[str, Any] = {
        "id": wanted,
        "catalogue": entry,
        "declared": _declared(wanted),
        "locations": [{"path": p, "line": n} for p, n in rule_locations(wanted)],
        "parameters": parameters,
        "occupation_lists": _occupation_lists(wanted, rb),
    }
    if options.cases_dir is not None and options.cases_dir.is_dir():
        report["cases"] = cases_mentioning(wanted, options.cases_dir)
    else:
        report["cases"] = None
        report["cases_note"] = (
            "no test cases: tests/rules/cases is not here (an installed package); "
            "pass --cases DIR from a source checkout"
        )
    return report


# --- text ------------------------------------------------------------------------------------


_EMPHASIS = re.compile(r"\*{1,2}([^*]+)\*{1,2}")


def _plain(markdown: str) -> str:
    """A catalogue cell without its bold/italic markers."""
    return _EMPHASIS.sub(r"\1", markdown)


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) if len(value) <= 6 else f"{len(value)} entries"
    return str(value)


def _lines(label: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    if not items:
        return []
    return [f"  {label:<9}{items[0]}", *(f"  {'':<9}{x}" for x in items[1:])]


def render_text(report: Mapping[str, Any]) -> str:
    out = []
    entry = report["catalogue"]
    if entry is None:
        out.append(f"{report['id']} (not in the seed catalogue; used by the rulebook)")
    else:
        out.append(f"{report['id']} — {entry['title']}")
        out += _lines(
            "kind", [entry["kind"] + (f" of {entry['parent']}" if "parent" in entry else "")]
        )
        out += _lines(
            "section", [f"{entry['section']} (seed catalogue line {entry['catalogue_line']})"]
        )
        if entry["kind"] == "rule":
            out += _lines("status", [entry["status"] or "not stated in the catalogue entry"])
            src = entry["src"] or "not stated"
            if entry.get("src_from") not in (None, "src"):
                src += f" (from the entry's {entry['src_from']})"
            out += _lines("source", [src])
            out += _lines("quote", [f"«{q}»" for q in entry["quotes"]])
            out += _lines("flags", [f"- {f}" for f in entry["flags"]])
        else:
            out += _lines("", [f"{k}: {_plain(v)}" for k, v in entry.get("columns", {}).items()])
        if "text" in entry:
            out += ["", *entry["text"].splitlines()]
    declared = report.get("declared")
    if declared is not None:
        loc = declared["location"]
        out += _lines(
            "declared",
            [
                f"{declared['label']} ({declared['procedure']}, {declared['severity']})",
                f"at {loc['path']}" + (f":{loc['line']}" if loc["line"] else ""),
                f"facts: {', '.join(declared['facts']) or '—'}",
                f"parameters: {', '.join(declared['parameters']) or '—'}",
            ],
        )
    out.append("")
    out.append(f"Code ({len(report['locations'])})")
    out += [f"  {loc['path']}:{loc['line']}" for loc in report["locations"]] or ["  none"]
    out.append("")
    lists = (
        f", {len(report['occupation_lists'])} occupation lists"
        if report["occupation_lists"]
        else ""
    )
    out.append(f"Parameters ({len(report['parameters'])}{lists})")
    for p in report["parameters"]:
        via = (
            ""
            if p["matched_by"] == ["rule_id"]
            else f"  (rule {p['rule']}; cites it by {', '.join(p['matched_by'])})"
        )
        out.append(f"  {p['parameter']}  [{p['unit']}]{via}")
        for v in p["values"]:
            start = v["effective_date"] + (
                "" if v["effective_date_known"] else " (start not stated)"
            )
            flags = f"  flags {', '.join(v['flags'])}" if v["flags"] else ""
            out.append(
                f"    {start}  {_value_text(v['value'])}  {v['status']}  {v['citation']['seed']}{flags}"
            )
            if v.get("needs_review"):
                out.append(f"      needs review: {v['needs_review']}")
        if "in_force_on" in p:
            now = p["in_force_on"]
            shown = "none" if now["value"] is None else _value_text(now["value"])
            applied = "" if now["applicable"] else " (not applied: the engine answers needs_review)"
            out.append(f"    in force on {now['date']}: {shown}{applied}")
    if not report["parameters"] and not report["occupation_lists"]:
        out.append("  none")
    for lst in report["occupation_lists"]:
        out.append(f"  occupation list {lst['list']} ({lst['region']}): {lst['description']}")
        for v in lst["versions"]:
            size = "size not stated" if v["size"] is None else f"{v['size']} occupations"
            out.append(
                f"    {v['start']}  {v['status']}  {size}, {v['codes_loaded']} loaded  {v['citation']['seed']}"
            )
    out.append("")
    if report["cases"] is None:
        out.append(f"Test cases: {report['cases_note']}")
    else:
        out.append(f"Test cases ({len(report['cases'])})")
        out += [
            f"  {c['file']}:{c['line']}  {c['name']}  → {c['expect']}" for c in report["cases"]
        ] or ["  none"]
    return "\n".join(out) + "\n"
