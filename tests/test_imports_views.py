import io
import re
import zipfile

import pytest

from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import Member

from .test_imports_helpers import (MEMBER_HEADERS, id_number, member_row, members_xlsx, post_upload,
                                   read_xlsx, upload_and_confirm, xlsx)


def test_it_requires_login(client, db):
    for url in ["/imports/", "/imports/template/members.xlsx", "/imports/export/members.xlsx"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    response = client.post("/imports/upload/", {"kind": "members"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_upload_page_shows_the_secrecy_notice_and_templates(reg, login):
    response = login(reg.unit_admin).get("/imports/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "涉密不上网" in text
    assert "/imports/template/members.xlsx" in text
    assert "/imports/template/units.xlsx" not in text      # units are the committee's
    assert 'name="csrfmiddlewaretoken"' in text


@pytest.mark.parametrize("persona", ["dept", "zone_lead"])
def test_department_and_zone_lead_cannot_import(reg, login, persona):
    client = login(getattr(reg, persona))
    response = post_upload(client, "members", members_xlsx([member_row(id_no=id_number(1))]))
    assert response.status_code == 403
    assert client.get("/imports/template/members.xlsx").status_code == 403
    assert not Member.objects.filter(name="王小明").exists()
    page = client.get("/imports/")
    assert page.status_code == 200 and "上传并校验" not in page.content.decode()   # export only


def test_separated_admins_get_403(reg, login):
    for user in (reg.sysadmin, reg.auditor, reg.security):
        assert login(user).get("/imports/").status_code == 403


def test_template_has_the_headers_notes_and_widths(reg, login):
    response = login(reg.unit_admin).get("/imports/template/members.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    assert rows[0] == MEMBER_HEADERS
    notes = " ".join(str(c) for r in read_xlsx(response.content, sheet=1) for c in r if c)
    assert "涉密不上网" in notes and "2024年6月1日" in notes
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws.column_dimensions["C"].width >= 20
    assert ws["C1"].comment is not None and "18位" in ws["C1"].comment.text


def test_a_filled_in_template_imports(reg, login):
    client = login(reg.unit_admin)
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(client.get("/imports/template/members.xlsx").content))
    wb.worksheets[0].append(member_row("模板填写", id_no=id_number(7)))
    out = io.BytesIO()
    wb.save(out)
    _, confirm = upload_and_confirm(client, "members", out.getvalue())
    assert confirm.status_code == 302
    assert Member.objects.filter(name="模板填写").exists()


# ---- refusals: 400, a Chinese message, nothing written ----------------------------------------

def assert_refused(response, text):
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_csv_file_is_refused(reg, login):
    data = ",".join(MEMBER_HEADERS).encode("utf-8") + b"\n" + "王小明,男".encode("utf-8")
    assert_refused(post_upload(login(reg.unit_admin), "members", data, name="党员.csv"), "不是有效的 Excel 文件")


def test_a_renamed_text_file_is_refused(reg, login):
    assert_refused(post_upload(login(reg.unit_admin), "members", "这不是表格".encode(), name="党员.xlsx"),
                   "不是有效的 Excel 文件")


def test_a_zip_that_is_not_a_workbook_is_refused(reg, login):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    assert_refused(post_upload(login(reg.unit_admin), "members", out.getvalue()), "不是有效的 Excel 文件")


def test_a_file_over_the_size_limit_is_refused(reg, login, settings):
    settings.IMPORT_MAX_BYTES = 2000
    data = members_xlsx([member_row(f"党员{i}", id_no=id_number(i)) for i in range(50)])
    assert len(data) > 2000
    assert_refused(post_upload(login(reg.unit_admin), "members", data), "文件超过")
    assert not Member.objects.filter(name="党员1").exists()


def test_a_file_over_the_row_limit_is_refused(reg, login, settings):
    settings.IMPORT_MAX_ROWS = 10
    data = members_xlsx([member_row(f"党员{i}", id_no=id_number(i)) for i in range(11)])
    assert_refused(post_upload(login(reg.unit_admin), "members", data), "数据超过 10 行")


def test_the_row_limit_holds_when_the_declared_size_lies(reg, login, settings):
    """A sheet declaring 2 rows but holding 12: rows are counted while reading."""
    settings.IMPORT_MAX_ROWS = 10
    data = members_xlsx([member_row(f"党员{i}", id_no=id_number(i)) for i in range(11)])
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                # openpyxl writes '<dimension ref="A1:L12" />', or '.../>' when lxml is installed
                assert re.search(rb'<dimension ref="A1:L12" ?/>', body)
                body = re.sub(rb'<dimension ref="A1:L12" ?/>', b'<dimension ref="A1:L2" />', body)
            dst.writestr(item, body)
    assert_refused(post_upload(login(reg.unit_admin), "members", out.getvalue()), "数据超过 10 行")


def test_missing_required_headers_are_named(reg, login):
    headers = [h for h in MEMBER_HEADERS if h not in ("性别", "所在党支部")]
    data = xlsx(headers, [["王小明"] * len(headers)])
    response = post_upload(login(reg.unit_admin), "members", data)
    assert_refused(response, "表头缺少必填列：性别、所在党支部")


def test_an_empty_form_is_refused(reg, login):
    response = login(reg.unit_admin).post("/imports/upload/", {"kind": "members"})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def test_header_aliases_of_the_national_system_are_accepted(reg, login):
    headers = ["姓名", "性别", "公民身份证号", "出生日期", "党员类别", "所在党组织", "加入党组织日期",
               "转为正式党员日期", "手机号码"]
    data = xlsx(headers, [["别名导入", "男", id_number(3), "1985-03-15", "正式党员", "发改委第一党支部",
                           "2008-07-01", "2009-07-01", "13700000000"]])
    _, confirm = upload_and_confirm(login(reg.unit_admin), "members", data)
    assert confirm.status_code == 302
    assert Member.objects.get(name="别名导入").reveal_phone() == "13700000000"


# ---- batches: only the uploader, only once ------------------------------------------------------

def test_outsider_cannot_see_or_confirm_another_users_batch(reg, login):
    response = post_upload(login(reg.unit_admin), "members", members_xlsx([member_row(id_no=id_number(1))]))
    url = response["Location"]
    for user in (reg.outsider, reg.committee, reg.secretary):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url + "confirm/").status_code == 404
    assert not Member.objects.filter(name="王小明").exists()
    assert ImportBatch.objects.get().status == "validated"


def test_a_batch_cannot_be_confirmed_twice(reg, login):
    client = login(reg.unit_admin)
    response, confirm = upload_and_confirm(client, "members", members_xlsx([member_row(id_no=id_number(1))]))
    assert confirm.status_code == 302
    again = client.post(response["Location"] + "confirm/")
    assert again.status_code == 400
    assert "已导入或已作废" in again.content.decode()
    assert Member.objects.filter(name="王小明").count() == 1


def test_confirm_needs_post(reg, login):
    client = login(reg.unit_admin)
    response = post_upload(client, "members", members_xlsx([member_row(id_no=id_number(1))]))
    assert client.get(response["Location"] + "confirm/").status_code == 405


def test_a_new_upload_supersedes_the_unconfirmed_one(reg, login):
    client = login(reg.unit_admin)
    first = post_upload(client, "members", members_xlsx([member_row(id_no=id_number(1))]))
    post_upload(client, "members", members_xlsx([member_row(id_no=id_number(2))]))
    old = ImportBatch.objects.order_by("id").first()
    assert old.status == "discarded" and old.file_enc == ""
    assert client.post(first["Location"] + "confirm/").status_code == 400


def test_the_stored_file_is_encrypted(reg, login):
    post_upload(login(reg.unit_admin), "members", members_xlsx([member_row(id_no=id_number(1))]))
    batch = ImportBatch.objects.get()
    assert batch.file_enc.startswith("v1:") and id_number(1) not in batch.file_enc


def test_a_file_that_expands_too_much_is_refused(reg, login, settings):
    data = members_xlsx([member_row("甲" * 5000, id_no=id_number(i)) for i in range(300)])
    settings.IMPORT_MAX_BYTES = len(data) + 1                # the file itself is within the limit
    assert_refused(post_upload(login(reg.unit_admin), "members", data), "文件解压后过大")
