# SPDX-License-Identifier: EUPL-1.2
"""The document checklist of a single-permit application (``checklist/single_permit.yaml``).

The parameter file is dated and cited; its items are ``needs_review`` because no seed lists
the documents (the file's header says what the seeds do say). ``checklist_for`` answers which
items apply to an application's permit type, application type, category and region on a
date, and which are done; ``checklist_enforced`` says whether the region's checklist blocks a
submission (``PASSAGE_CHECKLIST_ENFORCED_REGIONS``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils import translation

CHECKLIST_PATH = Path(__file__).with_name("checklist") / "single_permit.yaml"
_CONDITIONS = ("permit_types", "application_types", "categories", "regions")
LANGUAGES = ("en", "nl", "fr", "de")


@dataclass(frozen=True)
class ChecklistRule:
    """One item of the parameter file."""

    kind: str
    labels: Mapping[str, str]
    status: str
    reason: str
    reference: Mapping[str, str]
    signed: bool = False
    when: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def applies(self, facts: Mapping[str, str]) -> bool:
        return all(facts.get(name) in allowed for name, allowed in self.when.items())


@dataclass(frozen=True)
class ChecklistVersion:
    valid_from: dt.date
    start_known: bool
    rules: tuple[ChecklistRule, ...]


@dataclass(frozen=True)
class ChecklistItem:
    """An applicable item and whether the application has it (``document_ids``: the uploaded
    documents that satisfy it; for a signed kind, only those whose signature is valid)."""

    kind: str
    labels: Mapping[str, str]
    status: str
    reason: str
    reference: Mapping[str, str]
    signed: bool
    done: bool
    document_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        """The label in the active language (English when it has none)."""
        language = (translation.get_language() or "en").split("-")[0]
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class Checklist:
    on: dt.date
    valid_from: dt.date
    start_known: bool
    enforced: bool
    items: tuple[ChecklistItem, ...]

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if not item.done)

    @property
    def complete(self) -> bool:
        return not self.missing


def _rule(raw: Mapping[str, Any]) -> ChecklistRule:
    labels = dict(raw["labels"])
    if set(labels) != set(LANGUAGES):
        raise ValueError(f"checklist item {raw['kind']}: labels must be exactly {LANGUAGES}")
    when = {
        name: frozenset(str(v) for v in values) for name, values in (raw.get("when") or {}).items()
    }
    unknown = set(when) - set(_CONDITIONS)
    if unknown:
        raise ValueError(f"checklist item {raw['kind']}: unknown conditions {sorted(unknown)}")
    return ChecklistRule(
        kind=str(raw["kind"]),
        labels=labels,
        status=str(raw["status"]),
        reason=" ".join(str(raw.get("reason", "")).split()),
        reference={str(k): str(v) for k, v in (raw.get("reference") or {}).items()},
        signed=bool(raw.get("signed", False)),
        when=when,
    )


@functools.cache
def checklist_versions(path: Path = CHECKLIST_PATH) -> tuple[ChecklistVersion, ...]:
    """The parameter file's versions, oldest first (read once per process)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = []
    for key, body in sorted(document["versions"].items()):
        valid_from = key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key))
        rules = tuple(_rule(raw) for raw in body["items"])
        versions.append(
            ChecklistVersion(
                valid_from=valid_from,
                start_known=bool(body.get("start_known", True)),
                rules=rules,
            )
        )
    if not versions:
        raise ValueError(f"{path}: no versions")
    return tuple(versions)


def checklist_version(on: dt.date) -> tuple[ChecklistVersion, bool]:
    """The version in force ``on``, and whether its start is known to cover ``on`` (before
    the first version's date, that version is used with ``start_known`` false)."""
    versions = checklist_versions()
    chosen = versions[0]
    for version in versions:
        if version.valid_from <= on:
            chosen = version
    covers = chosen.valid_from <= on and chosen.start_known
    return chosen, covers


def checklist_enforced(region: str) -> bool:
    regions = frozenset(getattr(settings, "PASSAGE_CHECKLIST_ENFORCED_REGIONS", frozenset()))
    return "all" in regions or region in regions


def checklist_for(
    *, facts: Mapping[str, str], on: dt.date, documents: Iterable[tuple[int, str, bool]]
) -> Checklist:
    """The checklist for an application's ``facts`` (permit_type, application_type, category,
    region) on ``on``; ``documents`` are (id, kind, signature valid) of what it carries."""
    version, start_known = checklist_version(on)
    uploaded = list(documents)
    items = []
    for rule in version.rules:
        plural = {
            "permit_types": facts.get("permit_type", ""),
            "application_types": facts.get("application_type", ""),
            "categories": facts.get("category", ""),
            "regions": facts.get("region", ""),
        }
        if not rule.applies(plural):
            continue
        ids = tuple(
            pk
            for pk, kind, signed_ok in uploaded
            if kind == rule.kind and (signed_ok or not rule.signed)
        )
        items.append(
            ChecklistItem(
                kind=rule.kind,
                labels=rule.labels,
                status=rule.status,
                reason=rule.reason,
                reference=rule.reference,
                signed=rule.signed,
                done=bool(ids),
                document_ids=ids,
            )
        )
    return Checklist(
        on=on,
        valid_from=version.valid_from,
        start_known=start_known,
        enforced=checklist_enforced(facts.get("region", "")),
        items=tuple(items),
    )
