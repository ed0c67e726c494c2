"""The annual numbers (年度主要数据): the headline counts of a year over the user's reach.

``annual_numbers`` is the one selector: the page, its workbook and a report built on it read
the same figures. Each figure names its source (which records, counted how), so a document
written from them can list where every number came from. Seven queries whatever the size.
"""
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.orgs.models import BRANCH_TYPES
from dangjian.records.models import ActivityKind
from dangjian.study.models import Course, SitInStatus
from dangjian.study.selectors import visible_sit_ins


@dataclass(frozen=True)
class Figure:
    key: str            # stable, for a report's template: "units", "records.theme_day", …
    group: str          # 组织体系 / 组织生活 / 理论学习
    label: str
    value: int
    source: str         # where the number comes from, in words


def annual_numbers(user, year: int, today: date | None = None) -> list[Figure]:
    """The figures of ``year`` for what ``user`` sees. The registry counts (units, branches,
    members) are today's; the records, sit-ins and courses are those dated in the year."""
    today = today or date.today()
    start, end = date(year, 1, 1), date(year, 12, 31)
    org = _("组织体系")
    units = gk.visible_units(user).count()
    branches = gk.visible_orgs(user).active().filter(type__in=BRANCH_TYPES).count()
    members = gk.visible_members(user).current().aggregate(
        total=Count("id"), full=Count("id", filter=Q(status="full")))
    figures = [
        Figure("units", org, _("市直单位"), units, _("单位名册，截至%(d)s") % {"d": today.isoformat()}),
        Figure("branches", org, _("党支部（含联合、临时党支部）"), branches,
               _("党组织名册中未撤销的支部，截至%(d)s") % {"d": today.isoformat()}),
        Figure("members", org, _("党员"), members["total"], _("党员名册中的在册党员，截至%(d)s") % {"d": today.isoformat()}),
        Figure("members_full", org, _("其中正式党员"), members["full"], _("党员名册，截至%(d)s") % {"d": today.isoformat()}),
    ]
    life = _("组织生活")
    counts = dict(gk.visible_activities(user).filter(held_on__gte=start, held_on__lte=end)
                  .order_by().values_list("kind_id").annotate(n=Count("id")))
    kinds = list(ActivityKind.objects.filter(Q(active=True) | Q(pk__in=list(counts))).order_by("sort", "id"))
    figures.append(Figure("records", life, _("组织生活记录（合计）"), sum(counts.values()),
                          _("支部日常登记的组织生活记录，%(y)d 年内举行") % {"y": year}))
    figures += [Figure(f"records.{k.code}", life, k.name, counts.get(k.pk, 0),
                       _("组织生活记录中类型为“%(k)s”的，%(y)d 年内举行") % {"k": k.name, "y": year}) for k in kinds]
    study = _("理论学习")
    sit_ins = visible_sit_ins(user).filter(plan__year=year).aggregate(
        done=Count("id", filter=Q(status=SitInStatus.DONE)), units=Count("unit", distinct=True,
                                                                         filter=Q(status=SitInStatus.DONE)))
    courses = Course.objects.filter(starts_on__gte=start, starts_on__lte=end).aggregate(
        n=Count("id"), seats=Sum("capacity"))
    enrolled = Course.objects.filter(starts_on__gte=start, starts_on__lte=end).aggregate(
        n=Count("enrolments", filter=Q(enrolments__member__in=gk.visible_members(user).values("id"))))
    figures += [
        Figure("sit_ins", study, _("列席旁听中心组学习（次）"), sit_ins["done"],
               _("%(y)d 年列席旁听计划中已完成的") % {"y": year}),
        Figure("sit_in_units", study, _("已列席旁听的单位"), sit_ins["units"],
               _("%(y)d 年列席旁听计划中已完成的，按单位计") % {"y": year}),
        Figure("courses", study, _("培训班"), courses["n"], _("%(y)d 年内开班的培训班") % {"y": year}),
        Figure("course_seats", study, _("培训班名额"), courses["seats"] or 0, _("上述培训班的名额合计")),
        Figure("course_enrolments", study, _("培训班报名"), enrolled["n"], _("上述培训班中可见党员的报名")),
    ]
    return figures
