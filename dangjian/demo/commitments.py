"""The demo's three-ones lists: 452 items at city scale (the seed article's number; as many
per city at province scale), kept by branch secretaries, with a believable mix of status and
short progress notes. Bulk and deterministic (its own random.Random); no audit entry per row.

The owner of a branch's list is the branch's secretary, who is the branch's first member in
the demo registry (seeding._member)."""
from datetime import date, datetime, time, timedelta

from django.db.models import Min
from django.utils import timezone

from dangjian.commitments.models import Commitment, Kind, ProgressNote, Status
from dangjian.orgs.models import BRANCH_TYPES, Member, PartyOrg

from .plan import SCALES

ITEMS_PER_CITY = 452            # 三个一清单 items in the seed article
BRANCHES_PER_CITY = 1035        # ... among this many branches

PLEDGES = [
    "每月至少走访 2 户困难党员群众，帮助解决实际问题", "带头落实首问负责制，群众来电来访当日回复",
    "公开服务承诺，窗口业务办理时限压缩三分之一", "每季度为支部党员讲一次专题党课",
    "带头开展“我为群众办实事”，全年办成 5 件实事", "落实党员联系服务群众制度，年内走访联系户全覆盖",
    "带头践行“马上就办”，重点事项办结率 100%", "每月带领党员参加一次社区志愿服务",
]
PROJECTS = [
    "优化营商环境“一件事一次办”改革", "机关作风建设提升项目", "数字化政务服务平台建设",
    "重点项目建设“党旗红”攻坚行动", "安全生产专项整治三年行动", "基层减负“一张表”数据共享",
    "乡村振兴结对帮扶项目", "城市更新片区党建共建", "“清廉机关”示范点创建", "招商引资项目全程代办服务",
]
CONTACT_WORK = [
    "每季度参加一次组织生活会，指导规范“三会一课”", "联系指导支部换届选举和党员发展工作",
    "帮助理顺支部与业务科室的工作衔接", "参与支部主题党日，讲授专题党课",
    "指导支部开展党建品牌创建", "帮助解决支部党员教育管理中的具体困难",
]
NOTES = {
    Status.IN_PROGRESS: ["已制定工作方案，明确责任分工", "召开专题推进会，细化时间节点", "完成阶段性任务，正在推进",
                         "已走访联系对象，收集意见建议", "与相关科室对接，推进顺利"],
    Status.DONE: ["已按期完成，党员群众反映良好", "各项任务完成，已形成工作总结", "目标全部实现，转入常态化"],
    Status.SHELVED: ["因机构职能调整暂缓推进", "项目调整至明年实施"],
}
# (status, weight): most items under way or done by late in the year, a few shelved
MIX = [(Status.DONE, 34), (Status.IN_PROGRESS, 48), (Status.NOT_STARTED, 14), (Status.SHELVED, 4)]


def items_for(scale: str) -> int:
    """Items per city: 452 at the seed's 1,035 branches, in proportion for smaller scales."""
    return round(ITEMS_PER_CITY * SCALES[scale].branches / BRANCHES_PER_CITY)


def _pick(rng, weighted):
    total = sum(w for _v, w in weighted)
    x = rng.uniform(0, total)
    for value, w in weighted:
        x -= w
        if x <= 0:
            return value
    return weighted[-1][0]


