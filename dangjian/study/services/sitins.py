"""Sit-ins at the units' central group study: plan, schedule, record the checklist, cover every unit."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log
from dangjian.orgs.models import Unit
from dangjian.records.models import Activity, ActivityKind, StudyWay
from dangjian.records.services import activity_create

from ..defaults import CENTRAL_GROUP_KIND
from ..models import SitIn, SitInPlan, SitInResult, SitInStatus
from ..rules import spread_dates
from ..selectors import active_checklist, committee_users, unit_top_org

DEFAULT_TOPIC = "理论学习中心组集中学习"


def _check_observers(observers):
    observers = list(observers or ())
    if observers:
        allowed = set(committee_users().filter(pk__in=[u.pk for u in observers]).values_list("pk", flat=True))
        if any(u.pk not in allowed for u in observers):
            raise ValidationError({"observers": _("列席人员须是工委工作人员")})
    return observers


@transaction.atomic
def sit_in_plan_ensure(*, user, year, request=None):
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度不正确")})
    plan, created = SitInPlan.objects.get_or_create(
        year=year, defaults={"created_by": user if getattr(user, "pk", None) else None})
    if created:
        audit_log(user=user, action="sit_in_plan.create", obj=plan, request=request,
                  changes={"year": [None, str(year)]})
    return plan


@transaction.atomic
def sit_in_create(*, user, unit, planned_on, observers=(), topic="", note="", request=None):
    observers = _check_observers(observers)
    plan = sit_in_plan_ensure(user=user, year=planned_on.year, request=request)
    sit_in = SitIn.objects.create(plan=plan, unit=unit, planned_on=planned_on, topic=topic.strip(),
                                  note=note.strip())
    sit_in.observers.set(observers)
    audit_log(user=user, action="sit_in.create", obj=sit_in, request=request,
              changes={"unit": [None, str(unit.pk)], "planned_on": [None, str(planned_on)],
                       "observers": [None, ",".join(str(u.pk) for u in observers)]})
    return sit_in


def _locked(sit_in):
    return SitIn.objects.select_for_update().select_related("plan", "unit").get(pk=sit_in.pk)


@transaction.atomic
def sit_in_update(*, user, sit_in, planned_on, observers=(), topic="", note="", request=None):
    sit_in = _locked(sit_in)
    if sit_in.status != SitInStatus.PLANNED:
        raise ValidationError(_("只有计划中的列席旁听可以修改"))
    if planned_on.year != sit_in.plan.year:
        raise ValidationError({"planned_on": _("计划日期须在 %(y)d 年内") % {"y": sit_in.plan.year}})
    observers = _check_observers(observers)
    before = {"planned_on": str(sit_in.planned_on), "topic": sit_in.topic}
    sit_in.planned_on, sit_in.topic, sit_in.note = planned_on, topic.strip(), note.strip()
    sit_in.save(update_fields=["planned_on", "topic", "note"])
    sit_in.observers.set(observers)
    audit_log(user=user, action="sit_in.update", obj=sit_in, request=request,
              changes={"planned_on": [before["planned_on"], str(planned_on)],
                       "topic": [before["topic"], sit_in.topic]})
    return sit_in


@transaction.atomic
def sit_in_cancel(*, user, sit_in, reason="", request=None):
    sit_in = _locked(sit_in)
    if sit_in.status != SitInStatus.PLANNED:
        raise ValidationError(_("只有计划中的列席旁听可以取消"))
    sit_in.status = SitInStatus.CANCELLED
    sit_in.note = (reason or sit_in.note).strip()[:500]
    sit_in.save(update_fields=["status", "note"])
    audit_log(user=user, action="sit_in.cancel", obj=sit_in, request=request,
              changes={"status": [SitInStatus.PLANNED, SitInStatus.CANCELLED]})
    return sit_in


@transaction.atomic
def sit_in_plan_fill(*, user, year, start, end, observers=(), request=None) -> int:
    """Plan a sit-in for every unit that has none planned or done in ``year``, dates spread
    evenly over the working days from ``start`` to ``end``. Returns how many were planned."""
    if start > end or start.year != year or end.year != year:
        raise ValidationError({"start": _("起止日期须在 %(y)d 年内，且开始不晚于结束") % {"y": year}})
    observers = _check_observers(observers)
    plan = sit_in_plan_ensure(user=user, year=year, request=request)
    taken = SitIn.objects.filter(plan=plan).exclude(status=SitInStatus.CANCELLED).values("unit_id")
    units = list(Unit.objects.exclude(pk__in=taken).order_by("zone__sort", "zone_id", "sort", "id"))
    dates = spread_dates(len(units), start, end)
    sit_ins = SitIn.objects.bulk_create([SitIn(plan=plan, unit=u, planned_on=d) for u, d in zip(units, dates)])
    if observers:
        Through = SitIn.observers.through
        Through.objects.bulk_create([Through(sitin_id=s.pk, user_id=o.pk) for s in sit_ins for o in observers])
    audit_log(user=user, action="sit_in_plan.fill", obj=plan, request=request,
              changes={"sit_ins": [None, str(len(sit_ins))], "start": [None, str(start)], "end": [None, str(end)]})
    return len(sit_ins)


def _clean_results(results):
    """``results``: {item_id: (met, note)}; every active checklist item must be answered."""
    items = list(active_checklist())
    by_id = {item.pk: item for item in items}
    unknown = [k for k in results if k not in by_id]
    if unknown:
        raise ValidationError({"results": _("检查项不存在或已停用")})
    missing = [item.name for item in items if item.pk not in results or results[item.pk][0] is None]
    if missing:
        raise ValidationError({"results": _("请逐项填写检查结果：%(items)s") % {"items": "、".join(missing)}})
    return [(by_id[k], bool(met), (note or "").strip()[:200]) for k, (met, note) in results.items()]


def _central_group_record(*, user, sit_in, held_on, topic, attendee_count, request):
    """The unit's central group record for that day: the one it already keeps, else a new one."""
    existing = (Activity.objects.filter(org__unit=sit_in.unit, kind__code=CENTRAL_GROUP_KIND, held_on=held_on)
                .order_by("id").first())
    if existing:
        return existing, False
    org = unit_top_org(sit_in.unit)
    if org is None:
        raise ValidationError({"create_record": _("该单位尚未登记党组织，无法生成学习记录")})
    kind = ActivityKind.objects.filter(code=CENTRAL_GROUP_KIND).first()
    if kind is None:
        raise ValidationError({"create_record": _("未找到“理论学习中心组学习”记录类型")})
    activity = activity_create(user=user, org=org, kind=kind, held_on=held_on, topic=topic or DEFAULT_TOPIC,
                               study_ways=[StudyWay.CENTRAL_GROUP], attendee_count=attendee_count,
                               source="sit_in", request=request)
    return activity, True


