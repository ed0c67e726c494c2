"""Demo brands: one unit one feature, one branch one brand, with a few honours (among them the
seed's 首届全国机关党建优秀品牌) and the 28 selected brand cases. Bulk, deterministic, no audit
entry per row (like the rest of the demo seed)."""
from datetime import date

from dangjian.brands.models import Brand, BrandCase, Honour, HonourLevel
from dangjian.orgs.models import PartyOrg, Unit

CASES = 28                 # 遴选28个机关党建品牌案例 (the seed article)
UNIT_SHARE = 0.7           # units with a brand of their own
BRANCH_SHARE = 0.3         # branches with a brand of their own

# The seed's own examples first, then brand names made of a word and a motto.
FIVE_COLOURS = ("五彩", "党旗红、志愿橙、智慧金、活力绿、廉洁蓝", "“一线串珠、五位一体”的工作格局")
WORDS = ["红帆", "先锋", "初心", "清风", "匠心", "连心", "领航", "铸魂", "聚力", "暖心", "同心", "砺剑",
         "薪火", "星火", "磐石", "红韵", "智汇", "润心", "守正", "笃行"]
MOTTOS = ["服务发展", "为民解忧", "廉洁奉公", "实干争先", "创新驱动", "守护平安", "融合共建", "示范引领"]
ELEMENTS = "标识以党徽红为主色，融入单位职能元素，寓意党建引领、业务融合。"
HISTORY = "{year} 年提出，经支部党员大会讨论确定，此后逐年完善。"
CASE_TEXT = ("聚焦中心工作，以“{name}”品牌为载体，把党建工作融入业务全过程：一是明确目标任务，"
             "二是建立工作机制，三是推动成果转化。形成可复制、可推广的经验。")
HONOURS = [
    ("首届全国机关党建优秀品牌", "中央和国家机关工委", HonourLevel.NATIONAL),
    ("省直机关党建优秀品牌", "省委直属机关工委", HonourLevel.PROVINCIAL),
    ("全省机关党建优秀案例", "省委直属机关工委", HonourLevel.PROVINCIAL),
    ("市直机关党建示范品牌", "市委直属机关工委", HonourLevel.CITY),
]


def brands_reset():
    Brand.objects.all().delete()


def seed_brands(*, rng, today: date) -> dict:
    brands_reset()
    units = list(Unit.objects.order_by("sort", "id"))
    branches = list(PartyOrg.objects.branches().active().order_by("id").only("id", "name", "unit_id"))
    rows = []
    for unit in units:
        if "财政局" in unit.name and not any(r.name == FIVE_COLOURS[0] for r in rows):
            rows.append(Brand(unit=unit, name=FIVE_COLOURS[0], meaning=FIVE_COLOURS[1], elements=ELEMENTS,
                              history=FIVE_COLOURS[2]))
        elif rng.random() < UNIT_SHARE:
            rows.append(_brand(rng, today, unit=unit))
    rows += [_brand(rng, today, org=b) for b in branches if rng.random() < BRANCH_SHARE]
    Brand.objects.bulk_create(rows, batch_size=2000)
    honours = _honours(rng, today, rows)
    cases = _cases(rng, today, rows)
    return {"brands": len(rows), "honours": honours, "brand_cases": cases}


def _brand(rng, today, **owner):
    word, motto = rng.choice(WORDS), rng.choice(MOTTOS)
    return Brand(name=f"“{word}”党建品牌", meaning=f"以“{word}”为名，{motto}。", elements=ELEMENTS,
                 history=HISTORY.format(year=rng.randint(today.year - 8, today.year - 1)), **owner)


def _honours(rng, today, rows) -> int:
    """The five-colours brand holds the national honour; a few others provincial and city ones."""
    awarded = min(date(today.year, 1, 15), today)
    out = []
    national = next((b for b in rows if b.name == FIVE_COLOURS[0]), rows[0] if rows else None)
    if national is not None:
        title, body, level = HONOURS[0]
        out.append(Honour(brand=national, title=title, awarded_by=body, level=level, awarded_on=awarded))
    others = [b for b in rows if b is not national]
    for brand in rng.sample(others, min(len(others), 14)):
        title, body, level = rng.choice(HONOURS[1:])
        out.append(Honour(brand=brand, title=title, awarded_by=body, level=level,
                          awarded_on=date(rng.randint(today.year - 3, today.year - 1), rng.randint(1, 12), 10)))
    Honour.objects.bulk_create(out)
    return len(out)


def _cases(rng, today, rows) -> int:
    chosen = rng.sample(rows, min(len(rows), CASES))
    cases = [BrandCase(brand=b, title=f"{b.name}：党建与业务深度融合的实践", year=today.year - (i % 2),
                       text=CASE_TEXT.format(name=b.name.strip("“”党建品牌") or b.name))
             for i, b in enumerate(chosen)]
    BrandCase.objects.bulk_create(cases)
    return len(cases)
