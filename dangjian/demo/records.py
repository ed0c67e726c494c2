"""Demo records: the last full year and this year to date, with realistic gaps.

Seeded records carry attendance as counts (not per-member ticks) to keep the province seed
fast; records entered through the form keep the roster.
"""
from datetime import date, timedelta

from django.db.models import Count, Q

from dangjian.lib.bulk import RowWriter
from dangjian.orgs.models import PartyOrg
from dangjian.records.compliance import active_rules, applicable, OrgRow
from dangjian.records.models import Activity, ActivityKind, Source, StudyWay
from dangjian.records.rules import next_period_start, period_start

TOPICS = {
    "members_meeting": ["讨论接收预备党员", "选举支部委员会", "传达学习上级会议精神", "研究年度工作计划"],
    "committee_meeting": ["研究党员发展工作", "部署本月主题党日", "研究党费收缴", "分析党员思想状况"],
    "group_meeting": ["学习党章党规", "交流学习体会", "讨论支部工作建议"],
    "party_lecture": ["学习贯彻党的创新理论", "弘扬伟大建党精神", "加强党性修养", "严守政治纪律和政治规矩"],
    "theme_day": ["重温入党誓词", "志愿服务进社区", "参观廉政教育基地", "学习先进典型事迹", "集中学习党章"],
    "life_meeting": ["年度组织生活会"],
    "appraisal": ["年度民主评议党员"],
    "talk": ["支委与党员谈心谈话"],
    "first_agenda": ["学习习近平总书记重要讲话精神", "学习重要指示批示精神", "学习重要文章"],
    "central_group": ["理论学习中心组专题学习"],
    # 纪律教育“三个一”: the topic is the typical case relayed
    "discipline_education": ["通报违规收送礼品礼金典型案例", "通报违规吃喝典型案例", "通报违规发放津贴补贴典型案例",
                             "通报形式主义官僚主义典型问题", "通报违规操办婚丧喜庆事宜典型案例",
                             "通报利用职权为亲属谋利典型案例"],
}
# ... and the summary names the regulation studied and the reflections shared
REGULATIONS = ["《中国共产党纪律处分条例》", "《中国共产党廉洁自律准则》", "中央八项规定及其实施细则精神",
               "《中国共产党党内监督条例》", "《中国共产党问责条例》"]
FORMS = ["集中学习", "专题研讨", "交流发言"]
BATCH = 20_000


def _periods(period, start, end):
    cur = period_start(period, start)
    while cur <= end:
        yield cur, min(next_period_start(period, cur) - timedelta(days=1), end)
        cur = next_period_start(period, cur)


def seed_records(*, rng, today: date, orgs=None, density: float = 1.0) -> int:
    """Create records for ``orgs`` (default all) from Jan 1 of last year to ``today``. Returns the count."""
    orgs = orgs if orgs is not None else PartyOrg.objects.all()
    rows = list(orgs.filter(dissolved=False).order_by("id").annotate(
        n=Count("members", filter=Q(members__left_on__isnull=True))
    ).values_list("id", "type", "has_committee", "group_count", "unit_id", "n"))
    org_rows = [OrgRow(r[0], r[1], r[2], r[3], r[4], None, "") for r in rows]
    size = {r[0]: r[5] for r in rows}
    rules = active_rules()
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    start = date(today.year - 1, 1, 1)
    writer = RowWriter(Activity, batch_size=BATCH)

    for org in org_rows:
        # most branches keep every meeting; some miss a month now and then; a few struggle
        draw = rng.random()
        miss = 0.0 if draw < 0.6 else (0.08 if draw < 0.9 else 0.3)
        diligence = (1.0 - miss) * density
        members = size[org.id] or rng.randint(3, 30)
        for rule in rules:
            if not applicable(rule, org):
                continue
            code = rule.kind.code
            for p_start, p_end in _periods(rule.period, start, today):
                if rng.random() >= diligence:
                    continue
                span = (p_end - p_start).days
                held = p_start + timedelta(days=rng.randint(0, max(span, 0)))
                if held > today:
                    continue
                topic = rng.choice(TOPICS.get(code, ["专题学习"]))
                present = max(1, members - rng.randint(0, max(1, members // 6)))
                summary = ""
                if code == "discipline_education":
                    if rng.random() < 0.05:     # a newer requirement: now and then a month slips by
                        continue
                    summary = (f"学习{rng.choice(REGULATIONS)}；"
                               f"{min(present, rng.randint(2, 5))}名党员交流心得")
                writer.add_values(org_id=org.id, kind_id=rule.kind_id, held_on=held, topic=topic,
                                  summary=summary, attendee_count=present, expected_count=members,
                                  source=Source.FORM)
        # first-agenda study for organ committees and some branches, roughly every other month
        if org.type in ("organ_committee", "general_branch") or rng.random() < 0.3:
            for p_start, p_end in _periods("month", start, today):
                if rng.random() < 0.5 * diligence:
                    held = p_start + timedelta(days=rng.randint(0, 20))
                    if held <= today:
                        writer.add_values(
                            org_id=org.id, kind_id=kinds["first_agenda"].id, held_on=held,
                            topic=rng.choice(TOPICS["first_agenda"]), form=rng.choice(FORMS),
                            attendee_count=members, expected_count=members, source=Source.FORM,
                            study_ways=[StudyWay.BRANCH] if org.type == "branch" else [StudyWay.CENTRAL_GROUP])
    writer.flush()
    return writer.written

