"""Demo data of committee-run study, called by the demo seed after the registry is built.

Bulk writes, no audit entry per row (like the registry seed). Completed base visits get their
study records written alongside, linked exactly as booking_complete links them.
"""
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Min

from dangjian.orgs.models import Member, PartyOrg, Unit
from dangjian.records.models import Activity, ActivityKind, StudyWay

from dangjian.study.defaults import BASE_STUDY_KIND
from dangjian.study.models import (
    Booking, BookingStatus, ChecklistItem, Course, CourseKind, CourseSession, EducationBase, Enrolment,
    EnrolmentRole, MentoringPair, SessionAttendance, SitIn, SitInPlan, SitInResult, SitInStatus, Slot,
    YouthGroup, YouthGroupMember,
)
from dangjian.study.rules import spread_dates, working_days
from dangjian.study.selectors import committee_users

# name, provincial?, theme, capacity, address
BASES = [
    ("市革命纪念馆", True, "革命传统教育", 120, "市中心区纪念路 1 号"),
    ("市烈士陵园", True, "英烈精神教育", 150, "市北郊陵园路 8 号"),
    ("市党史馆", False, "党史学习教育", 80, "市中心区文化路 21 号"),
    ("市廉政教育馆", False, "廉洁文化教育", 60, "市南区清风街 5 号"),
    ("市档案馆红色档案陈列室", False, "红色档案", 40, "市中心区档案路 3 号"),
    ("市改革开放成就展示馆", False, "改革发展成就", 100, "市新区会展中心东侧"),
    ("市先进模范事迹展馆", False, "先进典型教育", 60, "市东区英模路 12 号"),
    ("市乡村振兴实践教育基地", False, "乡村振兴实践", 80, "市西郊示范村"),
    ("市生态文明教育馆", False, "生态文明建设", 70, "市湿地公园北门"),
]

LECTURE_TOPICS = [
    "深入学习贯彻党的创新理论", "新质生产力与高质量发展", "优化营商环境的实践与思考",
    "全面从严治党的新要求", "数字政府建设", "基层治理现代化", "安全生产与应急管理",
    "公文写作与调查研究", "法治政府建设", "生态文明建设的地方实践",
]
NOT_MET_NOTES = ["学习方案印发较晚", "研讨发言不够聚焦", "成果转化措施不够具体", "未安排专题辅导"]
TOPICS = ["学习贯彻党的创新理论", "深化机关作风建设", "推进中心工作高质量发展", "加强党的纪律建设",
          "学习《中国共产党党和国家机关基层组织工作条例》"]


def study_reset():
    """The study rows that do not hang on the registry (those go with registry_reset)."""
    Booking.objects.all().delete()
    SitInPlan.objects.all().delete()
    Course.objects.all().delete()
    YouthGroup.objects.all().delete()
    MentoringPair.objects.all().delete()
    EducationBase.objects.all().delete()


def seed_study(*, rng, today: date) -> dict:
    study_reset()
    bases = EducationBase.objects.bulk_create([
        EducationBase(name=n, level="provincial" if prov else "city", theme=t, capacity=c, address=a, sort=i)
        for i, (n, prov, t, c, a) in enumerate(BASES, start=1)])
    branch_ids = list(PartyOrg.objects.branches().active().order_by("id").values_list("id", flat=True))
    counts = {"education_bases": len(bases)}
    counts["sit_ins"] = _sit_ins(rng, today)
    counts["enrolments"] = _courses(rng, today, branch_ids)
    counts["youth"] = _youth(rng, today)
    counts["bookings"] = _bookings(rng, today, bases, branch_ids)
    return counts


