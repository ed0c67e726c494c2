from django.db import migrations


def load(apps, schema_editor):
    from dangjian.study.defaults import CHECKLIST

    ChecklistItem = apps.get_model("study", "ChecklistItem")
    for sort, (name, description) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(name=name, defaults={"description": description, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("study", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
