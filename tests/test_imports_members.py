from datetime import date

import pytest

from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch
from dangjian.lib import crypto
from dangjian.orgs.models import Member, MemberTransfer

from .test_imports_helpers import (id_number, member_row, members_xlsx, post_upload,
                                   upload_and_confirm)


def test_it_imports_new_members_after_confirmation(reg, login):
    client = login(reg.unit_admin)
    data = members_xlsx([
        member_row("王小明", id_no=id_number(1)),
        member_row("李华", gender="女", id_no=id_number(2), branch="发改委第二党支部", phone=""),
        member_row("赵六", id_no="", status="预备党员", full="", joined="2024-01-15"),
    ])
    response = post_upload(client, "members", data)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (3, 3, 0, 0)
    assert not Member.objects.filter(name="王小明").exists()       # nothing before confirming
    page = client.get(response["Location"])
    assert "确认导入" in page.content.decode()

    confirm = client.post(response["Location"] + "confirm/")
    assert confirm.status_code == 302
    wang = Member.objects.get(name="王小明")
    assert wang.branch == reg.branch_a1 and wang.status == "full" and wang.gender == "M"
    assert wang.reveal_id_number() == id_number(1)
    assert wang.id_number_hash == crypto.keyed_hash(id_number(1))
    assert wang.id_number_masked == id_number(1)[:3] + "*" * 11 + id_number(1)[-4:]
    assert wang.reveal_phone() == "13812345678" and wang.phone_masked == "138****5678"
    assert wang.joined_on == date(2008, 7, 1) and wang.full_on == date(2009, 7, 1)
    assert Member.objects.get(name="李华").branch == reg.branch_a2
    assert Member.objects.get(name="赵六").status == "probationary"
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.file_enc == ""


def test_applied_import_is_audited_with_counts_and_no_personal_data(reg, login):
    client = login(reg.unit_admin)
    upload_and_confirm(client, "members", members_xlsx([member_row(id_no=id_number(1))]))
    entry = AuditEntry.objects.get(action="registry.import")
    assert entry.user == reg.unit_admin
    assert entry.changes["created"] == [None, "1"]
    assert entry.changes["kind"] == [None, "members"]
    dumped = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert id_number(1) not in dumped and "13812345678" not in dumped


def test_errors_are_listed_by_excel_row_and_column(reg, login):
    client = login(reg.unit_admin)
    bad_id = id_number(3)[:17] + ("0" if id_number(3)[17] != "0" else "1")
    data = members_xlsx([
        member_row("甲", id_no=id_number(1)),                                   # row 2: fine
        member_row("乙", id_no=id_number(2), joined="2012-01-01", full="2010-01-01"),   # row 3
        member_row("丙", id_no=bad_id),                                          # row 4
        member_row("丁", id_no=id_number(4), phone="12345"),                     # row 5
        member_row("戊", id_no=id_number(5), branch="不存在的党支部"),            # row 6
        member_row("己", id_no=id_number(6), status="预备党员"),                  # row 7: has full date
        member_row("庚", id_no=id_number(7), gender="未知", birth="2099-01-01"),  # row 8
        member_row("辛", id_no=id_number(1)),                                    # row 9: same ID as row 2
    ])
    response = post_upload(client, "members", data)
    assert response.status_code == 400
    text = response.content.decode()
    for message in ["第3行 入党日期：晚于转正日期", "第4行 公民身份号码：校验码不正确",
                    "第5行 联系电话：应为以1开头的11位手机号码", "第6行 所在党支部：未找到或无权限",
                    "第7行 转正日期：预备党员不应填写转正日期", "第8行 性别：应为男、女之一",
                    "第8行 出生日期：晚于今天", "第9行 公民身份号码：与第2行重复"]:
        assert message in text, message
    assert "第2行" not in text.replace("与第2行", "")
    assert not ImportBatch.objects.exists()
    assert not Member.objects.filter(name="甲").exists()


def test_one_bad_row_among_good_ones_writes_nothing(reg, login):
    client = login(reg.committee)
    rows = [member_row(f"党员{i}", id_no=id_number(i)) for i in range(1, 20)]
    rows.insert(10, member_row("坏行", id_no=id_number(50), joined="1970-01-01"))   # before birth
    response = post_upload(client, "members", members_xlsx(rows))
    assert response.status_code == 400
    assert "第12行 入党日期：早于出生日期" in response.content.decode()
    assert Member.objects.count() == 9
    assert not ImportBatch.objects.exists()


