# SPDX-License-Identifier: EUPL-1.2
"""audit_verify and ``passage audit verify``: an intact chain, and each kind of tampering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from passage.audit.cli import app as audit_cli
from passage.audit.models import AuditEntry
from passage.audit.services import audit_record, audit_verify

Tamper = Callable[..., None]


def chain(actor: Any, n: int) -> list[int]:
    return [
        audit_record(
            actor=actor,
            action="application.transition",
            object_type="application",
            object_id=i,
            details={"step": i},
        ).id
        for i in range(n)
    ]


class TestAuditVerify:
    def test_empty_chain_is_intact(self, db: Any) -> None:
        result = audit_verify()
        assert result.ok
        assert result.message == "chain intact: 0 entries"

    def test_intact_chain(self, officer: Any) -> None:
        chain(officer, 25)
        result = audit_verify(chunk_size=7)  # several server-side cursor fetches
        assert result.ok
        assert result.entries == 25
        assert result.message == "chain intact: 25 entries"
        assert result.head_hash == AuditEntry.objects.last().hash  # type: ignore[union-attr]

    def test_changed_row(self, officer: Any, tamper: Tamper) -> None:
        ids = chain(officer, 5)
        tamper("UPDATE audit_auditentry SET details = '{\"step\": 99}' WHERE id = %s", [ids[2]])
        result = audit_verify()
        assert not result.ok
        assert (result.kind, result.broken_at, result.entries) == ("changed", ids[2], 2)
        assert f"hash mismatch at id {ids[2]}" in result.message

    def test_changed_actor_or_time(self, officer: Any, tamper: Tamper) -> None:
        ids = chain(officer, 3)
        tamper("UPDATE audit_auditentry SET at = at - interval '1 day' WHERE id = %s", [ids[1]])
        result = audit_verify()
        assert (result.kind, result.broken_at) == ("changed", ids[1])

    def test_deleted_row(self, officer: Any, tamper: Tamper) -> None:
        ids = chain(officer, 5)
        tamper("DELETE FROM audit_auditentry WHERE id = %s", [ids[2]])
        result = audit_verify()
        assert not result.ok
        assert (result.kind, result.broken_at) == ("missing", ids[3])
        assert f"row after id {ids[1]} missing" in result.message

    def test_deleted_first_row(self, officer: Any, tamper: Tamper) -> None:
        ids = chain(officer, 3)
        tamper("DELETE FROM audit_auditentry WHERE id = %s", [ids[0]])
        result = audit_verify()
        assert (result.kind, result.broken_at) == ("missing", ids[1])

    def test_swapped_rows_are_reordered(self, officer: Any, tamper: Tamper) -> None:
        ids = chain(officer, 5)
        a, b = ids[1], ids[2]
        # Swap the two rows' ids: every column moves with its row, as a reordering would.
        tamper("UPDATE audit_auditentry SET id = -1 WHERE id = %s", [a])
        tamper("UPDATE audit_auditentry SET id = %s WHERE id = %s", [a, b])
        tamper("UPDATE audit_auditentry SET id = %s WHERE id = -1", [b])
        result = audit_verify()
        assert not result.ok
        assert (result.kind, result.broken_at) == ("reordered", a)
        assert f"reordered at id {a}" in result.message
        assert f"now at id {b}" in result.message

    def test_row_with_recomputed_hash_breaks_the_next_link(
        self, officer: Any, tamper: Tamper
    ) -> None:
        """Someone who rewrites an entry and its hash still breaks the next entry's link."""
        ids = chain(officer, 4)
        tamper("UPDATE audit_auditentry SET hash = repeat('a', 64) WHERE id = %s", [ids[1]])
        result = audit_verify()
        assert (result.kind, result.broken_at) == ("changed", ids[1])

    def test_rows_deleted_from_the_end_need_the_recorded_head(
        self, officer: Any, tamper: Tamper
    ) -> None:
        ids = chain(officer, 4)
        head = audit_verify().head_hash
        assert audit_verify(expected_head=head).ok
        tamper("DELETE FROM audit_auditentry WHERE id = %s", [ids[3]])
        assert audit_verify().ok  # a shorter chain is still a chain
        result = audit_verify(expected_head=head)
        assert not result.ok
        assert result.kind == "head_missing"
        assert f"entries after id {ids[2]} missing" in result.message


class TestAuditVerifyCli:
    def test_intact_exits_0(self, officer: Any) -> None:
        chain(officer, 3)
        result = CliRunner().invoke(audit_cli, ["verify"])
        assert result.exit_code == 0, result.output
        assert "chain intact: 3 entries" in result.output

    def test_broken_exits_1_with_the_location(self, officer: Any, tamper: Tamper) -> None:
        ids = chain(officer, 3)
        tamper("UPDATE audit_auditentry SET action = 'forged' WHERE id = %s", [ids[1]])
        result = CliRunner().invoke(audit_cli, ["verify"])
        assert result.exit_code == 1
        assert f"hash mismatch at id {ids[1]}" in result.output

    @pytest.mark.parametrize("flag", ["--expected-head"])
    def test_expected_head_option(self, officer: Any, tamper: Tamper, flag: str) -> None:
        ids = chain(officer, 2)
        head = audit_verify().head_hash
        tamper("DELETE FROM audit_auditentry WHERE id = %s", [ids[1]])
        result = CliRunner().invoke(audit_cli, ["verify", flag, head])
        assert result.exit_code == 1
        assert "missing" in result.output
