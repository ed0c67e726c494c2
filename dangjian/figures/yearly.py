"""The other figures of a year, for the annual review: each from the selector of the app that
owns the data, over the user's reach (a zone's stand-in counts its zone), each naming its
source and the page that shows the same number.

- ``yearly_figures``: selection winners by kind, three-ones items by status, rectification
  (when the user may count problems), brands, honours and cases;
- ``compliance_figures``: the share of party orgs that kept each rule in every period of the
  year, and of the (org, period) pairs over all rules (records.selectors.committee_picture);
- ``grade_figures``: the grades by division of the year's published daily scheme or
  clean-organ evaluation (assessment.selectors.ranked_tables, the 赛区排名 page's rows).
Read-only use of those selectors: nothing here changes what their pages show.
"""
from collections import Counter
from datetime import date

from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.assessment import selectors as assessment
from dangjian.assessment.models import Scheme
from dangjian.assessment.models_results import TypicalExperience
from dangjian.assessment.rules import GRADE_LABELS, GRADE_ORDER
from dangjian.brands import selectors as brands
from dangjian.commitments import selectors as commitments
from dangjian.commitments.models import Status as CommitmentStatus
from dangjian.records.selectors import committee_picture
from dangjian.rectification import selectors as rectification
from dangjian.selections import selectors as selections
from dangjian.selections.models import SelectionKind

from .annual import Figure


def _percent(met, due):
    """The whole percent the pages print (records_tags.share), None when nothing was due."""
    return None if not due else round(100 * met / due)


def yearly_figures(user, year: int) -> list[Figure]:
    """Selections, three-ones lists, rectification and brands of ``year`` (about ten queries)."""
    out = []
    group = _("品牌和评选")
    winners = selections.year_winners_by_kind(user, year)
    for code, name in SelectionKind.objects.order_by("sort", "id").values_list("code", "name"):
        out.append(Figure(f"winners.{code}", group, _("评选获评：%(k)s") % {"k": name}, winners.get(code, 0),
                          _("%(y)d 年度已结束的“%(k)s”评选中，本范围单位推荐的获评对象") % {"y": year, "k": name},
                          page="/selections/"))
    counts = brands.year_counts(user, year)
    out += [
        Figure("brands", group, _("党建品牌"), counts["brands"], _("党建品牌名录中的品牌，截至今日"), "stock",
               page="/brands/"),
        Figure("brand_honours", group, _("品牌获得荣誉"), counts["honours"],
               _("品牌名录中 %(y)d 年内授予的荣誉") % {"y": year}, page="/brands/"),
        Figure("brand_cases", group, _("品牌案例"), counts["cases"], _("%(y)d 年度的品牌案例") % {"y": year},
               page="/brands/"),
    ]
    group = _("组织建设")
    by_status = commitments.year_status_counts(user, year)
    out.append(Figure("commitments", group, _("三个一清单事项"), sum(by_status.values()),
                      _("%(y)d 年三个一清单中的事项") % {"y": year}, page="/commitments/overview/"))
    out += [Figure(f"commitments.{status}", group, _("三个一事项：%(s)s") % {"s": CommitmentStatus(status).label}, n,
                   _("%(y)d 年三个一清单中状态为“%(s)s”的事项") % {"y": year, "s": CommitmentStatus(status).label},
                   page="/commitments/overview/")
            for status, n in by_status.items()]
    problems = rectification.year_counts(user, year)
    if problems is not None:
        group = _("清廉机关")
        out += [
            Figure("rectification.raised", group, _("提出整改问题"), problems["raised"],
                   _("%(y)d 年内提出的整改问题（考核扣分、巡察、审计、自查）") % {"y": year}, page="/rectifications/overview/"),
            Figure("rectification.verified", group, _("验收销号的整改问题"), problems["verified"],
                   _("%(y)d 年内验收销号的整改问题（按问题计）") % {"y": year}, page="/rectifications/overview/"),
            Figure("rectification.raised_verified", group, _("其中本年提出、已销号"), problems["raised_verified"],
                   _("%(y)d 年内提出的问题中，至今已验收销号的") % {"y": year}, "level",
                   page="/rectifications/overview/"),
        ]
    return out


def compliance_figures(user, year: int, today: date | None = None) -> list[Figure]:
    """Each rule's share of orgs that kept it in every period of ``year`` ended by ``today``,
    and the share of (org, period) pairs over all rules: the picture page's 全市 table."""
    picture = committee_picture(user, year, today)
    group, page = _("组织建设"), f"/records/picture/?year={year}"
    met = due = 0
    out = []
    for result in picture["results"]:
        pairs = picture["periods"][result.rule.id]
        met, due = met + pairs[0], due + pairs[1]
        name = f"{result.rule.kind.name}（{result.rule.get_period_display()}）"
        out.append(Figure(f"rule.{result.rule.id}", group, _("按期开展：%(r)s") % {"r": name},
                          _percent(result.met, result.applicable),
                          _("落实情况中每期均开展“%(r)s”的党组织占比，%(y)d 年已结束的周期") % {"r": name, "y": year},
                          "level", "%", page))
    out.insert(0, Figure("rules", group, _("组织生活按期开展率（全部规定）"), _percent(met, due),
                         _("落实情况中全部规定的已开展周期占应开展周期之比，%(y)d 年") % {"y": year}, "level", "%", page))
    return out


def year_scheme(year: int, kind=Scheme.Kind.DAILY):
    """The published scheme of ``kind`` for ``year`` (its latest version), or None."""
    return assessment.published_schemes().filter(kind=kind, year=year).order_by("-version").first()


def grade_figures(user, year: int, kind=Scheme.Kind.DAILY) -> list[Figure]:
    """The grades of the bodies in reach by division (赛区) under the year's scheme of ``kind``,
    counted from the rows of the 赛区排名 page; none without such a scheme or the right."""
    scheme = year_scheme(year, kind)
    if scheme is None or not gk.can(user, gk.VIEW_ASSESSMENT):
        return []
    clean = kind == Scheme.Kind.CLEAN_ORGAN
    group, prefix = (_("清廉机关"), "clean") if clean else (_("日常考核"), "grades")
    page = f"/assessment/tables/?scheme={scheme.pk}"
    out = []
    for division, rows in assessment.ranked_tables(user, scheme):
        name = division.name if division is not None else _("未分赛区")
        grades = Counter(row.grade for row in rows)
        ident = name.replace(".", "·")      # by name: the same division of last year's scheme compares
        out.append(Figure(f"{prefix}.{ident}", group, _("%(d)s：参加考核") % {"d": name}, len(rows),
                          _("%(s)s“%(d)s”赛区排名中的单位") % {"s": scheme.title, "d": name}, "level", page=page))
        out += [Figure(f"{prefix}.{ident}.{grade}", group, _("%(d)s：%(g)s") % {"d": name, "g": GRADE_LABELS[grade]},
                       grades.get(grade, 0),
                       _("%(s)s“%(d)s”赛区评为“%(g)s”的单位") % {"s": scheme.title, "d": name, "g": GRADE_LABELS[grade]},
                       "level", page=page)
                for grade in GRADE_ORDER]
    if clean:
        bodies = gk.visible_bodies(user, gk.VIEW_ASSESSMENT)
        out.append(Figure("clean.typical", group, _("推荐典型经验"),
                          TypicalExperience.objects.filter(scheme=scheme, body__in=bodies.values("id")).count(),
                          _("%(s)s中推荐的典型经验") % {"s": scheme.title}, "level", page=page))
    return out
