# SPDX-License-Identifier: EUPL-1.2
"""Extract the seed catalogue's entries into ``src/passage/rules/catalogue.json``.

The catalogue (``../shared/reference/seed-catalogue.md``) lives outside the repository, so
the installed package cannot read it; ``passage rules show ID`` reads this extract instead
(issue 9 item 2). Run it after the catalogue changes and commit the result:

    .venv/bin/python scripts/extract_catalogue.py [CATALOGUE] [--output PATH] [--check]

``--check`` writes nothing and exits 1 when the committed extract differs from a fresh one
(tests/rules/test_show.py does the same).

What is extracted, with the catalogue line of each entry:

- ``rule``: a Part 1 block ``**ID — Title**``, with its (sub)section: its ``- key: value``
  fields (continuation lines, nested items and tables included), the status (the ``status``
  field, else a status word in the title or ``effective``; None when the block states none),
  ``src`` (else the first seed pointer in the title, the subsection heading or the text),
  quotes «…», flags, and the block's whole text;
- ``flag``: a table row with an id inside a rule block (SAL-02's ``AMB-SAL-1`` … ``-10``),
  with its parent rule;
- ``claim``: a Part 1 table row outside any block (§1.R, the unverified secondary claims);
- ``figure``: a Part 2 table row (``F-IP-22``, the arithmetic checks ``C-06``), by column.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT.parent / "shared" / "reference" / "seed-catalogue.md"
OUTPUT = ROOT / "src" / "passage" / "rules" / "catalogue.json"

ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"
BLOCK = re.compile(rf"^\*\*(?P<id>{ID}) — (?P<title>.+?)\*\*(?::\s*(?P<rest>.*))?$")
FIELD = re.compile(r"^- (?P<key>[A-Za-z][A-Za-z _]*?(?: \([^)]*\))?):(?:\s+(?P<value>.*))?$")
ROW_ID = re.compile(rf"^\*{{0,2}}(?P<id>{ID})\*{{0,2}}$")
QUOTE = re.compile(r"«(.+?)»", re.S)
#: A seed pointer such as "002 §1.2.1 L210–L222" or "004 L6" (the catalogue's §0 format).
SEED = re.compile(r"\b00[0-4](?: (?:§|Ch\.|Annex |Table |fn )?[\w.]+)*? L\d+(?:[–-]L?\d+)?")
EMPHASIS = re.compile(r"\*{1,2}([^*]+)\*{1,2}")
STATUSES = (
    "IN_FORCE_TRANSITIONAL",
    "ADOPTED_NOT_IN_FORCE",
    "IN_FORCE",
    "SUSPENDED",
    "DRAFT",
    "POLICY",
    "PRACTICE",
    "CASE_LAW",
    "UNVERIFIED",
)
STATUS = re.compile(r"\b(" + "|".join(STATUSES) + r")\b")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _status(title: str, fields: dict[str, str]) -> str | None:
    """The block's ``status`` field; else a status word in its title or ``effective``."""
    if "status" in fields:
        return fields["status"]
    for text in (title, fields.get("effective", "")):
        found = STATUS.search(text)
        if found:
            return found.group(1)
    return None


def _flags(value: str) -> list[str]:
    items = [line.strip()[2:] for line in value.splitlines() if line.strip().startswith("- ")]
    head = value.split("\n", 1)[0].strip()
    return ([head] if head and not head.startswith("- ") else []) + items


