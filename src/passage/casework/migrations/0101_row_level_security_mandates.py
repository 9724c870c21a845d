# SPDX-License-Identifier: EUPL-1.2
"""Row-level security for mandates and worker logins (issue 10, docs/access.md): an employer
member's ``passage.organisation`` is a list (their own organisation and its mandated
principals), and a ``worker`` login sees its own submitted applications.

The policies are dropped and created again from ``passage.casework.rls``. Going back leaves
them in place: the older code sets one id, which the new policies read as a one-element list.
"""

from django.db import migrations

from passage.casework import rls


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0100_row_level_security"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[sql for sql in rls.enable_sql() if "POLICY" in sql],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
