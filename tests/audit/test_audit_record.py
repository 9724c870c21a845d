# SPDX-License-Identifier: EUPL-1.2
"""audit_record: the chain it writes, what it refuses, and the append-only table."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from passage.audit.models import AuditEntry
from passage.audit.services import (
    ACTION_PERSONAL_DATA_READ,
    GENESIS_HASH,
    audit_personal_data_read,
    audit_record,
    audit_verify,
    entry_hash,
)


class TestAuditRecord:
    def test_first_entry_chains_to_genesis_and_the_next_to_it(self, officer: Any) -> None:
        first = audit_record(
            actor=officer, action="application.submit", object_type="application", object_id=7
        )
        second = audit_record(
            actor=officer,
            action="application.withdraw",
            object_type="application",
            object_id="7",
            details={"reason": "changed plans"},
        )
        assert first.prev_hash == GENESIS_HASH
        assert second.prev_hash == first.hash
        assert second.id > first.id
        assert (first.actor_id, first.actor_label) == (officer.pk, "officer-1")
        assert first.object_id == "7"

    def test_hash_is_sha256_of_prev_hash_and_canonical_json_including_the_id(
        self, officer: Any
    ) -> None:
        entry = audit_record(
            actor=officer,
            action="decision.regional",
            object_type="application",
            object_id=3,
            details={"outcome": "granted", "b": [1, 2]},
        )
        stored = AuditEntry.objects.get(pk=entry.pk)
        payload = json.dumps(
            {
                "id": stored.id,
                "at": stored.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                "actor_id": officer.pk,
                "actor_label": "officer-1",
                "action": "decision.regional",
                "object_type": "application",
                "object_id": "3",
                "details": {"b": [1, 2], "outcome": "granted"},
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        assert stored.hash == hashlib.sha256((GENESIS_HASH + payload).encode()).hexdigest()

    def test_the_id_is_part_of_the_hash(self, officer: Any) -> None:
        entry = audit_record(actor=officer, action="x.y", object_type="t", object_id=1)
        fields = {
            "prev_hash": entry.prev_hash,
            "at": entry.at,
            "actor_id": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "details": entry.details,
        }
        assert entry_hash(id=entry.id, **fields) == entry.hash
        assert entry_hash(id=entry.id + 1, **fields) != entry.hash

    def test_system_actor_and_json_friendly_details(self, db: Any) -> None:
        entry = audit_record(
            actor=None,
            action="applications.reevaluate",
            object_type="rulebook",
            object_id="2026-01-01",
            details={
                "amount": Decimal("2111.89"),
                "day": dt.date(2026, 1, 1),
                "fte": 0.8,
                "whole": 2.0,
                "big": 1e16,
            },
        )
        assert entry.actor_id is None
        assert entry.actor_label == "system"
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert stored.details == {
            "amount": "2111.89",
            "day": "2026-01-01",
            "fte": 0.8,
            "whole": 2,
            "big": 10**16,
        }
        assert audit_verify().ok

    @pytest.mark.parametrize(
        "details",
        [
            {"nrn": "85.07.30-033.28"},
            {"national_register_number": "x"},
            {"Given_Name": "x"},
            {"worker": {"family_name": "x"}},
            {"changes": [{"birth-date": "1990-01-01"}]},
            {"national_register_pseudonym": "ab12"},
        ],
    )
    def test_details_naming_a_worker_are_refused(self, officer: Any, details: Any) -> None:
        with pytest.raises(ValueError, match="must not hold national register numbers or names"):
            audit_record(
                actor=officer,
                action="worker.update",
                object_type="worker",
                object_id=1,
                details=details,
            )
        assert not AuditEntry.objects.exists()

    def test_field_names_as_values_are_fine(self, officer: Any) -> None:
        entry = audit_record(
            actor=officer,
            action="worker.update",
            object_type="worker",
            object_id=1,
            details={"changed": ["given_name", "birth_date"]},
        )
        assert entry.details == {"changed": ["given_name", "birth_date"]}

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"action": ""},
            {"action": "a" * 65},
            {"object_type": ""},
            {"object_id": "9" * 65},
            {"details": {"nan": float("nan")}},
            {"details": {"thing": object()}},
        ],
    )
    def test_bad_arguments_are_value_errors(self, officer: Any, kwargs: dict[str, Any]) -> None:
        args: dict[str, Any] = {"action": "a.b", "object_type": "t", "object_id": 1}
        args.update(kwargs)
        with pytest.raises(ValueError):
            audit_record(actor=officer, **args)

    def test_outside_a_transaction_is_refused(self, officer: Any) -> None:
        # The test runs inside pytest-django's transaction; pretend it does not.
        connection.in_atomic_block = False
        try:
            with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
                audit_record(actor=officer, action="a.b", object_type="t", object_id=1)
        finally:
            connection.in_atomic_block = True

    def test_rolled_back_with_the_callers_change(self, officer: Any) -> None:
        kept = audit_record(actor=officer, action="a.kept", object_type="t", object_id=1)
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            audit_record(actor=officer, action="a.lost", object_type="t", object_id=2)
            _ = 1 / 0
        after = audit_record(actor=officer, action="a.after", object_type="t", object_id=3)
        assert list(AuditEntry.objects.values_list("action", flat=True)) == ["a.kept", "a.after"]
        # The rolled-back entry burnt an id: a gap, but the chain links over it.
        assert after.prev_hash == kept.hash
        assert audit_verify().ok

    def test_personal_data_read_records_field_names_only(self, officer: Any) -> None:
        entry = audit_personal_data_read(
            actor=officer, object_type="worker", object_id=12, fields=["family_name", "given_name"]
        )
        assert entry.action == ACTION_PERSONAL_DATA_READ
        assert entry.details == {"fields": ["family_name", "given_name"]}
        assert (entry.object_type, entry.object_id) == ("worker", "12")


class TestAppendOnlyTable:
    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE audit_auditentry SET action = 'x'",
            "DELETE FROM audit_auditentry",
            "TRUNCATE audit_auditentry",
        ],
    )
    def test_update_delete_and_truncate_are_refused(self, officer: Any, sql: str) -> None:
        audit_record(actor=officer, action="a.b", object_type="t", object_id=1)
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
        assert AuditEntry.objects.get().action == "a.b"

    def test_orm_update_and_delete_are_refused(self, officer: Any) -> None:
        entry = audit_record(actor=officer, action="a.b", object_type="t", object_id=1)
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(action="c.d")
        with pytest.raises(DatabaseError), transaction.atomic():
            entry.delete()
        assert audit_verify().ok
