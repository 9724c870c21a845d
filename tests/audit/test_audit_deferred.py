# SPDX-License-Identifier: EUPL-1.2
"""``audit_deferred``: entries recorded in the block are appended to the chain together when it
ends, in the same transaction, as one intact chain; nothing is appended when the block fails
or its transaction is to be rolled back; an entry under a savepoint of its own is written at
once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from passage.audit.models import AuditEntry
from passage.audit.services import audit_deferred, audit_record, audit_verify


class Boom(Exception):
    pass


class TestAuditDeferred:
    def test_appended_together_at_the_end_in_order(self, officer: Any) -> None:
        with transaction.atomic():
            before = audit_record(actor=officer, action="a.before", object_type="t", object_id=0)
            with audit_deferred():
                first = audit_record(actor=officer, action="a.first", object_type="t", object_id=1)
                second = audit_record(actor=None, action="a.second", object_type="t", object_id=2)
                assert AuditEntry.objects.count() == 1  # queued, not yet written
                assert first.pk is None
            rows = list(AuditEntry.objects.order_by("id"))
        assert [r.action for r in rows] == ["a.before", "a.first", "a.second"]
        assert [first.pk, second.pk] == [rows[1].pk, rows[2].pk]
        assert rows[1].prev_hash == before.hash
        assert rows[2].prev_hash == rows[1].hash == first.hash
        assert rows[2].actor_label == "system"
        assert audit_verify().ok

    def test_one_entry_is_written_as_without_the_block(self, officer: Any) -> None:
        with transaction.atomic(), audit_deferred():
            entry = audit_record(
                actor=officer, action="a.one", object_type="t", object_id=1, details={"n": 1}
            )
        stored = AuditEntry.objects.get()
        assert (stored.pk, stored.hash, stored.details) == (entry.pk, entry.hash, {"n": 1})
        assert audit_verify().ok

    def test_nothing_appended_after_an_error(self, officer: Any) -> None:
        with transaction.atomic():
            with pytest.raises(Boom), audit_deferred():
                audit_record(actor=officer, action="a.lost", object_type="t", object_id=1)
                raise Boom
            assert not AuditEntry.objects.exists()

    def test_nothing_appended_when_the_transaction_rolls_back(self, officer: Any) -> None:
        with transaction.atomic():
            with transaction.atomic(), audit_deferred():
                audit_record(actor=officer, action="a.lost", object_type="t", object_id=1)
                transaction.set_rollback(True)
            assert not AuditEntry.objects.exists()

    def test_an_entry_under_its_own_savepoint_is_written_at_once(self, officer: Any) -> None:
        with transaction.atomic(), audit_deferred():
            audit_record(actor=officer, action="a.deferred", object_type="t", object_id=1)
            with transaction.atomic():  # a savepoint that could be rolled back alone
                audit_record(actor=officer, action="a.at_once", object_type="t", object_id=2)
                assert list(AuditEntry.objects.values_list("action", flat=True)) == ["a.at_once"]
            with pytest.raises(Boom), transaction.atomic():
                audit_record(actor=officer, action="a.rolled_back", object_type="t", object_id=3)
                raise Boom
        actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
        assert actions == ["a.at_once", "a.deferred"]
        assert audit_verify().ok

    def test_nested_blocks_append_once_at_the_outer_end(self, officer: Any) -> None:
        with transaction.atomic(), audit_deferred():
            with audit_deferred():
                audit_record(actor=officer, action="a.inner", object_type="t", object_id=1)
            assert not AuditEntry.objects.exists()
        assert AuditEntry.objects.count() == 1

    def test_outside_a_transaction_is_refused(self, transactional_db: Any) -> None:
        with pytest.raises(RuntimeError), audit_deferred():
            pass

    def test_concurrent_deferred_writers_build_one_chain(
        self, audit_log_emptied_after: None
    ) -> None:
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            try:
                for round_ in range(5):
                    with transaction.atomic(), audit_deferred():
                        for k in range(3):
                            audit_record(
                                actor=None,
                                action="a.write",
                                object_type="t",
                                object_id=f"{n}-{round_}-{k}",
                            )
            except BaseException as exc:  # reported by the test thread
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors
        result = audit_verify()
        assert result.ok, result.message
        assert result.entries == 4 * 5 * 3
