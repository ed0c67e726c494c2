"""Education base pages: registry, calendar, bookings by branches, completion once."""
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangjian.orgs.models import OrgType
from dangjian.orgs.services import org_create
from dangjian.study.models import Booking, BookingStatus, EducationBase

from .test_study_helpers import base_records, book, make_base

TOMORROW = date.today() + timedelta(days=1)


@pytest.fixture
def base(reg):
    return make_base(reg, capacity=30)


def booking_data(reg, branch=None, headcount=10, day=TOMORROW):
    return {"branch": (branch or reg.branch_a1).pk, "date": day.isoformat(), "slot": "am", "headcount": headcount}


def test_it_requires_login(client, base):
    for url in (reverse("study:base_list"), reverse("study:base_calendar", args=[base.pk]),
                reverse("study:booking_list")):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_everyone_with_registry_rights_sees_the_bases(reg, login, base):
    for user in (reg.committee, reg.dept, reg.unit_admin, reg.secretary, reg.outsider):
        client = login(user)
        assert client.get(reverse("study:base_list")).status_code == 200
        assert client.get(reverse("study:base_calendar", args=[base.pk])).status_code == 200
    assert login(reg.sysadmin).get(reverse("study:base_list")).status_code == 403


def test_only_the_committee_keeps_the_registry(reg, login, base):
    data = {"name": "市党史馆", "level": "provincial", "capacity": 80, "address": "", "theme": "党史", "description": "",
            "active": "on"}
    for user in (reg.dept, reg.unit_admin):
        assert login(user).post(reverse("study:base_create"), data).status_code == 403
        assert login(user).post(reverse("study:base_edit", args=[base.pk]), data).status_code == 403
    response = login(reg.committee).post(reverse("study:base_create"), data)
    assert response.status_code == 302
    assert EducationBase.objects.get(name="市党史馆").level == "provincial"
    response = login(reg.committee).post(reverse("study:base_create"), {**data, "capacity": 0})
    assert response.status_code == 400


def test_a_secretary_books_for_their_branch(reg, login, base):
    client = login(reg.secretary)
    url = reverse("study:booking_create", args=[base.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{reg.branch_a1.pk}" selected>' in page      # their one branch, picked for them
    response = client.post(url, booking_data(reg))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.branch == reg.branch_a1 and booking.booked_by == reg.secretary
    # not for someone else's branch
    response = client.post(url, booking_data(reg, branch=reg.branch_b1))
    assert response.status_code == 400
    assert Booking.objects.count() == 1


def branch_options(page):
    """The pks the booking form's branch select lists."""
    select = page[page.index('<select name="branch"'):]
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select[:select.index("</select>")])}


def test_over_many_branches_the_booking_form_lists_one_units_and_accepts_any(reg, login, base, monkeypatch):
    from dangjian.lib import widgets

    url = reverse("study:booking_create", args=[base.pk])
    client = login(reg.committee)
    small = client.get(url).content.decode()           # a few branches: one select of them all
    assert 'id="unit-pick"' not in small and {reg.branch_a1.pk, reg.branch_b1.pk} <= branch_options(small)
    monkeypatch.setattr(widgets, "MANY_BRANCHES", 1)
    first = client.get(url, {"date": TOMORROW.isoformat(), "slot": "pm"}).content.decode()
    assert 'id="unit-pick"' in first and f'<option value="{reg.unit_b.pk}">' in first   # the first unit's
    assert reg.branch_a1.pk in branch_options(first) and reg.branch_b1.pk not in branch_options(first)
    assert f'name="date" value="{TOMORROW.isoformat()}"' in first and 'name="slot" value="pm"' in first
    other = client.get(url, {"unit": reg.unit_b.pk}).content.decode()
    assert reg.branch_b1.pk in branch_options(other) and reg.branch_a1.pk not in branch_options(other)
    assert client.post(url, booking_data(reg, branch=reg.branch_b1)).status_code == 302
    assert Booking.objects.get().branch == reg.branch_b1
    outsider = login(reg.unit_admin).get(url, {"unit": reg.unit_b.pk})      # another unit asked for: none of it
    assert outsider.status_code == 200 and reg.branch_b1.pk not in branch_options(outsider.content.decode())


def test_over_capacity_gets_a_clear_chinese_message(reg, login, base):
    book(reg, base, day=TOMORROW, headcount=25)
    response = login(reg.unit_admin).post(reverse("study:booking_create", args=[base.pk]),
                                          booking_data(reg, branch=reg.branch_a2, headcount=10))
    assert response.status_code == 400
    page = response.content.decode()
    assert "仅剩 5 个名额" in page and "不足 10 人" in page
    assert Booking.objects.count() == 1


