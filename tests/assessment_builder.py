"""A small published daily scheme over the registry of tests/factories.py, for the pages.

Groups A (a metric), E (纪委: a severity ladder and a per-case leaf) and G (组织部: a panel),
a bonus and a veto; one division holding the registry's category. Total 20.
"""
from dangjian.accounts.models import Department, Role
from dangjian.assessment.models import AssessedBody, Division, Indicator, Scheme
from dangjian.assessment.rules import DISCIPLINE_LADDER
from dangjian.assessment.services import assessed_bodies_sync, ledger_entry_create, scheme_publish
from dangjian.orgs.models import Unit

from . import clock
from .factories import make_user

K = Indicator.Kind
LADDER = {k: str(v) for k, v in DISCIPLINE_LADDER.items()}


def add_discipline(r):
    """A second department (纪委监委) and its user, beside the registry's 组织部."""
    r.discipline = Department.objects.create(name="纪委监委")
    r.discipline_user = make_user("dept_jw", Role.DEPARTMENT, department=r.discipline)
    return r


YEAR = clock.TODAY.year
DAY = clock.TODAY.replace(day=1)       # a day of the scheme's year, never ahead of today


def build_scheme(r, *, publish=True, year=YEAR):
    """(scheme, {code: indicator}); ``r`` needs ``add_discipline`` first."""
    scheme = Scheme.objects.create(year=year, kind=Scheme.Kind.DAILY, title="日常考核", total=20,
                                   basis="市直机关党建工作考核办法")
    groups = {code: Indicator.objects.create(scheme=scheme, code=code, name=name, kind=K.GROUP, max_points=m, sort=i)
              for i, (code, name, m) in enumerate([("A", "政治建设", 4), ("E", "纪律与清廉", 10), ("G", "融合与责任", 6)])}
    leaves = {
        "A1": dict(parent=groups["A"], name="第一议题学习落实", kind=K.METRIC, max_points=4, metric="first_agenda",
                   department=r.department),
        "E1": dict(parent=groups["E"], name="违纪案件", kind=K.DEDUCTION, max_points=5, department=r.discipline,
                   ladder=LADDER),
        "E4": dict(parent=groups["E"], name="巡察、审计问题整改", kind=K.DEDUCTION, max_points=5,
                   department=r.discipline, per_case="1"),
        "G1": dict(parent=groups["G"], name="党建业务融合项目", kind=K.PANEL, max_points=6, department=r.department),
        "X1": dict(name="荣誉加分", kind=K.BONUS, cap=3, department=r.department, sort=10),
        "V1": dict(name="典型案例通报", kind=K.VETO, veto="not_good", basis="考核办法第九条", department=r.discipline,
                   sort=11),
    }
    ind = {code: Indicator.objects.create(scheme=scheme, code=code, **kw) for code, kw in leaves.items()}
    Division.objects.create(scheme=scheme, name="党群综合").categories.set([r.category])
    assessed_bodies_sync()
    if publish:
        scheme = scheme_publish(user=r.committee, scheme=scheme)
    return scheme, ind


def body_of(unit):
    return AssessedBody.objects.get(unit=unit)


def enter(user, indicator, body, **kw):
    kw.setdefault("fact", "事实")
    kw.setdefault("occurred_on", DAY)
    return ledger_entry_create(user=user, indicator=indicator, body=body, **kw)


def more_units(r, n, ind, prefix="市第"):
    """``n`` more units in zone A, each with a deduction and a panel score (for query counts)."""
    units = [Unit.objects.create(name=f"{prefix}{i}局", category=r.category, zone=r.zone_a) for i in range(n)]
    assessed_bodies_sync()
    for unit in units:
        body = body_of(unit)
        enter(r.discipline_user, ind["E4"], body, case_ref=f"{prefix}案{unit.pk}")
        enter(r.dept, ind["G1"], body, points="4")
    return units
