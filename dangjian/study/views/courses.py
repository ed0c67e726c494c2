"""Training courses: list, plan, sessions, enrolment from the people a user may see, roster."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, VIEW_REGISTRY
from dangjian.lib import pagecharts
from dangjian.orgs.models import Unit

from .. import charts, services
from ..access import can_configure, get_course, get_rw_enrolment, require_configure
from ..forms import CourseFilterForm, CourseForm, EnrolForm, RosterForm, SessionForm
from ..models import Course, SessionAttendance
from ..selectors import courses_with_counts, members_named, visible_enrolments
from ..services.courses import COURSE_FIELDS
from .common import (
    add_service_errors, chosen_unit, paginate, picker_status, posted, query_without_page, service_form_view,
)


@login_required
def course_list(request):
    user = request.user
    gatekeeper.require(user, VIEW_REGISTRY)
    form = CourseFilterForm(request.GET or None)
    courses = Course.objects.all()
    status = 200
    if form.is_bound and not form.is_valid():
        courses, status = courses.none(), 400
    elif form.is_bound:
        if form.cleaned_data["year"]:
            courses = courses.filter(starts_on__year=form.cleaned_data["year"])
        if form.cleaned_data["kind"]:
            courses = courses.filter(kind=form.cleaned_data["kind"])
    page = paginate(request, courses_with_counts(courses).order_by("-starts_on", "-id"))
    rows = list(page.object_list)        # the page's rows are the chart's: one query for both
    return render(request, "study/course_list.html", {
        "form": form, "page": page, "courses": rows, "query": query_without_page(request),
        "can_configure": can_configure(user), "charts": [pagecharts.render(charts.course_chart(rows))]},
        status=status)


def _course_form_view(request, course=None):
    require_configure(request.user)
    user = request.user
    return service_form_view(
        request, form=CourseForm(posted(request), instance=course), obj=course, fields=COURSE_FIELDS,
        create=lambda **d: services.course_create(user=user, request=request, **d),
        update=lambda c, **d: services.course_update(user=user, course=c, request=request, **d),
        template="study/course_form.html", context={"course": course},
        success_url=lambda c: reverse("study:course_detail", kwargs={"pk": c.pk}))


@login_required
def course_create(request):
    return _course_form_view(request)


@login_required
def course_edit(request, pk):
    return _course_form_view(request, get_course(request.user, pk))


def _enrol_orgs(user):
    return gatekeeper.writable_orgs(user).active().order_by("path")


def _enrol_units(user):
    return Unit.objects.filter(pk__in=gatekeeper.writable_orgs(user).values("unit_id")).order_by("sort", "id")


def _detail_context(request, course, *, enrol_form=None, session_form=None):
    user = request.user
    can_enrol = gatekeeper.can(user, CHANGE_REGISTRY)
    unit_form = unit = None
    if can_enrol:     # unit first: the orgs of the chosen unit only, never every org of the province
        posted_unit = enrol_form.cleaned_data.get("unit") if enrol_form is not None else None
        unit_form, unit = chosen_unit(request, _enrol_units(user), posted_unit)
    enrolments = (visible_enrolments(user).filter(course=course)
                  .select_related("member", "member__branch", "member__branch__unit").order_by("id"))
    return {
        "course": course,
        "enrolled": course.enrolments.count(),
        "sessions": course.sessions.annotate(present=Count("attendance")),
        "enrolments": enrolments,
        "can_configure": can_configure(user),
        "can_enrol": can_enrol,
        "unit_form": unit_form,
        "unit": unit,
        "enrol_form": enrol_form or (EnrolForm(units=_enrol_units(user), orgs=_enrol_orgs(user), unit=unit)
                                     if can_enrol else None),
        "session_form": session_form or SessionForm(),
    }


@login_required
def course_detail(request, pk):
    course = get_course(request.user, pk)
    context = _detail_context(request, course)
    return render(request, "study/course_detail.html", context, status=picker_status(context))


@login_required
@require_POST
def course_enrol(request, pk):
    user = request.user
    course = get_course(user, pk)
    gatekeeper.require(user, CHANGE_REGISTRY)
    form = EnrolForm(request.POST, units=_enrol_units(user), orgs=_enrol_orgs(user))
    if form.is_valid():
        data = form.cleaned_data
        found = members_named(gatekeeper.visible_members(user), data["org"], data["name"])
        if not found:
            form.add_error("name", _("在 %(org)s 未找到在册党员“%(name)s”") % {"org": data["org"], "name": data["name"]})
        elif len(found) > 1:
            form.add_error("name", _("%(org)s 有多名党员叫“%(name)s”，请联系工委办理") % {
                "org": data["org"], "name": data["name"]})
        else:
            gatekeeper.require(user, CHANGE_REGISTRY, found[0])
            try:
                services.enrolment_create(user=user, course=course, member=found[0], role=data["role"],
                                          request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s 已报名。") % {"name": found[0].name})
                return redirect("study:course_detail", pk=course.pk)
    return render(request, "study/course_detail.html", _detail_context(request, course, enrol_form=form), status=400)


@login_required
@require_POST
def enrolment_withdraw(request, pk, enrolment_pk):
    course = get_course(request.user, pk)
    enrolment = get_rw_enrolment(request.user, course, enrolment_pk)
    try:
        services.enrolment_withdraw(user=request.user, enrolment=enrolment, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "study/course_detail.html", _detail_context(request, course), status=400)
    messages.success(request, _("%(name)s 已退出报名。") % {"name": enrolment.member.name})
    return redirect("study:course_detail", pk=course.pk)


@login_required
@require_POST
def session_create(request, pk):
    course = get_course(request.user, pk)
    require_configure(request.user)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.course_session_create(user=request.user, course=course, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加课次。"))
            return redirect("study:course_detail", pk=course.pk)
    return render(request, "study/course_detail.html", _detail_context(request, course, session_form=form),
                  status=400)


@login_required
def course_roster(request, pk):
    """The organiser ticks attendance (of one session, or of the whole course) and completion."""
    user = request.user
    course = get_course(user, pk)
    require_configure(user)
    sessions = list(course.sessions.all())
    session = None
    session_id = request.POST.get("session") or request.GET.get("session")
    if session_id:
        session = next((s for s in sessions if str(s.pk) == session_id), None)
        if session is None:
            messages.error(request, _("课次不存在"))
            return render(request, "study/course_roster.html", {"course": course, "sessions": sessions}, status=400)
    enrolments = list(course.enrolments.select_related("member", "member__branch").order_by("id"))
    if session is not None:
        present = set(SessionAttendance.objects.filter(session=session).values_list("enrolment_id", flat=True))
    else:
        present = {e.pk for e in enrolments if e.attended}
    initial = {"present": sorted(present), "completed": [e.pk for e in enrolments if e.completed]}
    form = RosterForm(posted(request), enrolments=enrolments, initial=initial)
    ticked = {name: {str(v) for v in (form[name].value() or [])} for name in ("present", "completed")}
    context = {"course": course, "sessions": sessions, "session": session, "form": form,
               "rows": [(e, str(e.pk) in ticked["present"], str(e.pk) in ticked["completed"]) for e in enrolments]}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.roster_record(user=user, course=course, session=session,
                                       present_ids=form.cleaned_data["present"],
                                       completed_ids=form.cleaned_data["completed"], request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存出勤和结业情况。"))
                return redirect("study:course_detail", pk=course.pk)
        return render(request, "study/course_roster.html", context, status=400)
    return render(request, "study/course_roster.html", context)
