"""The create and edit forms the fuzz test posts to (tests/test_security_fuzz.py): for each, the
URL, a persona who may use it, a valid post, and the type of each field.

Field types: ``text:N`` (at most N characters), ``int:LO:HI``, ``date``, ``choice``, ``multi``,
``bool``, ``secret`` (a password, never broken on purpose), ``version``.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.commitments.services import commitment_create
from dangjian.orgs.services import member_create
from dangjian.records.models import ActivityKind
from dangjian.records.services import activity_create
from dangjian.study import services as study
from dangjian.study.models import Booking, ChecklistItem

from .assessment_builder import body_of, build_scheme, enter
from .factories import PASSWORD

TODAY = date(2026, 11, 25)
SOON = TODAY + timedelta(days=10)


@dataclass
class Spec:
    url: str
    persona: str
    kwargs: Callable = lambda d: {}
    base: Callable = lambda d: {}
    fields: dict | Callable = field(default_factory=dict)     # or a function of the data
    target: Callable | None = None          # the object an edit changes
    files: Callable | None = None             # multipart files, built per post
    refused: int = 400                        # the status of a refusal (sign-in: 200, as Django's view)

    def field_types(self, d):
        return self.fields(d) if callable(self.fields) else self.fields


def build(r):
    """The objects the forms edit, built once per test class on ``r`` (make_registry)."""
    d = r
    d.reader = member_create(user=None, branch=r.branch_a1, name="王青年", gender="F", status="full",
                             birth_date=date(1995, 3, 1), joined_on=date(2018, 7, 1), full_on=date(2019, 7, 1))
    d.mentor = r.members_a1[1]
    d.activity = activity_create(user=r.secretary, org=r.branch_a1, kind=ActivityKind.objects.get(code="theme_day"),
                                 held_on=date(2026, 11, 2), topic="主题党日",
                                 present_ids=[m.pk for m in r.members_a1][1:])
    d.course = study.course_create(user=r.committee, name="书记培训班", kind="secretary", starts_on=date(2026, 11, 1),
                                   ends_on=date(2026, 12, 20), capacity=40)
    d.enrolment = study.enrolment_create(user=r.committee, course=d.course, member=r.members_a1[0])
    d.base = study.education_base_create(user=r.committee, name="红色教育基地", level="city", capacity=100)
    # a visit that took place (booking_create refuses past dates, so it is made directly)
    d.booking = Booking.objects.create(base=d.base, branch=r.branch_a1, date=TODAY - timedelta(days=3), slot="am",
                                       headcount=10, booked_by=r.secretary)
    d.sit_in = study.sit_in_create(user=r.committee, unit=r.unit_a, planned_on=date(2026, 11, 20),
                                   observers=[r.committee], topic="专题学习")
    d.group = study.youth_group_create(user=r.unit_admin, unit=r.unit_a, name="青年理论学习小组")
    d.pair = study.mentoring_pair_create(user=r.unit_admin, unit=r.unit_a, mentor=d.mentor, mentee=d.reader,
                                         started_on=date(2026, 3, 1))
    d.items = list(ChecklistItem.objects.filter(active=True))
    # a published scheme whose every leaf is 组织部's: a hostile indicator id is then refused as
    # a choice (400), never the 403 of another department's indicator (tests/test_assessment_desk.py)
    r.discipline = r.department
    d.scheme, d.ind = build_scheme(r)
    d.body = body_of(r.unit_a)
    d.entry = enter(r.dept, d.ind["G1"], d.body, points="3", fact="融合项目评审", occurred_on=date(2026, 11, 2))
    _build_appeals(d)
    d.commitment = commitment_create(user=r.secretary, org=r.branch_a1, kind="pledge", year=TODAY.year,
                                     owner=r.members_a1[0], text="每月走访困难党员", due_on=date(TODAY.year, 12, 31))
    _build_brands_and_challenges(d)
    _build_rectifications(d)
    _build_selections(d)
    return d


def _build_brands_and_challenges(d):
    """A unit's brand, and open challenges at three stages (open, closed with two applicants,
    running with unit A as lead and one milestone), dated around TODAY."""
    from dangjian.brands.models import Brand
    from dangjian.challenges.models import Application, ChallengeProject, Milestone

    d.brand = Brand.objects.create(unit=d.unit_a, name="发改红帆", meaning="服务发展")
    d.project_open = ChallengeProject.objects.create(title="开放项目", description="说明", apply_by=SOON,
                                                     starts_on=date(2027, 1, 10))
    d.project_closed = ChallengeProject.objects.create(title="截止项目", description="说明",
                                                       apply_by=date(2026, 11, 20), starts_on=date(2026, 12, 20))
    d.applications = [Application.objects.create(project=d.project_closed, unit=u, plan="方案")
                      for u in (d.unit_a, d.unit_b)]
    d.project_running = ChallengeProject.objects.create(
        title="实施项目", description="说明", apply_by=date(2026, 9, 1), starts_on=date(2026, 10, 1),
        decided="appointed", lead_unit=d.unit_a)
    d.milestone = Milestone.objects.create(project=d.project_running, title="形成方案", due_on=date(2026, 12, 31))


def _build_selections(d):
    """Rounds at every stage (tests/selections_data.py, without grades: no eligibility rules),
    an objection to answer and a title to revoke."""
    from dangjian.selections.models import Assignment, Title
    from dangjian.selections.services import objection_create

    from .selections_data import build_rounds, experts

    experts(d)
    build_rounds(d, TODAY)
    d.assignment = Assignment.objects.filter(grant__round=d.rev, grant__user=d.expert_out).first()
    d.nomination_pub = d.pub.nominations.filter(shortlisted=True).first()
    d.objection = objection_create(user=d.unit_admin, nomination=d.nomination_pub, text="反映材料不实")
    d.title = Title.objects.filter(round=d.done).first()


def _build_rectifications(d):
    """Two problems 组织部 raised with unit A: one open (the unit's report), one reported done."""
    from dangjian.rectification.services import problem_create, problem_report_done

    kw = dict(user=d.dept, department=d.department, unit=d.unit_a, source="inspection", raised_on=date(2026, 11, 1),
              measures="修订制度", owner="张某 办公室主任", deadline=date(2026, 12, 31))
    d.problem_open = problem_create(description="巡察反馈：议事规则未修订", **kw)
    d.problem_done = problem_create(description="自查发现：分工未调整", **kw)
    problem_report_done(user=d.unit_admin, problem=d.problem_done, note="已调整")


def _build_appeals(d):
    """Two entries on unit A in the scheme above and an open appeal on one (the appeal pages)."""
    from dangjian.assessment.services_appeals import appeal_open

    d.discipline_user = d.dept
    d.entries = [enter(d.dept, d.ind["E4"], d.body, fact="整改逾期", case_ref=f"纪案〔2026〕{n}号",
                       occurred_on=date(2026, 11, 5)) for n in (1, 2)]
    d.appeal = appeal_open(user=d.unit_admin, entry=d.entries[0], reason="已按期整改")


def _roster(d):
    return [m.pk for m in d.members_a1]


def _checklist(d):
    return {f"item_{i.pk}": "met" for i in d.items}


def _checklist_fields(d):
    return {f"item_{i.pk}": "choice" for i in d.items} | {f"note_{i.pk}": "text:200" for i in d.items}


RECORD_FIELDS = {"held_on": "date", "topic": "text:200", "form": "text:50", "summary": "text:2000",
                 "attendee_count": "int:1:100000", "present": "multi", "study_ways": "multi"}

BRAND_FIELDS = {"name": "text:100", "meaning": "text:2000", "elements": "text:2000", "history": "text:2000"}
PROJECT_FIELDS = {"title": "text:150", "description": "text:5000", "requirements": "text:5000",
                  "apply_by": "date", "starts_on": "date"}

MEMBER_FIELDS = {"name": "text:50", "gender": "choice", "birth_date": "date", "ethnicity": "text:20",
                 "education": "text:20", "status": "choice", "joined_on": "date", "full_on": "date",
                 "post": "text:100", "id_number": "text:18", "phone": "text:20", "version": "version"}

SPECS = [
    Spec("login", None, base=lambda d: {"username": "branch1", "password": PASSWORD},
         fields={"username": "text:150", "password": "secret"}, refused=200),
    Spec("records:create", "secretary", lambda d: {"org_id": d.branch_a1.pk, "kind_code": "first_agenda"},
         lambda d: {"held_on": "2026-11-20", "topic": "第一议题", "form": "集中学习", "present": _roster(d)},
         lambda d: RECORD_FIELDS | {f"reason_{m.pk}": "text:100" for m in d.members_a1[:2]}),
    Spec("records:create", "secretary", lambda d: {"org_id": d.branch_a1.pk, "kind_code": "members_meeting"},
         lambda d: {"held_on": "2026-11-20", "topic": "支部党员大会", "present": _roster(d), "motion": "接收预备党员",
                    "yes": "5", "no": "0", "abstain": "0"},
         {"held_on": "date", "topic": "text:200", "summary": "text:2000", "present": "multi", "motion": "text:200",
          "yes": "int:0:100000", "no": "int:0:100000", "abstain": "int:0:100000"}),
    Spec("records:edit", "secretary", lambda d: {"pk": d.activity.pk},
         lambda d: {"held_on": "2026-11-02", "topic": "主题党日（改）", "present": _roster(d)[1:],
                    "version": d.activity.version},
         {"held_on": "date", "topic": "text:200", "summary": "text:2000", "present": "multi", "version": "version"},
         target=lambda d: d.activity),
    Spec("member_edit", "unit_admin", lambda d: {"pk": d.members_a1[2].pk},
         lambda d: {"name": "李四", "gender": "M", "status": "full", "birth_date": "1980-01-01",
                    "joined_on": "2005-07-01", "full_on": "2006-07-01", "version": d.members_a1[2].version},
         MEMBER_FIELDS, target=lambda d: d.members_a1[2]),
    Spec("member_transfer", "unit_admin", lambda d: {"pk": d.members_a1[3].pk},
         lambda d: {"to_branch": d.branch_a2.pk, "moved_on": "2026-11-20", "reason": "工作调动",
                    "version": d.members_a1[3].version},
         {"to_branch": "choice", "moved_on": "date", "reason": "text:200", "version": "version"},
         target=lambda d: d.members_a1[3]),
    Spec("feedback", "secretary", base=lambda d: {"text": "建议增加提醒"}, fields={"text": "text:2000"}),
    Spec("password_change", "secretary",
         base=lambda d: {"old_password": PASSWORD, "new_password": "Fresh#Pass2026", "new_password2": "Fresh#Pass2026"},
         fields={"old_password": "secret", "new_password": "secret", "new_password2": "secret"}),
    Spec("security_unlock", "security", base=lambda d: {"username": "branch1"},
         fields={"username": "text:150", "ip": "text:60"}),
    Spec("study:sit_in_create", "committee",
         base=lambda d: {"unit": d.unit_b.pk, "planned_on": "2026-12-10", "observers": [d.committee.pk], "topic": "专题"},
         fields={"unit": "choice", "planned_on": "date", "observers": "multi", "topic": "text:200", "note": "text:500"}),
    Spec("study:sit_in_fill", "committee", lambda d: {"year": 2026},
         lambda d: {"start": "2026-12-01", "end": "2026-12-20", "observers": [d.committee.pk]},
         {"start": "date", "end": "date", "observers": "multi"}),
    Spec("study:sit_in_edit", "committee", lambda d: {"pk": d.sit_in.pk},
         lambda d: {"planned_on": "2026-11-21", "observers": [d.committee.pk], "topic": "专题（改）"},
         {"planned_on": "date", "observers": "multi", "topic": "text:200", "note": "text:500"},
         target=lambda d: d.sit_in),
    Spec("study:sit_in_complete", "committee", lambda d: {"pk": d.sit_in.pk},
         lambda d: {"held_on": "2026-11-20", "topic": "专题", "attendee_count": "12"} | _checklist(d),
         lambda d: {"held_on": "date", "topic": "text:200", "attendee_count": "int:0:100000", "note": "text:500",
                    "create_record": "bool"} | _checklist_fields(d), target=lambda d: d.sit_in),
    Spec("study:sit_in_cancel", "committee", lambda d: {"pk": d.sit_in.pk}, lambda d: {"reason": "时间冲突"},
         {"reason": "text:500"}, target=lambda d: d.sit_in),
    Spec("study:course_create", "committee",
         base=lambda d: {"name": "党务干部培训班", "kind": "party_worker", "starts_on": "2026-12-01",
                         "ends_on": "2026-12-05", "capacity": "30"},
         fields={"name": "text:100", "kind": "choice", "starts_on": "date", "ends_on": "date",
                 "capacity": "int:1:100000", "place": "text:100", "organiser": "text:100", "note": "text:1000"}),
    Spec("study:course_edit", "committee", lambda d: {"pk": d.course.pk},
         lambda d: {"name": "书记培训班（改）", "kind": "secretary", "starts_on": "2026-11-01",
                    "ends_on": "2026-12-20", "capacity": "45"},
         {"name": "text:100", "kind": "choice", "starts_on": "date", "ends_on": "date",
          "capacity": "int:1:100000", "place": "text:100", "organiser": "text:100", "note": "text:1000"},
         target=lambda d: d.course),
    Spec("study:course_enrol", "committee", lambda d: {"pk": d.course.pk},
         lambda d: {"unit": d.unit_a.pk, "org": d.branch_a1.pk, "name": d.members_a1[1].name, "role": "secretary"},
         {"unit": "choice", "org": "choice", "name": "text:50", "role": "choice"}),
    Spec("study:session_create", "committee", lambda d: {"pk": d.course.pk},
         lambda d: {"held_on": "2026-11-10", "topic": "党章学习", "speaker": "张老师"},
         {"held_on": "date", "topic": "text:200", "speaker": "text:50"}),
    Spec("study:course_roster", "committee", lambda d: {"pk": d.course.pk},
         lambda d: {"present": [d.enrolment.pk], "completed": []}, {"present": "multi", "completed": "multi"}),
    Spec("study:youth_group_create", "unit_admin",
         base=lambda d: {"unit": d.unit_a.pk, "name": "第二青年学习小组", "founded_on": "2026-05-04"},
         fields={"unit": "choice", "name": "text:100", "founded_on": "date"}),
    Spec("study:youth_group_member_add", "unit_admin", lambda d: {"pk": d.group.pk},
         lambda d: {"unit": d.unit_a.pk, "org": d.branch_a1.pk, "name": d.reader.name, "joined_on": "2026-05-04"},
         {"unit": "choice", "org": "choice", "name": "text:50", "joined_on": "date"}),
    Spec("study:mentoring_pair_create", "unit_admin",
         base=lambda d: {"unit": d.unit_a.pk, "mentor_org": d.branch_a1.pk, "mentor_name": d.members_a1[2].name,
                         "mentee_org": d.branch_a1.pk, "mentee_name": d.members_a1[3].name, "started_on": "2026-04-01"},
         fields={"unit": "choice", "mentor_org": "choice", "mentor_name": "text:50", "mentee_org": "choice", "mentee_name": "text:50",
                 "started_on": "date"}),
    Spec("study:mentoring_pair_end", "unit_admin", lambda d: {"pk": d.pair.pk}, lambda d: {"ended_on": "2026-11-20"},
         {"ended_on": "date"}, target=lambda d: d.pair),
    Spec("study:base_create", "committee",
         base=lambda d: {"name": "廉政教育基地", "level": "city", "capacity": "50", "active": "on"},
         fields={"name": "text:100", "level": "choice", "address": "text:200", "theme": "text:100",
                 "capacity": "int:1:100000", "description": "text:1000", "active": "bool"}),
    Spec("study:base_edit", "committee", lambda d: {"pk": d.base.pk},
         lambda d: {"name": "红色教育基地", "level": "provincial", "capacity": "80", "active": "on"},
         {"name": "text:100", "level": "choice", "address": "text:200", "theme": "text:100",
          "capacity": "int:1:100000", "description": "text:1000", "active": "bool"}, target=lambda d: d.base),
    Spec("study:booking_create", "secretary", lambda d: {"pk": d.base.pk},
         lambda d: {"branch": d.branch_a1.pk, "date": SOON.isoformat(), "slot": "am", "headcount": "12"},
         {"branch": "choice", "date": "date", "slot": "choice", "headcount": "int:1:10000", "note": "text:200"}),
    Spec("study:booking_complete", "secretary", lambda d: {"pk": d.booking.pk}, lambda d: {"attendee_count": "9"},
         {"attendee_count": "int:1:10000"}, target=lambda d: d.booking),
    # the workbook itself is fuzzed by the malformed-workbook corpus; here the other fields
    Spec("appeals:open", "unit_admin", lambda d: {"entry_pk": d.entries[1].pk}, lambda d: {"reason": "已按期整改"},
         {"reason": "text:2000"}),
    Spec("appeals:reply", "unit_admin", lambda d: {"pk": d.appeal.pk}, lambda d: {"text": "补充整改报告"},
         {"text": "text:2000"}),
    Spec("appeals:decide", "discipline_user", lambda d: {"pk": d.appeal.pk},
         lambda d: {"outcome": "reverse", "reason": "整改已按期完成"}, {"outcome": "choice", "reason": "text:2000"},
         target=lambda d: d.appeal),
    Spec("appeals:snapshots", "committee", base=lambda d: {"scheme": d.scheme.pk, "period": "Q1"},
         fields={"scheme": "choice", "period": "choice"}),
    Spec("imports:upload", "unit_admin", base=lambda d: {"kind": "members"}, fields={"kind": "choice"},
         files=lambda d: {"file": SimpleUploadedFile("名单.xlsx", b"PK\x03\x04 not a workbook")}),
    Spec("assessment:desk", "dept",
         base=lambda d: {"indicator": d.ind["X1"].pk, "body": d.body.pk, "points": "1", "fact": "省级表彰",
                         "case_ref": "", "occurred_on": "2026-11-20"},
         fields={"indicator": "choice", "body": "choice", "points": "int:0:3", "fact": "text:2000",
                 "case_ref": "text:100", "evidence": "text:300", "occurred_on": "date"}),
    Spec("assessment:scheme_new_version", "committee", lambda d: {"pk": d.scheme.pk},
         lambda d: {"change_note": "调整 E4 分值"}, {"change_note": "text:2000"}),
    Spec("commitments:create", "secretary", lambda d: {"org_id": d.branch_a1.pk, "kind": "project"},
         lambda d: {"year": str(TODAY.year), "owner": d.members_a1[0].pk, "text": "领办营商环境项目",
                    "due_on": SOON.isoformat()},
         {"year": "choice", "owner": "choice", "text": "text:300", "due_on": "date"}),
    Spec("commitments:edit", "secretary", lambda d: {"pk": d.commitment.pk},
         lambda d: {"owner": d.members_a1[1].pk, "text": "每月走访困难党员群众", "due_on": SOON.isoformat()},
         {"owner": "choice", "text": "text:300", "due_on": "date"}, target=lambda d: d.commitment),
    Spec("commitments:note", "secretary", lambda d: {"pk": d.commitment.pk},
         lambda d: {"text": "已走访 3 户", "status": "in_progress"}, {"text": "text:200", "status": "choice"},
         target=lambda d: d.commitment),
    Spec("brands:register", "unit_admin", lambda d: {"kind": "org", "pk": d.branch_a2.pk},
         lambda d: {"name": "二支部品牌", "meaning": "内涵"}, BRAND_FIELDS),
    Spec("brands:edit", "unit_admin", lambda d: {"pk": d.brand.pk}, lambda d: {"name": "发改红帆（改）", "meaning": "内涵"},
         BRAND_FIELDS | {"remove_logo": "bool"}, target=lambda d: d.brand),
    Spec("brands:honour_add", "committee", lambda d: {"pk": d.brand.pk},
         lambda d: {"title": "首届全国机关党建优秀品牌", "awarded_by": "中央和国家机关工委", "level": "national",
                    "awarded_on": "2026-01-10"},
         {"title": "text:100", "awarded_by": "text:100", "level": "choice", "awarded_on": "date"}),
    Spec("brands:case_create", "unit_admin", lambda d: {"pk": d.brand.pk},
         lambda d: {"title": "品牌案例", "year": "2026", "text": "做法与成效"},
         {"title": "text:150", "year": "int:1921:2100", "text": "text:10000"}),
    Spec("challenges:create", "committee",
         base=lambda d: {"title": "重点项目", "description": "说明", "apply_by": "2026-12-10", "starts_on": "2027-01-10"},
         fields=PROJECT_FIELDS),
    Spec("challenges:apply", "unit_admin", lambda d: {"pk": d.project_open.pk},
         lambda d: {"unit": d.unit_a.pk, "plan": "揭榜方案"}, {"unit": "choice", "plan": "text:5000"}),
    Spec("challenges:appoint", "committee", lambda d: {"pk": d.project_closed.pk},
         lambda d: {"application": d.applications[1].pk}, {"application": "choice"},
         target=lambda d: d.project_closed),
    Spec("challenges:review", "committee", lambda d: {"pk": d.project_running.pk},
         lambda d: {"result": "pass", "comment": "成效明显"}, {"result": "choice", "comment": "text:2000"},
         target=lambda d: d.project_running),
    Spec("challenges:milestone_add", "unit_admin", lambda d: {"pk": d.project_running.pk},
         lambda d: {"title": "中期评估", "due_on": "2027-03-01"},
         {"title": "text:150", "due_on": "date", "note": "text:500"}),
    Spec("challenges:milestone_edit", "unit_admin", lambda d: {"pk": d.milestone.pk},
         lambda d: {"done_on": "2026-11-20", "note": "已完成"}, {"done_on": "date", "note": "text:500"},
         target=lambda d: d.milestone),
    Spec("assessment:entry_reverse", "dept", lambda d: {"pk": d.entry.pk}, lambda d: {"reason": "复核不属实"},
         {"reason": "text:500"}),
    Spec("selections:round_new", "committee",
         base=lambda d: {"kind": d.red_flag.pk, "year": "2026", "title": "红旗党支部评选", "nomination_deadline": "2026-12-30",
                         "quota": "2", "trim": "1", "notice_days": "5", "criteria": "组织建设,40\n作用发挥,60"},
         fields={"kind": "choice", "year": "int:2000:2100", "title": "text:150", "nomination_deadline": "date",
                 "quota": "int:1:100000", "quota_per_unit": "int:1:100000", "quota_per_zone": "int:1:100000",
                 "trim": "int:0:10", "notice_days": "int:1:60", "criteria": "text:2000"}),
    Spec("selections:reviewer_grant", "committee", lambda d: {"pk": d.open.pk},
         lambda d: {"reviewer": d.expert_out.pk}, {"reviewer": "choice", "unit": "choice"}),
    Spec("selections:nominate", "unit_admin", lambda d: {"pk": d.open.pk},
         lambda d: {"subject": d.branch_a2.pk, "materials": "先进事迹"},
         {"subject": "choice", "title": "text:200", "materials": "text:20000"}),
    Spec("selections:review", "expert_out", lambda d: {"pk": d.assignment.pk},
         lambda d: {f"c{c.pk}": "20" for c in d.rev.criteria.all()},
         lambda d: {f"c{c.pk}": "int:0:100" for c in d.rev.criteria.all()}),
    Spec("selections:objection_new", "unit_admin", lambda d: {"pk": d.nomination_pub.pk},
         lambda d: {"text": "反映情况"}, {"text": "text:2000"}),
    Spec("selections:objection_answer", "committee", lambda d: {"pk": d.objection.pk},
         lambda d: {"answer": "经核查不属实"}, {"answer": "text:2000", "upheld": "bool"}),
    Spec("selections:title_revoke", "committee", lambda d: {"pk": d.title.pk}, lambda d: {"reason": "年度复核不合格"},
         {"reason": "text:2000"}, target=lambda d: d.title),
    Spec("reports:annual", "committee", base=lambda d: {"year": "2025", "scope": "city"},
         fields={"year": "int:1900:2100", "scope": "choice"}),
    Spec("rectification:create", "dept",
         base=lambda d: {"unit": d.unit_a.pk, "department": d.department.pk, "org": d.branch_a1.pk,
                         "source": "inspection", "raised_on": "2026-11-20", "description": "巡察反馈：接待审批单据不全",
                         "measures": "补齐审批手续", "owner": "李某 办公室主任", "deadline": "2026-12-20"},
         fields={"unit": "choice", "department": "choice", "org": "choice", "source": "choice", "raised_on": "date",
                 "description": "text:2000", "measures": "text:2000", "owner": "text:100", "deadline": "date"}),
    Spec("rectification:report", "unit_admin", lambda d: {"pk": d.problem_open.pk}, lambda d: {"note": "已修订"},
         {"note": "text:500"}, target=lambda d: d.problem_open),
    Spec("rectification:verify", "dept", lambda d: {"pk": d.problem_done.pk}, lambda d: {"note": "同意销号"},
         {"note": "text:500"}, target=lambda d: d.problem_done),
    Spec("rectification:send_back", "dept", lambda d: {"pk": d.problem_done.pk}, lambda d: {"note": "材料不全"},
         {"note": "text:500"}, target=lambda d: d.problem_done),
]

# Every other URL that takes a POST: one-click actions with no typed input, and signing out.
ACTIONS = {
    "logout", "security_confirm", "security_reject", "member_reveal", "records:delete",
    "records:attachment_delete", "imports:confirm", "study:enrolment_withdraw", "study:booking_cancel",
    # a file and nothing else: the workbook goes through the imports' checks, fuzzed by their corpus
    "assessment:import",
    # start a background job from the page's own parameters (bad ones answer 400: tests/test_jobs.py)
    "assessment:tables_export_job", "imports:export_job", "selections:booklet_job",
    "selections:round_step", "selections:titles_recheck",        # one click per step, the step named in the URL (unknown: 403)
}
