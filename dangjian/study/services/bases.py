"""Education bases: the registry, bookings within capacity, and a visit that becomes a record."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.orgs.models import BRANCH_TYPES
from dangjian.records.models import ActivityKind, StudyWay
from dangjian.records.services import activity_create

from ..defaults import BASE_STUDY_KIND
from ..models import BaseLevel, Booking, BookingStatus, EducationBase, Slot
from ..rules import fits, remaining_places
from ..selectors import booked_headcount
from .common import fields_assign


def _today():
    return date.today()   # module-level: booking_create's ``date`` argument shadows the class


BASE_FIELDS = ["name", "level", "address", "theme", "capacity", "description", "active"]


def _validate_base(*, name, level, capacity, exclude_pk=None):
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("请填写名称")
    elif EducationBase.objects.filter(name=name.strip()).exclude(pk=exclude_pk).exists():
        errors["name"] = _("已有同名的教育基地")
    if level not in BaseLevel.values:
        errors["level"] = _("级别不正确")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("每场次可接待人数须大于 0")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def education_base_create(*, user, name, level, capacity, address="", theme="", description="",
                          active=True, request=None):
    _validate_base(name=name, level=level, capacity=capacity)
    base = EducationBase.objects.create(name=name.strip(), level=level, capacity=capacity, address=address.strip(),
                                        theme=theme.strip(), description=description.strip(), active=active)
    audit_log(user=user, action="education_base.create", obj=base, request=request,
              changes=diff({}, snapshot(base, BASE_FIELDS)))
    return base


@transaction.atomic
def education_base_update(*, user, base, request=None, **fields):
    base = EducationBase.objects.select_for_update().get(pk=base.pk)
    before = snapshot(base, BASE_FIELDS)
    after = {**before, **fields}
    _validate_base(name=after["name"], level=after["level"], capacity=after["capacity"], exclude_pk=base.pk)
    peak = (Booking.objects.filter(base=base, date__gte=date.today(), status=BookingStatus.BOOKED)
            .values("date", "slot").annotate(n=Sum("headcount")).order_by("-n").first())
    if peak and peak["n"] > after["capacity"]:
        raise ValidationError({"capacity": _("%(d)s 已预约 %(n)d 人，接待人数不能少于已预约人数")
                               % {"d": peak["date"], "n": peak["n"]}})
    fields_assign(base, fields, BASE_FIELDS)
    base.save()
    audit_log(user=user, action="education_base.update", obj=base, request=request,
              changes=diff(before, snapshot(base, BASE_FIELDS)))
    return base


@transaction.atomic
def booking_create(*, user, base, branch, date, slot, headcount, note="", request=None):
    """Book places for a branch. Places held at a base on one date and slot never exceed its
    capacity: the base row is locked while counting, so two bookings cannot both take the last places."""
    errors = {}
    if branch.type not in BRANCH_TYPES or branch.dissolved:
        errors["branch"] = _("请以党支部名义预约")
    if date < _today():
        errors["date"] = _("不能预约今天以前的日期")
    if slot not in Slot.values:
        errors["slot"] = _("场次不正确")
    if headcount is None or headcount < 1:
        errors["headcount"] = _("人数须大于 0")
    if errors:
        raise ValidationError(errors)
    base = EducationBase.objects.select_for_update().get(pk=base.pk)
    if not base.active:
        raise ValidationError({"base": _("该教育基地暂停预约")})
    held = booked_headcount(base, date, slot)
    if not fits(capacity=base.capacity, booked=held, headcount=headcount):
        raise ValidationError({"headcount": _(
            "%(base)s %(date)s%(slot)s 可接待 %(cap)d 人，已预约 %(held)d 人，仅剩 %(left)d 个名额，"
            "不足 %(n)d 人。请减少人数或改选其他日期、场次。") % {
            "base": base.name, "date": date.strftime("%Y-%m-%d"), "slot": Slot(slot).label,
            "cap": base.capacity, "held": held, "left": remaining_places(capacity=base.capacity, booked=held),
            "n": headcount}})
    booking = Booking.objects.create(base=base, branch=branch, date=date, slot=slot, headcount=headcount,
                                     note=note.strip(), booked_by=user if getattr(user, "pk", None) else None)
    audit_log(user=user, action="booking.create", obj=booking, request=request,
              changes={"branch": [None, str(branch.pk)], "date": [None, str(date)], "slot": [None, slot],
                       "headcount": [None, str(headcount)]})
    return booking


def _locked(booking):
    return Booking.objects.select_for_update().select_related("base", "branch").get(pk=booking.pk)


@transaction.atomic
def booking_cancel(*, user, booking, request=None):
    booking = _locked(booking)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("只有尚未完成的预约可以取消"))
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    audit_log(user=user, action="booking.cancel", obj=booking, request=request,
              changes={"status": [BookingStatus.BOOKED, BookingStatus.CANCELLED]})
    return booking


@transaction.atomic
def booking_complete(*, user, booking, attendee_count=None, request=None):
    """Mark a visit done; it becomes the branch's base-study record without retyping. Once:
    the booking row is locked and a completed booking refuses a second completion."""
    booking = _locked(booking)
    if booking.status == BookingStatus.COMPLETED:
        raise ValidationError(_("该预约已登记完成，学习记录已生成，无需重复登记"))
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("该预约已取消，不能登记完成"))
    if booking.date > _today():
        raise ValidationError(_("参观日期未到，暂不能登记完成"))
    count = booking.headcount if attendee_count is None else attendee_count
    if count < 1:
        raise ValidationError({"attendee_count": _("实到人数须大于 0")})
    kind = ActivityKind.objects.filter(code=BASE_STUDY_KIND).first()
    if kind is None:
        raise ValidationError(_("未找到“教育基地学习”记录类型"))
    activity = activity_create(user=user, org=booking.branch, kind=kind, held_on=booking.date,
                               topic=f"赴{booking.base.name}参观学习", study_ways=[StudyWay.BASE],
                               attendee_count=count, source="base_visit", request=request)
    booking.status, booking.activity = BookingStatus.COMPLETED, activity
    booking.save(update_fields=["status", "activity"])
    audit_log(user=user, action="booking.complete", obj=booking, request=request,
              changes={"status": [BookingStatus.BOOKED, BookingStatus.COMPLETED],
                       "activity": [None, str(activity.pk)]})
    return booking

