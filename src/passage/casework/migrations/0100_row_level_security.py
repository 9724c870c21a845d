# SPDX-License-Identifier: EUPL-1.2
"""Row-level security on the casework tables, the ``passage_app`` role it is enforced on, and
the partial index the regional officers' queue reads (region, SLA due date, id).

See ``passage.casework.rls`` and docs/casework.md "Row-level security".
"""

from django.db import migrations

from passage.casework import rls

QUEUE_INDEX = (
    "CREATE INDEX IF NOT EXISTS casework_app_regional_queue_idx "
    "ON casework_application (region, sla_due_on, id) "
    "WHERE state IN ('submitted', 'resubmitted', 'completeness_check', 'regional_assessment')"
)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_sla_policy_seed"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[*rls.enable_sql(), QUEUE_INDEX],
            reverse_sql=[
                "DROP INDEX IF EXISTS casework_app_regional_queue_idx",
                *rls.disable_sql(),
            ],
        ),
    ]
