# The record list's order (newest first), over all records and within one kind.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0006_stored_member_counts'),
        ('records', '0004_discipline_education'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(fields=['held_on', 'id'], name='records_act_held_on_id_idx'),
        ),
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(fields=['kind', 'held_on', 'id'], name='records_act_kind_held_idx'),
        ),
    ]
