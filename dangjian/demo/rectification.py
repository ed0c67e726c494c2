"""Demo rectifications: a couple of dozen problems across the units and statuses, some overdue,
some raised from the daily scheme's deductions. Deterministic (one seeded generator) and bulk:
two INSERT batches whatever the scale. The demo unit admin's unit gets a few of its own, so
the unit1 account has something to report; the other units have no account, so their reports
carry no user (the history says so).
"""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from dangjian.accounts.models import Department
from dangjian.assessment.models import Indicator, LedgerEntry, Scheme
from dangjian.orgs.models import Unit
from dangjian.rectification import rules
from dangjian.rectification.models import Problem, Source, Transition

TZ = ZoneInfo(settings.TIME_ZONE)
# (source, raising department, problem, measures)
FINDINGS = {
    Source.INSPECTION: ("市纪委监委", [
        ("巡察反馈：党组会议议事规则未及时修订", "修订党组工作规则，报机关党委备案"),
        ("巡察反馈：支部组织生活会批评和自我批评不够深入", "重新召开专题组织生活会，逐一开展批评"),
        ("巡察反馈：公务接待审批单据不全", "完善接待审批制度，补齐审批手续"),
        ("巡察反馈：选人用人档案审核不严", "开展干部人事档案专项审核"),
        ("巡察反馈：意识形态工作研究部署不足", "党组每半年专题研究意识形态工作"),
    ]),
    Source.AUDIT: ("市委督查室", [
        ("审计发现：专项资金拨付进度滞后", "建立资金拨付台账，按月调度"),
        ("审计发现：政府采购程序不规范", "修订采购内控制度，开展专题培训"),
        ("审计发现：固定资产账实不符", "全面清查固定资产，更新资产台账"),
        ("审计发现：党费收缴台账不完整", "按月核对党费收缴台账"),
    ]),
    Source.SELF_CHECK: ("市直机关工委", [
        ("自查发现：支部委员分工未及时调整", "支委会重新明确分工并公示"),
        ("自查发现：流动党员联系不及时", "建立流动党员联系台账，每季度联系一次"),
        ("自查发现：党建工作制度汇编未更新", "梳理修订党建工作制度并印发"),
    ]),
}
MEASURES_FROM_ENTRY = "对照扣分事项制定整改方案，明确责任人和时限，整改结果报提出部门"
OWNERS = ["机关党委书记", "机关党委专职副书记", "办公室主任", "财务科科长", "人事科科长", "支部书记"]
# fates of the problems, in order: on time, overdue, reported done, verified, sent back (then
# open again, overdue or not)
FATES = ["open"] * 5 + ["overdue"] * 6 + ["done"] * 4 + ["verified"] * 6 + ["sent_back"] * 3
FROM_LEDGER = 6
DONE_NOTES = ["已按整改措施完成，相关制度已印发", "已完成整改，台账已更新", "已召开专题会议落实整改"]
SEND_BACK = "整改材料与问题不对应，请补充说明后重新报告"


def _moment(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def _dates(rng, fate, today):
    """(raised_on, deadline, [(action, day)]) for a fate, every day before today."""
    if fate == "open":
        raised = today - timedelta(days=rng.randint(5, 40))
        return raised, today + timedelta(days=rng.randint(10, 90)), []
    if fate == "overdue":
        deadline = today - timedelta(days=rng.randint(3, 60))
        return deadline - timedelta(days=rng.randint(30, 90)), deadline, []
    raised = today - timedelta(days=rng.randint(90, 240))
    deadline = raised + timedelta(days=rng.randint(40, 80))
    report = raised + timedelta(days=rng.randint(10, 35))
    steps = [(rules.REPORT, report)]
    if fate == "verified":
        steps.append((rules.VERIFY, report + timedelta(days=rng.randint(2, 10))))
    elif fate == "sent_back":
        steps.append((rules.SEND_BACK, report + timedelta(days=rng.randint(2, 10))))
    return raised, deadline, steps


def seed_rectification(*, rng, today, unit_admin, department_users) -> int:
    """The problems and their histories; ``department_users`` maps a department id to its account."""
    departments = {d.name: d for d in Department.objects.all()}
    units = list(Unit.objects.order_by("sort", "id"))
    if not units or not departments:
        return 0
    own_unit_id = unit_admin.memberships.filter(org__isnull=False).values_list("org__unit_id", flat=True).first()
    entries = list(LedgerEntry.objects.filter(
        scheme__kind=Scheme.Kind.DAILY, indicator__kind=Indicator.Kind.DEDUCTION, reverses__isnull=True,
        reversed_by__isnull=True, body__unit__isnull=False, occurred_on__lt=today - timedelta(days=100))
        .select_related("indicator", "body").order_by("id"))
    entries = rng.sample(entries, min(FROM_LEDGER, len(entries)))
    fates = list(FATES)
    rng.shuffle(fates)
    findings = [(source, dept, text) for source, (dept, texts) in FINDINGS.items() for text in texts]
    by_id = {d.id: d for d in departments.values()}
    problems, plans = [], []
    for i, fate in enumerate(fates):
        raised, deadline, steps = _dates(rng, fate, today)
        entry = entries[i] if i < len(entries) else None
        if entry is not None:
            unit_id, department = entry.body.unit_id, by_id[entry.department_id]
            source, description, measures = Source.ASSESSMENT, entry.fact, MEASURES_FROM_ENTRY
            raised = max(raised, entry.occurred_on + timedelta(days=7))
            deadline = max(deadline, raised)
            steps = [(a, max(day, raised)) for a, day in steps]
        else:
            source, dept_name, (description, measures) = findings[rng.randrange(len(findings))]
            department = departments.get(dept_name) or next(iter(departments.values()))
            # one in six lands on the demo unit admin's unit
            unit_id = own_unit_id if own_unit_id and i % 6 == 0 else rng.choice(units).id
        problems.append(Problem(
            unit_id=unit_id, department=department, source=source, entry=entry, raised_on=raised,
            description=description, measures=measures, deadline=deadline,
            owner=rng.choice(OWNERS), created_by=department_users[department.id],
            created_at=_moment(raised)))
        plans.append(steps)
    for problem, steps in zip(problems, plans):
        status = rules.next_status(None, rules.CREATE)
        for action, _day in steps:
            status = rules.next_status(status, action)
        problem.status = status
        if steps:
            problem.done_note = rng.choice(DONE_NOTES)
    Problem.objects.bulk_create(problems)
    history = []
    for problem, steps in zip(problems, plans):
        history.append(Transition(problem=problem, action=rules.CREATE, status=rules.OPEN,
                                  by=problem.created_by, at=_moment(problem.raised_on)))
        status = rules.OPEN
        for action, day in steps:
            status = rules.next_status(status, action)
            by = (unit_admin if problem.unit_id == own_unit_id else None) if action == rules.REPORT \
                else department_users[problem.department_id]
            note = problem.done_note if action == rules.REPORT else (SEND_BACK if action == rules.SEND_BACK else "")
            history.append(Transition(problem=problem, action=action, status=status, by=by, note=note,
                                      at=_moment(day, 15)))
    Transition.objects.bulk_create(history, batch_size=1000)
    return len(problems)


def rectification_purge():
    """Before the registry goes (``seed_demo --reset``): the history, then the problems. The
    history is append-only: on PostgreSQL its trigger lets a DELETE through only in this
    transaction, after ``SET LOCAL dangjian.demo_reset``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL dangjian.demo_reset = 'on'")
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Transition._meta.db_table)}")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL dangjian.demo_reset = 'off'")
    Problem.objects.all().delete()
