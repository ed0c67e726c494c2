"""Deterministic demo registry: ``demo_seed`` builds a city (or a province of 20) in bulk.

Deliberately not a per-row service: it writes hundreds of thousands of rows with
bulk_create/COPY inside one transaction and writes no audit entry per row (only the account
services it calls audit, as they always do). Personal data still goes through
Member.set_id_number / set_phone, so it is encrypted and masked exactly as elsewhere.
"""
import random
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from dangjian.orgs.models import (
    CountyCommittee, Member, MemberStatus, PartyOrg, Unit, UnitCategory, Zone,
)
from dangjian.orgs.counts import member_counts_refresh
from dangjian.lib.bulk import RowWriter, allocate_ids, reset_sequence
from dangjian.records.models import Activity

from . import data
from .assessment import seed_assessment
from .commitments import seed_commitments
from .brands import seed_brands
from .challenges import seed_challenges
from .accounts import demo_account_ensure, demo_accounts, departments_ensure
from .records import seed_records
from .rectification import seed_rectification
from .people import PersonMaker
from .plan import SCALES, assign_ids, plan_city
from .reset import registry_reset
from .selections import seed_selections
from .study import seed_study

PROBATIONARY_SHARE = 0.05


@dataclass
class SeedResult:
    accounts: list
    elapsed: float
    members: int
    branches: int


class _Clock:
    def __init__(self, log):
        self.start = time.monotonic()
        self.log = log or (lambda msg: None)

    def __call__(self, msg):
        self.log(f"[{time.monotonic() - self.start:7.1f}s] {msg}")

    @property
    def elapsed(self):
        return time.monotonic() - self.start


def _cities(scale_name):
    """(unit name prefix, label prefix for orgs and zones) per city."""
    if SCALES[scale_name].cities == 1:
        return [("市", "")]
    return [(f"{c}市", c) for c in data.CITIES[: SCALES[scale_name].cities]]


