from datetime import date, timedelta

from django.urls import reverse

from dangjian.lib.paging import PAGE_SIZE
from dangjian.orgs.models import OrgType, Unit
from dangjian.orgs.services import member_update, org_create, org_move, org_update

from .factories import add_members
from .test_front_tree import add_branches

ID_NUMBER = "110101198001011234"


def test_it_requires_login(client, reg):
    for url in (reverse("org_detail", args=[reg.branch_a1.pk]), reverse("branch_list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_org_outside_the_scope_does_not_exist(login, reg):
    assert login(reg.outsider).get(reverse("org_detail", args=[reg.branch_a1.pk])).status_code == 404
    assert login(reg.secretary).get(reverse("org_detail", args=[reg.oc_a.pk])).status_code == 404
    assert login(reg.auditor).get(reverse("org_detail", args=[reg.branch_a1.pk])).status_code == 404


def test_branch_page_lists_members_masked(login, reg):
    member_update(user=None, member=reg.member, id_number=ID_NUMBER, phone="13812345678")
    response = login(reg.secretary).get(reverse("org_detail", args=[reg.branch_a1.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reg.member.name in html
    assert "110***********1234" in html and "138****5678" in html
    assert ID_NUMBER not in html and "13812345678" not in html
    assert "5 人，其中正式党员 5 人" in html


def test_breadcrumbs_show_only_visible_ancestors(login, reg):
    html = login(reg.committee).get(reverse("org_detail", args=[reg.branch_a1.pk])).content.decode()
    assert reverse("org_detail", args=[reg.oc_a.pk]) in html
    html = login(reg.secretary).get(reverse("org_detail", args=[reg.branch_a1.pk])).content.decode()
    assert reverse("org_detail", args=[reg.oc_a.pk]) not in html


def test_term_reminder_and_warnings_are_shown(login, reg):
    org_update(user=None, org=reg.branch_a2, term_end=date.today() + timedelta(days=20))
    html = login(reg.unit_admin).get(reverse("org_detail", args=[reg.branch_a2.pk])).content.decode()
    assert "任期 30 天内届满" in html
    assert "正式党员不足 3 人" in html
    org_update(user=None, org=reg.branch_a2, term_end=date.today() - timedelta(days=1))
    html = login(reg.unit_admin).get(reverse("org_detail", args=[reg.branch_a2.pk])).content.decode()
    assert "任期已届满" in html


def test_joint_branch_shows_covered_units(login, reg):
    joint = org_create(user=None, name="联合党支部甲", type=OrgType.JOINT_BRANCH, parent=reg.oc_a,
                       covered_units=[reg.unit_a, reg.unit_b])
    html = login(reg.committee).get(reverse("org_detail", args=[joint.pk])).content.decode()
    assert "联合单位" in html and "市财政局" in html


def test_children_and_move_history(login, reg):
    general = org_create(user=None, name="发改委机关党总支", type=OrgType.GENERAL_BRANCH, parent=reg.oc_a)
    org_move(user=None, org=reg.branch_a2, new_parent=general, reason="机构调整")
    html = login(reg.unit_admin).get(reverse("org_detail", args=[general.pk])).content.decode()
    assert "发改委第二党支部" in html
    html = login(reg.unit_admin).get(reverse("org_detail", args=[reg.branch_a2.pk])).content.decode()
    assert "机构调整" in html and "发改委机关党总支" in html


def test_branch_list_shows_visible_branches_with_counts(login, reg):
    response = login(reg.committee).get(reverse("branch_list"))
    names = [org.name for org in response.context["branches"]]
    assert sorted(names) == sorted(["发改委第一党支部", "发改委第二党支部", "财政局第一党支部"])
    html = login(reg.secretary).get(reverse("branch_list")).content.decode()
    assert "发改委第一党支部" in html and "发改委第二党支部" not in html and "财政局" not in html


def test_branch_list_filters(login, reg):
    client = login(reg.committee)
    response = client.get(reverse("branch_list"), {"warnings": "on"})
    assert [o.name for o in response.context["branches"]] == ["发改委第二党支部"]
    response = client.get(reverse("branch_list"), {"unit": reg.unit_b.pk})
    assert [o.name for o in response.context["branches"]] == ["财政局第一党支部"]
    response = client.get(reverse("branch_list"), {"zone": reg.zone_a.pk})
    assert len(response.context["branches"]) == 2


def test_branch_list_rejects_a_unit_outside_the_scope(login, reg):
    response = login(reg.unit_admin).get(reverse("branch_list"), {"unit": reg.unit_b.pk})
    assert response.status_code == 400
    assert "财政局第一党支部" not in response.content.decode()


def test_branch_list_hides_dissolved_branches(login, reg):
    org_update(user=None, org=reg.branch_a2, dissolved=True)
    response = login(reg.committee).get(reverse("branch_list"))
    assert "发改委第二党支部" not in [o.name for o in response.context["branches"]]


def test_branch_list_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.committee)
    url = reverse("branch_list")
    client.get(url)
    small = count_queries(lambda: client.get(url))  # 3 branches
    add_branches(reg.oc_b, 12)  # 15 branches
    large = count_queries(lambda: client.get(url))
    assert small == large
    assert len(client.get(url).context["branches"]) == 15


def test_branch_list_with_warnings_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.unit_admin)
    url = reverse("branch_list") + "?warnings=on"
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for i in range(12):
        add_members(org_create(user=None, name=f"小支部{i}", type=OrgType.BRANCH, parent=reg.oc_a), 1)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_branch_list_filter_options_cover_the_scope_and_keep_the_choice(login, reg):
    html = login(reg.committee).get(reverse("branch_list"), {"unit": reg.unit_b.pk, "zone": reg.zone_b.pk}).content.decode()
    assert f'<option value="{reg.unit_b.pk}" selected>市财政局</option>' in html
    assert f'<option value="{reg.unit_a.pk}">市发展和改革委员会</option>' in html
    assert f'<option value="{reg.zone_b.pk}" selected>第二协作区</option>' in html
    html = login(reg.unit_admin).get(reverse("branch_list")).content.decode()
    assert "市发展和改革委员会</option>" in html and "市财政局</option>" not in html
    assert "第二协作区</option>" not in html


def test_branch_list_is_ordered_by_unit_then_tree(login, reg):
    Unit.objects.filter(pk=reg.unit_b.pk).update(sort=0)
    Unit.objects.filter(pk=reg.unit_a.pk).update(sort=1)
    response = login(reg.committee).get(reverse("branch_list"))
    assert [o.name for o in response.context["branches"]] == ["财政局第一党支部", "发改委第一党支部", "发改委第二党支部"]


def test_branch_list_pages_keep_order_and_counts(login, reg):
    add_branches(reg.oc_b, PAGE_SIZE)  # 3 + 50 branches: two pages
    client = login(reg.committee)
    first = client.get(reverse("branch_list")).context
    second = client.get(reverse("branch_list"), {"page": 2}).context
    assert first["page"].paginator.count == PAGE_SIZE + 3
    names = [o.name for o in first["branches"]] + [o.name for o in second["branches"]]
    assert len(names) == len(set(names)) == PAGE_SIZE + 3
    assert names[:2] == ["发改委第一党支部", "发改委第二党支部"]
    counts = {o.name: o.member_count for o in list(first["branches"]) + list(second["branches"])}
    assert counts["发改委第一党支部"] == 5 and counts[f"{reg.oc_b.name}加设支部{PAGE_SIZE - 1}"] == 2


def test_branch_list_pages_through_warned_branches(login, reg):
    for i in range(PAGE_SIZE + 1):
        org_create(user=None, name=f"空支部{i:02d}", type=OrgType.BRANCH, parent=reg.oc_a)
    client = login(reg.committee)
    first = client.get(reverse("branch_list"), {"warnings": "on"}).context
    assert first["page"].paginator.count == PAGE_SIZE + 2  # the new ones and branch A2
    last = client.get(reverse("branch_list"), {"warnings": "on", "page": 2}).context["branches"]
    assert len(last) == 2 and all("正式党员不足 3 人" in o.warnings for o in last)
