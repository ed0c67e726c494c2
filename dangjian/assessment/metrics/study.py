"""Metrics over committee-run study: the sit-in checklist and the seats filled in courses.
Seats and attendance ticked by the organiser, never time spent studying."""
from collections import defaultdict
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dangjian.study.models import CourseSession, Enrolment, SessionAttendance, SitInResult, SitInStatus

from .registry import Measure, capped, metric, year_end


@metric("sit_in_checklist", label=_("理论学习中心组列席旁听检查"),
        inputs=("study.sit_ins", "study.sit_in_checklist"))
def sit_in_checklist(*, year, on, unit_ids, params):
    """The share of checklist items met at the unit's sit-ins done this year by ``on``, in one
    query; the items not met, by sit-in, are the evidence. No sit-in done (or none with its
    checklist filled) is 缺项."""
    rows = (SitInResult.objects
            .filter(sit_in__unit_id__in=unit_ids, sit_in__status=SitInStatus.DONE,
                    sit_in__held_on__gte=date(year, 1, 1), sit_in__held_on__lte=year_end(year, on))
            .order_by("sit_in__held_on", "sit_in_id", "item__sort", "item_id")
            .values_list("sit_in__unit_id", "sit_in_id", "sit_in__held_on", "item__name", "met"))
    total, met = defaultdict(int), defaultdict(int)
    unmet = defaultdict(dict)          # unit -> {(held_on, sit-in): [item names]}
    for unit_id, sit_in_id, held_on, item, ok in rows:
        total[unit_id] += 1
        if ok:
            met[unit_id] += 1
        else:
            unmet[unit_id].setdefault((held_on, sit_in_id), []).append(item)
    out = {}
    for unit_id in unit_ids:
        if not total[unit_id]:
            out[unit_id] = Measure(None, (_("本年度尚无已完成的列席旁听"),))
            continue
        lines = [_("%(month)d月%(day)d日列席：%(items)s未落实") % {
                    "month": held_on.month, "day": held_on.day, "items": "、".join(items)}
                 for (held_on, _id), items in unmet[unit_id].items()]
        out[unit_id] = Measure(Fraction(met[unit_id], total[unit_id]), capped(lines))
    return out


@metric("course_seats", label=_("集中轮训按名额到课"),
        inputs=("study.enrolments", "study.course_attendance", "study.course_sessions"))
def course_seats(*, year, on, unit_ids, params):
    """Seats filled of the seats the unit's members took in the committee's courses that began
    this year: a course with sessions counts one seat an enrolment a session held by ``on``
    (filled when ticked present); a course without sessions one seat an enrolment once it has
    ended (filled when ticked attended). The courses short of their seats are the evidence.
    No seat to judge is 缺项. Three queries; params {"kinds": [course kinds]} narrows."""
    end = year_end(year, on)
    kinds = list(params.get("kinds") or ())

    def courses(prefix):
        q = Q(**{f"{prefix}starts_on__gte": date(year, 1, 1), f"{prefix}starts_on__lte": end})
        return q & Q(**{f"{prefix}kind__in": kinds}) if kinds else q

    taken = (Enrolment.objects.filter(courses("course__"), member__branch__unit_id__in=unit_ids)
             .values("member__branch__unit_id", "course_id", "course__name", "course__ends_on")
             .annotate(n=Count("id"), attended=Count("id", filter=Q(attended=True))))
    sessions = {r["course_id"]: r for r in (CourseSession.objects.filter(courses("course__"))
                                            .values("course_id")
                                            .annotate(total=Count("id"), held=Count("id", filter=Q(held_on__lte=end))))}
    present = {(r["enrolment__member__branch__unit_id"], r["session__course_id"]): r["n"] for r in (
        SessionAttendance.objects.filter(courses("session__course__"), session__held_on__lte=end,
                                         enrolment__member__branch__unit_id__in=unit_ids)
        .values("enrolment__member__branch__unit_id", "session__course_id").annotate(n=Count("id")))}
    seats, filled = defaultdict(int), defaultdict(int)
    short = defaultdict(list)
    for r in sorted(taken, key=lambda r: (r["course__ends_on"], r["course_id"])):
        unit_id, course_id = r["member__branch__unit_id"], r["course_id"]
        held = sessions.get(course_id)
        if held:
            due, done = r["n"] * held["held"], present.get((unit_id, course_id), 0)
        elif r["course__ends_on"] <= end:
            due, done = r["n"], r["attended"]
        else:
            continue                     # under way, attendance not ticked yet
        seats[unit_id] += due
        filled[unit_id] += done
        if done < due:
            short[unit_id].append(_("%(course)s：应到%(due)d人次，实到%(done)d人次") % {
                "course": r["course__name"], "due": due, "done": done})
    out = {}
    for unit_id in unit_ids:
        if not seats[unit_id]:
            out[unit_id] = Measure(None, (_("本年度未分配培训名额"),))
            continue
        out[unit_id] = Measure(Fraction(filled[unit_id], seats[unit_id]), capped(short[unit_id]))
    return out
