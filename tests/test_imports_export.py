from dangjian.accounts.models import Role
from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import Member

from .factories import add_members, make_user
from .test_imports_helpers import MEMBER_HEADERS, id_number, read_xlsx, upload_and_confirm


def _with_personal_data(reg):
    member = reg.members_a1[0]
    member.set_id_number(id_number(1))
    member.set_phone("13812345678")
    member.save()
    return member


def test_export_is_masked_by_default_and_audited(reg, login):
    member = _with_personal_data(reg)
    response = login(reg.committee).get("/imports/export/members.xlsx")
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    assert rows[0] == MEMBER_HEADERS
    row = next(r for r in rows if r[0] == member.name)
    assert row[2] == member.id_number_masked and "*" in row[2]
    assert row[11] == "138****5678"
    assert row[7] == "发改委第一党支部" and row[6] == "正式党员"
    entry = AuditEntry.objects.get(action="registry.export")
    assert entry.user == reg.committee and entry.changes["count"] == [None, "9"]
    assert entry.changes["unmasked"] == [None, "False"]
    assert not AuditEntry.objects.filter(action="member.unmask").exists()
    assert id_number(1) not in response.content.decode("latin-1")


def test_export_in_clear_needs_unmask_for_everything_and_is_audited_as_unmasking(reg, login):
    member = _with_personal_data(reg)
    assert login(reg.committee).get("/imports/export/members.xlsx?full=1").status_code == 403
    full_admin = make_user("gongwei2", Role.COMMITTEE_ADMIN, can_unmask=True)
    response = login(full_admin).get("/imports/export/members.xlsx?full=1")
    assert response.status_code == 200
    row = next(r for r in read_xlsx(response.content) if r[0] == member.name)
    assert row[2] == id_number(1) and row[11] == "13812345678"
    unmask = AuditEntry.objects.get(action="member.unmask")
    assert unmask.user == full_admin and unmask.changes["count"] == [None, "9"]
    assert AuditEntry.objects.get(action="registry.export", user=full_admin).changes["unmasked"] == [None, "True"]


def test_unit_level_unmask_does_not_unmask_an_export(reg, login):
    admin = make_user("unit2", Role.UNIT_ADMIN, org=reg.oc_a, can_unmask=True)
    assert login(admin).get("/imports/export/members.xlsx?full=1").status_code == 403


def test_export_covers_only_visible_members(reg, login):
    rows = read_xlsx(login(reg.outsider).get("/imports/export/members.xlsx").content)
    names = {r[0] for r in rows[1:]}
    assert names == {m.name for m in reg.members_b1}
    rows = read_xlsx(login(reg.zone_lead).get("/imports/export/members.xlsx").content)
    assert {r[0] for r in rows[1:]} == {m.name for m in reg.members_a1}


def test_export_uses_the_member_list_filters(reg, login):
    client = login(reg.committee)
    rows = read_xlsx(client.get(f"/imports/export/members.xlsx?unit={reg.unit_b.pk}").content)
    assert {r[0] for r in rows[1:]} == {m.name for m in reg.members_b1}
    target = reg.members_a1[3].name
    rows = read_xlsx(client.get(f"/imports/export/members.xlsx?branch={reg.branch_a1.pk}&q={target}").content)
    assert [r[0] for r in rows[1:]] == [target]
    assert client.get("/imports/export/members.xlsx?unit=abc").status_code == 400
    assert "筛选条件无效" in client.get("/imports/export/members.xlsx?status=x").content.decode()


def test_outsider_cannot_filter_on_another_units_objects(reg, login):
    client = login(reg.outsider)
    response = client.get(f"/imports/export/members.xlsx?branch={reg.branch_a1.pk}")
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="registry.export").exists()


def test_formula_like_text_is_neutralised(reg, login):
    member = reg.members_a1[0]
    member.post = "=HYPERLINK(\"http://x\",\"点我\")"
    member.ethnicity = "+汉族"
    member.save()
    response = login(reg.committee).get("/imports/export/members.xlsx")
    row = next(r for r in read_xlsx(response.content) if r[0] == member.name)
    assert row[10] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert row[3] == "'+汉族"
    assert "<f>" not in response.content.decode("latin-1")


def test_an_export_imports_back_without_changes(reg, login):
    _with_personal_data(reg)
    client = login(reg.unit_admin)
    data = client.get("/imports/export/members.xlsx").content
    _, confirm = upload_and_confirm(client, "members", data)
    assert confirm.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 5)
    assert Member.objects.count() == 9


def test_orgs_and_units_export_reimports_unchanged(reg, login):
    client = login(reg.committee)
    for kind, expected in (("orgs", 5), ("units", 2)):
        data = client.get(f"/imports/export/{kind}.xlsx").content
        _, confirm = upload_and_confirm(client, kind, data)
        assert confirm.status_code == 302
        batch = ImportBatch.objects.filter(kind=kind).get()
        assert (batch.created, batch.updated, batch.unchanged) == (0, 0, expected), kind


def test_separated_admins_and_members_cannot_export(reg, login):
    for user in (reg.auditor, reg.sysadmin, reg.member_user):
        assert login(user).get("/imports/export/members.xlsx").status_code == 403


def test_export_makes_a_constant_number_of_queries(reg, login, count_queries):
    client = login(reg.committee)
    client.get("/imports/export/members.xlsx")
    small = count_queries(lambda: client.get("/imports/export/members.xlsx"))
    add_members(reg.branch_a2, 30)
    large = count_queries(lambda: client.get("/imports/export/members.xlsx"))
    assert small == large
