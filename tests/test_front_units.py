from django.urls import reverse

from dangjian.orgs.models import CountyCommittee, UnitCategory


def test_it_requires_login(client, reg):
    urls = [reverse("zone_list"), reverse("zone_detail", args=[reg.zone_a.pk]), reverse("unit_list"),
            reverse("unit_detail", args=[reg.unit_a.pk]), reverse("county_committee_list")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_zone_list_shows_only_visible_zones(login, reg):
    html = login(reg.committee).get(reverse("zone_list")).content.decode()
    assert "第一协作区" in html and "第二协作区" in html
    html = login(reg.unit_admin).get(reverse("zone_list")).content.decode()
    assert "第一协作区" in html and "第二协作区" not in html


def test_separated_admins_cannot_list_zones_or_units(login, reg):
    for name in ("zone_list", "unit_list"):
        assert login(reg.sysadmin).get(reverse(name)).status_code == 403


def test_zone_detail_shows_lead_unit_rules_and_units(login, reg):
    reg.zone_a.rules = "每季度轮流牵头开展一次联学活动"
    reg.zone_a.save()
    html = login(reg.zone_lead).get(reverse("zone_detail", args=[reg.zone_a.pk])).content.decode()
    assert "每季度轮流牵头开展一次联学活动" in html
    assert "牵头" in html and "市发展和改革委员会" in html
    assert "市财政局" not in html


def test_zone_outside_the_scope_does_not_exist(login, reg):
    assert login(reg.outsider).get(reverse("zone_detail", args=[reg.zone_a.pk])).status_code == 404
    assert login(reg.zone_lead).get(reverse("zone_detail", args=[reg.zone_b.pk])).status_code == 404


def test_unit_list_filters_by_category_zone_and_name(login, reg):
    other = UnitCategory.objects.create(name="事业单位")
    reg.unit_b.category = other
    reg.unit_b.save()
    client = login(reg.dept)
    html = client.get(reverse("unit_list"), {"category": other.pk}).content.decode()
    assert "市财政局" in html and "市发展和改革委员会" not in html
    html = client.get(reverse("unit_list"), {"zone": reg.zone_a.pk}).content.decode()
    assert "市发展和改革委员会" in html and "市财政局" not in html
    html = client.get(reverse("unit_list"), {"q": "发改"}).content.decode()
    assert "市发展和改革委员会" in html and "市财政局" not in html


def test_unit_list_counts_branches_and_members(login, reg):
    response = login(reg.committee).get(reverse("unit_list"), {"q": "发展和改革"})
    unit = response.context["page"][0]
    assert (unit.branch_count, unit.member_count) == (2, 5)


def test_unit_list_rejects_a_bad_filter_with_a_message(login, reg):
    response = login(reg.committee).get(reverse("unit_list"), {"category": "abc"})
    assert response.status_code == 400
    assert "筛选条件有误" in response.content.decode()


def test_unit_list_cannot_filter_by_a_zone_outside_the_scope(login, reg):
    response = login(reg.unit_admin).get(reverse("unit_list"), {"zone": reg.zone_b.pk})
    assert response.status_code == 400
    assert "市财政局" not in response.content.decode()


def test_unit_detail_shows_orgs_with_counts_and_warnings(login, reg):
    response = login(reg.unit_admin).get(reverse("unit_detail", args=[reg.unit_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "市发改委机关党委" in html and "发改委第一党支部" in html
    assert "5（5）" in html
    assert "正式党员不足 3 人" in html  # branch A2


def test_unit_outside_the_scope_does_not_exist(login, reg):
    assert login(reg.outsider).get(reverse("unit_detail", args=[reg.unit_a.pk])).status_code == 404
    assert login(reg.member_user).get(reverse("unit_detail", args=[reg.unit_b.pk])).status_code == 404


def test_county_committees_for_committee_and_departments_only(login, reg):
    CountyCommittee.objects.create(name="某县机关工委", contact="张三")
    for user in (reg.committee, reg.dept):
        response = login(user).get(reverse("county_committee_list"))
        assert response.status_code == 200 and "某县机关工委" in response.content.decode()
    for user in (reg.zone_lead, reg.unit_admin, reg.secretary, reg.sysadmin):
        assert login(user).get(reverse("county_committee_list")).status_code == 403


def test_unit_list_query_count_does_not_grow(login, reg, count_queries):
    from .test_front_tree import add_units

    client = login(reg.committee)
    url = reverse("unit_list")
    client.get(url)
    add_units(reg, 1)
    small = count_queries(lambda: client.get(url))
    add_units(reg, 12)
    large = count_queries(lambda: client.get(url))
    assert small == large