def _finish(block: dict[str, Any], lines: list[str]) -> None:
    while lines and not lines[-1].strip():
        lines.pop()
    fields: dict[str, str] = {}
    key = None
    for line in lines[1:]:
        found = FIELD.match(line)
        if found:
            key = found.group("key").lower()
            base, n = key, 2
            while key in fields:  # "quote" twice: keep both
                key, n = f"{base} {n}", n + 1
            fields[key] = found.group("value") or ""
        elif key is not None and (line.startswith((" ", "\t", "|")) or not line.strip()):
            fields[key] = (fields[key] + "\n" + line.strip()).strip("\n")
        else:
            key = None  # prose or a table between fields belongs to the text only
    rest = block.pop("_rest")
    if rest:  # "**BC-02 — Title**: see FRX-04."
        fields = {"summary": rest, **fields}
    text = "\n".join(lines)
    quote_text = "\n".join(v for k, v in fields.items() if k.startswith(("quote", "claim")))
    block["fields"] = fields
    block["status"] = _status(block["title"], fields)
    # Without a src field the block's title, its subsection's heading or its text names the
    # seed lines (SAL-02's title; "1.G.3 Sponsors with refugee status (002 §2.2.2 L599–L607)").
    places = {"title": block["title"], "section": block["section"] or "", "text": text}
    found = [(k, m) for k, m in ((k, SEED.search(v)) for k, v in places.items()) if m]
    if "src" in fields:
        block["src"], block["src_from"] = fields["src"], "src"
    elif found:
        block["src"], block["src_from"] = found[0][1].group(0), found[0][0]
    else:
        block["src"], block["src_from"] = None, None
    block["quotes"] = [q.strip() for q in QUOTE.findall(quote_text or text)]
    block["flags"] = _flags(fields["flags"]) if "flags" in fields else []
    block["text"] = text


def extract(text: str) -> dict[str, Any]:
    entries: dict[str, dict[str, Any]] = {}
    part = 0
    section = None
    block: dict[str, Any] | None = None
    block_lines: list[str] = []
    header: list[str] | None = None

    def close() -> None:
        nonlocal block, block_lines
        if block is not None:
            _finish(block, block_lines)
        block, block_lines = None, []

    def add(entry: dict[str, Any]) -> None:
        if entry["id"] in entries:
            raise SystemExit(f"line {entry['catalogue_line']}: {entry['id']} is there twice")
        entries[entry["id"]] = entry

    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("# PART "):
            close()
            part = int(re.search(r"PART (\d+)", line).group(1))  # type: ignore[union-attr]
            section = None
            continue
        if part not in (1, 2):
            continue
        if line.startswith(("## ", "### ")):
            close()
            section = line.lstrip("#").strip()
            continue
        if line.strip() == "---":
            close()
            continue
        found = BLOCK.match(line) if part == 1 else None
        if found:
            close()
            block = {
                "id": found.group("id"),
                "kind": "rule",
                "title": EMPHASIS.sub(r"\1", found.group("title")).strip(),
                "section": section,
                "catalogue_line": n,
                "_rest": (found.group("rest") or "").strip(),
            }
            add(block)
            block_lines = [line]
            continue
        if block is not None:
            block_lines.append(line)
        if not line.startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---|---| rule under the header
        row_id = ROW_ID.match(cells[0])
        if not row_id:
            continue
        columns = dict(zip(header[1:], cells[1:], strict=False))
        entry: dict[str, Any] = {
            "id": row_id.group("id"),
            "kind": "flag" if block is not None else ("claim" if part == 1 else "figure"),
            "title": EMPHASIS.sub(r"\1", columns.get("metric") or columns.get("claim") or cells[1]),
            "section": section,
            "catalogue_line": n,
            "columns": columns,
            "quotes": [q.strip() for q in QUOTE.findall(line)],
        }
        if block is not None:
            entry["parent"] = block["id"]
            block.setdefault("flag_rows", []).append(entry["id"])
        add(entry)
    close()
    for entry in entries.values():
        if entry["kind"] == "rule":
            rows = entry.pop("flag_rows", [])
            entry["flags"] += [f"{r}: {entries[r]['title']}" for r in rows]
    return entries


def build(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    return {
        "source": "shared/reference/seed-catalogue.md",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "generated_by": "scripts/extract_catalogue.py",
        "entries": extract(raw.decode("utf-8")),
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("catalogue", nargs="?", type=Path, default=CATALOGUE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    if not args.catalogue.is_file():
        print(f"error: CATALOGUE: {args.catalogue}: no such file", file=sys.stderr)
        return 2
    fresh = dumps(build(args.catalogue))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != fresh:
            print(
                f"{args.output} is out of date: run scripts/extract_catalogue.py", file=sys.stderr
            )
            return 1
        return 0
    args.output.write_text(fresh, encoding="utf-8")
    kinds: dict[str, int] = {}
    for e in json.loads(fresh)["entries"].values():
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print(f"{args.output}: {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