@transaction.atomic
def demo_seed(*, scale: str, seed: int = 2024, password: str, today: date | None = None,
              reset: bool = False, log=None) -> SeedResult:
    """Build the demo registry. Callers check that the registry is empty (or pass reset)."""
    clock = _Clock(log)
    today = today or date.today()
    rng = random.Random(seed)
    people = PersonMaker(rng)
    conf = SCALES[scale]
    if reset:
        registry_reset()
        clock("已清空登记数据")

    categories = UnitCategory.objects.bulk_create(
        [UnitCategory(name=n, sort=i) for i, n in enumerate(data.CATEGORIES, start=1)])
    cities = _cities(scale)
    zones, units, counties, unit_meta = [], [], [], []
    for ci, (city, label) in enumerate(cities):
        for z in range(conf.zones):
            zones.append(Zone(name=f"{label}{data.ZONE_ORDINALS[z]}协作区", sort=len(zones) + 1))
        for name, kind in data.COUNTY_COMMITTEES[: conf.county_committees]:
            counties.append(CountyCommittee(name=f"{label}{name}", kind=kind, sort=len(counties) + 1,
                                            contact=rng.choice(data.COUNTY_CONTACTS)))
    Zone.objects.bulk_create(zones)
    CountyCommittee.objects.bulk_create(counties)
    for ci, (city, label) in enumerate(cities):
        city_zones = zones[ci * conf.zones:(ci + 1) * conf.zones]
        for i, (tmpl, short, cat, weight) in enumerate(data.UNITS[: conf.units]):
            zone = city_zones[i * conf.zones // conf.units]
            units.append(Unit(name=tmpl.format(c=city), short_name=short, category=categories[cat],
                              zone=zone, sort=len(units) + 1))
            unit_meta.append((units[-1].name, short, cat, weight))
    Unit.objects.bulk_create(units)
    for zone in zones:
        lead = next(u for u in units if u.zone is zone)
        zone.lead_unit = lead
        zone.rules = data.ZONE_RULES.format(zone=zone.name, lead=lead.name)
    Zone.objects.bulk_update(zones, ["lead_unit", "rules"])
    clock(f"协作区 {len(zones)} 个，单位 {len(units)} 个，县(市、区)机关工委 {len(counties)} 个")

    plans = []
    for ci, (city, label) in enumerate(cities):
        offset = ci * conf.units
        city_plans = plan_city(rng, conf, unit_meta[offset:offset + conf.units], people, today, label)
        for p in city_plans:
            p.unit += offset
            p.covered = [c + offset for c in p.covered]
        plans.extend(city_plans)
    assign_ids(plans, allocate_ids(PartyOrg, len(plans)))
    orgs = [PartyOrg(id=p.id, name=p.name, type=p.type, parent_id=p.parent.id if p.parent else None,
                     path=p.path, depth=p.depth, unit=units[p.unit], secretary_name=p.secretary_name,
                     founded_on=p.founded_on, term_start=p.term_start, term_end=p.term_end,
                     has_committee=p.has_committee, group_count=p.group_count, sort=i)
            for i, p in enumerate(plans, start=1)]
    PartyOrg.objects.bulk_create(orgs, batch_size=2000)
    reset_sequence(PartyOrg)
    Through = PartyOrg.covered_units.through
    Through.objects.bulk_create([Through(partyorg_id=p.id, unit_id=units[u].id)
                                 for p in plans for u in p.covered])
    branches = [p for p in plans if p.size]
    clock(f"党组织 {len(plans)} 个，其中支部 {len(branches)} 个")

    n_members = _seed_members(rng, people, branches, unit_meta, len(cities) > 1, clock)
    member_counts_refresh()     # the orgs' stored member counts, in one statement

    unit_org = plans[0]   # organ committee of the first unit (first zone's lead unit)
    branch = next(p for p in plans if p.type == "branch" and p.unit == 0)
    member = Member.objects.filter(branch_id=branch.id).order_by("id").last()
    accounts = demo_accounts(
        departments=departments_ensure(), zone=zones[0],
        unit_org=PartyOrg.objects.get(pk=unit_org.id), branch=PartyOrg.objects.get(pk=branch.id),
        member_name=member.name,
    )
    users = {a.username: demo_account_ensure(a, password) for a in accounts}
    member.user = users["member1"]
    member.save(update_fields=["user"])
    clock(f"演示账号 {len(accounts)} 个")
    # a year and a bit of organizational life, then the committee's study programme;
    # each from its own generator so adding one never changes the other's data
    n_records = seed_records(rng=random.Random(seed + 1), today=today)
    clock(f"组织生活记录 {n_records} 条")
    study = seed_study(rng=random.Random(seed + 2), today=today)
    clock("学习教育：" + "，".join(f"{k} {v}" for k, v in study.items()))
    # before the assessment, whose three-ones metric (G3) reads the lists
    lists = seed_commitments(rng=random.Random(seed + 41), today=today, scale=scale, first_branch_id=branch.id)
    clock("三个一清单：" + "，".join(f"{k} {v}" for k, v in lists.items()))
    department_users = {a.scope["department"].id: users[a.username] for a in accounts if "department" in a.scope}
    assessment = seed_assessment(rng=random.Random(seed + 3), today=today, committee=users["gongwei"],
                                 unit_admin=users["unit1"], department_users=department_users)
    clock("考核：" + "，".join(f"{k} {v}" for k, v in assessment.items()))
    n_problems = seed_rectification(rng=random.Random(seed + 6), today=today, unit_admin=users["unit1"],
                                    department_users=department_users)
    clock(f"整改问题 {n_problems} 个")
    brands = seed_brands(rng=random.Random(seed + 4), today=today)
    clock("党建品牌：" + "，".join(f"{k} {v}" for k, v in brands.items()))
    challenges = seed_challenges(rng=random.Random(seed + 5), today=today, committee=users["gongwei"])
    clock("揭榜挂帅：" + "，".join(f"{k} {v}" for k, v in challenges.items()))
    selections = seed_selections(rng=random.Random(seed + 7), today=today, committee=users["gongwei"],
                                 password=password)
    clock("评选：" + "，".join(f"{k} {v}" for k, v in selections.items()))
    return SeedResult(accounts=accounts, elapsed=clock.elapsed, members=n_members, branches=len(branches))


def tables_analyze():
    """After a bulk load on PostgreSQL: planner statistics, and (outside a transaction) the
    visibility map too, so COUNTs can use index-only scans straight away."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (PartyOrg, Member, Unit, Activity))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")


def _seed_members(rng, people, branches, unit_meta, multi_city, clock) -> int:
    writer = RowWriter(Member, batch_size=10_000)
    report_every = 100_000 if multi_city else 10_000
    total = sum(b.size for b in branches)
    for b in branches:
        city_no = b.unit // len(data.UNITS) + 1 if multi_city else 1
        category = unit_meta[b.unit][2]
        for k in range(b.size):
            writer.add(_member(rng, people, b, k, city_no, category))
            if (writer.written + len(writer.buffer)) % report_every == 0:
                clock(f"党员 {writer.written + len(writer.buffer)} / {total}")
    writer.flush()
    clock(f"党员 {writer.written} 名")
    return writer.written


def _member(rng, people, branch, k, city_no, category) -> Member:
    if k == 0:   # the branch secretary is the branch's first member
        gender, name = branch.secretary_gender, branch.secretary_name
    else:
        gender = people.gender()
        name = people.name(gender)
    if k > 0 and rng.random() < PROBATIONARY_SHARE:
        status = MemberStatus.PROBATIONARY
        birth, joined = people.probationary_dates()
        full = None
    else:
        status = MemberStatus.FULL
        birth, joined, full = people.full_member_dates()
    m = Member(name=name, gender=gender, birth_date=birth, ethnicity=people.ethnicity(),
               education=people.education(), status=status, joined_on=joined, full_on=full,
               branch_id=branch.id, post=people.post(category))
    area = f"37{city_no:02d}{rng.randint(1, 12):02d}"
    m.set_id_number(people.id_number(area, birth, gender))
    m.set_phone(people.phone())
    return m
