# SPDX-License-Identifier: EUPL-1.2
"""Concurrent writers, each on its own connection, still build one intact chain."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction

from passage.audit.models import AuditEntry
from passage.audit.services import audit_record, audit_verify


def in_thread(target: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection; leave none open

    thread = threading.Thread(target=run)
    thread.start()
    return thread


class TestAuditConcurrency:
    def test_second_writer_waits_for_the_first_commit(self, audit_log_emptied_after: None) -> None:
        errors: list[BaseException] = []
        first_recorded = threading.Event()
        release_first = threading.Event()
        results: dict[str, AuditEntry] = {}

        def first() -> None:
            with transaction.atomic():
                results["first"] = audit_record(
                    actor=None, action="a.first", object_type="t", object_id=1
                )
                first_recorded.set()
                release_first.wait(10)

        def second() -> None:
            first_recorded.wait(10)
            with transaction.atomic():
                results["second"] = audit_record(
                    actor=None, action="a.second", object_type="t", object_id=2
                )

        t1 = in_thread(first, errors)
        t2 = in_thread(second, errors)
        first_recorded.wait(10)
        time.sleep(0.3)
        # The second writer is blocked on the advisory lock while the first is open.
        assert "second" not in results
        release_first.set()
        t1.join(10)
        t2.join(10)
        assert not errors, errors
        assert results["second"].prev_hash == results["first"].hash
        assert results["second"].id > results["first"].id
        assert audit_verify().ok

    def test_many_concurrent_writers_one_intact_chain(self, audit_log_emptied_after: None) -> None:
        errors: list[BaseException] = []
        writers, per_writer = 4, 15
        start = threading.Barrier(writers)

        def writer(n: int) -> Callable[[], None]:
            def run() -> None:
                start.wait(10)
                for i in range(per_writer):
                    with transaction.atomic():
                        audit_record(
                            actor=None,
                            action="a.write",
                            object_type="writer",
                            object_id=n,
                            details={"i": i},
                        )

            return run

        threads = [in_thread(writer(n), errors) for n in range(writers)]
        for thread in threads:
            thread.join(30)
        assert not errors, errors
        result = audit_verify()
        assert result.ok, result.message
        assert result.entries == writers * per_writer
        prev_hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
        assert len(set(prev_hashes)) == len(prev_hashes)  # no fork: each hash has one successor
