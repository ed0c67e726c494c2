"""Demo selections: one finished round of each kind at the seed's numbers (28 brand cases,
38 red-flag branches, 20 outstanding section chiefs, 12 clean-organ experiences).

Each round has its nominations (winners and about half as many more), five outside experts
who score every nomination per criterion, the trimmed mean and the quota deciding the
shortlist (the pure rules), a public notice of five working days that has ended, and in the
red-flag round one objection, answered. The red-flag nominees are branches that pass the
round's eligibility rules (evaluated once, in bulk); its winners hold their title.
Deterministic (one seeded generator), bulk inserts.
"""
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from dangjian.accounts.models import Membership, Role, User
from dangjian.orgs.models import Member, PartyOrg, Unit
from dangjian.selections import rules
from dangjian.selections.eligibility import evaluate
from dangjian.selections.models import (
    Assignment, Criterion, Nomination, NominationFile, Notice, Objection, ReviewerGrant, Round, Score,
    SelectionKind, Title, TitleCheck,
)

TZ = ZoneInfo(settings.TIME_ZONE)
WINNERS = {"brand_case": 28, "red_flag_branch": 38, "outstanding_chief": 20, "clean_experience": 12}
TITLES = {"brand_case": "机关党建品牌案例遴选", "red_flag_branch": "红旗党支部评选",
          "outstanding_chief": "“项目建设年”突出科长评选", "clean_experience": "清廉机关建设典型经验推荐"}
CRITERIA = [("政治引领", 30), ("组织建设", 30), ("融合成效", 40)]
EXPERTS = 5
BRANDS = ["“红色引擎”", "“先锋驿站”", "“民生直通车”", "“清风护航”", "“数智党建”", "“初心课堂”", "“实干争先”"]


def _moment(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def selections_purge():
    """Remove every round (reset before a new seed): titles and their checks are history the
    app never deletes, so only a reset of the whole demo removes them, by plain DELETE."""
    for model in (TitleCheck, Title, Objection, Notice, Score, Assignment, ReviewerGrant, NominationFile,
                  Nomination, Criterion, Round):
        qs = model._base_manager.all()
        qs._raw_delete(qs.db)


def _experts(password):
    users = []
    for i in range(1, EXPERTS + 1):
        username = f"expert{i}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=f"评审专家{i}")
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, role=Role.EXPERT_REVIEWER)
        users.append(user)
    return users


def _subjects(rng, kind, n, rnd):
    """n (unit_id, branch_id, member_id, title) nominations of the kind's subject."""
    units = list(Unit.objects.order_by("sort", "id").values_list("id", "name"))
    if kind.code == "red_flag_branch":
        passed = sorted(k for k, o in evaluate(rnd).items() if o.passed)     # only eligible branches
        picked = sorted(rng.sample(passed, min(n, len(passed))))
        rows = PartyOrg.objects.filter(pk__in=picked).values_list("unit_id", "id", "name")
        return [(u, b, None, name) for u, b, name in rows]
    if kind.code == "outstanding_chief":
        ids = list(Member.objects.current().filter(post__contains="科长").order_by("id").values_list("id", flat=True)[:5000])
        picked = sorted(rng.sample(ids, min(n, len(ids))))
        rows = Member.objects.filter(pk__in=picked).values_list("branch__unit_id", "id", "name")
        return [(u, None, m, name) for u, m, name in rows]
    chosen = sorted(rng.sample(units, min(n, len(units))))
    if kind.code == "brand_case":
        return [(u, None, None, f"{name}{rng.choice(BRANDS)}党建品牌") for u, name in chosen]
    return [(u, None, None, f"{name}清廉机关建设经验") for u, name in chosen]


