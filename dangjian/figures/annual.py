"""The annual numbers (年度主要数据): the headline counts of a year over the user's reach.

``annual_numbers`` is the one selector: the page, its workbook and a report built on it read
the same figures. Each figure names its source (which records, counted how), so a document
written from them can list where every number came from. Nine queries whatever the size; the
records' counts come from ``records.selectors.year_counts`` (cached until a record changes).
``records_by_month`` is the year's records month by month (the review's and the page's chart).
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.orgs.models import BRANCH_TYPES
from dangjian.records.models import ActivityKind
from dangjian.records.selectors import year_counts
from dangjian.study.models import Course, SitInStatus
from dangjian.study.models.bases import HOLDING
from dangjian.study.selectors import visible_bookings, visible_enrolments, visible_sit_ins


@dataclass(frozen=True)
class Figure:
    key: str            # stable, for a report's template: "units", "records.theme_day", …
    group: str          # 组织体系 / 组织生活 / 理论学习
    label: str
    value: int
    source: str         # where the number comes from, in words
    kind: str = "flow"  # "flow": a count of the year (three years add up); "stock": today's
    #                     count, whatever the year; "level": a share or a distinct count
    unit: str = ""      # printed after the value ("%")
    page: str = ""      # the page that shows the same number ("" for /figures/annual/)


def annual_numbers(user, year: int, today: date | None = None) -> list[Figure]:
    """The figures of ``year`` for what ``user`` sees. The registry counts (units, branches,
    members) are today's; the records, sit-ins and courses are those dated in the year."""
    today = today or date.today()
    start, end = date(year, 1, 1), date(year, 12, 31)
    org = _("组织体系")
    units = gk.visible_units(user).count()
    branches = gk.visible_orgs(user).active().filter(type__in=BRANCH_TYPES).count()
    # current members from the orgs' stored counts (orgs.counts), not a COUNT of 500,000 rows
    members = gk.visible_orgs(user).aggregate(total=Coalesce(Sum("members_current"), 0),
                                              full=Coalesce(Sum("members_full"), 0))
    figures = [
        Figure("units", org, _("市直单位"), units, _("单位名册，截至%(d)s") % {"d": today.isoformat()}, "stock"),
        Figure("branches", org, _("党支部（含联合、临时党支部）"), branches,
               _("党组织名册中未撤销的支部，截至%(d)s") % {"d": today.isoformat()}, "stock"),
        Figure("members", org, _("党员"), members["total"], _("党员名册中的在册党员，截至%(d)s") % {"d": today.isoformat()}, "stock"),
        Figure("members_full", org, _("其中正式党员"), members["full"], _("党员名册，截至%(d)s") % {"d": today.isoformat()}, "stock"),
    ]
    life = _("组织生活")
    counts = _summed(user, year, by=0)       # {kind id: records}
    kinds = list(ActivityKind.objects.filter(Q(active=True) | Q(pk__in=list(counts))).order_by("sort", "id"))
    figures.append(Figure("records", life, _("组织生活记录（合计）"), sum(counts.values()),
                          _("支部日常登记的组织生活记录，%(y)d 年内举行") % {"y": year}))
    figures += [Figure(f"records.{k.code}", life, k.name, counts.get(k.pk, 0),
                       _("组织生活记录中类型为“%(k)s”的，%(y)d 年内举行") % {"k": k.name, "y": year}) for k in kinds]
    study = _("理论学习")
    sit_ins = visible_sit_ins(user).filter(plan__year=year).aggregate(
        done=Count("id", filter=Q(status=SitInStatus.DONE)), units=Count("unit", distinct=True,
                                                                         filter=Q(status=SitInStatus.DONE)))
    bookings = visible_bookings(user).filter(date__gte=start, date__lte=end, status__in=HOLDING).aggregate(
        n=Count("id"), people=Sum("headcount"))
    courses = Course.objects.filter(starts_on__gte=start, starts_on__lte=end).aggregate(
        n=Count("id"), seats=Sum("capacity"))
    # from the enrolments in reach (no filter at all for the city): not a member subquery per course
    enrolled = {"n": visible_enrolments(user).filter(course__starts_on__gte=start, course__starts_on__lte=end).count()}
    figures += [
        Figure("sit_ins", study, _("列席旁听中心组学习（次）"), sit_ins["done"],
               _("%(y)d 年列席旁听计划中已完成的") % {"y": year}),
        Figure("sit_in_units", study, _("已列席旁听的单位"), sit_ins["units"],
               _("%(y)d 年列席旁听计划中已完成的，按单位计") % {"y": year}, "level"),
        Figure("courses", study, _("培训班"), courses["n"], _("%(y)d 年内开班的培训班") % {"y": year}),
        Figure("course_seats", study, _("培训班名额"), courses["seats"] or 0, _("上述培训班的名额合计")),
        Figure("course_enrolments", study, _("培训班报名"), enrolled["n"], _("上述培训班中可见党员的报名")),
        Figure("bookings", study, _("教育基地预约（场次）"), bookings["n"],
               _("%(y)d 年内的教育基地预约，已取消的不计") % {"y": year}),
        Figure("booking_people", study, _("教育基地预约人数"), bookings["people"] or 0, _("上述预约的人数合计")),
    ]
    return figures


def _summed(user, year: int, *, by: int) -> Counter:
    """The year's records counted by kind (``by=0``) or by month (``by=1``), from the one cached
    grouped scan ``year_counts``."""
    counts = Counter()
    for key, n in year_counts(user, year).items():
        counts[key[by]] += n
    return counts


def records_by_month(user, year: int) -> tuple:
    """The records held in each month of ``year`` over the user's reach: 12 counts, None for a
    month that has not begun (a gap in a chart, never a zero). One query, or none when cached."""
    today = date.today()
    counts = _summed(user, year, by=1)       # {month: records}
    return tuple(None if date(year, m, 1) > today else counts.get(m, 0) for m in range(1, 13))


MONTHS = tuple(f"{m}月" for m in range(1, 13))


def month_chart(user, year: int):
    """The records of each month of ``year`` against the year before: the chart of the
    /figures/annual/ page and of the annual review (two queries)."""
    from dangjian.lib.pagecharts import Chart

    return Chart("line", _("组织生活记录按月（%(y)d年与%(p)d年）") % {"y": year, "p": year - 1}, _("月份"), MONTHS,
                 ((_("%(y)d年") % {"y": year}, records_by_month(user, year)),
                  (_("%(y)d年") % {"y": year - 1}, records_by_month(user, year - 1))), unit=_("条"),
                 summary=_("每月登记的组织生活记录条数，本年与上年对照"))