def _lists(rng, city_branches, n_items, first=None):
    """[(branch, contact branch or None, kinds)] holding ``n_items`` items, full lists of three
    and one shorter list for the remainder; the ``first`` branch (the demo secretary's) first."""
    by_unit = {}
    for b in city_branches:
        by_unit.setdefault(b["unit_id"], []).append(b)
    eligible = [b for b in city_branches if len(by_unit[b["unit_id"]]) > 1]   # a contact branch to name
    n_lists = -(-n_items // 3)
    if not n_lists:
        return []
    chosen = sorted(rng.sample(eligible, min(n_lists, len(eligible))), key=lambda b: b["id"])
    if first is not None and first in eligible:
        chosen = [first] + [b for b in chosen if b is not first][: n_lists - 1]
    out, left = [], n_items
    for b in chosen:
        kinds = [Kind.PLEDGE, Kind.PROJECT, Kind.CONTACT][:min(3, left)]
        contact = rng.choice([o for o in by_unit[b["unit_id"]] if o is not b]) if Kind.CONTACT in kinds else None
        out.append((b, contact, kinds))
        left -= len(kinds)
    return out


def _item(rng, b, kind, contact, owner_id, today):
    year = today.year
    status = _pick(rng, MIX)
    if kind == Kind.PLEDGE:
        text, due = rng.choice(PLEDGES), date(year, 12, 31)
    elif kind == Kind.PROJECT:
        text = rng.choice(PROJECTS)
        due = date(year, rng.choice([6, 9, 10, 11, 12]), 1) + timedelta(days=rng.randint(0, 27))
    else:
        text, due = rng.choice(CONTACT_WORK), date(year, 12, rng.choice([10, 20, 31]))
    if status == Status.DONE:
        latest = min(due, today)
        completed = min(max(latest - timedelta(days=rng.randint(0, 120)), date(year, 3, 1)), latest)
    else:
        completed = None
    # most open items past their date were moved on (a few stay overdue); some fall due soon
    if status in (Status.NOT_STARTED, Status.IN_PROGRESS) and due < today and (
            status == Status.NOT_STARTED or rng.random() < 0.75):
        due = min(date(year, 12, 31), today + timedelta(days=rng.randint(3, 35)))
    return Commitment(org_id=b["id"], year=year, kind=kind, owner_id=owner_id, text=text, status=status, due_on=due,
                      completed_on=completed, contact_branch_id=contact["id"] if contact else None)


def _notes(rng, item, today):
    """0–3 short notes telling the item's way to its status, dated in order."""
    if item.status == Status.NOT_STARTED:
        return []
    steps = [Status.IN_PROGRESS] * rng.randint(0 if item.status != Status.IN_PROGRESS else 1, 2)
    if item.status != Status.IN_PROGRESS:
        steps.append(item.status)
    end = item.completed_on or today
    start = date(item.year, 2, 1)
    span = max((end - start).days, len(steps))
    days = sorted(rng.sample(range(span), len(steps)))
    tz = timezone.get_current_timezone()
    return [ProgressNote(commitment=item, text=rng.choice(NOTES[s]), status_after=s,
                         created_at=timezone.make_aware(datetime.combine(start + timedelta(days=d), time(9, 30)), tz))
            for s, d in zip(steps, days)]


def seed_commitments(*, rng, today: date, scale: str, first_branch_id=None) -> dict:
    """The lists of every city; returns counts for the seed's log."""
    branches = list(PartyOrg.objects.filter(type__in=BRANCH_TYPES, dissolved=False).order_by("id")
                    .values("id", "unit_id", "unit__sort"))
    secretaries = dict(Member.objects.order_by().values_list("branch_id").annotate(first=Min("id")))
    branches = [b for b in branches if b["id"] in secretaries]
    per_city = SCALES[scale].units
    cities = {}
    for b in branches:
        cities.setdefault((b["unit__sort"] - 1) // per_city, []).append(b)
    items = []
    for _city, city_branches in sorted(cities.items()):
        first = next((b for b in city_branches if b["id"] == first_branch_id), None)
        for b, contact, kinds in _lists(rng, city_branches, items_for(scale), first):
            items += [_item(rng, b, k, contact if k == Kind.CONTACT else None, secretaries[b["id"]], today)
                      for k in kinds]
    Commitment.objects.bulk_create(items, batch_size=2000)
    notes = [n for item in items for n in _notes(rng, item, today)]
    ProgressNote.objects.bulk_create(notes, batch_size=2000)
    return {"清单事项": len(items), "进展": len(notes)}
