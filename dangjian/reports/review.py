"""The annual review (年度工作综述), written from the platform's numbers only.

``annual_review_context`` builds the context ``lib/documents/skeletons.py`` documents for
``annual_review.docx``: every number comes from a selector (``numbers.Numbers``: the numbers of
/figures/annual/, the picture, the division tables, selections, three-ones lists,
rectification and brands) and names its source. ``user`` is who the review is for: a
gatekeeper stand-in whose reach is the scope (``scope.resolve`` for a page's user,
``scope.scope_user`` for the command), so a zone's review counts its zone only.
"""
from datetime import date

from django.utils.translation import gettext as _

from dangjian.assessment.rules import GRADE_LABELS, GRADE_ORDER
from dangjian.figures.annual import month_chart
from dangjian.lib import pagecharts
from dangjian.lib.documents import templates

from . import sections
from .numbers import Numbers

SECTION_CODES = ("political_study", "organization", "clean_organ", "brands", "assessment", "burden")
# the 主要数据 table: the review's headline numbers (each also in its section's table)
HEADLINE = ("units", "branches", "members", "records", "rules", "commitments", "sit_ins", "courses", "bookings",
            "rectification.raised", "rectification.verified", "brands")


def _image(chart):
    return {"image": templates.TemplateImage(pagecharts.png(chart)), "caption": chart.title}


def _kind_chart(numbers, year):
    kinds = numbers.starting("records.")
    return pagecharts.Chart("bar", _("%(y)d年组织生活记录（按类型）") % {"y": year}, _("类型"),
                            tuple(k.figure.label for k in kinds), ((_("记录"), tuple(k.value for k in kinds)),),
                            unit=_("条"))


def _grade_chart(numbers, year):
    """The daily assessment's grades by division, stacked (counts of units, never of people)."""
    totals = [x for x in numbers.starting("grades.") if x.key.count(".") == 1]
    if not totals:
        return None
    labels = tuple(t.figure.label.split("：", 1)[0] for t in totals)
    series = tuple((GRADE_LABELS[g], tuple(numbers.value(f"{t.key}.{g}") for t in totals)) for g in GRADE_ORDER)
    return pagecharts.Chart("stacked", _("%(y)d年日常考核等次（按赛区）") % {"y": year}, _("赛区"), labels, series,
                            unit=_("个"))


def annual_review_context(user, year: int, scope_name: str, *, today: date | None = None, progress=None) -> dict:
    today = today or date.today()
    numbers = Numbers(user, year, today)
    if progress:
        progress(60, _("正在绘制图表"))
    text = {"political_study": sections.political_study, "organization": sections.organization,
            "clean_organ": sections.clean_organ, "brands": sections.brands, "assessment": sections.assessment}
    parts = {code: {"paragraphs": make(numbers, year), "rows": [n.row() for n in numbers.of_section(code)],
                    "charts": []} for code, make in text.items()}
    parts["organization"]["charts"] = [_image(month_chart(user, year)), _image(_kind_chart(numbers, year))]
    grades = _grade_chart(numbers, year)
    if grades is not None:
        parts["assessment"]["charts"].append(_image(grades))
    printed = numbers.printed()
    parts["burden"] = {"paragraphs": sections.burden(numbers, year, printed, len(numbers.sources)), "rows": [],
                       "charts": []}
    headline = [numbers.get(key).row() for key in HEADLINE if numbers.get(key) is not None]
    comparison = []
    if numbers.compared:
        comparison.append(_("与%(p)d年相比的数字见各表“上年”“变化”两栏；登记在册的单位、支部、党员是截至今日的数，"
                            "不作逐年比较。") % {"p": year - 1})
    else:
        comparison.append(_("平台上没有%(p)d年的记录，本综述不作与上年的比较。") % {"p": year - 1})
    if numbers.three_years:
        comparison.append(_("“三年来”一栏是%(a)d—%(b)d年三年的合计。") % {"a": year - 2, "b": year})
    return {
        "title": _("%(y)d年%(s)s党建工作综述") % {"y": year, "s": scope_name},
        "scope_name": scope_name, "year": year, "issuer": _("市直机关工委"), "date": today.isoformat(),
        "intro": [_("本综述由平台根据%(y)d年的记录生成，数字均可在平台上查到来源。") % {"y": year}],
        "headline": headline, "comparison": comparison, "sections": parts, "sources": numbers.sources,
        "filled": printed, "numbers": numbers,
    }


def annual_review_docx(user, year: int, scope_name: str, *, today: date | None = None, progress=None) -> bytes:
    context = annual_review_context(user, year, scope_name, today=today, progress=progress)
    return templates.render("annual_review.docx", context)
