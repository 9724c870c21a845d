# SPDX-License-Identifier: EUPL-1.2
"""Seed the SLA policies the seed catalogue gives (both still unverified).

- Flanders, single permit: 60-day processing target (004 L7, SEC-004-2, unverified).
- Every region, shortage occupations: 8 weeks = 56 days, set in the Annual Migration
  Management Cycle (001 L9, SEC-001-1, unverified).

Other regions have no general single-permit target in the seeds, so they get no policy and
therefore no clock until an administrator adds one.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

REGIONS = ("flanders", "wallonia", "brussels", "german_speaking_community")
POLICIES = [
    ("flanders", "single_permit", 60, "004 L7 (unverified, SEC-004-2)"),
    *[(r, "shortage_occupation", 56, "001 L9 (unverified, SEC-001-1)") for r in REGIONS],
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    SlaPolicy = apps.get_model("casework", "SlaPolicy")
    for region, procedure, days, source in POLICIES:
        SlaPolicy.objects.update_or_create(
            region=region,
            procedure=procedure,
            defaults={"target_days": days, "source": source},
        )


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    SlaPolicy = apps.get_model("casework", "SlaPolicy")
    for region, procedure, _days, source in POLICIES:
        SlaPolicy.objects.filter(region=region, procedure=procedure, source=source).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_history_and_shortage_list")]

    operations = [migrations.RunPython(seed, unseed)]
