from datetime import date

from django.urls import reverse

from dangjian.front.views.tree import EXPAND_UP_TO_UNITS
from dangjian.orgs.models import OrgType, Unit
from dangjian.orgs.services import org_create

from .factories import add_members


def add_units(reg, n):
    """n more units in zone A, each with an organ committee and one branch of 3 members."""
    start = Unit.objects.count()
    for i in range(start, start + n):
        unit = Unit.objects.create(name=f"测试单位{i}", category=reg.category, zone=reg.zone_a)
        oc = org_create(user=None, name=f"测试单位{i}机关党委", type=OrgType.ORGAN_COMMITTEE, unit=unit)
        branch = org_create(user=None, name=f"测试单位{i}党支部", type=OrgType.BRANCH, parent=oc,
                            term_start=date(2024, 1, 1))
        add_members(branch, 3)


def add_branches(parent, n):
    for i in range(n):
        branch = org_create(user=None, name=f"{parent.name}加设支部{i}", type=OrgType.BRANCH, parent=parent)
        add_members(branch, 2)


def test_it_requires_login(client, reg):
    for url in (reverse("org_tree"), reverse("org_children", args=[reg.oc_a.pk]),
                reverse("org_tree") + f"?unit={reg.unit_a.pk}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_committee_sees_zones_units_and_top_orgs(login, reg):
    response = login(reg.committee).get(reverse("org_tree"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("第一协作区", "第二协作区", "市发展和改革委员会", "市财政局", "市发改委机关党委", "市财政局机关党委"):
        assert text in html
    # children are not rendered until asked for
    assert "发改委第一党支部" not in html
    assert reverse("org_children", args=[reg.oc_a.pk]) in html


def test_secretary_tree_starts_at_own_branch(login, reg):
    html = login(reg.secretary).get(reverse("org_tree")).content.decode()
    assert "发改委第一党支部" in html
    assert "市发改委机关党委" not in html
    assert "市财政局" not in html
    assert "第二协作区" not in html


def test_children_partial_lists_children_as_a_list(login, reg):
    response = login(reg.unit_admin).get(reverse("org_children", args=[reg.oc_a.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith("<ul>") and "<html" not in html
    assert "发改委第一党支部" in html and "发改委第二党支部" in html
    assert "正式党员不足" in html  # branch A2 has no members


def test_children_of_an_org_outside_the_scope_do_not_exist(login, reg):
    assert login(reg.outsider).get(reverse("org_children", args=[reg.oc_a.pk])).status_code == 404
    assert login(reg.secretary).get(reverse("org_children", args=[reg.oc_a.pk])).status_code == 404


def test_separated_admins_have_no_tree(login, reg):
    for user in (reg.sysadmin, reg.auditor, reg.security):
        assert login(user).get(reverse("org_tree")).status_code == 403


def test_search_returns_flat_list_with_units(login, reg):
    html = login(reg.committee).get(reverse("org_tree"), {"q": "第一党支部"}).content.decode()
    assert "发改委第一党支部" in html and "财政局第一党支部" in html
    assert "市发展和改革委员会" in html and "市财政局" in html
    assert "发改委第二党支部" not in html


def test_search_stays_inside_the_scope(login, reg):
    html = login(reg.unit_admin).get(reverse("org_tree"), {"q": "党支部"}).content.decode()
    assert "发改委第一党支部" in html
    assert "财政局第一党支部" not in html


def test_htmx_search_returns_only_the_results(login, reg):
    response = login(reg.committee).get(reverse("org_tree"), {"q": "财政"},
                                        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tree-body")
    html = response.content.decode()
    assert "<html" not in html and 'id="tree-body"' in html
    assert "财政局第一党支部" in html


def test_search_without_results_says_so(login, reg):
    html = login(reg.committee).get(reverse("org_tree"), {"q": "不存在的名字"}).content.decode()
    assert "没有找到" in html


def test_tree_page_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.committee)
    url = reverse("org_tree")
    client.get(url)
    add_units(reg, 1)
    small = count_queries(lambda: client.get(url))
    add_units(reg, 12)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_children_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.unit_admin)
    url = reverse("org_children", args=[reg.oc_a.pk])
    client.get(url)
    add_branches(reg.oc_a, 1)  # 3 branches
    small = count_queries(lambda: client.get(url))
    add_branches(reg.oc_a, 12)  # 15 branches
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_member_role_sees_own_branch_with_true_counts(login, reg):
    # the gatekeeper joins members for the member role; the counts must still be the branch's
    html = login(reg.member_user).get(reverse("org_tree")).content.decode()
    assert "发改委第一党支部" in html
    assert "5 名党员" in html


# ---- a large scope: unit lines whose orgs load on demand ---------------------------------

def _large(reg):
    """Enough units that the committee's tree no longer opens them all."""
    add_units(reg, EXPAND_UP_TO_UNITS)


def _unit_orgs_url(unit):
    return reverse("org_tree") + f"?unit={unit.pk}"


def test_a_large_scope_lists_units_whose_orgs_load_on_demand(login, reg):
    _large(reg)
    html = login(reg.committee).get(reverse("org_tree")).content.decode()
    for text in ("第一协作区", "第二协作区", "市发展和改革委员会", "市财政局"):
        assert text in html
    assert "市发改委机关党委" not in html and "市财政局机关党委" not in html
    assert f'hx-get="{_unit_orgs_url(reg.unit_a)}"' in html
    assert f'href="{reverse("unit_detail", args=[reg.unit_b.pk])}"' in html
    assert "<details open><summary><span class=\"node-name\">市发展和改革委员会" not in html


def test_unit_lines_escape_names(login, reg):
    _large(reg)
    Unit.objects.filter(pk=reg.unit_b.pk).update(name="<b>财政</b>")
    html = login(reg.committee).get(reverse("org_tree")).content.decode()
    assert "&lt;b&gt;财政&lt;/b&gt;" in html and "<b>财政</b>" not in html


def test_a_small_scope_opens_its_units_with_their_orgs(login, reg):
    html = login(reg.unit_admin).get(reverse("org_tree")).content.decode()
    assert '<details open><summary><span class="node-name">市发展和改革委员会' in html
    assert "市发改委机关党委" in html
    assert reverse("org_children", args=[reg.oc_a.pk]) in html
    assert "?unit=" not in html


def test_orgs_without_a_visible_unit_are_listed_in_a_large_scope(login, reg):
    _large(reg)
    org_create(user=None, name="市直属临时党委", type=OrgType.ORGAN_COMMITTEE)
    html = login(reg.committee).get(reverse("org_tree")).content.decode()
    assert "其他党组织" in html and "市直属临时党委" in html


def test_unit_orgs_are_the_tops_of_the_unit(login, reg):
    response = login(reg.committee).get(_unit_orgs_url(reg.unit_a), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith("<ul>") and "<html" not in html
    assert "市发改委机关党委" in html and reverse("org_children", args=[reg.oc_a.pk]) in html
    assert "发改委第一党支部" not in html and "市财政局机关党委" not in html


def test_unit_orgs_start_at_the_users_own_orgs(login, reg):
    html = login(reg.secretary).get(_unit_orgs_url(reg.unit_a)).content.decode()
    assert "发改委第一党支部" in html and "5 名党员" in html
    assert "市发改委机关党委" not in html and "发改委第二党支部" not in html


def test_a_unit_without_orgs_says_so(login, reg):
    unit = Unit.objects.create(name="空单位", category=reg.category, zone=reg.zone_a)
    html = login(reg.committee).get(_unit_orgs_url(unit)).content.decode()
    assert "暂无党组织" in html


def test_unit_orgs_outside_the_scope_do_not_exist(login, reg):
    assert login(reg.outsider).get(_unit_orgs_url(reg.unit_a)).status_code == 404
    assert login(reg.unit_admin).get(_unit_orgs_url(reg.unit_b)).status_code == 404
    assert login(reg.committee).get(reverse("org_tree") + "?unit=999999").status_code == 404


def test_separated_admins_get_no_unit_orgs(login, reg):
    assert login(reg.sysadmin).get(_unit_orgs_url(reg.unit_a)).status_code == 403


def test_a_bad_unit_number_is_rejected_in_chinese(login, reg):
    for bad in ("abc", "-1", "1.5", "12345678901234567890"):
        response = login(reg.committee).get(reverse("org_tree"), {"unit": bad})
        assert response.status_code == 400
        assert "单位编号不正确" in response.content.decode()


def test_large_tree_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.committee)
    url = reverse("org_tree")
    _large(reg)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    add_units(reg, 12)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_unit_orgs_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.committee)
    url = _unit_orgs_url(reg.unit_a)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for i in range(12):
        org_create(user=None, name=f"发改委直属党支部{i}", type=OrgType.BRANCH, unit=reg.unit_a)
    large = count_queries(lambda: client.get(url))
    assert small == large
    assert "发改委直属党支部11" in client.get(url).content.decode()
