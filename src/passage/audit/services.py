# SPDX-License-Identifier: EUPL-1.2
"""Writing and verifying the hash-chained audit log.

Every entry's hash covers the previous entry's hash and the entry's own content, *including its
id*:

    hash = sha256(prev_hash + canonical JSON {id, at, actor_id, actor_label, action,
                                              object_type, object_id, details})

- a changed row no longer matches its own hash;
- a deleted row leaves the next row pointing at a hash that is not its predecessor's;
- a reordered row (contents moved to another id, or ids swapped) no longer matches its hash,
  because the id is hashed, and points back at a row that is not its predecessor.

The id is allocated with ``nextval`` *after* the writer has taken the audit lock, so ids grow in
chain order. Ids may still have gaps (a rolled-back transaction burns its id): a gap alone is not
a break; only the ``prev_hash`` links count.

Deleting entries at the very end of the chain leaves a shorter chain that is still intact; only
an anchor kept elsewhere finds that. ``audit_verify`` therefore reports the head hash, and
``audit_verify(expected_head=…)`` checks that a previously recorded head is still in the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from passage.audit.models import AuditEntry

GENESIS_HASH = "0" * 64

# pg_advisory_xact_lock key of the audit chain ("passage\x01" as a big-endian integer). Every
# writer takes it for the rest of its transaction, so writers chain one after another in commit
# order: the next writer reads the last hash only once the previous one has committed.
AUDIT_LOCK_KEY = 0x7061737361676501

# Keys refused anywhere in ``details`` (nested too): the audit log is kept for years and read by
# auditors, so it names records by id and never copies a worker's identity into them.
DENIED_DETAIL_KEYS = frozenset(
    {"nrn", "national_register_number", "given_name", "family_name", "birth_date"}
)

ACTION_PERSONAL_DATA_READ = "personal_data.read"
SYSTEM_ACTOR_LABEL = "system"

_FIELD_LIMITS = {"action": 64, "object_type": 64, "object_id": 64}


def _canonical_json(value: Any) -> str:
    # Sorted keys, no whitespace, UTF-8 as is: one text per value, whatever built the dict.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _iso(at: dt.datetime) -> str:
    # Always UTC with microseconds: PostgreSQL keeps microseconds, and the text must not depend
    # on the session's time zone or on whether the microseconds happen to be zero.
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    prev_hash: str,
    id: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    details: Mapping[str, Any],
) -> str:
    """The hash of one entry given its predecessor's hash (see the module docstring)."""
    payload = _canonical_json(
        {
            "id": id,
            "at": _iso(at),
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "details": details,
        }
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _denied_keys(value: Any, path: str = "details") -> list[str]:
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = str(key).strip().lower().replace("-", "_")
            # Also national_register_number_encrypted, …_pseudonym: a pseudonym is still
            # personal data, and the log needs none of it to name the worker (use the id).
            if name in DENIED_DETAIL_KEYS or "national_register" in name:
                found.append(f"{path}.{key}")
            found.extend(_denied_keys(item, f"{path}.{key}"))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found.extend(_denied_keys(item, f"{path}[{index}]"))
    return found


def _json_number_normalised(value: Any) -> Any:
    # JSON has one number type and PostgreSQL's jsonb prints 2.0 as "2.0" but 1e16 as
    # "10000000000000000", which reads back as an int. Storing integral floats as ints makes
    # what is hashed now exactly what ``audit_verify`` reads back later.
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("details: numbers must be finite")
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {key: _json_number_normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_number_normalised(item) for item in value]
    return value


def _details_normalised(details: Mapping[str, Any] | None) -> dict[str, Any]:
    if details is None:
        return {}
    if not isinstance(details, Mapping):
        raise ValueError("details must be a mapping")
    denied = _denied_keys(details)
    if denied:
        raise ValueError(
            "details must not hold national register numbers or names; refused: "
            + ", ".join(sorted(denied))
        )
    # Decimals, dates and UUIDs become text (DjangoJSONEncoder), then back to plain JSON values,
    # so the hash is computed over exactly what the jsonb column will return.
    try:
        text = json.dumps(dict(details), cls=DjangoJSONEncoder, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"details must be JSON-serialisable: {exc}") from None
    normalised: dict[str, Any] = _json_number_normalised(json.loads(text))
    return normalised


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    """(actor_id, actor_label): the login name only, never a person's name or e-mail."""
    if actor is None:
        return None, SYSTEM_ACTOR_LABEL
    if not getattr(actor, "is_authenticated", False):
        return None, "anonymous"
    return int(actor.pk), str(actor.get_username())


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str | int,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit chain, in the caller's transaction.

    ``actor`` is a user (its id and username are kept), or None for the system (background
    jobs). Raises ValueError for details naming a worker (see DENIED_DETAIL_KEYS), for fields too
    long for the table, and RuntimeError outside ``transaction.atomic()`` or under an isolation
    level other than READ COMMITTED (where the last hash could be read from a stale snapshot).

    Inside ``audit_deferred()`` (an API request) the entry is validated now and appended when
    that block ends, still in the same transaction; its ``id``, ``at``, ``prev_hash`` and
    ``hash`` are set then.
    """
    if not connection.in_atomic_block:
        raise RuntimeError(
            "audit_record must run inside the caller's transaction.atomic(): the entry is "
            "committed, or rolled back, with the change it records"
        )
    object_id = str(object_id)
    for name, limit in _FIELD_LIMITS.items():
        value = {"action": action, "object_type": object_type, "object_id": object_id}[name]
        if not value or len(value) > limit:
            raise ValueError(f"{name} must be 1 to {limit} characters")
    normalised = _details_normalised(details)
    actor_id, actor_label = _actor_fields(actor)
    entry = AuditEntry(
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=normalised,
    )
    deferred = _deferred.get()
    if deferred is not None and not any(connection.savepoint_ids[deferred.depth :]):
        deferred.entries.append(entry)
    else:
        _append([entry])
    return entry


@dataclass
class _Deferred:
    #: ``len(connection.savepoint_ids)`` where ``audit_deferred`` began.
    depth: int
    entries: list[AuditEntry]


_deferred: ContextVar[_Deferred | None] = ContextVar("passage_audit_deferred", default=None)


@contextmanager
def audit_deferred() -> Iterator[None]:
    """Within this block, ``audit_record`` queues its entries, and they are appended to the
    chain together when the block ends: one lock, one head read and one INSERT, at the end of
    the transaction's work. The chain lock serialises every writer until its transaction
    commits, so the later it is taken, the shorter every other writer waits.

    Must run inside ``transaction.atomic()`` and end before it does (the API wraps each
    request's transaction, ``CaseworkApi.dispatch``). Leaving with an exception, or with the
    transaction marked for rollback, appends nothing: the changes they recorded are rolled
    back too. Entries recorded below a savepoint taken inside the block are written at once
    instead, as without this block: that savepoint could be rolled back on its own."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_deferred must run inside transaction.atomic()")
    if _deferred.get() is not None:  # nested: the outer block appends
        yield
        return
    state = _Deferred(depth=len(connection.savepoint_ids), entries=[])
    token = _deferred.set(state)
    try:
        yield
    finally:
        _deferred.reset(token)
    if state.entries and not connection.needs_rollback:
        _append(state.entries)


def _append(entries: list[AuditEntry]) -> None:
    """Chain ``entries`` (built by ``audit_record``) after the current head, in order."""
    with connection.cursor() as cursor:
        # The lock first, in its own statement: under READ COMMITTED each statement takes a new
        # snapshot, so the next one sees the entry committed by the previous lock holder.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s), current_setting('transaction_isolation')",
            [AUDIT_LOCK_KEY],
        )
        (_, isolation) = cursor.fetchone()
        if isolation != "read committed":
            raise RuntimeError(
                f"audit_record needs READ COMMITTED isolation, not {isolation!r}: a stale "
                "snapshot would fork the chain"
            )
        if len(entries) == 1:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('audit_auditentry', 'id')), "
                "(SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1)"
            )
            new_id, last_hash = cursor.fetchone()
            ids = [new_id]
        else:
            cursor.execute(
                "SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('audit_auditentry', 'id')) "
                "FROM generate_series(1, %s)), "
                "(SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1)",
                [len(entries)],
            )
            new_ids, last_hash = cursor.fetchone()
            ids = sorted(new_ids)

    at = timezone.now()
    prev_hash = last_hash or GENESIS_HASH
    for entry, new_id in zip(entries, ids, strict=True):
        entry.id = new_id
        entry.at = at
        entry.prev_hash = prev_hash
        entry.hash = entry_hash(
            prev_hash=prev_hash,
            id=new_id,
            at=at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            details=entry.details,
        )
        prev_hash = entry.hash
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        AuditEntry.objects.bulk_create(entries)


