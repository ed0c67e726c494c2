"""Education bases: the registry, the capacity calendar, bookings and completed visits."""
import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, VIEW_REGISTRY
from dangjian.lib import pagecharts
from dangjian.lib.widgets import offer_by_unit

from .. import charts, services
from ..access import activity_url, can_configure, get_base, get_rw_booking, get_booking, require_configure
from ..forms import (
    BookingCompleteForm, BookingFilterForm, BookingForm, EducationBaseForm, MonthForm,
)
from ..models import EducationBase, Slot
from ..models.bases import HOLDING
from ..rules import remaining_places
from ..selectors import bookings_by_month, calendar_totals, visible_bookings
from .common import add_service_errors, paginate, posted, query_without_page, service_form_view

BASE_FIELDS = ["name", "level", "address", "theme", "capacity", "description", "active"]


@login_required
def base_list(request):
    user = request.user
    gatekeeper.require(user, VIEW_REGISTRY)
    today = date.today()
    bases = EducationBase.objects.annotate(
        upcoming=Sum("bookings__headcount", filter=Q(bookings__date__gte=today, bookings__status__in=HOLDING)))
    by_month = bookings_by_month(visible_bookings(user), (today.year - 1, today.year))   # the user's scope
    return render(request, "study/base_list.html", {
        "bases": bases, "can_configure": can_configure(user),
        "can_book": gatekeeper.can(user, CHANGE_REGISTRY),
        "charts": [pagecharts.render(charts.bookings_chart(by_month, today.year, today.month))]})


def _base_form_view(request, base=None):
    require_configure(request.user)
    user = request.user
    return service_form_view(
        request, form=EducationBaseForm(posted(request), instance=base), obj=base, fields=BASE_FIELDS,
        create=lambda **d: services.education_base_create(user=user, request=request, **d),
        update=lambda b, **d: services.education_base_update(user=user, base=b, request=request, **d),
        template="study/base_form.html", context={"base": base},
        success_url=lambda b: reverse("study:base_calendar", kwargs={"pk": b.pk}))


@login_required
def base_create(request):
    return _base_form_view(request)


@login_required
def base_edit(request, pk):
    base = get_base(request.user, pk)
    if request.method == "POST":
        base = EducationBase.objects.get(pk=base.pk)   # the form mutates its instance
    return _base_form_view(request, base)


def _month_days(year, month):
    last = calendar.monthrange(year, month)[1]
    return [date(year, month, d) for d in range(1, last + 1)]


@login_required
def base_calendar(request, pk):
    """Places held and left per day and slot. Other branches' bookings show as numbers only."""
    user = request.user
    base = get_base(user, pk)
    form = MonthForm(request.GET or None)
    today = date.today()
    year, month, status = today.year, today.month, 200
    if form.is_bound:
        if form.is_valid() and form.cleaned_data["month"]:
            year, month = map(int, form.cleaned_data["month"].split("-"))
        elif not form.is_valid():
            status = 400
    days = _month_days(year, month)
    totals = calendar_totals(base, days[0], days[-1])
    own = {}
    for b in (visible_bookings(user).filter(base=base, date__range=(days[0], days[-1]), status__in=HOLDING)
              .select_related("branch").order_by("date", "slot", "id")):
        own.setdefault((b.date, b.slot), []).append(b)
    rows = []
    for day in days:
        slots = []
        for slot in Slot:
            held = totals.get((day, slot.value), 0)
            slots.append({"slot": slot, "held": held, "left": remaining_places(capacity=base.capacity, booked=held),
                          "bookings": own.get((day, slot.value), [])})
        rows.append({"day": day, "weekend": day.weekday() >= 5, "past": day < today, "slots": slots})
    prev_month = date(year - (month == 1), 12 if month == 1 else month - 1, 1)
    next_month = date(year + (month == 12), 1 if month == 12 else month + 1, 1)
    return render(request, "study/base_calendar.html", {
        "base": base, "rows": rows, "month": date(year, month, 1), "prev": prev_month, "next": next_month,
        "form": form, "can_configure": can_configure(user), "can_book": gatekeeper.can(user, CHANGE_REGISTRY),
    }, status=status)