def test_read_only_users_cannot_book(reg, login, base):
    for user in (reg.dept, reg.zone_lead, reg.member_user):
        response = login(user).post(reverse("study:booking_create", args=[base.pk]), booking_data(reg))
        assert response.status_code == 403
    assert not Booking.objects.exists()


def test_bookings_are_seen_in_scope(reg, login, base):
    booking = book(reg, base, day=TOMORROW)
    url = reverse("study:booking_detail", args=[booking.pk])
    for user in (reg.secretary, reg.unit_admin, reg.committee, reg.dept):
        assert login(user).get(url).status_code == 200
    assert login(reg.outsider).get(url).status_code == 404
    assert "发改委第一党支部" not in login(reg.outsider).get(reverse("study:booking_list")).content.decode()
    assert "发改委第一党支部" in login(reg.dept).get(reverse("study:booking_list")).content.decode()


def test_the_calendar_shows_other_branches_as_numbers_only(reg, login, base):
    book(reg, base, day=TOMORROW, headcount=12)
    url = reverse("study:base_calendar", args=[base.pk])
    month = {"month": TOMORROW.strftime("%Y-%m")}
    page = login(reg.outsider).get(url, month).content.decode()
    assert "12 / 18" in page and "发改委第一党支部" not in page
    assert "发改委第一党支部" in login(reg.secretary).get(url, month).content.decode()
    assert login(reg.secretary).get(url, {"month": "2025-13"}).status_code == 400


def test_completing_a_visit_once_creates_one_record(reg, login, base):
    booking = book(reg, base, day=date.today(), headcount=12)
    url = reverse("study:booking_complete", args=[booking.pk])
    client = login(reg.secretary)
    assert client.post(url).status_code == 302
    response = client.post(url)
    assert response.status_code == 400
    assert "无需重复登记" in response.content.decode()
    assert base_records(reg.branch_a1).count() == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED


def test_the_unit_admin_may_complete_a_branch_visit(reg, login, base):
    booking = book(reg, base, day=date.today())
    assert login(reg.unit_admin).post(reverse("study:booking_complete", args=[booking.pk])).status_code == 302
    assert base_records(reg.branch_a1).count() == 1


def test_others_cannot_complete_or_cancel(reg, login, base):
    booking = book(reg, base, day=date.today())
    for name in ("study:booking_complete", "study:booking_cancel"):
        url = reverse(name, args=[booking.pk])
        assert login(reg.dept).post(url).status_code == 403
        assert login(reg.outsider).post(url).status_code == 404
    sibling = org_create(user=None, name="发改委第三党支部", type=OrgType.BRANCH, parent=reg.oc_a)
    assert sibling  # the branch secretary of A1 has no rights over a sibling branch's booking
    other = book(reg, base, day=date.today(), branch=sibling, user=reg.unit_admin)
    assert login(reg.secretary).post(reverse("study:booking_complete", args=[other.pk])).status_code == 404
    assert not base_records(reg.branch_a1).exists()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_a_secretary_cancels_a_booking(reg, login, base):
    booking = book(reg, base, day=TOMORROW)
    assert login(reg.secretary).post(reverse("study:booking_cancel", args=[booking.pk])).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert login(reg.secretary).post(reverse("study:booking_cancel", args=[booking.pk])).status_code == 400


def _bookings(reg, n, offset):
    base = EducationBase.objects.create(name=f"测试基地{offset}", capacity=1000)
    Booking.objects.bulk_create([
        Booking(base=base, branch=reg.branch_a1 if i % 2 else reg.branch_a2, date=TOMORROW + timedelta(days=i % 20),
                slot="am" if i % 3 else "pm", headcount=5, status=BookingStatus.BOOKED if i % 4 else
                BookingStatus.COMPLETED)
        for i in range(n)])
    return base


def test_list_pages_make_constant_queries(reg, login, count_queries):
    client = login(reg.unit_admin)
    _bookings(reg, 3, 0)
    urls = [reverse("study:base_list"), reverse("study:booking_list")]
    small = [count_queries(lambda u=u: client.get(u)) for u in urls]
    _bookings(reg, 60, 1)
    large = [count_queries(lambda u=u: client.get(u)) for u in urls]
    assert small == large


def test_calendar_makes_constant_queries(reg, login, count_queries):
    client = login(reg.unit_admin)
    base = _bookings(reg, 3, 0)
    url = reverse("study:base_calendar", args=[base.pk])
    month = {"month": TOMORROW.strftime("%Y-%m")}
    small = count_queries(lambda: client.get(url, month))
    Booking.objects.bulk_create([Booking(base=base, branch=reg.branch_a1, date=TOMORROW, slot="pm", headcount=1)
                                 for _ in range(40)])
    assert count_queries(lambda: client.get(url, month)) == small
