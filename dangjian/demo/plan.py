"""The shape of one demo city: how many branches each unit has, how many members each branch.

Pure planning over a seeded random.Random: no ORM, no clock except the ``today`` passed in.

Choices (documented in the README of seed_demo):
- "branches" are the branch-type orgs of ``BRANCH_TYPES``: 党支部 + 联合党支部 + 临时党支部.
  A city has exactly ``scale.branches`` of them; organ committees and general branches come
  on top.
- Term dates are drawn as an offset from ``today`` (the day the seed runs), so the reminders
  always have something to show: about 3 % overdue, 5 % ending within 30 days, 8 % within
  31–90 days, the rest later. People's dates use the fixed REFERENCE_DATE instead.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from dangjian.orgs.rules import COMMITTEE_THRESHOLD, TERM_YEARS, org_path

from . import data
from .people import add_years


@dataclass(frozen=True)
class Scale:
    cities: int
    units: int                # per city
    zones: int                # per city
    county_committees: int    # per city
    branches: int             # branch-type orgs per city
    joint: int                # of them joint branches
    temporary: int            # of them temporary branches
    members: int              # per city
    general_min: int          # a unit with this many branches may get general branches


SCALES = {
    "tiny": Scale(cities=1, units=4, zones=2, county_committees=2, branches=20, joint=1,
                  temporary=1, members=300, general_min=5),
    "city": Scale(cities=1, units=91, zones=6, county_committees=12, branches=1035, joint=8,
                  temporary=5, members=25_000, general_min=12),
    "province": Scale(cities=20, units=91, zones=6, county_committees=12, branches=1035, joint=8,
                      temporary=5, members=25_000, general_min=12),
}

SMALL, LARGE = (2, 4), (51, 60)      # sizes that trigger the branch warnings
MID = (5, 42)


@dataclass
class OrgPlan:
    name: str
    type: str
    unit: int                          # index of the unit within its city
    parent: "OrgPlan | None" = None
    covered: list = field(default_factory=list)   # unit indexes (joint branches)
    size: int = 0                      # members (branch types only)
    has_committee: bool = False
    group_count: int = 0               # 党小组: one per ~10 members from 10 members up
    term_start: date | None = None
    term_end: date | None = None
    founded_on: date | None = None
    secretary_name: str = ""
    secretary_gender: str = "M"
    id: int | None = None
    path: str = ""
    depth: int = 0


def split_by_weight(total: int, weights: list[float], minimum: int) -> list[int]:
    """``total`` split into len(weights) integers >= minimum, by largest remainder."""
    n = len(weights)
    minimum = min(minimum, total // n)
    rest = total - minimum * n
    s = sum(weights)
    raw = [rest * w / s for w in weights]
    out = [int(r) for r in raw]
    order = sorted(range(n), key=lambda i: (out[i] - raw[i], i))
    for i in order[: rest - sum(out)]:
        out[i] += 1
    return [o + minimum for o in out]


def branch_sizes(rng, n: int, total: int) -> list[int]:
    """n branch sizes summing to ``total``: mostly 5–42, about 5 % small (2–4), 5 % over 50."""
    sizes = []
    for _ in range(n):
        r = rng.random()
        lo, hi = SMALL if r < 0.05 else LARGE if r < 0.10 else MID
        sizes.append(rng.randint(lo, hi))
    # Reach the exact total by nudging the mid-sized branches (the small and large ones stay).
    diff = total - sum(sizes)
    step = 1 if diff > 0 else -1
    lo, hi = MID[0], 45
    adjustable = [i for i, s in enumerate(sizes) if MID[0] <= s <= MID[1]]
    room = sum((hi - sizes[i]) if step > 0 else (sizes[i] - lo) for i in adjustable)
    if room < abs(diff):
        lo, hi, adjustable = SMALL[0], LARGE[1], list(range(n))
        room = sum((hi - s) if step > 0 else (s - lo) for s in sizes)
    if room < abs(diff):
        raise ValueError(f"cannot place {total} members in {n} branches")
    while diff:
        i = adjustable[rng.randrange(len(adjustable))]
        if lo <= sizes[i] + step <= hi:
            sizes[i] += step
            diff -= step
    return sizes


def term_for(rng, org_type: str, today: date):
    """(founded_on, term_start, term_end), term_end drawn relative to today."""
    years = TERM_YEARS[org_type]
    r = rng.random()
    if r < 0.03:
        left = -rng.randint(1, 120)
    elif r < 0.08:
        left = rng.randint(0, 30)
    elif r < 0.16:
        left = rng.randint(31, 90)
    else:
        left = rng.randint(91, years * 365 - 30)
    term_end = today + timedelta(days=left)
    term_start = add_years(term_end + timedelta(days=1), -years)
    founded_on = add_years(term_start, -years * rng.randint(0, 8))
    return founded_on, term_start, term_end


def _cn(n: int) -> str:
    return data.cn_number(n) if n < 100 else str(n)


def plan_city(rng, scale: Scale, units: list[tuple], people, today: date, prefix: str) -> list[OrgPlan]:
    """Orgs of one city, parents before children. ``units``: (name, short, category, weight)."""
    n_units = len(units)
    regular = scale.branches - scale.joint - scale.temporary
    weights = [u[3] * rng.uniform(0.7, 1.3) for u in units]
    per_unit = split_by_weight(regular, weights, 3)
    orgs: list[OrgPlan] = []
    committees = []
    for idx, (name, short, category, _w) in enumerate(units):
        suffix = "党委" if category == data.STATE_FIRM else "机关党委"
        oc = OrgPlan(name=f"{name}{suffix}", type="organ_committee", unit=idx)
        orgs.append(oc)
        committees.append(oc)
        parents = [oc]
        if per_unit[idx] >= scale.general_min and rng.random() < 0.45:
            for g in range(rng.randint(2, 3)):
                gb = OrgPlan(name=f"{prefix}{short}{data.GENERAL_BRANCH_NAMES[g]}",
                             type="general_branch", unit=idx, parent=oc)
                orgs.append(gb)
                parents.append(gb)
        for b in range(per_unit[idx]):
            parent = parents[0] if b < max(1, per_unit[idx] // 3) else parents[b % len(parents)]
            orgs.append(OrgPlan(name=f"{prefix}{short}第{_cn(b + 1)}党支部", type="branch",
                                unit=idx, parent=parent))
    if not any(o.type == "general_branch" for o in orgs):   # keep every type in every scale
        big = max(range(n_units), key=lambda i: per_unit[i])
        gb = OrgPlan(name=f"{prefix}{units[big][1]}{data.GENERAL_BRANCH_NAMES[0]}",
                     type="general_branch", unit=big, parent=committees[big])
        orgs.insert(orgs.index(committees[big]) + 1, gb)
        last = max(i for i, o in enumerate(orgs) if o.type == "branch" and o.unit == big)
        orgs[last].parent = gb
    smallest = sorted(range(n_units), key=lambda i: (units[i][3], i))[: max(2, n_units // 3)]
    for _ in range(scale.joint):
        covered = rng.sample(smallest, min(len(smallest), rng.randint(2, 5)))
        label = "".join(units[i][1] for i in covered[:3])
        orgs.append(OrgPlan(name=f"{prefix}{label}联合党支部", type="joint_branch", unit=covered[0],
                            parent=committees[covered[0]], covered=covered))
    for t in range(scale.temporary):
        idx = rng.randrange(n_units)
        project = data.TEMPORARY_PROJECTS[t % len(data.TEMPORARY_PROJECTS)]
        orgs.append(OrgPlan(name=f"{prefix}{units[idx][1]}{project}临时党支部", type="temporary_branch",
                            unit=idx, parent=committees[idx]))
    branch_plans = [o for o in orgs if o.type in ("branch", "joint_branch", "temporary_branch")]
    for o, size in zip(branch_plans, branch_sizes(rng, len(branch_plans), scale.members)):
        o.size = size
        o.has_committee = size >= COMMITTEE_THRESHOLD and rng.random() < 0.93
        o.group_count = 0 if size < 10 else min(6, size // 10 + 1)
    for o in orgs:
        o.founded_on, o.term_start, o.term_end = term_for(rng, o.type, today)
        o.secretary_gender = people.gender()
        o.secretary_name = people.name(o.secretary_gender)
    return orgs


def assign_ids(orgs: list[OrgPlan], ids: list[int]):
    """Give each planned org its id, path and depth (parents come first in the list)."""
    for o, pk in zip(orgs, ids):
        o.id = pk
        o.path, o.depth = org_path(o.parent.path if o.parent else None, pk)
