"""The default "九个一" checklist of a sit-in, as it was when this migration was written
(copied here on purpose: a migration loads the same rows whatever study/defaults.py becomes)."""
from django.db import migrations

CHECKLIST = [
    # name, description
    ("一份年度学习计划", "中心组年度学习计划已制定并按计划安排本次学习"),
    ("一个明确学习专题", "本次学习围绕一个明确专题"),
    ("一份提前印发的学习方案", "学习方案和学习材料提前发给中心组成员"),
    ("一次原文领学", "集中学习原文原著"),
    ("一次专题辅导", "邀请专家或由班子成员开展专题辅导"),
    ("一轮交流研讨", "中心组成员围绕专题结合分管工作交流发言"),
    ("一次主要负责同志总结讲话", "中心组组长总结点评、提出要求"),
    ("一次成员到会情况登记", "记录应到、实到和缺席原因"),
    ("一项学习成果转化措施", "明确学以致用、推动工作的具体措施"),
]


def load(apps, schema_editor):
    ChecklistItem = apps.get_model("study", "ChecklistItem")
    for sort, (name, description) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(name=name, defaults={"description": description, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("study", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
