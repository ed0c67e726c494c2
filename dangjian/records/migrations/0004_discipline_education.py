"""The monthly discipline-education "三个一" record kind and its rule for branches, as they
were when this migration was written (the data is copied here on purpose, like 0002)."""
from django.db import migrations

KIND = ("discipline_education", "纪律教育“三个一”", "study", False, False)
RULE = ("branches", "month", 1,
        "本地规定：市纪委监委警示教育要求，党支部每月开展纪律教育“三个一”"
        "（通报一个典型案例、学习一项党规党纪、党员交流心得）", True, 7)


def load(apps, schema_editor):
    ActivityKind = apps.get_model("records", "ActivityKind")
    FrequencyRule = apps.get_model("records", "FrequencyRule")
    code, name, category, takes_vote, asks_form = KIND
    sort = (ActivityKind.objects.order_by("-sort").values_list("sort", flat=True).first() or 0) + 1
    kind, _ = ActivityKind.objects.get_or_create(
        code=code, defaults={"name": name, "category": category, "takes_vote": takes_vote,
                             "asks_form": asks_form, "sort": sort})
    applies_to, period, min_count, basis, is_local, lead_days = RULE
    rule_sort = (FrequencyRule.objects.order_by("-sort").values_list("sort", flat=True).first() or 0) + 1
    FrequencyRule.objects.get_or_create(
        kind=kind, applies_to=applies_to, period=period,
        defaults={"min_count": min_count, "basis": basis, "is_local": is_local, "lead_days": lead_days,
                  "sort": rule_sort})


def unload(apps, schema_editor):
    """Back: the rule goes; the kind goes too unless records of it were kept."""
    ActivityKind = apps.get_model("records", "ActivityKind")
    FrequencyRule = apps.get_model("records", "FrequencyRule")
    FrequencyRule.objects.filter(kind__code=KIND[0], applies_to=RULE[0], period=RULE[1]).delete()
    ActivityKind.objects.filter(code=KIND[0], activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0003_activity_version")]
    operations = [migrations.RunPython(load, unload)]