def _sit_ins(rng, today) -> int:
    year = today.year
    plan = SitInPlan.objects.create(year=year, note="工委年度列席旁听计划")
    unit_ids = list(Unit.objects.order_by("sort", "id").values_list("id", flat=True))
    planned = [u for u in unit_ids if rng.random() < 0.96]       # a few units left to plan
    dates = spread_dates(len(planned), date(year, 3, 1), date(year, 11, 30))
    rng.shuffle(dates)
    sit_ins = []
    for unit_id, day in zip(planned, sorted(dates)):
        s = SitIn(plan=plan, unit_id=unit_id, planned_on=day, topic=rng.choice(TOPICS))
        if day <= today:
            r = rng.random()
            if r < 0.9:
                s.status, s.held_on = SitInStatus.DONE, day
            elif r < 0.94:
                s.status, s.note = SitInStatus.CANCELLED, "单位学习调整，另行安排"
        sit_ins.append(s)
    SitIn.objects.bulk_create(sit_ins, batch_size=2000)
    observers = list(committee_users().values_list("id", flat=True))
    if observers:
        Through = SitIn.observers.through
        Through.objects.bulk_create([Through(sitin_id=s.pk, user_id=o) for s in sit_ins
                                     for o in rng.sample(observers, min(len(observers), 2))], batch_size=5000)
    items = list(ChecklistItem.objects.filter(active=True))
    results = []
    for s in sit_ins:
        if s.status == SitInStatus.DONE:
            for item in items:
                met = rng.random() < 0.93
                results.append(SitInResult(sit_in=s, item=item, met=met,
                                           note="" if met else rng.choice(NOT_MET_NOTES)))
    SitInResult.objects.bulk_create(results, batch_size=5000)
    return len(sit_ins)


def _first_members(branch_ids):
    """The first member of each branch: in the demo registry, its secretary."""
    rows = (Member.objects.filter(branch_id__in=branch_ids, left_on__isnull=True)
            .values("branch_id").annotate(first=Min("id")))
    return [r["first"] for r in rows]


def _courses(rng, today, branch_ids) -> int:
    year = today.year
    plans = [
        (f"{year}年基层党组织书记培训班", CourseKind.SECRETARY, date(year, 4, 15), date(year, 4, 17), 120,
         EnrolmentRole.SECRETARY, 0),
        (f"{year}年专兼职党务干部专题培训班", CourseKind.PARTY_WORKER, date(year, 6, 10), date(year, 6, 12), 150,
         EnrolmentRole.PARTY_WORKER, 0),
        (f"{year}年“干部大讲堂”", CourseKind.LECTURE, date(year, 1, 1), date(year, 12, 31), 300,
         EnrolmentRole.OTHER, 10),
        (f"{year}年青年理论学习小组骨干培训班", CourseKind.YOUTH, date(year, 9, 8), date(year, 9, 9), 60,
         EnrolmentRole.OTHER, 0),
        (f"{year}年新任党支部书记履职能力提升班", CourseKind.SECRETARY, date(year, 11, 4), date(year, 11, 6), 80,
         EnrolmentRole.SECRETARY, 0),
    ]
    courses = Course.objects.bulk_create([
        Course(name=n, kind=k, starts_on=s, ends_on=e, capacity=c, place="市委党校", organiser="市直机关工委")
        for n, k, s, e, c, _r, _sessions in plans])
    enrolments, sessions = [], []
    for course, (_n, _k, _s, _e, capacity, role, n_sessions) in zip(courses, plans):
        sample = rng.sample(branch_ids, min(len(branch_ids), int(capacity * 0.85)))
        done = course.ends_on < today
        for member_id in _first_members(sample):
            attended = done and rng.random() < 0.95
            enrolments.append(Enrolment(course=course, member_id=member_id, role=role, attended=attended,
                                        completed=attended))
        for i in range(n_sessions):
            sessions.append(CourseSession(course=course, held_on=date(year, i + 2, 20),
                                          topic=LECTURE_TOPICS[i % len(LECTURE_TOPICS)],
                                          speaker=rng.choice(["市委党校教授", "市直部门负责同志", "高校专家"])))
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    CourseSession.objects.bulk_create(sessions)
    by_course = defaultdict(list)
    for e in enrolments:
        by_course[e.course_id].append(e.pk)
    attendance = [SessionAttendance(session=s, enrolment_id=pk) for s in sessions if s.held_on <= today
                  for pk in by_course[s.course_id] if rng.random() < 0.85]
    SessionAttendance.objects.bulk_create(attendance, batch_size=5000)
    return len(enrolments)


