# SPDX-License-Identifier: EUPL-1.2
"""TRUNCATE stays refused while the audit table holds entries, but an empty table may be
truncated: nothing is lost, and Django's test flush (TransactionTestCase) truncates every
table, so transactional tests first empty the log (``passage.audit.testing``) and then flush."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM audit_auditentry) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only (% refused)', TG_OP;
END $$;
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditentry is append-only (% refused)', TG_OP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
