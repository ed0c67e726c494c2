"""Course pages: the committee plans; units enrol their own people; everyone sees only their people."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangjian.study import services
from dangjian.study.models import Course, CourseSession, Enrolment, SessionAttendance

TODAY = date.today()


@pytest.fixture
def course(reg):
    return services.course_create(user=reg.committee, name="基层党组织书记培训班", kind="secretary",
                                  starts_on=TODAY - timedelta(days=3), ends_on=TODAY + timedelta(days=30), capacity=10)


def enrol_data(org, name, role="secretary"):
    return {"unit": org.unit_id, "org": org.pk, "name": name, "role": role}


def test_it_requires_login(client, course):
    for url in (reverse("study:course_list"), reverse("study:course_detail", args=[course.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_committee_plans_a_course(reg, login):
    client = login(reg.committee)
    data = {"name": "干部大讲堂", "kind": "lecture", "starts_on": f"{TODAY.year}-01-01",
            "ends_on": f"{TODAY.year}-12-31", "capacity": 300, "place": "市委党校", "organiser": "市直机关工委", "note": ""}
    assert client.post(reverse("study:course_create"), data).status_code == 302
    course = Course.objects.get()
    response = client.post(reverse("study:course_create"), {**data, "ends_on": f"{TODAY.year - 1}-01-01"})
    assert response.status_code == 400 and "结束日期早于开始日期" in response.content.decode()
    response = client.post(reverse("study:session_create", args=[course.pk]),
                           {"held_on": f"{TODAY.year}-03-20", "topic": "新质生产力", "speaker": "专家"})
    assert response.status_code == 302 and CourseSession.objects.count() == 1
    for user in (reg.dept, reg.unit_admin):
        assert login(user).post(reverse("study:course_create"), data).status_code == 403
        assert login(user).post(reverse("study:session_create", args=[course.pk]),
                                {"held_on": f"{TODAY.year}-03-20", "topic": "x"}).status_code == 403
        assert login(user).get(reverse("study:course_roster", args=[course.pk])).status_code == 403


def test_a_unit_admin_enrols_a_member_by_branch_and_name(reg, login, course):
    client = login(reg.unit_admin)
    name = reg.members_a1[1].name
    response = client.post(reverse("study:course_enrol", args=[course.pk]), enrol_data(reg.branch_a1, name))
    assert response.status_code == 302
    assert Enrolment.objects.get().member == reg.members_a1[1]
    response = client.post(reverse("study:course_enrol", args=[course.pk]), enrol_data(reg.branch_a1, "查无此人"))
    assert response.status_code == 400 and "未找到在册党员" in response.content.decode()
    response = client.post(reverse("study:course_enrol", args=[course.pk]), enrol_data(reg.branch_a1, name))
    assert response.status_code == 400 and "已报名" in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_outsiders_cannot_enrol_or_see_another_units_people(reg, login, course):
    services.enrolment_create(user=reg.unit_admin, course=course, member=reg.members_a1[1])
    client = login(reg.outsider)
    page = client.get(reverse("study:course_detail", args=[course.pk])).content.decode()
    assert reg.members_a1[1].name not in page
    response = client.post(reverse("study:course_enrol", args=[course.pk]),
                           enrol_data(reg.branch_a1, reg.members_a1[2].name))
    assert response.status_code == 400   # branch A1 is not among the outsider's choices
    assert Enrolment.objects.count() == 1
    enrolment = Enrolment.objects.get()
    url = reverse("study:enrolment_withdraw", args=[course.pk, enrolment.pk])
    assert client.post(url).status_code == 404
    assert login(reg.dept).post(url).status_code == 403
    detail = login(reg.dept).get(reverse("study:course_detail", args=[course.pk]))
    assert reg.members_a1[1].name in detail.content.decode()
    assert login(reg.dept).post(reverse("study:course_enrol", args=[course.pk]),
                                enrol_data(reg.branch_a1, reg.members_a1[2].name)).status_code == 403
    assert login(reg.unit_admin).post(url).status_code == 302
    assert not Enrolment.objects.exists()


def test_committee_ticks_attendance_and_completion(reg, login, course):
    session = services.course_session_create(user=reg.committee, course=course, held_on=TODAY, topic="专题")
    e1, e2 = [services.enrolment_create(user=reg.committee, course=course, member=m) for m in reg.members_a1[:2]]
    client = login(reg.committee)
    url = reverse("study:course_roster", args=[course.pk])
    assert client.get(url, {"session": session.pk}).status_code == 200
    response = client.post(url, {"session": session.pk, "present": [e1.pk, e2.pk], "completed": [e1.pk]})
    assert response.status_code == 302
    assert SessionAttendance.objects.filter(session=session).count() == 2
    assert list(course.enrolments.filter(completed=True)) == [e1]
    assert client.post(url, {"present": ["x"]}).status_code == 400
    assert client.get(url, {"session": 999999}).status_code == 400


def _courses(reg, n):
    for i in range(n):
        c = Course.objects.create(name=f"培训班{i}", kind="party_worker", starts_on=TODAY, ends_on=TODAY, capacity=50)
        CourseSession.objects.create(course=c, held_on=TODAY, topic="专题")
        Enrolment.objects.create(course=c, member=reg.members_a1[i % 5])


def test_course_list_makes_constant_queries(reg, login, count_queries):
    client = login(reg.secretary)
    url = reverse("study:course_list")
    _courses(reg, 2)
    small = count_queries(lambda: client.get(url))
    _courses(reg, 30)
    assert count_queries(lambda: client.get(url)) == small
    assert client.get(url, {"kind": "nonsense"}).status_code == 400


def test_course_detail_makes_constant_queries(reg, login, count_queries, course):
    client = login(reg.committee)
    url = reverse("study:course_detail", args=[course.pk])
    services.enrolment_create(user=reg.committee, course=course, member=reg.members_a1[0])
    small = count_queries(lambda: client.get(url))
    for m in reg.members_a1[1:] + reg.members_b1:
        services.enrolment_create(user=reg.committee, course=course, member=m)
    assert count_queries(lambda: client.get(url)) == small
