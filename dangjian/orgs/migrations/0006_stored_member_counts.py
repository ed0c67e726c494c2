"""Stored member counts on party orgs, filled from the members in one UPDATE.

The fill carries its own SQL (no import of live code): current members and current full
members per org."""
from django.db import migrations, models

FILL = """
UPDATE orgs_partyorg SET
    members_current = (SELECT COUNT(*) FROM orgs_member m
                       WHERE m.branch_id = orgs_partyorg.id AND m.left_on IS NULL),
    members_full = (SELECT COUNT(*) FROM orgs_member m
                    WHERE m.branch_id = orgs_partyorg.id AND m.left_on IS NULL AND m.status = 'full')
"""


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_data_key_check'),
    ]

    operations = [
        migrations.AddField(
            model_name='partyorg',
            name='members_current',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='partyorg',
            name='members_full',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
    ]