def _bookable_branches(user):
    return (gatekeeper.writable_orgs(user).branches().active().select_related("unit")
            .order_by("unit__sort", "unit_id", "path"))


@login_required
def booking_create(request, pk):
    user = request.user
    base = get_base(user, pk)
    gatekeeper.require(user, CHANGE_REGISTRY)
    branches = _bookable_branches(user)
    initial = {"date": request.GET.get("date"), "slot": request.GET.get("slot") or Slot.MORNING}
    first_two = list(branches.order_by().values_list("pk", flat=True)[:2])     # one branch: picked for them
    if len(first_two) == 1:
        initial["branch"] = first_two[0]
    form = BookingForm(posted(request), branches=branches, initial=initial)
    units, unit_id = offer_by_unit(request, form.fields["branch"].widget, branches)
    context = {"form": form, "base": base, "units": units, "unit_id": unit_id,
               "picked": {"date": request.GET.get("date", ""), "slot": request.GET.get("slot", "")}}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            gatekeeper.require(user, CHANGE_REGISTRY, data["branch"])
            try:
                booking = services.booking_create(user=user, base=base, request=request, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已预约 %(base)s %(d)s%(slot)s，%(n)d 人。") % {
                    "base": base.name, "d": booking.date.strftime("%Y-%m-%d"), "slot": booking.get_slot_display(),
                    "n": booking.headcount})
                return redirect("study:booking_detail", pk=booking.pk)
        return render(request, "study/booking_form.html", context, status=400)
    return render(request, "study/booking_form.html", context)


@login_required
def booking_list(request):
    user = request.user
    gatekeeper.require(user, VIEW_REGISTRY)
    form = BookingFilterForm(request.GET or None)
    bookings = visible_bookings(user)
    status = 200
    if form.is_bound and not form.is_valid():
        bookings, status = bookings.none(), 400
    elif form.is_bound:
        if form.cleaned_data["status"]:
            bookings = bookings.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["base"]:
            bookings = bookings.filter(base=form.cleaned_data["base"])
    bookings = bookings.select_related("base", "branch", "branch__unit").order_by("-date", "slot", "-id")
    page = paginate(request, bookings)
    return render(request, "study/booking_list.html", {
        "form": form, "page": page, "bookings": page.object_list, "query": query_without_page(request),
        "today": date.today()}, status=status)


def _detail_context(request, booking, complete_form=None):
    user = request.user
    return {"booking": booking, "complete_form": complete_form or BookingCompleteForm(),
            "can_change": gatekeeper.can(user, CHANGE_REGISTRY, booking.branch),
            "activity_url": activity_url(booking.activity_id), "today": date.today()}


@login_required
def booking_detail(request, pk):
    booking = get_booking(request.user, pk)
    return render(request, "study/booking_detail.html", _detail_context(request, booking))


@login_required
@require_POST
def booking_complete(request, pk):
    booking = get_rw_booking(request.user, pk)
    form = BookingCompleteForm(request.POST)
    if form.is_valid():
        try:
            services.booking_complete(user=request.user, booking=booking,
                                      attendee_count=form.cleaned_data["attendee_count"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记完成，并生成本支部的教育基地学习记录。"))
            return redirect("study:booking_detail", pk=booking.pk)
    booking = get_booking(request.user, pk)
    return render(request, "study/booking_detail.html", _detail_context(request, booking, form), status=400)


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_rw_booking(request.user, pk)
    try:
        services.booking_cancel(user=request.user, booking=booking, request=request)
    except ValidationError as exc:
        context = _detail_context(request, booking)
        context["errors"] = exc.messages
        return render(request, "study/booking_detail.html", context, status=400)
    messages.success(request, _("已取消预约。"))
    return redirect("study:booking_detail", pk=booking.pk)
