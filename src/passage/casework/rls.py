# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL row-level security: the fail-closed backstop behind the rules and the selectors.

Every casework table holding an application or hanging off one has policies that read four
transaction-local settings, set from the authenticated user at the start of each API request:

| setting | value |
| --- | --- |
| ``passage.role`` | the user's role (``employer_member``, ``regional_officer`` …) |
| ``passage.region`` | a regional officer's region |
| ``passage.organisation`` | an employer member's organisations, comma-separated ids: their own and the principals of their organisation's mandates active that day (docs/access.md) |
| ``passage.worker`` | a ``worker`` login's casework worker id |

Unset or unknown → no rows. Administrators and Immigration Office officers see every row; a
regional officer sees the rows of their region; an employer member those of their
organisations; a worker their own applications once submitted, with their events and
decisions (never documents or information requests); an analyst none (analysts read
aggregates, never cases).

**The gotcha.** ``FORCE ROW LEVEL SECURITY`` makes policies apply to the table's owner, but a
*superuser* (and any role with ``BYPASSRLS``) always bypasses them. The Django connection may
well be a superuser (it is in development, in CI and with the embedded server), so the request
transaction switches to the dedicated ``NOLOGIN`` role ``passage_app`` with
``set_config('role', 'passage_app', true)`` — the function form of ``SET LOCAL ROLE`` — in the
same statement that sets the three settings. The role only exists to be switched into; it has
plain DML rights on the tables and no ``BYPASSRLS``. Commands, the demo loader, migrations and
background jobs run as the connection's own role and are not filtered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction

APP_ROLE = "passage_app"

#: Tables with a ``region`` and ``organisation_id`` of their own.
APPLICATION_TABLE = "casework_application"
#: Tables reached through their application (``application_id``).
CHILD_TABLES = (
    "casework_applicationevent",
    "casework_document",
    "casework_informationrequest",
    "casework_applicationdecision",
)
WORKER_TABLE = "casework_worker"
TABLES = (APPLICATION_TABLE, WORKER_TABLE, *CHILD_TABLES)

_ROLE = "current_setting('passage.role', true)"
_REGION = "nullif(current_setting('passage.region', true), '')"
#: An empty or unset list is NULL: ``= ANY(NULL)`` is NULL, no row.
_ORGANISATIONS = (
    "string_to_array(nullif(current_setting('passage.organisation', true), ''), ',')::bigint[]"
)
_WORKER = "nullif(current_setting('passage.worker', true), '')::bigint"
#: Tables a worker login never reads: the employer's documents and the region's questions.
WORKER_HIDDEN_TABLES = ("casework_document", "casework_informationrequest")

#: The application rule. ``CASE`` without ``ELSE``: an unset or unknown role is NULL, no row.
APPLICATION_RULE = f"""CASE {_ROLE}
    WHEN 'administrator' THEN true
    WHEN 'immigration_officer' THEN true
    WHEN 'regional_officer' THEN region = {_REGION}
    WHEN 'employer_member' THEN organisation_id = ANY({_ORGANISATIONS})
    WHEN 'worker' THEN worker_id = {_WORKER} AND state <> 'draft'
END"""

#: A worker is seen by their own employer, and by officers of a region where one of their
#: applications is (the subquery is itself filtered by the application policy).
WORKER_RULE = f"""CASE {_ROLE}
    WHEN 'administrator' THEN true
    WHEN 'immigration_officer' THEN true
    WHEN 'regional_officer' THEN EXISTS (
        SELECT 1 FROM {APPLICATION_TABLE} a WHERE a.worker_id = {WORKER_TABLE}.id)
    WHEN 'employer_member' THEN organisation_id = ANY({_ORGANISATIONS})
    WHEN 'worker' THEN id = {_WORKER}
END"""  # noqa: S608 (constants, no input)


def _child_rule(table: str) -> str:
    rule = (
        # The subquery runs under the application policy: scope follows the application.
        f"EXISTS (SELECT 1 FROM {APPLICATION_TABLE} a WHERE a.id = {table}.application_id)"  # noqa: S608
    )
    if table in WORKER_HIDDEN_TABLES:
        rule = f"{_ROLE} IS DISTINCT FROM 'worker' AND {rule}"
    return rule


def _rule(table: str) -> str:
    if table == APPLICATION_TABLE:
        return APPLICATION_RULE
    if table == WORKER_TABLE:
        return WORKER_RULE
    return _child_rule(table)