def _youth(rng, today) -> int:
    units = list(Unit.objects.order_by("sort", "id")[:12])
    if not units:
        return 0
    groups, pairs = [], []
    for unit in rng.sample(units, min(4, len(units))):
        young = list(Member.objects.filter(branch__unit=unit, left_on__isnull=True)
                     .order_by("-birth_date", "id").values_list("id", flat=True)[:rng.randint(6, 10)])
        group = YouthGroup(unit=unit, name=f"{unit.short_name or unit.name}青年理论学习小组",
                           founded_on=date(today.year - 1, 5, 4))
        groups.append((group, young))
    YouthGroup.objects.bulk_create([g for g, _m in groups])
    rows = [YouthGroupMember(group=g, member_id=m, joined_on=g.founded_on) for g, members in groups for m in members]
    YouthGroupMember.objects.bulk_create(rows)
    for unit in rng.sample(units, min(6, len(units))):
        members = Member.objects.filter(branch__unit=unit, left_on__isnull=True)
        mentors = list(members.order_by("birth_date", "id").values_list("id", flat=True)[:3])
        mentees = list(members.order_by("-birth_date", "id").values_list("id", flat=True)[:3])
        for mentor, mentee in zip(mentors, mentees):
            if mentor != mentee:
                pairs.append(MentoringPair(unit=unit, mentor_id=mentor, mentee_id=mentee,
                                           started_on=date(today.year, 3, 1)))
    MentoringPair.objects.bulk_create(pairs)
    return len(rows) + len(pairs)


def _bookings(rng, today, bases, branch_ids) -> int:
    if not branch_ids:
        return 0
    sample = rng.sample(branch_ids, min(len(branch_ids), 60))
    roster = dict(Member.objects.filter(branch_id__in=sample, left_on__isnull=True)
                  .values("branch_id").annotate(n=Count("id")).values_list("branch_id", "n"))
    days = working_days(date(today.year, 1, 1), today + timedelta(days=60))
    held = defaultdict(int)
    bookings = []
    for branch_id in sample:
        size = roster.get(branch_id, 0)
        if size < 3:
            continue
        base = rng.choice(bases)
        day, slot = rng.choice(days), rng.choice(Slot.values)
        headcount = min(rng.randint(max(3, size // 2), size), base.capacity - held[(base.pk, day, slot)])
        if headcount < 3:
            continue
        held[(base.pk, day, slot)] += headcount
        b = Booking(base=base, branch_id=branch_id, date=day, slot=slot, headcount=headcount)
        if day <= today:
            r = rng.random()
            b.status = (BookingStatus.COMPLETED if r < 0.85 else
                        BookingStatus.CANCELLED if r < 0.9 else BookingStatus.BOOKED)
        bookings.append((b, size))
    kind = ActivityKind.objects.filter(code=BASE_STUDY_KIND).first()
    completed = [(b, size) for b, size in bookings if b.status == BookingStatus.COMPLETED]
    if kind is not None:
        activities = Activity.objects.bulk_create([
            Activity(org_id=b.branch_id, kind=kind, held_on=b.date, topic=f"赴{b.base.name}参观学习",
                     attendee_count=b.headcount, expected_count=max(size, b.headcount),
                     study_ways=[StudyWay.BASE], source="base_visit") for b, size in completed])
        for (b, _size), activity in zip(completed, activities):
            b.activity = activity
    Booking.objects.bulk_create([b for b, _size in bookings])
    return len(bookings)
