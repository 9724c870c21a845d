# SPDX-License-Identifier: EUPL-1.2
"""Row-level security on ``signatures_signaturevalidation``: a validation (it names the
signer) is visible exactly when its document is — the subquery runs under the document's own
policy, which follows the application (``passage.casework.rls``)."""

from django.db import migrations

TABLE = "signatures_signaturevalidation"
POLICY = f"{TABLE}_scope"
RULE = f"EXISTS (SELECT 1 FROM casework_document d WHERE d.id = {TABLE}.document_id)"


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0001_initial"),
        ("casework", "0100_row_level_security"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
                f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY",
                f"DROP POLICY IF EXISTS {POLICY} ON {TABLE}",
                f"CREATE POLICY {POLICY} ON {TABLE} FOR ALL USING ({RULE}) WITH CHECK ({RULE})",
            ],
            reverse_sql=[
                f"DROP POLICY IF EXISTS {POLICY} ON {TABLE}",
                f"ALTER TABLE {TABLE} NO FORCE ROW LEVEL SECURITY",
                f"ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY",
            ],
        ),
    ]