def test_confirm_revalidates_and_writes_nothing_when_the_registry_changed(reg, login):
    client = login(reg.unit_admin)
    data = members_xlsx([member_row("甲", id_no=id_number(1)), member_row("乙", id_no=id_number(2))])
    response = post_upload(client, "members", data)
    # Meanwhile someone registers 乙's ID number in another unit the unit admin cannot write.
    other = Member(branch=reg.branch_b1, name="乙", gender="M", status="full")
    other.set_id_number(id_number(2))
    other.save()
    confirm = client.post(response["Location"] + "confirm/")
    assert confirm.status_code == 400
    assert "第3行 公民身份号码：该党员已在其他党组织登记" in confirm.content.decode()
    assert not Member.objects.filter(name="甲").exists()
    assert ImportBatch.objects.get().status == "validated"


def test_a_failure_while_writing_rolls_everything_back(reg, login, monkeypatch):
    client = login(reg.unit_admin)
    existing = reg.members_a1[1]
    data = members_xlsx([member_row("甲", id_no=id_number(1)),
                         member_row(existing.name, birth="1980-01-01", branch="发改委第二党支部",
                                    joined="2005-07-01", full="2006-07-01")])
    response = post_upload(client, "members", data)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(MemberTransfer.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        client.post(response["Location"] + "confirm/")
    assert not Member.objects.filter(name="甲").exists()
    existing.refresh_from_db()
    assert existing.branch == reg.branch_a1


def test_reimporting_the_same_file_creates_no_duplicates(reg, login):
    client = login(reg.unit_admin)
    rows = [member_row("甲", id_no=id_number(1)), member_row("乙", id_no="", birth="1990-02-02")]
    upload_and_confirm(client, "members", members_xlsx(rows))
    before = Member.objects.count()
    response, _ = upload_and_confirm(client, "members", members_xlsx(rows))
    batch = ImportBatch.objects.filter(status="applied").order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 2)
    assert Member.objects.count() == before

    rows[0][10] = "副处长"      # 工作岗位 changes
    rows[1][11] = "13900001111"  # phone changes for the member matched on name, branch and birth date
    upload_and_confirm(client, "members", members_xlsx(rows))
    batch = ImportBatch.objects.filter(status="applied").order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 2, 0)
    assert Member.objects.count() == before
    assert Member.objects.get(name="甲").post == "副处长"
    assert Member.objects.get(name="乙").reveal_phone() == "13900001111"


def test_an_id_number_added_later_updates_the_member_found_by_name(reg, login):
    client = login(reg.unit_admin)
    existing = reg.members_a1[2]      # no ID number yet; born 1980-01-01
    row = member_row(existing.name, id_no=id_number(9), birth="1980-01-01", joined="2005-07-01",
                     full="2006-07-01", gender="男" if existing.gender == "M" else "女")
    upload_and_confirm(client, "members", members_xlsx([row]))
    existing.refresh_from_db()
    assert existing.reveal_id_number() == id_number(9)
    assert Member.objects.filter(name=existing.name).count() == 1


def test_a_member_moved_to_another_branch_is_transferred_with_history(reg, login):
    client = login(reg.unit_admin)
    upload_and_confirm(client, "members", members_xlsx([member_row("甲", id_no=id_number(1))]))
    upload_and_confirm(client, "members", members_xlsx([member_row("甲", id_no=id_number(1),
                                                                   branch="发改委第二党支部")]))
    member = Member.objects.get(name="甲")
    assert member.branch == reg.branch_a2
    transfer = MemberTransfer.objects.get(member=member)
    assert (transfer.from_branch, transfer.to_branch, transfer.by) == (reg.branch_a1, reg.branch_a2,
                                                                      reg.unit_admin)