def seed_selections(*, rng, today, committee, password):
    """One finished round of each kind; returns {kind code: winners}."""
    experts = _experts(password)
    year = today.year
    deadline = today - timedelta(days=60)
    notice_start = today - timedelta(days=30)
    notice_end = rules.notice_end(notice_start, 5)
    out = {}
    for kind in SelectionKind.objects.filter(code__in=WINNERS).order_by("sort"):
        quota = WINNERS[kind.code]
        rnd = Round.objects.create(kind=kind, year=year, title=f"{year}年度{TITLES[kind.code]}",
                                   nomination_deadline=deadline, quota=quota, trim=1, notice_days=5,
                                   eligibility=kind.default_eligibility, status=Round.Status.CLOSED,
                                   review_closed_at=_moment(notice_start - timedelta(days=3)), created_by=committee,
                                   created_at=_moment(deadline - timedelta(days=30)))
        criteria = Criterion.objects.bulk_create([Criterion(round=rnd, name=n, max_points=p, sort=i)
                                                  for i, (n, p) in enumerate(CRITERIA)])
        subjects = _subjects(rng, kind, quota + quota // 2, rnd)
        nominations = Nomination.objects.bulk_create([
            Nomination(round=rnd, unit_id=u, branch_id=b, member_id=m, title=title, created_by=committee,
                       materials=f"{title}：坚持党建引领，{rng.choice(['聚焦中心工作', '服务项目建设', '深化作风建设'])}，"
                                 f"{rng.choice(['形成可复制的经验做法', '群众满意度明显提升', '获上级肯定'])}。",
                       created_at=_moment(deadline - timedelta(days=rng.randint(1, 20))))
            for u, b, m, title in subjects])
        grants = ReviewerGrant.objects.bulk_create([ReviewerGrant(round=rnd, user=e) for e in experts])
        assignments = Assignment.objects.bulk_create([Assignment(grant=g, nomination=n)
                                                      for n in nominations for g in grants])
        strength = {n.pk: rng.uniform(0.55, 0.95) for n in nominations}
        scores, totals = [], {}
        for a in assignments:
            sheet = Decimal(0)
            for c in criteria:
                share = min(1.0, max(0.0, strength[a.nomination_id] + rng.uniform(-0.08, 0.08)))
                points = (c.max_points * Decimal(str(round(share, 2)))).quantize(rules.CENT)
                scores.append(Score(assignment=a, criterion=c, points=points))
                sheet += points
            totals.setdefault(a.nomination_id, []).append(sheet)
        Score.objects.bulk_create(scores, batch_size=2000)
        ranked = {r.key: r for r in rules.shortlist(
            ((k, rules.trimmed_mean(v, rnd.trim)) for k, v in totals.items()), quota)}
        for n in nominations:
            r = ranked[n.pk]
            n.total, n.rank, n.shortlisted = r.score, r.rank, r.shortlisted
            n.winner = r.shortlisted
        Nomination.objects.bulk_update(nominations, ["total", "rank", "shortlisted", "winner"], batch_size=1000)
        notice = Notice.objects.create(round=rnd, starts_on=notice_start, ends_on=notice_end,
                                       text=f"经单位推荐、资格审查和专家评审，拟确定以下{quota}个对象，现予公示。")
        winners = [n for n in nominations if n.winner]
        if kind.code == "red_flag_branch" and winners:     # a tiny registry may have no eligible branch
            target = winners[-1]
            Objection.objects.create(notice=notice, nomination=target, text="反映该支部部分会议记录不完整。",
                                     raised_by=committee, raised_at=_moment(notice_start + timedelta(days=1)),
                                     answer="经核查，该支部会议记录齐全，反映情况不属实，维持公示结果。",
                                     answered_by=committee, answered_at=_moment(notice_start + timedelta(days=3)))
            until = today.replace(year=today.year + rnd.title_years) if not (today.month == 2 and today.day == 29) \
                else date(today.year + rnd.title_years, 2, 28)
            Title.objects.bulk_create([Title(round=rnd, nomination=n, branch_id=n.branch_id, name=kind.name,
                                             granted_on=notice_end + timedelta(days=3), valid_until=until)
                                       for n in winners])
        out[kind.code] = len(winners)
    return out
