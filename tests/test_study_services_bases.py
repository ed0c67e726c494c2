"""Education bases: capacity enforced in the service, a completed visit becomes one record."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from dangjian.audit.models import AuditEntry
from dangjian.records.models import Activity
from dangjian.study import services
from dangjian.study.models import Booking, BookingStatus

from .test_study_helpers import base_records, book, make_base

TOMORROW = date.today() + timedelta(days=1)


def test_bookings_fill_a_slot_up_to_capacity_and_no_further(reg):
    base = make_base(reg, capacity=50)
    book(reg, base, day=TOMORROW, headcount=30)
    book(reg, base, day=TOMORROW, headcount=20, branch=reg.branch_a2, user=reg.unit_admin)
    with pytest.raises(ValidationError) as exc:
        book(reg, base, day=TOMORROW, headcount=1, branch=reg.branch_b1, user=reg.outsider)
    message = " ".join(exc.value.messages)
    assert "可接待 50 人" in message and "已预约 50 人" in message and "仅剩 0 个名额" in message
    assert Booking.objects.filter(base=base).count() == 2


def test_capacity_is_per_date_and_slot(reg):
    base = make_base(reg, capacity=20)
    book(reg, base, day=TOMORROW, slot="am", headcount=20)
    book(reg, base, day=TOMORROW, slot="pm", headcount=20)
    book(reg, base, day=TOMORROW + timedelta(days=1), slot="am", headcount=20)
    assert Booking.objects.count() == 3


def test_cancelled_bookings_free_their_places(reg):
    base = make_base(reg, capacity=20)
    first = book(reg, base, day=TOMORROW, headcount=20)
    with pytest.raises(ValidationError):   # the slot is full while the first booking stands
        book(reg, base, day=TOMORROW, headcount=20, branch=reg.branch_a2, user=reg.unit_admin)
    services.booking_cancel(user=reg.secretary, booking=first)
    second = book(reg, base, day=TOMORROW, headcount=20, branch=reg.branch_a2, user=reg.unit_admin)
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED
    assert dict(Booking.objects.filter(base=base).values_list("pk", "status")) == {
        first.pk: BookingStatus.CANCELLED, second.pk: BookingStatus.BOOKED}


def test_booking_refuses_bad_input_and_writes_nothing(reg):
    base = make_base(reg)
    for kwargs, field in (({"day": date.today() - timedelta(days=1)}, "date"),
                          ({"headcount": 0}, "headcount"),
                          ({"branch": reg.oc_a}, "branch")):
        with pytest.raises(ValidationError) as exc:
            book(reg, base, **kwargs)
        assert field in exc.value.message_dict
    assert not Booking.objects.exists()


def test_completing_a_visit_creates_exactly_one_study_record(reg):
    base = make_base(reg, name="市党史馆")
    booking = book(reg, base, headcount=12)
    services.booking_complete(user=reg.secretary, booking=booking)
    [record] = base_records(reg.branch_a1)
    assert record.topic == "赴市党史馆参观学习"
    assert record.held_on == booking.date
    assert record.attendee_count == 12
    assert record.study_ways == ["base"]
    assert record.source == "base_visit"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED and booking.activity_id == record.pk
    with pytest.raises(ValidationError):
        services.booking_complete(user=reg.secretary, booking=booking)
    # even with a stale object still saying "booked"
    stale = Booking.objects.get(pk=booking.pk)
    stale.status = BookingStatus.BOOKED
    with pytest.raises(ValidationError):
        services.booking_complete(user=reg.unit_admin, booking=stale)
    assert base_records(reg.branch_a1).count() == 1
    assert AuditEntry.objects.filter(action="booking.complete").count() == 1


def test_a_future_or_cancelled_visit_cannot_be_completed(reg):
    base = make_base(reg)
    future = book(reg, base, day=TOMORROW)
    with pytest.raises(ValidationError):
        services.booking_complete(user=reg.secretary, booking=future)
    services.booking_cancel(user=reg.secretary, booking=future)
    with pytest.raises(ValidationError):
        services.booking_complete(user=reg.secretary, booking=future)
    assert not Activity.objects.exists()


def test_completion_may_record_the_actual_number(reg):
    booking = book(reg, make_base(reg), headcount=12)
    services.booking_complete(user=reg.secretary, booking=booking, attendee_count=9)
    assert base_records(reg.branch_a1).get().attendee_count == 9


def test_base_capacity_cannot_drop_below_places_already_booked(reg):
    base = make_base(reg, capacity=50)
    book(reg, base, day=TOMORROW, headcount=40)
    with pytest.raises(ValidationError) as exc:
        services.education_base_update(user=reg.committee, base=base, capacity=30)
    assert "capacity" in exc.value.message_dict
    services.education_base_update(user=reg.committee, base=base, capacity=40)


def test_base_names_are_unique(reg):
    make_base(reg, name="市党史馆")
    with pytest.raises(ValidationError):
        make_base(reg, name="市党史馆")


def test_an_inactive_base_takes_no_bookings(reg):
    base = make_base(reg)
    services.education_base_update(user=reg.committee, base=base, active=False)
    with pytest.raises(ValidationError):
        book(reg, base, day=TOMORROW)
