"""Sit-in pages: the committee plans and records; departments read; units see their own; others 404."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangjian.orgs.models import Unit
from dangjian.records.models import Activity
from dangjian.study import services
from dangjian.study.models import ChecklistItem, SitIn, SitInPlan, SitInResult, SitInStatus

from .test_study_helpers import YESTERDAY

YEAR = YESTERDAY.year


@pytest.fixture
def sit_in(reg):
    return services.sit_in_create(user=reg.committee, unit=reg.unit_a, planned_on=YESTERDAY,
                                  observers=[reg.committee], topic="学习贯彻党的创新理论")


def complete_data(held_on=YESTERDAY, skip=0, create_record=False):
    data = {"held_on": held_on.isoformat(), "topic": "学习贯彻党的创新理论"}
    for i, item in enumerate(ChecklistItem.objects.filter(active=True)):
        if i >= skip:
            data[f"item_{item.pk}"] = "met" if i else "not_met"
        data[f"note_{item.pk}"] = "方案印发较晚" if i == 0 else ""
    if create_record:
        data["create_record"] = "on"
    return data


def test_it_requires_login(client, sit_in):
    for url in (reverse("study:sit_in_plan"), reverse("study:coverage"),
                reverse("study:sit_in_detail", args=[sit_in.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_committee_and_departments_see_the_plan_and_coverage(reg, login, sit_in):
    for user in (reg.committee, reg.dept):
        client = login(user)
        response = client.get(reverse("study:sit_in_plan"), {"year": YEAR})   # on 1 January: last year's
        assert response.status_code == 200
        assert "市发展和改革委员会" in response.content.decode()
        response = client.get(reverse("study:coverage"), {"year": YEAR})
        assert response.status_code == 200
        assert "0 / 2" in response.content.decode()


def test_units_may_not_open_the_committees_coverage(reg, login, sit_in):
    for user in (reg.unit_admin, reg.secretary, reg.outsider):
        client = login(user)
        assert client.get(reverse("study:coverage")).status_code == 403
    for user in (reg.secretary, reg.outsider):     # the list: see tests/test_study_visibility.py
        assert login(user).get(reverse("study:sit_in_plan")).status_code == 403


def test_bad_year_is_a_400(reg, login):
    client = login(reg.committee)
    assert client.get(reverse("study:sit_in_plan"), {"year": "abc"}).status_code == 400
    assert client.get(reverse("study:coverage"), {"year": "1800"}).status_code == 400


def test_the_unit_sees_its_own_sit_in_and_the_outsider_gets_404(reg, login, sit_in):
    url = reverse("study:sit_in_detail", args=[sit_in.pk])
    assert login(reg.unit_admin).get(url).status_code == 200
    assert login(reg.outsider).get(url).status_code == 404


def test_committee_records_the_checklist(reg, login, sit_in):
    client = login(reg.committee)
    url = reverse("study:sit_in_complete", args=[sit_in.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, complete_data(create_record=True))
    assert response.status_code == 302
    sit_in.refresh_from_db()
    assert sit_in.status == SitInStatus.DONE
    assert sit_in.results.filter(met=False).get().note == "方案印发较晚"
    assert Activity.objects.filter(org=reg.oc_a, kind__code="central_group", source="sit_in").count() == 1
    page = client.get(reverse("study:sit_in_detail", args=[sit_in.pk])).content.decode()
    assert "不符合" in page and "方案印发较晚" in page
    assert client.get(reverse("study:coverage"), {"year": YEAR}).content.decode().count("1 / 2") >= 1


def test_a_missing_checklist_answer_is_a_400_and_writes_nothing(reg, login, sit_in):
    response = login(reg.committee).post(reverse("study:sit_in_complete", args=[sit_in.pk]), complete_data(skip=1))
    assert response.status_code == 400
    assert "请选择是否符合" in response.content.decode()
    assert not SitInResult.objects.exists()


def test_read_only_and_unit_users_cannot_record_or_plan(reg, login, sit_in):
    complete = reverse("study:sit_in_complete", args=[sit_in.pk])
    for user in (reg.dept, reg.unit_admin):
        client = login(user)
        assert client.post(complete, complete_data()).status_code == 403
        assert client.post(reverse("study:sit_in_cancel", args=[sit_in.pk])).status_code == 403
        edit = reverse("study:sit_in_edit", args=[sit_in.pk])
        assert client.post(edit, {"planned_on": f"{YEAR}-05-05"}).status_code == 403
        assert client.post(reverse("study:sit_in_create"),
                           {"unit": reg.unit_b.pk, "planned_on": YESTERDAY.isoformat()}).status_code == 403
        assert client.post(reverse("study:sit_in_fill", args=[YEAR]),
                           {"start": f"{YEAR}-03-01", "end": f"{YEAR}-11-30"}).status_code == 403
    assert login(reg.outsider).post(complete, complete_data()).status_code == 404
    sit_in.refresh_from_db()
    assert sit_in.status == SitInStatus.PLANNED and SitIn.objects.count() == 1


def test_committee_plans_edits_fills_and_cancels(reg, login):
    client = login(reg.committee)
    response = client.post(reverse("study:sit_in_create"), {
        "unit": reg.unit_a.pk, "planned_on": f"{YEAR}-05-06", "observers": [reg.committee.pk], "topic": "专题"})
    assert response.status_code == 302
    sit_in = SitIn.objects.get()
    response = client.post(reverse("study:sit_in_edit", args=[sit_in.pk]),
                           {"planned_on": f"{YEAR + 1}-01-05", "topic": "专题"})
    assert response.status_code == 400 and f"{YEAR} 年内" in response.content.decode()
    response = client.post(reverse("study:sit_in_fill", args=[YEAR]),
                           {"start": f"{YEAR}-03-01", "end": f"{YEAR}-11-30"})
    assert response.status_code == 302
    assert SitIn.objects.filter(unit=reg.unit_b).count() == 1
    response = client.post(reverse("study:sit_in_cancel", args=[sit_in.pk]), {"reason": "单位调整"})
    assert response.status_code == 302
    sit_in.refresh_from_db()
    assert sit_in.status == SitInStatus.CANCELLED


def _sit_ins(reg, n, offset):
    plan, _ = SitInPlan.objects.get_or_create(year=YEAR)
    items = list(ChecklistItem.objects.all())
    for i in range(n):
        unit = Unit.objects.create(name=f"测试单位{offset + i}", category=reg.category,
                                   zone=reg.zone_a if i % 2 else reg.zone_b)
        s = SitIn.objects.create(plan=plan, unit=unit, planned_on=date(YEAR, 1, 1) + timedelta(days=i),
                                 status=SitInStatus.DONE if i % 2 else SitInStatus.PLANNED)
        s.observers.add(reg.committee)
        if s.status == SitInStatus.DONE:
            SitInResult.objects.bulk_create([SitInResult(sit_in=s, item=item, met=True) for item in items])


@pytest.mark.parametrize("name", ["study:sit_in_plan", "study:coverage"])
def test_plan_and_coverage_make_constant_queries(reg, login, count_queries, name):
    client = login(reg.committee)
    url = reverse(name)
    _sit_ins(reg, 2, 0)
    client.get(url)
    small = count_queries(lambda: client.get(url, {"year": YEAR}))
    _sit_ins(reg, 12, 100)
    large = count_queries(lambda: client.get(url, {"year": YEAR}))
    assert small == large


def test_the_sit_in_links_show_only_to_those_who_may_open_them(reg, login, sit_in):
    plan_url, coverage_url = reverse("study:sit_in_plan"), reverse("study:coverage")
    committee_page = login(reg.committee).get(reverse("study:course_list")).content.decode()
    assert plan_url in committee_page and coverage_url in committee_page
    unit_page = login(reg.unit_admin).get(reverse("study:course_list")).content.decode()
    assert plan_url in unit_page and coverage_url not in unit_page
    assert plan_url in login(reg.unit_admin).get(reverse("study:sit_in_detail", args=[sit_in.pk])).content.decode()
    assert plan_url not in login(reg.secretary).get(reverse("study:course_list")).content.decode()
