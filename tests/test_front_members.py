from django.urls import reverse

from dangjian.accounts.models import Membership
from dangjian.audit.models import AuditEntry
from dangjian.orgs.services import member_transfer, member_update

from .factories import add_members

ID_NUMBER = "110101198001011234"
PHONE = "13812345678"


def _with_personal_data(reg):
    member_update(user=None, member=reg.member, id_number=ID_NUMBER, phone=PHONE)
    return reg.member


def _grant_unmask(user):
    Membership.objects.filter(user=user).update(can_unmask=True)


def test_it_requires_login(client, reg):
    for url in (reverse("member_list"), reverse("member_detail", args=[reg.member.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("member_reveal", args=[reg.member.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_member_list_stays_inside_the_scope(login, reg):
    response = login(reg.secretary).get(reverse("member_list"))
    names = {m.name for m in response.context["page"]}
    assert names == {m.name for m in reg.members_a1}
    assert login(reg.sysadmin).get(reverse("member_list")).status_code == 403


def test_member_list_shows_masks_only(login, reg):
    _with_personal_data(reg)
    html = login(reg.committee).get(reverse("member_list")).content.decode()
    assert "110***********1234" in html and "138****5678" in html
    assert ID_NUMBER not in html and PHONE not in html


def test_member_list_filters(login, reg):
    client = login(reg.committee)
    probationary = add_members(reg.branch_b1, 1, status="probationary", prefix="预备")[0]
    response = client.get(reverse("member_list"), {"status": "probationary"})
    assert [m.pk for m in response.context["page"]] == [probationary.pk]
    response = client.get(reverse("member_list"), {"unit": reg.unit_b.pk})
    assert len(response.context["page"]) == 5
    assert "财政局第一党支部" in response.content.decode()  # the branch choices for the unit
    response = client.get(reverse("member_list"), {"branch": reg.branch_a1.pk})
    assert len(response.context["page"]) == 5
    response = client.get(reverse("member_list"), {"q": reg.members_b1[2].name})
    assert [m.pk for m in response.context["page"]] == [reg.members_b1[2].pk]


def test_member_list_status_left(login, reg):
    import datetime
    left = reg.members_a1[4]
    left.left_on = datetime.date(2025, 1, 1)
    left.save()
    client = login(reg.committee)
    assert left.pk not in [m.pk for m in client.get(reverse("member_list")).context["page"]]
    assert [m.pk for m in client.get(reverse("member_list"), {"status": "left"}).context["page"]] == [left.pk]


def test_member_list_rejects_bad_filters(login, reg):
    response = login(reg.committee).get(reverse("member_list"), {"status": "vip"})
    assert response.status_code == 400 and "筛选条件有误" in response.content.decode()
    response = login(reg.secretary).get(reverse("member_list"), {"branch": reg.branch_b1.pk})
    assert response.status_code == 400
    assert reg.members_b1[0].name not in response.content.decode()


def test_member_list_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.committee)
    url = reverse("member_list")
    add_members(reg.branch_a2, 1)  # 10 members
    client.get(url)
    small = count_queries(lambda: client.get(url))
    add_members(reg.branch_a2, 50)  # 60 members: two pages
    large = count_queries(lambda: client.get(url))
    assert small == large
    assert len(client.get(url).context["page"]) == 50
    filtered = url + f"?unit={reg.unit_a.pk}&status=full"
    assert count_queries(lambda: client.get(filtered)) == count_queries(lambda: client.get(filtered + "&page=2"))


def test_member_detail(login, reg):
    _with_personal_data(reg)
    member_transfer(user=None, member=reg.member, to_branch=reg.branch_a2, reason="岗位调整")
    response = login(reg.unit_admin).get(reverse("member_detail", args=[reg.member.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "110***********1234" in html and ID_NUMBER not in html
    assert "岗位调整" in html and "发改委第一党支部" in html and "发改委第二党支部" in html


def test_member_outside_the_scope_does_not_exist(login, reg):
    assert login(reg.outsider).get(reverse("member_detail", args=[reg.member.pk])).status_code == 404
    # a member sees their own record and nobody else's
    assert login(reg.member_user).get(reverse("member_detail", args=[reg.member.pk])).status_code == 200
    other = reg.members_a1[1]
    assert login(reg.member_user).get(reverse("member_detail", args=[other.pk])).status_code == 404


def test_unmask_button_only_for_those_who_may(login, reg):
    url = reverse("member_detail", args=[reg.member.pk])
    assert "显示完整信息" not in login(reg.unit_admin).get(url).content.decode()
    _grant_unmask(reg.unit_admin)
    assert "显示完整信息" in login(reg.unit_admin).get(url).content.decode()


def test_reveal_shows_full_values_and_is_audited(login, reg):
    _with_personal_data(reg)
    _grant_unmask(reg.unit_admin)
    response = login(reg.unit_admin).post(reverse("member_reveal", args=[reg.member.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert ID_NUMBER in html and PHONE in html and "<html" not in html
    entry = AuditEntry.objects.get(action="member.unmask")
    assert entry.user == reg.unit_admin and entry.object_id == str(reg.member.pk)


def test_reveal_without_htmx_renders_the_page(login, reg):
    _with_personal_data(reg)
    _grant_unmask(reg.committee)
    response = login(reg.committee).post(reverse("member_reveal", args=[reg.member.pk]))
    assert response.status_code == 200 and ID_NUMBER in response.content.decode()
    assert AuditEntry.objects.filter(action="member.unmask", user=reg.committee).count() == 1


def test_reveal_is_403_for_those_who_see_but_may_not_unmask(login, reg):
    _with_personal_data(reg)
    for user in (reg.committee, reg.dept, reg.zone_lead, reg.secretary, reg.member_user):
        response = login(user).post(reverse("member_reveal", args=[reg.member.pk]))
        assert response.status_code == 403
        assert ID_NUMBER not in response.content.decode()
    assert not AuditEntry.objects.filter(action="member.unmask").exists()


def test_reveal_outside_the_scope_does_not_exist(login, reg):
    _grant_unmask(reg.outsider)
    assert login(reg.outsider).post(reverse("member_reveal", args=[reg.member.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="member.unmask").exists()


def test_reveal_requires_post(login, reg):
    _grant_unmask(reg.unit_admin)
    assert login(reg.unit_admin).get(reverse("member_reveal", args=[reg.member.pk])).status_code == 405


def test_member_count_is_capped_for_huge_scopes(login, reg, monkeypatch):
    from dangjian.lib import paging
    monkeypatch.setattr(paging, "COUNT_CAP", 6)
    html = login(reg.committee).get("/members/").content.decode()
    assert "6 条以上" in html
    monkeypatch.setattr(paging, "COUNT_CAP", 1000)
    assert "共 9 条" in login(reg.committee).get("/members/").content.decode()


def test_name_search_matches_from_the_start(login, reg):
    client = login(reg.committee)
    first = reg.members_a1[0].name
    assert first in client.get("/members/", {"q": first[:3]}).content.decode()
    assert first not in client.get("/members/", {"q": first[1:]}).content.decode()


def test_export_link_only_for_those_who_may_export(login, reg):
    assert "导出 Excel" in login(reg.unit_admin).get("/members/").content.decode()
    assert "导出 Excel" not in login(reg.member_user).get("/members/").content.decode()