def _policy(table: str) -> str:
    return f"{table}_scope"


def create_role_sql() -> list[str]:
    """The role, created once per cluster (roles are global; databases share it)."""
    return [
        f"""DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- created by a concurrent migration (parallel test databases)
END $$""",  # noqa: S608 (a constant role name)
        # The connection's own role must be allowed to switch into it (a no-op for superusers).
        f"""DO $$
BEGIN
    EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
EXCEPTION WHEN others THEN
    NULL;
END $$""",
        f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}",
        # Tables that later migrations create (audit, history, outbox …) get the same rights.
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}",
    ]


def enable_sql() -> list[str]:
    statements = create_role_sql()
    for table in TABLES:
        rule = _rule(table)
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {_policy(table)} ON {table}",
            f"CREATE POLICY {_policy(table)} ON {table} FOR ALL USING ({rule}) WITH CHECK ({rule})",
        ]
    return statements


def disable_sql() -> list[str]:
    statements: list[str] = []
    for table in TABLES:
        statements += [
            f"DROP POLICY IF EXISTS {_policy(table)} ON {table}",
            f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
        ]
    # The role stays: other databases of the cluster (test databases) may still use it.
    return statements


def rls_settings_for(user: Any) -> tuple[str, str, str, str]:
    """(role, region, organisation ids, worker id) for the policies; empty strings when not
    applicable. The organisations are those the user may read today (their own and their
    organisation's mandated principals), from the scope loaded with the user."""
    from passage.accounts.predicates import (
        user_region,
        user_role,
        user_viewable_organisation_ids,
        user_worker_id,
    )

    if user is None or not getattr(user, "is_authenticated", False):
        return "", "", "", ""
    role = user_role(user) or ""
    region = user_region(user) or ""
    organisations = ",".join(str(o) for o in sorted(user_viewable_organisation_ids(user)))
    worker = user_worker_id(user)
    return str(role), str(region), organisations, "" if worker is None else str(worker)


_ACTIVATE = (
    "SELECT set_config('passage.role', %s, true), set_config('passage.region', %s, true), "
    "set_config('passage.organisation', %s, true), set_config('passage.worker', %s, true), "
    "set_config('role', %s, true)"
)
_DEACTIVATE = (
    "SELECT set_config('role', 'none', true), set_config('passage.role', '', true), "
    "set_config('passage.region', '', true), set_config('passage.organisation', '', true), "
    "set_config('passage.worker', '', true)"
)


def rls_activate(role: str, region: str = "", organisation: str = "", worker: str = "") -> None:
    """Switch the current transaction to ``passage_app`` with these settings (one round trip).
    ``organisation``: one id or several, comma-separated.

    Must run inside ``transaction.atomic()``: the settings end with the transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVATE, [role, region, organisation, worker, APP_ROLE])


def rls_deactivate() -> None:
    """Back to the connection's own role, for the rest of an enclosing transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_DEACTIVATE)


#: The atomic block of the API request running in this context (``rls_scope``).
_request_block: ContextVar[object | None] = ContextVar("passage_request_block", default=None)


def in_request_transaction() -> bool:
    """True directly inside ``rls_scope``'s block: the API request's own transaction, which
    the API rolls back as a whole on any error (``CaseworkApi.dispatch``). A service running
    there needs no savepoint of its own (``services._atomic``); one nested deeper (a caller's
    own ``atomic()`` that may catch the error and go on) still gets one."""
    blocks = connection.atomic_blocks
    return bool(blocks) and blocks[-1] is _request_block.get()


@contextmanager
def rls_scope(user: Any) -> Iterator[None]:
    """A transaction in which every query runs as ``passage_app`` scoped to ``user``.

    Outermost, the commit or rollback ends the settings. Nested in an enclosing transaction
    (tests, ``ATOMIC_REQUESTS``), they are put back on the way out so that the enclosing code
    is not left running as ``passage_app``.
    """
    settings = rls_settings_for(user)
    nested = connection.in_atomic_block
    with transaction.atomic():
        token = _request_block.set(connection.atomic_blocks[-1])
        try:
            rls_activate(*settings)
            yield
            # After an error the savepoint's rollback undoes the settings by itself.
            if nested and not connection.needs_rollback:
                rls_deactivate()
        finally:
            _request_block.reset(token)
