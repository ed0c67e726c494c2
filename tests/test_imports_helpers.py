"""Shared builders for the import tests: real .xlsx files made with openpyxl."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from dangjian.lib.excel import id_check_char

MEMBER_HEADERS = ["姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部",
                  "入党日期", "转正日期", "工作岗位", "联系电话"]
ORG_HEADERS = ["党组织名称", "党组织类别", "上级党组织", "所在单位", "书记", "成立日期", "本届任期开始",
               "本届任期届满", "是否设支部委员会"]
UNIT_HEADERS = ["单位名称", "简称", "单位类别", "党建协作区"]


def id_number(n: int, birth="19850315") -> str:
    first17 = f"110105{birth}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def xlsx(headers, rows, title="Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload_file(data: bytes, name="导入.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def member_row(name="王小明", gender="男", id_no="", birth="1985-03-15", status="正式党员",
               branch="发改委第一党支部", joined="2008-07-01", full="2009-07-01", post="科员",
               phone="13812345678", ethnicity="汉族", education="大学本科"):
    return [name, gender, id_no, ethnicity, birth, education, status, branch, joined, full, post, phone]


def members_xlsx(rows) -> bytes:
    return xlsx(MEMBER_HEADERS, rows, title="党员")


def read_xlsx(data: bytes, sheet=0):
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def post_upload(client, kind, data, name="导入.xlsx"):
    return client.post("/imports/upload/", {"kind": kind, "file": upload_file(data, name)})


def upload_and_confirm(client, kind, data):
    """Upload, follow to the batch page and confirm; return (upload response, confirm response)."""
    response = post_upload(client, kind, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    confirm = client.post(response["Location"] + "confirm/")
    return response, confirm
