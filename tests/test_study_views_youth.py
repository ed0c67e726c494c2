"""Youth study groups and mentoring pairs: kept by the unit, seen in scope."""
from datetime import date

import pytest
from django.urls import reverse

from dangjian.study import services
from dangjian.study.models import MentoringPair, YouthGroup, YouthGroupMember

TODAY = date.today()


@pytest.fixture
def group(reg):
    return services.youth_group_create(user=reg.unit_admin, unit=reg.unit_a, name="发改委青年理论学习小组")


def test_it_requires_login(client):
    response = client.get(reverse("study:youth"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_unit_keeps_its_groups_and_pairs(reg, login):
    client = login(reg.unit_admin)
    response = client.post(reverse("study:youth_group_create"), {"unit": reg.unit_a.pk, "name": "青年理论学习小组"})
    assert response.status_code == 302
    group = YouthGroup.objects.get()
    response = client.post(reverse("study:youth_group_member_add", args=[group.pk]),
                           {"unit": reg.unit_a.pk, "org": reg.branch_a1.pk, "name": reg.members_a1[3].name})
    assert response.status_code == 302 and YouthGroupMember.objects.count() == 1
    response = client.post(reverse("study:mentoring_pair_create"), {
        "unit": reg.unit_a.pk, "mentor_org": reg.branch_a1.pk, "mentor_name": reg.members_a1[1].name,
        "mentee_org": reg.branch_a1.pk, "mentee_name": reg.members_a1[2].name, "started_on": TODAY.isoformat()})
    assert response.status_code == 302
    pair = MentoringPair.objects.get()
    assert (pair.mentor, pair.mentee, pair.unit) == (reg.members_a1[1], reg.members_a1[2], reg.unit_a)
    page = client.get(reverse("study:youth")).content.decode()
    assert "青年理论学习小组" in page and reg.members_a1[2].name in page
    response = client.post(reverse("study:mentoring_pair_end", args=[pair.pk]), {"ended_on": TODAY.isoformat()})
    assert response.status_code == 302


def test_bad_pair_input_is_a_400(reg, login):
    response = login(reg.unit_admin).post(reverse("study:mentoring_pair_create"), {
        "unit": reg.unit_a.pk, "mentor_org": reg.branch_a1.pk, "mentor_name": reg.members_a1[1].name,
        "mentee_org": reg.branch_a1.pk, "mentee_name": reg.members_a1[1].name, "started_on": TODAY.isoformat()})
    assert response.status_code == 400 and "不能是同一人" in response.content.decode()
    assert not MentoringPair.objects.exists()


def test_outsiders_get_404_and_read_only_users_403(reg, login, group):
    pair = services.mentoring_pair_create(user=reg.unit_admin, unit=reg.unit_a, mentor=reg.members_a1[1],
                                          mentee=reg.members_a1[2], started_on=TODAY)
    outsider = login(reg.outsider)
    assert "发改委青年理论学习小组" not in outsider.get(reverse("study:youth")).content.decode()
    assert outsider.post(reverse("study:youth_group_member_add", args=[group.pk]),
                         {"unit": reg.unit_b.pk, "org": reg.branch_b1.pk, "name": reg.members_b1[0].name}).status_code == 404
    assert outsider.post(reverse("study:mentoring_pair_end", args=[pair.pk]),
                         {"ended_on": TODAY.isoformat()}).status_code == 404
    dept = login(reg.dept)
    assert "发改委青年理论学习小组" in dept.get(reverse("study:youth")).content.decode()
    assert dept.post(reverse("study:youth_group_create"), {"unit": reg.unit_a.pk, "name": "x"}).status_code == 403
    assert dept.post(reverse("study:mentoring_pair_end", args=[pair.pk]),
                     {"ended_on": TODAY.isoformat()}).status_code == 403
    # a branch secretary may not found a group for the whole unit
    assert login(reg.secretary).post(reverse("study:youth_group_member_add", args=[group.pk]),
                                     {"unit": reg.unit_a.pk, "org": reg.branch_a1.pk, "name": reg.members_a1[4].name}).status_code == 403
    pair.refresh_from_db()
    assert pair.ended_on is None and YouthGroup.objects.count() == 1 and not YouthGroupMember.objects.exists()


def test_youth_page_makes_constant_queries(reg, login, count_queries, group):
    client = login(reg.unit_admin)
    url = reverse("study:youth")
    services.youth_group_member_add(user=reg.unit_admin, group=group, member=reg.members_a1[0])
    services.mentoring_pair_create(user=reg.unit_admin, unit=reg.unit_a, mentor=reg.members_a1[0],
                                   mentee=reg.members_a1[4], started_on=TODAY)
    small = count_queries(lambda: client.get(url))
    for i in range(5):
        g = services.youth_group_create(user=reg.unit_admin, unit=reg.unit_a, name=f"小组{i}")
        for m in reg.members_a1:
            services.youth_group_member_add(user=reg.unit_admin, group=g, member=m)
    for m1, m2 in zip(reg.members_a1, reg.members_a1[1:]):
        services.mentoring_pair_create(user=reg.unit_admin, unit=reg.unit_a, mentor=m1, mentee=m2, started_on=TODAY)
    assert count_queries(lambda: client.get(url)) == small
