"""Selection test data on top of the registry of tests/factories.py: grades, records, a round."""
from datetime import date, timedelta

from django.utils import timezone

from dangjian.accounts.models import Role
from dangjian.assessment.models import AssessedBody, Scheme, Snapshot, SnapshotRow
from dangjian.records.models import Activity, ActivityKind
from dangjian.selections import services
from dangjian.selections.models import Assignment, SelectionKind

from .factories import make_user

RULES = [
    {"check": "grade_at_least", "params": {"grade": "较好"}},
    {"check": "no_veto"},
    {"check": "meeting_rules_met", "params": {"months": 12, "kinds": ["theme_day"]}},
    {"check": "branch_setup_ok"},
    {"check": "no_sanctioned_member"},
]


def grade_units(reg, grades):
    """A published 2026 daily scheme and a snapshot giving each unit its grade ({unit: (grade, veto)})."""
    scheme = Scheme.objects.create(year=2026, kind=Scheme.Kind.DAILY, title="2026年度日常考核", basis="试行",
                                   published_at=timezone.now(), published_by=reg.committee)
    snap = Snapshot.objects.create(scheme=scheme, period="Q3", ends_on=date(2026, 9, 30), published_by=reg.committee)
    for unit, (grade, veto) in grades.items():
        body, _ = AssessedBody.objects.get_or_create(unit=unit)
        SnapshotRow.objects.create(snapshot=snap, body=body, grade=grade, veto=veto)
    return scheme


def keep_theme_days(*orgs):
    """A theme party day every month from December 2025 to November 2026."""
    kind = ActivityKind.objects.get(code="theme_day")
    months = [date(2025, 12, 5)] + [date(2026, m, 5) for m in range(1, 12)]
    Activity.objects.bulk_create([Activity(org=o, kind=kind, held_on=d, topic="主题党日") for o in orgs for d in months])


def experts(reg):
    reg.expert_a = make_user("expert_a", Role.EXPERT_REVIEWER)
    reg.expert_out = make_user("expert_out", Role.EXPERT_REVIEWER)
    reg.red_flag = SelectionKind.objects.get(code="red_flag_branch")
    return reg


def setup(reg):
    """Unit A 较好, unit B 一般; branch A1 keeps its theme days; experts of unit A and outside."""
    grade_units(reg, {reg.unit_a: ("fairly_good", ""), reg.unit_b: ("average", "")})
    keep_theme_days(reg.branch_a1, reg.branch_a2, reg.branch_b1)
    reg.unit_admin_b = make_user("unit2", Role.UNIT_ADMIN, org=reg.oc_b)
    experts(reg)
    reg.expert_out2 = make_user("expert_out2", Role.EXPERT_REVIEWER)
    return reg


def red_flag_round(reg, *, deadline=date(2026, 12, 31), quota=1, rules=RULES, **kwargs):
    return services.round_create(user=reg.committee, kind=reg.red_flag, year=2026, title="2026年度红旗党支部评选",
                                 nomination_deadline=deadline, quota=quota, eligibility=rules,
                                 criteria=[("组织建设", 40), ("作用发挥", 60)], **kwargs)


def sheet(rnd, a, b):
    c1, c2 = rnd.criteria.all()
    return {c1.pk: a, c2.pk: b}


def build_rounds(r, today):
    """On ``r`` (with experts): a round open for nomination (``open``), one in review with scores
    (``rev``, its nominations ``noms``), one closed with titles (``done``) and one in notice
    from ``today`` (``pub``). Rules are left out but for ``open`` when grades exist."""
    rules = RULES if hasattr(r, "unit_admin_b") else []
    r.open = services.round_open(user=r.committee, round=red_flag_round(r, deadline=today + timedelta(days=15),
                                                                        rules=rules))
    r.rev, r.noms = _reviewed(r, "评审中的评选", today)
    r.done, _ = _reviewed(r, "已结束的评选", today, finish=True)
    r.pub, _ = _reviewed(r, "公示中的评选", today, notice=True)
    return r


def _reviewed(r, title, today, *, finish=False, notice=False):
    from .factories import make_user

    if not hasattr(r, "unit_admin_b"):
        r.unit_admin_b = make_user("unit2", Role.UNIT_ADMIN, org=r.oc_b)
    rnd = services.round_open(user=r.committee, round=red_flag_round(r, rules=[], quota=2,
                                                                     deadline=today + timedelta(days=15)))
    rnd.title = title
    rnd.save()
    noms = [services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a1, materials="事迹一"),
            services.nomination_create(user=r.unit_admin_b, round=rnd, branch=r.branch_b1, materials="事迹二")]
    for expert, unit in ((r.expert_a, r.unit_a), (r.expert_out, None)):
        services.reviewer_grant(user=r.committee, round=rnd, reviewer=expert, unit=unit)
    rnd = services.round_close_nominations(user=r.committee, round=rnd)
    services.assign_all(user=r.committee, round=rnd)
    for a in Assignment.objects.filter(grant__round=rnd).select_related("grant__user"):
        services.score_submit(user=a.grant.user, assignment=a, points=sheet(rnd, 30, 50))
    if finish or notice:
        services.shortlist(user=r.committee, round=rnd)
        services.notice_start(user=r.committee, round=rnd, starts_on=today - timedelta(days=15) if finish else today)
    if finish:
        services.round_finalise(user=r.committee, round=rnd)
    rnd.refresh_from_db()
    return rnd, noms
