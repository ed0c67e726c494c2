"""Default checklist of a central group study sit-in: the "九个一" flow.

The seed article names the flow ("以'九个一'规范流程") but not its nine items, so these are
plausible defaults drawn from the central group study rules (plan, topic, lead reading, talks,
discussion, summary, minutes, attendance, applying the results). A data migration
loads its own copy of them, and the committee edits them as data. None of them judges by photos or study notes
(《整治形式主义为基层减负若干规定》).
"""

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

# Central group study records are kept on the unit's top party org under this kind
# (records.defaults.KINDS).
CENTRAL_GROUP_KIND = "central_group"
BASE_STUDY_KIND = "base_study"
