"""The red-flag kind's default rules gain "no open inspection or audit findings" (data carried here)."""
from django.db import migrations

RULE = {"check": "no_open_findings"}


def add(apps, schema_editor):
    Kind = apps.get_model("selections", "SelectionKind")
    for kind in Kind.objects.filter(code="red_flag_branch"):
        if RULE not in kind.default_eligibility:
            kind.default_eligibility = kind.default_eligibility + [RULE]
            kind.save(update_fields=["default_eligibility"])


def remove(apps, schema_editor):
    Kind = apps.get_model("selections", "SelectionKind")
    for kind in Kind.objects.filter(code="red_flag_branch"):
        kind.default_eligibility = [r for r in kind.default_eligibility if r != RULE]
        kind.save(update_fields=["default_eligibility"])


class Migration(migrations.Migration):
    dependencies = [("selections", "0002_seed_kinds")]
    operations = [migrations.RunPython(add, remove)]