def audit_personal_data_read(
    *, actor: Any, object_type: str, object_id: str | int, fields: Iterable[str]
) -> AuditEntry:
    """Record that ``actor`` read a worker's personal data: which record and which fields
    (their names, never their values). Joins the caller's transaction when there is one; a
    plain read has none, so it gets its own."""
    names = sorted({str(field) for field in fields})
    with transaction.atomic(savepoint=False):
        return audit_record(
            actor=actor,
            action=ACTION_PERSONAL_DATA_READ,
            object_type=object_type,
            object_id=object_id,
            details={"fields": names},
        )


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of ``audit_verify``. ``broken_at`` is the id where the first break was found,
    ``kind`` one of "changed", "missing", "reordered", "head_missing"."""

    ok: bool
    entries: int
    head_hash: str
    broken_at: int | None = None
    kind: str | None = None
    message: str = ""

    def __str__(self) -> str:
        return self.message


_VERIFY_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "details",
    "prev_hash",
    "hash",
)


def _row_hash(row: tuple[Any, ...]) -> str:
    id_, at, actor_id, actor_label, action, object_type, object_id, details, prev_hash, _ = row
    return entry_hash(
        prev_hash=prev_hash,
        id=id_,
        at=at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )


def _break(
    row: tuple[Any, ...], recomputed: str, expected_prev: str, prev_id: int | None
) -> tuple[str, str]:
    """(kind, message) for the first row that does not fit; looks up one row by its hash."""
    id_, prev_hash, stored = row[0], row[8], row[9]
    after = f"after id {prev_id}" if prev_id is not None else "at the start of the chain"
    if prev_hash == expected_prev:
        return "changed", f"hash mismatch at id {id_}: the entry was changed"
    if recomputed == stored:
        # Intact itself but chained to something that is no longer there.
        return "missing", (
            f"row {after} missing: id {id_} is chained to an entry that is gone "
            f"(or the entry before it was rewritten with a recomputed hash)"
        )
    elsewhere = (
        AuditEntry.objects.filter(hash=prev_hash).exclude(id=id_).values_list("id", flat=True)
    )
    other = next(iter(elsewhere), None)
    if other is not None:
        return "reordered", (
            f"reordered at id {id_}: its entry was chained after the entry now at id {other}, "
            f"not {after.removeprefix('after ')}"
        )
    return "changed", f"hash mismatch at id {id_}: the entry and its link were changed"


def audit_verify(*, expected_head: str | None = None, chunk_size: int = 5000) -> VerifyResult:
    """Walk the whole chain in id order with a server-side cursor (constant memory), recompute
    every hash and report the first break. ``expected_head``: a head hash recorded earlier
    (from a previous verify), which must still be in the chain; that finds entries deleted
    from the end."""
    expected_prev = GENESIS_HASH
    prev_id: int | None = None
    count = 0
    head_seen = expected_head is None
    rows = AuditEntry.objects.order_by("id").values_list(*_VERIFY_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        recomputed = _row_hash(row)
        if row[8] != expected_prev or recomputed != row[9]:
            kind, message = _break(row, recomputed, expected_prev, prev_id)
            return VerifyResult(
                ok=False,
                entries=count,
                head_hash=expected_prev,
                broken_at=row[0],
                kind=kind,
                message=message,
            )
        count += 1
        expected_prev = row[9]
        prev_id = row[0]
        if not head_seen and row[9] == expected_head:
            head_seen = True
    if not head_seen:
        return VerifyResult(
            ok=False,
            entries=count,
            head_hash=expected_prev,
            broken_at=prev_id,
            kind="head_missing",
            message=(
                f"the recorded head {expected_head} is not in the chain: entries after id "
                f"{prev_id} missing"
            ),
        )
    return VerifyResult(
        ok=True,
        entries=count,
        head_hash=expected_prev,
        message=f"chain intact: {count} entries",
    )
