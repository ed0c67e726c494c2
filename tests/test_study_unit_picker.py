"""The unit-first picker of the youth and course pages: a unit, then the orgs of that unit only.

At province scale one select of every org held 20,000 options; now the page's queries and size
do not depend on how many orgs there are, and a forged org or unit is a Chinese 400."""
from datetime import date

import pytest
from django.urls import reverse

from dangjian.orgs.models import OrgType
from dangjian.orgs.services import org_create
from dangjian.study import services
from dangjian.study.models import Enrolment, MentoringPair, YouthGroupMember

TODAY = date.today()


@pytest.fixture
def course(reg):
    return services.course_create(user=reg.committee, name="基层党组织书记培训班", kind="secretary",
                                  starts_on=TODAY, ends_on=TODAY, capacity=10)


@pytest.fixture
def group(reg):
    return services.youth_group_create(user=reg.committee, unit=reg.unit_a, name="发改委青年理论学习小组")


def _more_branches(reg, n):
    for i in range(n):
        org_create(user=None, name=f"财政局第{i + 2}党支部", type=OrgType.BRANCH, parent=reg.oc_b,
                   term_start=date(2024, 1, 1))


def _size_and_queries(client, url, params, count_queries):
    response = []
    queries = count_queries(lambda: response.append(client.get(url, params)))
    assert response[0].status_code == 200
    return len(response[0].content), queries


@pytest.mark.parametrize("page", ["youth", "course"])
@pytest.mark.parametrize("params", [{}, {"unit": "a"}])
def test_the_page_does_not_grow_with_the_number_of_orgs(reg, login, count_queries, course, group, page, params):
    client = login(reg.committee)
    url = reverse("study:youth") if page == "youth" else reverse("study:course_detail", args=[course.pk])
    params = {"unit": reg.unit_a.pk} if params else {}
    small = _size_and_queries(client, url, params, count_queries)
    _more_branches(reg, 40)
    assert _size_and_queries(client, url, params, count_queries) == small


def test_without_javascript_the_chosen_unit_brings_its_orgs(reg, login, course):
    client = login(reg.committee)
    html = client.get(reverse("study:course_detail", args=[course.pk])).content.decode()
    assert "请选择单位" in html and ">发改委第一党支部</option>" not in html   # nothing before a unit
    html = client.get(reverse("study:course_detail", args=[course.pk]), {"unit": reg.unit_b.pk}).content.decode()
    assert ">财政局第一党支部</option>" in html and ">发改委第一党支部</option>" not in html
    html = client.get(reverse("study:youth"), {"unit": reg.unit_a.pk}).content.decode()
    pair_form = html.split(reverse("study:mentoring_pair_create"), 1)[1].split("</form>", 1)[0]
    assert ">发改委第一党支部</option>" in pair_form and ">财政局第一党支部</option>" not in pair_form


def test_a_unit_admin_has_its_unit_chosen(reg, login, course):
    html = login(reg.unit_admin).get(reverse("study:course_detail", args=[course.pk])).content.decode()
    assert ">发改委第一党支部</option>" in html and f'name="unit" value="{reg.unit_a.pk}"' in html


def test_a_unit_outside_the_scope_is_a_chinese_400(reg, login, course):
    client = login(reg.unit_admin)
    for url in (reverse("study:youth"), reverse("study:course_detail", args=[course.pk])):
        for unit in (reg.unit_b.pk, 999999, "x"):
            response = client.get(url, {"unit": unit})
            assert response.status_code == 400
            assert "所选单位不存在，或不在您的管理范围内" in response.content.decode()
            assert ">财政局第一党支部</option>" not in response.content.decode()


def test_forged_orgs_and_units_write_nothing(reg, login, course, group):
    member_a, member_b = reg.members_a1[1].name, reg.members_b1[0].name
    enrol = reverse("study:course_enrol", args=[course.pk])
    cases = [  # (user, url, data, message)
        (reg.unit_admin, enrol, {"unit": reg.unit_b.pk, "org": reg.branch_b1.pk, "name": member_b,
                                 "role": "secretary"}, "所选单位不存在"),
        (reg.unit_admin, enrol, {"unit": reg.unit_a.pk, "org": reg.branch_b1.pk, "name": member_b,
                                 "role": "secretary"}, "所选党组织不属于所选单位"),
        (reg.committee, enrol, {"unit": reg.unit_a.pk, "org": reg.branch_b1.pk, "name": member_b,
                                "role": "secretary"}, "所选党组织不属于所选单位"),
        (reg.committee, enrol, {"org": reg.branch_a1.pk, "name": member_a, "role": "secretary"}, "请先选择单位"),
        (reg.committee, reverse("study:youth_group_member_add", args=[group.pk]),
         {"unit": reg.unit_b.pk, "org": reg.branch_b1.pk, "name": member_b}, "所选单位不存在"),
        (reg.committee, reverse("study:mentoring_pair_create"),
         {"unit": reg.unit_a.pk, "mentor_org": reg.branch_a1.pk, "mentor_name": member_a,
          "mentee_org": reg.branch_b1.pk, "mentee_name": member_b, "started_on": TODAY.isoformat()},
         "所选党组织不属于所选单位"),
        (reg.unit_admin, reverse("study:mentoring_pair_create"),
         {"unit": reg.unit_b.pk, "mentor_org": reg.branch_b1.pk, "mentor_name": member_b,
          "mentee_org": reg.branch_b1.pk, "mentee_name": reg.members_b1[1].name, "started_on": TODAY.isoformat()},
         "所选单位不存在"),
    ]
    for user, url, data, message in cases:
        response = login(user).post(url, data)
        assert response.status_code == 400, (url, data)
        assert message in response.content.decode(), (url, data)
    assert not Enrolment.objects.exists() and not YouthGroupMember.objects.exists()
    assert not MentoringPair.objects.exists()