def test_lenient_cells_are_accepted(reg, login):
    """Full-width digits, the four date spellings, Excel serials and stray spaces."""
    client = login(reg.unit_admin)
    wide_id = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in id_number(1))
    rows = [
        member_row("\u3000张 三 ", id_no=f" {wide_id} ", birth="1985.3.15", joined="2008年7月1日",
                   full="2009/07/01", phone="１３８ 1234 5678", branch=" 发改委第一党支部\u00a0"),
        member_row("李四", id_no=id_number(2), birth="19850315", joined=39630, full=date(2009, 7, 1),
                   gender=" 女 "),
    ]
    response, confirm = upload_and_confirm(client, "members", members_xlsx(rows))
    assert confirm.status_code == 302
    zhang = Member.objects.get(name="张三")
    assert zhang.reveal_id_number() == id_number(1)
    assert (zhang.birth_date, zhang.joined_on, zhang.full_on) == (date(1985, 3, 15), date(2008, 7, 1),
                                                                  date(2009, 7, 1))
    assert zhang.reveal_phone() == "13812345678"
    li = Member.objects.get(name="李四")
    assert li.joined_on == date(2008, 7, 1) and li.gender == "F"


def test_unit_admin_cannot_import_into_another_unit(reg, login):
    client = login(reg.unit_admin)
    response = post_upload(client, "members", members_xlsx([member_row(branch="财政局第一党支部",
                                                                       id_no=id_number(1))]))
    assert response.status_code == 400
    assert "第2行 所在党支部：未找到或无权限" in response.content.decode()
    assert not Member.objects.filter(name="王小明").exists()


def test_secretary_imports_only_into_own_branch(reg, login):
    client = login(reg.secretary)
    response = post_upload(client, "members", members_xlsx([
        member_row("甲", id_no=id_number(1)), member_row("乙", id_no=id_number(2), branch="发改委第二党支部")]))
    assert response.status_code == 400
    assert "第3行 所在党支部：未找到或无权限" in response.content.decode()


def test_a_masked_export_imports_back_unchanged(reg, login):
    client = login(reg.unit_admin)
    upload_and_confirm(client, "members", members_xlsx([member_row("甲", id_no=id_number(1))]))
    masked = Member.objects.get(name="甲")
    row = member_row("甲", id_no=masked.id_number_masked, phone=masked.phone_masked)
    upload_and_confirm(client, "members", members_xlsx([row]))
    batch = ImportBatch.objects.order_by("-id").first()
    assert (batch.status, batch.created, batch.updated, batch.unchanged) == ("applied", 0, 0, 1)
    masked.refresh_from_db()
    assert masked.reveal_id_number() == id_number(1)


def test_a_masked_number_cannot_create_a_member(reg, login):
    client = login(reg.unit_admin)
    response = post_upload(client, "members", members_xlsx([member_row("新人", id_no="110***********1234")]))
    assert response.status_code == 400
    assert "第2行 公民身份号码：打码的号码不能用于新增党员" in response.content.decode()


def test_planning_makes_a_constant_number_of_queries(reg, count_queries):
    from dangjian.imports.apply import import_validate

    def rows(n):
        return members_xlsx([member_row(f"党员{i}", id_no=id_number(i),
                                        branch="发改委第一党支部" if i % 2 else "发改委第二党支部")
                             for i in range(n)])
    small, large = rows(5), rows(60)
    import_validate(user=reg.unit_admin, kind="members", data=small)   # the user's scope is cached
    n_small = count_queries(lambda: import_validate(user=reg.unit_admin, kind="members", data=small))
    n_large = count_queries(lambda: import_validate(user=reg.unit_admin, kind="members", data=large))
    assert n_small == n_large


def test_many_rows_changing_to_the_same_value_are_all_updated(reg, login):
    client = login(reg.unit_admin)
    rows = [member_row(f"党员{i}", id_no=id_number(i), phone=f"1390000{i:04d}") for i in range(30)]
    upload_and_confirm(client, "members", members_xlsx(rows))
    for i, row in enumerate(rows):
        row[10] = "主任科员"                       # the same new post for all: one grouped UPDATE
        row[11] = f"1370000{i:04d}"               # a different new phone each
    upload_and_confirm(client, "members", members_xlsx(rows))
    batch = ImportBatch.objects.order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 30, 0)
    imported = Member.objects.filter(name__startswith="党员", id_number_hash__gt="")
    assert imported.count() == 30
    assert set(imported.values_list("post", flat=True)) == {"主任科员"}
    assert sorted(m.reveal_phone() for m in imported) == [f"1370000{i:04d}" for i in range(30)]
