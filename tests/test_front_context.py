from django.urls import reverse


def _labels(client):
    return [item["label"] for item in client.get(reverse("home")).context["nav_items"]]


def test_anonymous_gets_no_menu(client, db):
    assert client.get(reverse("login")).context["nav_items"] == []


def test_committee_menu(login, reg):
    labels = _labels(login(reg.committee))
    for label in ("首页", "组织树", "协作区", "单位", "党支部", "党员", "县区机关工委", "系统配置"):
        assert label in labels
    assert "审计日志" not in labels and "账号安全" not in labels


def test_department_menu_has_no_configuration(login, reg):
    labels = _labels(login(reg.dept))
    assert "县区机关工委" in labels and "系统配置" not in labels


def test_secretary_and_member_menus(login, reg):
    labels = _labels(login(reg.secretary))
    assert "组织树" in labels and "县区机关工委" not in labels and "系统配置" not in labels
    labels = _labels(login(reg.member_user))
    assert "党员" in labels and "单位" not in labels and "协作区" not in labels


def test_separated_admin_menus(login, reg):
    assert _labels(login(reg.auditor)) == ["首页", "审计日志"]
    assert _labels(login(reg.security)) == ["首页", "账号安全"]
    assert _labels(login(reg.sysadmin)) == ["首页", "系统配置"]


def test_current_page_is_marked(login, reg):
    items = login(reg.committee).get(reverse("member_list")).context["nav_items"]
    assert [i["label"] for i in items if i["active"]] == ["党员"]
