"""The four kinds of the seed's committee, with their default eligibility rules (data carried here)."""
from django.db import migrations

RED_FLAG_RULES = [
    {"check": "grade_at_least", "params": {"grade": "较好"}},
    {"check": "no_veto"},
    {"check": "meeting_rules_met", "params": {"months": 12}},
    {"check": "branch_setup_ok"},
    {"check": "no_sanctioned_member"},
]
KINDS = [
    # code, name, subject, grants title, default rules
    ("brand_case", "党建品牌案例", "case", False, []),
    ("red_flag_branch", "红旗党支部", "branch", True, RED_FLAG_RULES),
    ("outstanding_chief", "“项目建设年”突出科长", "member", False, []),
    ("clean_experience", "清廉机关建设典型经验", "unit", False, [{"check": "no_veto"}]),
]


def seed(apps, schema_editor):
    SelectionKind = apps.get_model("selections", "SelectionKind")
    for sort, (code, name, subject, titled, rules) in enumerate(KINDS):
        SelectionKind.objects.update_or_create(code=code, defaults={
            "name": name, "subject": subject, "grants_title": titled, "default_eligibility": rules, "sort": sort})


def unseed(apps, schema_editor):
    apps.get_model("selections", "SelectionKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("selections", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
