"""Demo assessment: the year's daily scheme, the clean-organ evaluation and the report-and-review,
published; a year of ledger entries from the eight departments, a few appeals, published
quarterly snapshots and the committee's recommended typical experience.

Deterministic (one seeded generator), bulk inserts, a fixed number of statements per quarter
whatever the scale. Schemes go through the services (so ``scheme_problems`` must be empty for
them to publish) and so do snapshots; the ledger rows are written in bulk, keeping the
service's rules (once per case per department, points within the leaf).
"""
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from dangjian.accounts.models import Department
from dangjian.assessment.models import (
    Appeal, AppealMessage, AssessedBody, Division, Indicator, LedgerEntry, Scheme, Snapshot, SnapshotRow,
    TypicalExperience,
)
from dangjian.assessment.services import assessed_bodies_sync, scheme_publish
from dangjian.assessment.snapshots import ended_periods, period_end, snapshot_publish
from dangjian.orgs.models import UnitCategory

from . import assessment_schemes as S

K = Indicator.Kind
KINDS = {"M": K.METRIC, "D": K.DEDUCTION, "P": K.PANEL}
TZ = ZoneInfo(settings.TIME_ZONE)


def _moment(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


# ---- schemes ---------------------------------------------------------------------------------

def _scheme(*, year, kind, title, basis, groups, covers=Scheme.Covers.UNITS, departments, **extra):
    scheme = Scheme.objects.create(year=year, kind=kind, title=title, basis=basis.format(year=year),
                                   covers=covers, **extra)
    rows, parents = [], {}
    for sort, (code, name, points, _leaves) in enumerate(groups, start=1):
        parents[code] = Indicator(scheme=scheme, code=code, name=name, kind=K.GROUP, max_points=points,
                                  sort=sort * 10)
    Indicator.objects.bulk_create(parents.values())
    for code, _name, _points, leaves in groups:
        for sort, (leaf, name, points, owner, kind, how) in enumerate(leaves, start=1):
            ind = Indicator(scheme=scheme, parent=parents[code], code=leaf, name=name, kind=KINDS[kind],
                            max_points=points, department=departments[S.OWNERS[owner]],
                            sort=parents[code].sort + sort)
            if kind == "M":
                ind.metric, ind.params = how
            elif kind == "D" and isinstance(how, dict):
                ind.ladder = how
            elif kind == "D" and how is not None:
                ind.per_case = Decimal(how)
            rows.append(ind)
    Indicator.objects.bulk_create(rows)
    return scheme


def _extras(scheme, departments):
    rows = [Indicator(scheme=scheme, code=code, name=name, kind=K.BONUS, cap=cap, sort=900 + i,
                      department=departments[S.OWNERS[owner]])
            for i, (code, name, owner, cap) in enumerate(S.BONUSES)]
    rows += [Indicator(scheme=scheme, code=code, name=name, kind=K.VETO, veto=effect, basis=basis, sort=950 + i,
                       department=departments[S.OWNERS[owner]])
             for i, (code, name, owner, effect, basis) in enumerate(S.VETOES)]
    Indicator.objects.bulk_create(rows)


def _divisions(scheme, table, categories, lists, bodies_by_short, extra_bodies=()):
    for sort, (name, weights) in enumerate(table, start=1):
        division = Division.objects.create(scheme=scheme, name=name, weights=weights, sort=sort)
        division.categories.set([categories[c] for c in categories_of(name, scheme)])
        listed = [b for short in lists.get(name, ()) for b in bodies_by_short.get(short, ())]
        if sort == len(table):
            listed += list(extra_bodies)
        division.bodies.set(listed)


def categories_of(division, scheme):
    if scheme.kind == Scheme.Kind.CLEAN_ORGAN:
        return ["国有企业"] if division == S.CLEAN_DIVISIONS[0][0] else ["党政机关", "群团组织", "事业单位", "驻市单位"]
    return S.DIVISION_CATEGORIES.get(division, [])


def build_schemes(*, year, committee, departments):
    """The three schemes of ``year``, published through the service (which checks them)."""
    categories = {c.name: c for c in UnitCategory.objects.all()}
    bodies = list(AssessedBody.objects.select_related("unit").order_by("id"))
    by_short = {}
    for b in bodies:
        if b.unit_id:
            by_short.setdefault(b.unit.short_name, []).append(b)
    daily = _scheme(year=year, kind=Scheme.Kind.DAILY, title=f"{year}年度市直机关党建工作日常考核",
                    basis=S.DAILY_BASIS, groups=S.DAILY, departments=departments, bonus_cap=S.BONUS_CAP,
                    year_weights=S.YEAR_WEIGHTS)
    _extras(daily, departments)
    _divisions(daily, S.DIVISIONS, categories, S.DIVISION_LISTS, by_short)
    clean = _scheme(year=year, kind=Scheme.Kind.CLEAN_ORGAN, title=f"{year}年度清廉机关建设专项考评",
                    basis=S.CLEAN_BASIS, groups=S.CLEAN, departments=departments,
                    covers=Scheme.Covers.UNITS_AND_COUNTIES, bonus_cap=0)
    economic = {S.CLEAN_DIVISIONS[0][0]: S.DIVISION_LISTS["经济管理"] + S.DIVISION_LISTS["执法政法"]}
    _divisions(clean, S.CLEAN_DIVISIONS, categories, economic, by_short,
               extra_bodies=[b for b in bodies if b.county_committee_id])
    review = _scheme(year=year, kind=Scheme.Kind.REVIEW, title=f"{year}年度党组织书记抓基层党建工作述职评议",
                     basis=S.REVIEW_BASIS, groups=S.REVIEW, departments=departments, bonus_cap=0)
    return [scheme_publish(user=committee, scheme=s) for s in (daily, clean, review)]


# ---- the year's facts ------------------------------------------------------------------------

def _insert(rows):
    LedgerEntry.objects.bulk_create(rows, batch_size=2000)


def seed_assessment(*, rng, today: date, committee, unit_admin, department_users) -> dict:
    """Schemes, ledger, appeals, snapshots and typical experience for ``today``'s year.
    ``department_users`` maps a department id to the account that enters its facts."""
    from .assessment_ledger import CaseRefs, CLEAN_FACTS, Ledger, appeal_cases, appeal_rows, daily_entries

    assessed_bodies_sync()
    year = today.year
    departments = {d.name: d for d in Department.objects.all()}
    daily, clean, review = build_schemes(year=year, committee=committee, departments=departments)
    units = list(AssessedBody.objects.filter(unit__isnull=False).select_related("unit")
                 .order_by("unit__sort", "unit__id"))
    counties = list(AssessedBody.objects.filter(county_committee__isnull=False).order_by("id"))
    refs = CaseRefs(year)
    kw = dict(rng=rng, today=today, users=department_users, refs=refs, moment=_moment)

    d = Ledger(scheme=daily, **kw)
    daily_leaves = list(daily.indicators.select_related("department"))
    cases = appeal_cases(d, daily_leaves, units[0], unit_admin) if units else []
    daily_entries(d, daily_leaves, units, first_unit=units[0] if units else None)

    c = Ledger(scheme=clean, **kw)
    clean_leaves = list(clean.indicators.select_related("department"))
    c.deductions([i for i in clean_leaves if i.kind == K.DEDUCTION], units + counties, CLEAN_FACTS, rate=0.05)
    by_code = {i.code: i for i in clean_leaves}
    c.panels(by_code["B3"], units + counties, on=date(year, 6, 28), fact="模范机关创建年中评审")
    c.panels(by_code["E1"], units + counties, on=date(year, 9, 20), fact="廉洁文化阵地和活动评审")

    r = Ledger(scheme=review, **kw)
    for ind in review.indicators.filter(kind=K.PANEL).select_related("department"):
        r.panels(ind, units, on=max(date(year, 1, 1), today - timedelta(days=10)), share=0.85,
                 fact="书记抓基层党建工作述职评议测评")

    pending = sorted(d.rows + c.rows + r.rows, key=lambda e: (e.created_at, e.occurred_on))
    appeals, snapshots = [], []
    for period in [p for p in ended_periods(year, today) if p != "Y"]:
        ends_on = period_end(year, period)
        published = _moment(ends_on + timedelta(days=15))
        if published.date() >= today:
            break
        now, pending = [e for e in pending if e.occurred_on <= ends_on], [e for e in pending if e.occurred_on > ends_on]
        _insert(now)
        ready = [case for case in cases if case[0].pk is not None]
        cases = [case for case in cases if case[0].pk is None]
        appeals += appeal_rows(d, ready, unit_admin)
        snapshots.append(snapshot_publish(user=committee, scheme=daily, period=period, published_at=published))
    _insert(pending)
    appeals += appeal_rows(d, cases, unit_admin)

    typical = [b for b in units + counties]
    rng.shuffle(typical)
    TypicalExperience.objects.bulk_create([
        TypicalExperience(scheme=clean, body=b, title=f"{b}：{rng.choice(S.TYPICAL)}", recommended_by=committee)
        for b in typical[:12]])
    return {"方案": 3, "考核记录": LedgerEntry.objects.count(), "申诉": len(appeals), "快照": len(snapshots),
            "推荐典型经验": min(12, len(typical))}


# ---- --reset ---------------------------------------------------------------------------------

def assessment_purge():
    """Delete every assessment row before the registry goes (``seed_demo --reset``). The ledger,
    snapshots and appeal messages are append-only: on PostgreSQL their triggers let a DELETE
    through only in this transaction, after ``SET LOCAL dangjian.demo_reset``."""
    models = [AppealMessage, Appeal, SnapshotRow, Snapshot, TypicalExperience, LedgerEntry,
              Division.bodies.through, Division.categories.through, Division, Indicator.categories.through,
              Indicator, Scheme, AssessedBody]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL dangjian.demo_reset = 'on'")
        for model in models:
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL dangjian.demo_reset = 'off'")
