"""One grant per (user, role, scope): duplicates are merged first (the earliest kept, with
can_unmask if any duplicate had it), then a unique constraint in which an absent scope counts
as one value (a plain unique constraint would let NULL scopes repeat)."""
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Coalesce


def merge_duplicates(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    kept, drop, unmask = {}, [], set()
    rows = Membership.objects.order_by("id").values_list(
        "id", "user_id", "role", "org_id", "zone_id", "department_id", "can_unmask")
    for pk, user, role, org, zone, dept, can_unmask in rows:
        key = (user, role, org, zone, dept)
        if key in kept:
            drop.append(pk)
            if can_unmask:
                unmask.add(kept[key])
        else:
            kept[key] = pk
    Membership.objects.filter(id__in=unmask).update(can_unmask=True)
    Membership.objects.filter(id__in=drop).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                models.F("user"), models.F("role"), Coalesce("org", Value(0)), Coalesce("zone", Value(0)),
                Coalesce("department", Value(0)),
                name="membership_unique_grant", violation_error_message="该授权已存在",
            ),
        ),
    ]
