"""A year of demo ledger entries, appeals and snapshots (see demo/assessment.py)."""
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dangjian.assessment.models import Appeal, AppealMessage, Indicator, LedgerEntry
from dangjian.assessment.rules import case_points

from . import assessment_schemes as S

K = Indicator.Kind
TENTH = Decimal("0.1")
FACTS = {
    "A2": "重大事项未按规定时限请示报告", "A3": "党组全年专题研究机关党建工作不足 2 次",
    "B2": "意识形态工作责任制落实不到位，被通报", "B4": "文明单位创建工作推进滞后",
    "C4": "发展党员程序不规范：政治审查材料不全", "C6": "专职党务干部配备未达要求",
    "C7": "流动党员未及时纳入管理", "C8": "软弱涣散党组织整顿未按期转化",
    "D1": "违反中央八项规定精神问题被查处", "D2": "违规开展督查检查考核，被通报",
    "E1": "干部违纪受到党纪政务处分", "E3": "廉政风险点排查防控不到位",
    "F1": "统战工作任务落实不到位",
    "F2": "新媒体账号发布信息审核不严", "F3": "保密检查发现问题未按期整改",
    "F4": "信访事项逾期未办结", "G2": "群团组织未按期换届",
}
CLEAN_FACTS = {
    "A1": "违反政治纪律和政治规矩问题被通报", "A3": "发生违纪违法案件", "C1": "廉政风险防控措施落实不到位",
    "C2": "巡察、审计问题整改逾期", "D1": "涉企服务中吃拿卡要问题被查处", "D2": "涉企投诉逾期未办结",
    "E2": "家风家教活动未按计划开展",
}
SEVERITIES = [("诫勉", 0.6), ("轻处分", 0.27), ("重处分", 0.1), ("移送司法", 0.03)]


class CaseRefs:
    """Case references unique per department: 纪案〔2026〕001号 ..."""

    def __init__(self, year):
        self.year, self.n = year, defaultdict(int)

    def __call__(self, department):
        self.n[department.id] += 1
        return f"{S.CASE_PREFIX.get(department.name, '通报')}〔{self.year}〕{self.n[department.id]:03d}号"


def _severity(rng):
    draw, acc = rng.random(), 0.0
    for name, p in SEVERITIES:
        acc += p
        if draw < acc:
            return name
    return SEVERITIES[0][0]


class Ledger:
    """Builds unsaved entries with their recorded moments, for one scheme."""

    def __init__(self, *, rng, scheme, today, users, refs, moment):
        self.rng, self.scheme, self.today, self.users, self.refs, self.moment = rng, scheme, today, users, refs, moment
        self.start = date(scheme.year, 1, 1)
        self.rows = []

    def _day(self, lo=None, hi=None):
        lo, hi = lo or self.start, min(hi or self.today, self.today - timedelta(days=1))
        return lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def add(self, ind, body, *, fact, points, occurred, case_ref="", severity="", delay=None):
        delay = self.rng.randint(1, 6) if delay is None else delay
        recorded = min(occurred + timedelta(days=delay), self.today)
        entry = LedgerEntry(scheme=self.scheme, indicator=ind, body=body, department_id=ind.department_id,
                            points=points, severity=severity, fact=fact, case_ref=case_ref, occurred_on=occurred,
                            created_by=self.users[ind.department_id],
                            created_at=self.moment(recorded, 9 + self.rng.randint(0, 7)))
        self.rows.append(entry)
        return entry

    def deduction(self, ind, body, facts, occurred=None, **kw):
        severity = _severity(self.rng) if ind.ladder else ""
        if ind.ladder or ind.per_case is not None:
            points = case_points(per_case=ind.per_case, ladder=ind.ladder or None, severity=severity or None)
        else:
            points = min(Decimal(self.rng.choice(["0.5", "1"])), ind.max_points)
        fact = facts.get(ind.code, ind.name)
        return self.add(ind, body, fact=fact, points=points, occurred=occurred or self._day(), severity=severity,
                        case_ref=self.refs(ind.department), **kw)

    def deductions(self, leaves, bodies, facts, rate):
        """About ``rate`` cases a leaf a body; one body in ten struggles and has four times as many."""
        for body in bodies:
            body_rate = rate * (4 if self.rng.random() < 0.1 else 1)
            for ind in leaves:
                draw = self.rng.random()
                for _ in range(2 if draw < body_rate / 5 else (1 if draw < body_rate else 0)):
                    self.deduction(ind, body, facts)

    def panels(self, ind, bodies, *, on, share=1.0, fact):
        if on >= self.today or on.year != self.scheme.year:
            return
        for body in bodies:
            if self.rng.random() < share:
                points = (ind.max_points * Decimal(self.rng.uniform(0.72, 1.0))).quantize(TENTH, ROUND_HALF_UP)
                self.add(ind, body, fact=fact, points=points, occurred=on, delay=3)


