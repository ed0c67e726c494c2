"""Demo open challenges (揭榜挂帅 试点): five key projects at different stages, dated around
``today``, with applications, a lead unit, milestones and acceptance reviews. Bulk, deterministic."""
from datetime import date, timedelta

from dangjian.challenges import rules
from dangjian.challenges.models import Application, ChallengeProject, Milestone, Review
from dangjian.orgs.models import Unit

# title, description, (days from today to the deadline, to the start), decided, review result
PILOT = [
    ("党建引领优化营商环境", "围绕“高效办成一件事”，以党建引领审批服务流程再造。", (-200, -170), rules.ACCEPTED, rules.PASS),
    ("机关党建服务乡村振兴", "组织机关党支部与村党组织结对共建，推动资源下沉。", (-150, -120), rules.APPOINTED, rules.POSTPONE),
    ("数字赋能机关党建", "建设党员教育数字资源库，一次录入、多方共享。", (-30, 40), rules.APPOINTED, None),
    ("清廉机关建设示范点", "打造清廉机关建设示范点，形成可推广的经验。", (-5, 25), rules.PUBLISHED, None),
    ("青年理论学习小组提质", "推动青年理论学习小组规范化建设，提升学习实效。", (45, 90), rules.PUBLISHED, None),
]
MILESTONES = ["调研摸底，形成实施方案", "试点推进，中期评估", "总结提炼，形成成果"]


def challenges_reset():
    ChallengeProject.objects.all().delete()


def seed_challenges(*, rng, today: date, committee=None) -> dict:
    challenges_reset()
    unit_ids = list(Unit.objects.order_by("sort", "id").values_list("id", flat=True))
    projects, applications, milestones, reviews = [], [], [], []
    for title, text, (to_deadline, to_start), decided, result in PILOT:
        apply_by, starts_on = today + timedelta(days=to_deadline), today + timedelta(days=to_start)
        applicants = rng.sample(unit_ids, min(len(unit_ids), rng.randint(2, 5) if to_deadline < 0 else 1))
        lead = applicants[0] if decided != rules.PUBLISHED else None
        final = rules.ACCEPTED if result == rules.PASS else decided
        p = ChallengeProject(title=title, description=text, requirements="具备相关工作基础，党组织书记牵头负责。",
                             apply_by=apply_by, starts_on=starts_on, decided=final, lead_unit_id=lead,
                             published_by=committee)
        projects.append(p)
        applications += [Application(project=p, unit_id=u, plan="成立工作专班，明确目标、举措和时间表。")
                         for u in applicants]
        if lead is not None:
            for k, name in enumerate(MILESTONES):
                due = starts_on + timedelta(days=30 * (k + 1))
                done = due if due <= today and (result == rules.PASS or k == 0) else None
                milestones.append(Milestone(project=p, title=name, due_on=due, done_on=done,
                                            note="按期完成" if done else ""))
        if result is not None:
            reviews.append(Review(project=p, result=result, reviewed_on=min(today, starts_on + timedelta(days=100)),
                                  comment="成效明显，同意通过验收。" if result == rules.PASS
                                  else "部分节点滞后，延期一个月后再验收。", reviewed_by=committee))
    ChallengeProject.objects.bulk_create(projects)
    for rows in (applications, milestones, reviews):
        for row in rows:
            row.project_id = row.project.pk
    Application.objects.bulk_create(applications)
    Milestone.objects.bulk_create(milestones)
    Review.objects.bulk_create(reviews)
    return {"challenges": len(projects), "applications": len(applications), "milestones": len(milestones)}
