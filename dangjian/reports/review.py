"""The annual review (年度工作综述), written from the platform's numbers only.

``annual_review_context`` builds the context ``lib/documents/skeletons.py`` documents for
``annual_review.docx``: every number comes from a selector (chiefly ``figures.annual``, the
numbers of /figures/annual/) and names its source. ``user`` is who the review is for; their
gatekeeper reach is its scope (the command passes a stand-in, see ``scope.py``).
"""
from datetime import date

from django.utils.translation import gettext as _

from dangjian.brands.selectors import visible_brands
from dangjian.commitments import selectors as commitments
from dangjian.commitments.models import Status as CommitmentStatus
from dangjian.figures.annual import annual_numbers
from dangjian.lib.documents import charts, templates
from dangjian.rectification import selectors as rectification
from dangjian.rectification.models import Status as ProblemStatus
from dangjian.selections import selectors as selections
from dangjian.selections.models import SelectionKind

PAGE = "/figures/annual/"
# Registry counts are today's whatever the year (see figures.annual): no previous year for them.
TODAYS = frozenset({"units", "branches", "members", "members_full"})


def _change(value, previous):
    if previous is None:
        return "—"
    diff = value - previous
    return f"+{diff}" if diff > 0 else str(diff)


def _numbers(user, year, today):
    """{year: {key: Figure}} for year, year-1 and year-3 (三年来)."""
    return {y: {f.key: f for f in annual_numbers(user, y, today=today)} for y in (year, year - 1, year - 3)}


def annual_review_context(user, year: int, scope_name: str, *, citywide: bool, today: date | None = None) -> dict:
    """The template context. ``citywide``: the whole-registry counts (selections, 三个一,
    rectification) are added only when the scope is the city, since they are not scoped."""
    today = today or date.today()
    by_year = _numbers(user, year, today)
    now, last, back = by_year[year], by_year[year - 1], by_year[year - 3]
    sources, headline = [], []

    def cite(label, origin):
        sources.append({"ref": f"[{len(sources) + 1}]", "label": label, "origin": origin})
        return sources[-1]["ref"]

    for key, figure in now.items():
        previous = last[key].value if key in last and key not in TODAYS else None
        ref = cite(figure.label, f"{figure.source}（{PAGE}?year={year}）")
        headline.append({"key": key, "label": figure.label, "value": figure.value,
                         "previous": "—" if previous is None else previous,
                         "change": _change(figure.value, previous), "source": ref})
    extra = []      # (label, value, origin) of the other selectors' numbers
    extra.append((_("品牌"), visible_brands(user).count(), _("党建品牌名录（brands.selectors.visible_brands），截至%(d)s") % {"d": today}))
    if citywide:
        kinds = dict(SelectionKind.objects.values_list("code", "name"))
        for code, n in sorted(selections.winners_by_kind().items()):
            extra.append((_("评选获评：%(k)s") % {"k": kinds.get(code, code)}, n,
                          _("已结束评选中的获评对象（selections.selectors.winners_by_kind）")))
        for status, n in commitments.status_counts().items():
            extra.append((_("三个一事项：%(s)s") % {"s": CommitmentStatus(status).label}, n,
                          _("三个一事项按状态（commitments.selectors.status_counts）")))
        for status, n in rectification.status_counts().items():
            extra.append((_("整改问题：%(s)s") % {"s": ProblemStatus(status).label}, n,
                          _("整改问题按状态（rectification.selectors.status_counts）")))
    for label, value, origin in extra:
        headline.append({"key": label, "label": label, "value": value, "previous": "—", "change": "—",
                         "source": cite(label, origin)})

    filled = len(headline) + sum(1 for row in headline if row["previous"] != "—")
    comparison = [_("与%(p)d年相比，%(y)d年组织生活记录%(a)d条（上年%(b)d条，变化%(c)s）。") % {
        "p": year - 1, "y": year, "a": now["records"].value, "b": last["records"].value,
        "c": _change(now["records"].value, last["records"].value)}]
    if back["records"].value:
        comparison.append(_("三年来（%(p)d年以来），组织生活记录由%(b)d条变为%(a)d条。") % {
            "p": year - 3, "b": back["records"].value, "a": now["records"].value})
    kinds = [k for k in now if k.startswith("records.")]
    chart = charts.bar_chart(_("%(y)d年组织生活记录（按类型）") % {"y": year},
                             [now[k].label for k in kinds], [now[k].value for k in kinds], unit=_("条"))
    sections = {code: {"paragraphs": [], "charts": []} for code in
                ("political_study", "organization", "clean_organ", "brands", "assessment", "burden")}
    sections["political_study"]["paragraphs"].append(_("全年列席旁听中心组学习%(a)d次，举办培训班%(b)d期。") % {
        "a": now["sit_ins"].value, "b": now["courses"].value})
    sections["organization"]["paragraphs"].append(_("现有党支部%(a)d个、党员%(b)d名；全年组织生活记录%(c)d条。") % {
        "a": now["branches"].value, "b": now["members"].value, "c": now["records"].value})
    sections["organization"]["charts"].append({"image": templates.TemplateImage(charts.png(chart)),
                                               "caption": _("%(y)d年组织生活记录按类型") % {"y": year}})
    sections["brands"]["paragraphs"].append(_("党建品牌%(n)d个。") % {"n": extra[0][1]})
    sections["burden"]["paragraphs"].append(_(
        "本综述中的%(n)d个数字均由平台根据日常登记的记录自动计算，未另行要求各单位填表报送。"
        "数字的来源见文末；平台没有记录的工作不在此列。") % {"n": filled})
    return {
        "title": _("%(y)d年%(s)s党建工作综述") % {"y": year, "s": scope_name},
        "scope_name": scope_name, "year": year, "issuer": _("市直机关工委"), "date": today.isoformat(),
        "intro": [_("本综述由平台根据%(y)d年的记录生成，数字均可在平台上查到来源。") % {"y": year}],
        "headline": headline, "comparison": comparison, "sections": sections, "sources": sources,
        "filled": filled,
    }


def annual_review_docx(user, year: int, scope_name: str, *, citywide: bool, today: date | None = None) -> bytes:
    context = annual_review_context(user, year, scope_name, citywide=citywide, today=today)
    return templates.render("annual_review.docx", context)