def daily_entries(ledger, indicators, bodies, *, first_unit):
    """The daily scheme's year: deductions, the mid-year panel, bonuses, two vetoes."""
    rng = ledger.rng
    leaves = [i for i in indicators if i.kind == K.DEDUCTION]
    ledger.deductions(leaves, bodies, FACTS, rate=0.12)
    by_code = {i.code: i for i in indicators}
    ledger.panels(by_code["D3"], bodies, on=date(ledger.scheme.year, 7, 15), fact="年中调研和为群众办实事评审")
    for body in bodies:
        draw = rng.random()
        if draw < 0.12:
            level, points = rng.choices(S.HONOURS, weights=[5, 35, 60])[0]
            ledger.add(by_code["X1"], body, fact=f"获{level}先进基层党组织表彰", points=points, occurred=ledger._day())
        elif draw < 0.18:
            ledger.add(by_code["X2"], body, fact="支部获评“红旗党支部”", points=Decimal(rng.choice([1, 2])),
                       occurred=ledger._day())
    vetoed = [b for b in bodies if b is not first_unit]
    for code, fact in (("V3", "违反中央八项规定精神问题被作为典型案例通报"), ("V2", "发生网络舆情事件，造成恶劣影响")):
        if vetoed:
            ind = by_code[code]
            ledger.add(ind, vetoed.pop(rng.randrange(len(vetoed))), fact=fact, points=Decimal(0),
                       occurred=ledger._day(), case_ref=ledger.refs(ind.department))


APPEALS = [  # (leaf, month, outcome, reason, department's reply, decision)
    ("A2", 2, Appeal.State.UPHELD, "该事项已于 2 月 20 日书面报告，请予核实。", "经核实，报告时间超过规定时限 7 天。",
     "报告超过规定时限，维持扣分。"),
    ("C7", 5, Appeal.State.REVERSED, "该党员组织关系已按期转出，附转接回执。", "已核对转接回执，情况属实。",
     "组织关系已按期转接，予以冲销。"),
    ("F4", 8, Appeal.State.REVERSED, "该信访事项已按期办结，系系统录入延迟。", "经核实，办结时间在期限内。",
     "已按期办结，予以冲销。"),
    ("B2", 0, Appeal.State.OPEN, "该通报所涉问题已于通报前整改完毕，请求复核。", "已收到，正在核实整改材料。", ""),
]


def appeal_cases(ledger, indicators, body, unit_admin):
    """The first unit's appeals: entries, then (once the entries have ids) appeals and replies."""
    by_code = {i.code: i for i in indicators}
    out = []
    for code, month, state, reason, reply, decision in APPEALS:
        occurred = (date(ledger.scheme.year, month, 12) if month
                    else max(ledger.start, ledger.today - timedelta(days=5)))
        if occurred >= ledger.today:
            continue
        entry = ledger.deduction(by_code[code], body, FACTS, occurred=occurred, delay=1)
        out.append((entry, state, reason, reply, decision))
    return out


def appeal_rows(ledger, cases, unit_admin):
    """Appeals, their messages and the reversing entries, for entries already saved."""
    appeals, messages, reversals = [], [], []
    for entry, state, reason, reply, decision in cases:
        opened = entry.created_at + timedelta(days=2)
        decided = opened + timedelta(days=5)
        dept_user = ledger.users[entry.department_id]
        appeal = Appeal(entry=entry, body=entry.body, department_id=entry.department_id, reason=reason,
                        opened_by=unit_admin, opened_at=opened, state=state)
        if state != Appeal.State.OPEN:
            appeal.decided_by, appeal.decided_at, appeal.decision = dept_user, decided, decision
        if state == Appeal.State.REVERSED:
            appeal.reversal = LedgerEntry(
                scheme=entry.scheme, indicator=entry.indicator, body=entry.body, department_id=entry.department_id,
                points=entry.points, severity=entry.severity, fact=f"申诉成立：{decision}", case_ref=entry.case_ref,
                occurred_on=entry.occurred_on, reverses=entry, created_by=dept_user, created_at=decided)
            reversals.append(appeal.reversal)
        appeals.append(appeal)
        messages.append(AppealMessage(author=dept_user, side=AppealMessage.Side.DEPARTMENT, text=reply,
                                      created_at=opened + timedelta(days=1)))
    LedgerEntry.objects.bulk_create(reversals)
    for appeal in appeals:
        appeal.reversal_id = appeal.reversal.pk if appeal.reversal else None
    Appeal.objects.bulk_create(appeals)
    for appeal, message in zip(appeals, messages):
        message.appeal = appeal
    AppealMessage.objects.bulk_create(messages)
    return appeals
