from django.db import migrations


def load(apps, schema_editor):
    from dangjian.records.defaults import KINDS, RULES

    ActivityKind = apps.get_model("records", "ActivityKind")
    FrequencyRule = apps.get_model("records", "FrequencyRule")
    kinds = {}
    for sort, (code, name, category, takes_vote, asks_form) in enumerate(KINDS):
        kinds[code], _ = ActivityKind.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "takes_vote": takes_vote,
                                 "asks_form": asks_form, "sort": sort})
    for sort, (code, applies_to, period, min_count, basis, is_local, lead_days) in enumerate(RULES):
        FrequencyRule.objects.get_or_create(
            kind=kinds[code], applies_to=applies_to, period=period,
            defaults={"min_count": min_count, "basis": basis, "is_local": is_local,
                      "lead_days": lead_days, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
