"""The default kinds of record and frequency rules, from the domain brief. Migration 0002
loads its own copy of them (0004 the discipline-education kind and its rule); afterwards they
are data, edited in admin."""

REGS = "《中国共产党支部工作条例（试行）》"
DISCIPLINE_BASIS = ("本地规定：市纪委监委警示教育要求，党支部每月开展纪律教育“三个一”"
                    "（通报一个典型案例、学习一项党规党纪、党员交流心得）")

KINDS = [
    # code, name, category, takes_vote, asks_form
    ("members_meeting", "支部党员大会", "meeting", True, False),
    ("committee_meeting", "支部委员会会议", "meeting", False, False),
    ("group_meeting", "党小组会", "meeting", False, False),
    ("party_lecture", "党课", "meeting", False, False),
    ("theme_day", "主题党日", "meeting", False, False),
    ("life_meeting", "组织生活会", "meeting", False, False),
    ("appraisal", "民主评议党员", "meeting", False, False),
    ("talk", "谈心谈话", "meeting", False, False),
    ("first_agenda", "第一议题学习", "study", False, True),
    ("central_group", "理论学习中心组学习", "study", False, False),
    ("training", "培训", "study", False, False),
    ("base_study", "教育基地学习", "study", False, False),
    ("public_lecture", "公开党课", "study", False, False),
    ("contest", "知识竞赛", "other", False, False),
    # 通报一个典型案例、学习一项党规党纪、党员交流心得: one record a month, the three parts in
    # its topic and summary (records/forms.py hints them)
    ("discipline_education", "纪律教育“三个一”", "study", False, False),
]

RULES = [
    # kind, applies_to, period, min_count, basis, is_local, lead_days
    ("members_meeting", "branches", "quarter", 1, REGS + "第十一条：支部党员大会一般每季度召开 1 次", False, 20),
    ("committee_meeting", "committee", "month", 1, REGS + "第十二条：支部委员会会议一般每月召开 1 次", False, 7),
    ("group_meeting", "groups", "month", 1, REGS + "第十三条：党小组会一般每月召开 1 次", False, 7),
    ("theme_day", "branches", "month", 1, REGS + "：每月相对固定 1 天开展主题党日", False, 7),
    ("life_meeting", "branches", "year", 1, REGS + "：组织生活会一般每年召开 1 次", False, 45),
    ("appraisal", "branches", "year", 1, REGS + "：民主评议党员一般每年开展 1 次", False, 45),
    ("talk", "branches", "year", 1, REGS + "：谈心谈话每年至少开展 1 次", False, 45),
    ("party_lecture", "committees", "year", 1, "党委书记每年至少讲 1 次党课", False, 45),
    ("party_lecture", "branches", "quarter", 1, "本地规定：党支部每季度至少上 1 次党课", True, 20),
    ("discipline_education", "branches", "month", 1, DISCIPLINE_BASIS, True, 7),
]