@transaction.atomic
def sit_in_complete(*, user, sit_in, held_on, results, topic="", note="", attendee_count=None,
                    create_record=False, request=None):
    """Record a done sit-in against the checklist. With ``create_record`` the unit's central group
    study is recorded for its top org, unless the unit already recorded it that day (then the
    sit-in is linked to that record: the fact is entered once)."""
    sit_in = _locked(sit_in)
    if sit_in.status != SitInStatus.PLANNED:
        raise ValidationError(_("该列席旁听已登记结果或已取消，不能重复登记"))
    if held_on > date.today():
        raise ValidationError({"held_on": _("列席日期晚于今天")})
    if held_on.year != sit_in.plan.year:
        raise ValidationError({"held_on": _("列席日期须在 %(y)d 年内") % {"y": sit_in.plan.year}})
    if attendee_count is not None and attendee_count < 0:
        raise ValidationError({"attendee_count": _("人数不能为负数")})
    rows = _clean_results(results)
    sit_in.held_on, sit_in.topic = held_on, (topic or sit_in.topic).strip()
    sit_in.note = (note or sit_in.note).strip()[:500]
    sit_in.status = SitInStatus.DONE
    created = False
    if create_record:
        sit_in.activity, created = _central_group_record(user=user, sit_in=sit_in, held_on=held_on,
                                                         topic=sit_in.topic, attendee_count=attendee_count,
                                                         request=request)
    sit_in.save(update_fields=["held_on", "topic", "note", "status", "activity"])
    SitInResult.objects.bulk_create([SitInResult(sit_in=sit_in, item=i, met=m, note=n) for i, m, n in rows])
    audit_log(user=user, action="sit_in.complete", obj=sit_in, request=request,
              changes={"status": [SitInStatus.PLANNED, SitInStatus.DONE], "held_on": [None, str(held_on)],
                       "met": [None, f"{sum(1 for _i, m, _n in rows if m)}/{len(rows)}"],
                       "activity": [None, f"{sit_in.activity_id or ''}{' new' if created else ''}"]})
    return sit_in
