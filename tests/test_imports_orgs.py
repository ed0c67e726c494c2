from datetime import date

from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import PartyOrg

from .test_imports_helpers import ORG_HEADERS, post_upload, upload_and_confirm, xlsx


def org_row(name, type="党支部", parent="市发改委机关党委", unit="", secretary="张书记", founded="2010-05-04",
            term_start="2024-01-01", term_end="", committee="否"):
    return [name, type, parent, unit, secretary, founded, term_start, term_end, committee]


def orgs_xlsx(rows):
    return xlsx(ORG_HEADERS, rows, title="党组织")


def test_committee_imports_a_new_tree_in_one_file(reg, login):
    client = login(reg.committee)
    data = orgs_xlsx([
        org_row("市统计局第一党支部", parent="市统计局机关党委"),           # child listed before its parent
        org_row("市统计局机关党委", type="机关党委", parent="", unit="市财政局", term_start="2023-03-01"),
        org_row("市统计局第二党支部", parent="市统计局机关党委", committee="是"),
    ])
    _, confirm = upload_and_confirm(client, "orgs", data)
    assert confirm.status_code == 302
    top = PartyOrg.objects.get(name="市统计局机关党委")
    first = PartyOrg.objects.get(name="市统计局第一党支部")
    second = PartyOrg.objects.get(name="市统计局第二党支部")
    assert top.parent is None and top.path == f"/{top.pk}/" and top.depth == 0
    assert top.term_end == date(2028, 2, 29)          # five years for an organ committee
    assert first.parent == top and first.path == f"/{top.pk}/{first.pk}/" and first.depth == 1
    assert first.unit == reg.unit_b                    # inherited from its parent
    assert first.term_end == date(2026, 12, 31)
    assert second.has_committee and second.type == "branch"


def test_unit_admin_adds_a_branch_under_own_committee_and_updates_an_existing_one(reg, login):
    client = login(reg.unit_admin)
    data = orgs_xlsx([
        org_row("发改委第一党支部", secretary="新书记", committee="是", term_start="2024-01-01"),
        org_row("发改委第三党支部"),
    ])
    response, confirm = upload_and_confirm(client, "orgs", data)
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.updated, batch.unchanged) == (1, 1, 0)
    reg.branch_a1.refresh_from_db()
    assert reg.branch_a1.secretary_name == "新书记"
    third = PartyOrg.objects.get(name="发改委第三党支部")
    assert third.parent == reg.oc_a and third.unit == reg.unit_a
    assert third.path.startswith(reg.oc_a.path)

    upload_and_confirm(client, "orgs", data)            # the same file again
    batch = ImportBatch.objects.order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 2)
    assert PartyOrg.objects.filter(name="发改委第三党支部").count() == 1


def test_org_rules_are_reported_by_row(reg, login):
    client = login(reg.unit_admin)
    data = orgs_xlsx([
        org_row("新支部甲", parent="发改委第一党支部"),                             # 2: under a branch
        org_row("新党委", type="机关党委", parent=""),                               # 3: top level
        org_row("新支部乙", parent="市财政局机关党委"),                              # 4: another unit
        org_row("发改委第一党支部", parent="发改委第二党支部"),                      # 5: a move
        org_row("新支部丙", type="支部"),                                            # 6: bad type
        org_row("新支部丁", term_start="2024-01-01", term_end="2023-01-01"),         # 7
        org_row("新支部戊", unit="市财政局"),                                        # 8: unit outside
        org_row("环甲", parent="环乙"), org_row("环乙", parent="环甲"),              # 9, 10: cycle
        org_row("新支部己"), org_row("新支部己"),                                    # 11, 12
    ])
    response = post_upload(client, "orgs", data)
    assert response.status_code == 400
    text = response.content.decode()
    for message in ["第2行 上级党组织：党支部下不能再设党组织",
                    "第3行 上级党组织：必填：只能在有权限的党组织之下新增",
                    "第4行 上级党组织：未找到或无权限",
                    "第5行 上级党组织：与系统中的上级党组织不同",
                    "第6行 党组织类别：应为机关党委、党总支、党支部、联合党支部、临时党支部之一",
                    "第7行 本届任期届满：早于本届任期开始",
                    "第8行 所在单位：未找到或无权限",
                    "第9行 上级党组织：上级党组织之间存在循环引用",
                    "第10行 上级党组织：上级党组织之间存在循环引用",
                    "第12行 党组织名称：与第11行重复"]:
        assert message in text, message
    assert not PartyOrg.objects.filter(name__startswith="新").exists()


def test_a_branch_with_members_cannot_become_a_committee(reg, login):
    client = login(reg.unit_admin)
    response = post_upload(client, "orgs", orgs_xlsx([org_row("发改委第一党支部", type="党总支")]))
    assert response.status_code == 400
    assert "第2行 党组织类别：该党支部有党员，不能改为非支部类型" in response.content.decode()


def test_an_existing_org_outside_scope_cannot_be_changed(reg, login):
    client = login(reg.committee)
    upload_and_confirm(client, "orgs", orgs_xlsx([org_row("财政局第一党支部", parent="市财政局机关党委",
                                                          secretary="工委改")]))
    reg.branch_b1.refresh_from_db()
    assert reg.branch_b1.secretary_name == "工委改"
    client = login(reg.unit_admin)
    response = post_upload(client, "orgs", orgs_xlsx([org_row("财政局第一党支部", parent="",
                                                              unit="市财政局")]))
    assert response.status_code == 400
    assert "第2行 所在单位：未找到或无权限" in response.content.decode()
