"""A corpus of malformed workbooks, each posted through the real upload view by a unit admin:
every one answers 400 with a Chinese message, and nothing is written (no batch, member, org,
unit or audit entry).

Each case rewrites one part of a valid member workbook (shared strings, a date-styled cell,
a number), built once for the module; the base itself imports (the first test)."""
import io
import re
import zipfile
from datetime import date
from functools import cache

from django.test import TestCase

from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import Member, PartyOrg, Unit

from .factories import make_registry
from .test_imports_helpers import id_number, member_row, members_xlsx, post_upload
from .test_imports_parse import to_shared_strings

SHEET, STRINGS, BOOK = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"
TYPES, STYLES, BOOK_RELS = "[Content_Types].xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels"
NOT_XLSX, DAMAGED, DTD = "不是有效的 Excel 文件", "文件已损坏或结构不规范", "DTD 或实体声明"
BAD_CELL, BAD_REF, NOT_UTF8 = "单元格内容已损坏", "无效的单元格位置", "不是 UTF-8 编码"
NAME_CELL = b'<c r="A2" t="s"><v>12</v></c>'          # 王小明
BIRTH_CELL = b'<c r="E2" s="1" t="n"><v>31121</v></c>'  # 1985-03-15, date-styled
PHONE_CELL = b'<c r="L2" t="n"><v>13812345678</v></c>'
LAUGHS = ('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")


@cache
def base() -> bytes:
    rows = [member_row("王小明", id_no=id_number(1), birth=date(1985, 3, 15), phone=13812345678),
            member_row("李四", id_no=id_number(2))]
    data = to_shared_strings(members_xlsx(rows))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    assert NAME_CELL in sheet and BIRTH_CELL in sheet and PHONE_CELL in sheet, sheet
    return data


def rebuild(parts: dict, *, drop=(), add=None) -> bytes:
    """The base package with some parts replaced, dropped or added."""
    src, out = zipfile.ZipFile(io.BytesIO(base())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename not in drop:
                dst.writestr(item.filename, parts.get(item.filename, src.read(item.filename)))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def part(name) -> bytes:
    return zipfile.ZipFile(io.BytesIO(base())).read(name)


def edit(name, old: bytes, new: bytes) -> bytes:
    body = part(name)
    assert old in body, (name, old)
    return rebuild({name: body.replace(old, new, 1)})


def sheet_rows(rows_xml: bytes, after=b"") -> bytes:
    """The base sheet with other rows (and ``after``, e.g. merged cells, behind them)."""
    body = re.sub(rb"<sheetData>.*</sheetData>", lambda m: b"<sheetData>" + rows_xml + b"</sheetData>" + after,
                  part(SHEET))
    return rebuild({SHEET: body})


def cells(row: int, values) -> bytes:
    return b"".join(f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'.encode()
                    for i, v in enumerate(values) if v)


def merged_header() -> bytes:
    """姓名 merged over A1:B1 as a title would be: 性别 has no header cell of its own."""
    header = ["姓名", "", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部", "入党日期"]
    row = ["甲", "男", "", "汉族", "1985-03-15", "", "正式党员", "发改委第一党支部", "2008-07-01"]
    return sheet_rows(b'<row r="1">' + cells(1, header) + b'</row><row r="2">' + cells(2, row) + b"</row>",
                      after=b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>')


def duplicate_headers() -> bytes:
    header = ["姓名", "性别", "姓名", "人员类别", "所在党支部", "出生日期", "入党日期"]
    row = ["甲", "男", "乙", "正式党员", "发改委第一党支部", "1985-03-15", "2008-07-01"]
    return sheet_rows(b'<row r="1">' + cells(1, header) + b'</row><row r="2">' + cells(2, row) + b"</row>")


def zip_bomb() -> bytes:
    """A part that inflates to 8 MB of zeros while the directory says 100 bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("xl/media/pad.bin", b"\0" * (8 << 20))
    return set_in_both_records(out.getvalue(), "xl/media/pad.bin", 22, 24, (100).to_bytes(4, "little"))


def set_in_both_records(data: bytes, name: str, local_at: int, central_at: int, value: bytes) -> bytes:
    """Overwrite a field of a part's local header and of its central-directory entry."""
    data, raw = bytearray(data), name.encode()
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name).header_offset
    central = next(m.start() for m in re.finditer(rb"PK\x01\x02", data) if data[m.start() + 46:].startswith(raw))
    for at in (local + local_at, central + central_at):
        data[at:at + len(value)] = value
    return bytes(data)


def encrypted_entry() -> bytes:
    """The sheet's entry flagged as encrypted (traditional PKWARE encryption, bit 0)."""
    return set_in_both_records(base(), SHEET, 6, 8, b"\x09\x00")


def empty_zip() -> bytes:
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    return out.getvalue()


CASES = {
    # shared strings and cell values: a per-cell error
    "shared_string_index_out_of_range": (lambda: edit(SHEET, NAME_CELL, NAME_CELL.replace(b">12<", b">999<")),
                                         "第2行 姓名：" + BAD_CELL),
    "shared_string_index_negative": (lambda: edit(SHEET, NAME_CELL, NAME_CELL.replace(b">12<", b">-1<")),
                                     "第2行 姓名：" + BAD_CELL),
    "shared_string_index_not_a_number": (lambda: edit(SHEET, NAME_CELL, NAME_CELL.replace(b">12<", b">x<")),
                                         "第2行 姓名：" + BAD_CELL),
    "number_that_is_not_one": (lambda: edit(SHEET, BIRTH_CELL, BIRTH_CELL.replace(b">31121<", b">3l121<")),
                               "第2行 出生日期：" + BAD_CELL),
    "huge_exponent": (lambda: edit(SHEET, BIRTH_CELL, BIRTH_CELL.replace(b">31121<", b">1e999<")),
                      "第2行 出生日期：日期格式不正确"),
    "infinity_spelled_out": (lambda: edit(SHEET, BIRTH_CELL, BIRTH_CELL.replace(b">31121<", b">inf<")),
                             "第2行 出生日期：" + BAD_CELL),
    "five_thousand_digits": (lambda: edit(SHEET, PHONE_CELL, PHONE_CELL.replace(b">13812345678<", b">" + b"9" * 5000 + b"<")),
                             "第2行 联系电话：" + BAD_CELL),
    "style_id_not_a_number": (lambda: edit(SHEET, BIRTH_CELL, BIRTH_CELL.replace(b's="1"', b's="x"')),
                              "第2行 出生日期：" + BAD_CELL),
    "boolean_not_0_or_1": (lambda: edit(SHEET, NAME_CELL, b'<c r="A2" t="b"><v>7</v></c>'), "第2行 姓名：" + BAD_CELL),
    "iso_date_out_of_range": (lambda: edit(SHEET, BIRTH_CELL, b'<c r="E2" t="d"><v>2024-13-45</v></c>'),
                              "第2行 出生日期：" + BAD_CELL),
    "formula_without_cached_value": (lambda: edit(SHEET, NAME_CELL, b'<c r="A2"><f>B2&amp;"x"</f></c>'),
                                     "第2行 姓名：必填"),
    "formula_with_cached_error": (lambda: edit(SHEET, b'<c r="B2" t="s"><v>13</v></c>',
                                               b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
                                  "第2行 性别：应为男、女之一"),
    # references outside Excel's grid: the file
    "row_reference_negative": (lambda: edit(SHEET, b'<row r="2">', b'<row r="-2">'), BAD_REF),
    "row_reference_huge": (lambda: edit(SHEET, b'<row r="2">', b'<row r="99999999999999999999">'), BAD_REF),
    "row_reference_past_excel": (lambda: edit(SHEET, b'<row r="3">', b'<row r="1048577">'), BAD_REF),
    "row_reference_text": (lambda: edit(SHEET, b'<row r="2">', b'<row r="zwei">'), BAD_REF),
    "column_reference_digits_first": (lambda: edit(SHEET, b'<c r="B2"', b'<c r="2B"'), BAD_REF),
    "column_reference_lower_case": (lambda: edit(SHEET, b'<c r="B2"', b'<c r="b2"'), BAD_REF),
    "column_reference_past_xfd": (lambda: edit(SHEET, b'<c r="B2"', b'<c r="XFE2"'), BAD_REF),
    # DTDs and entities anywhere in the package
    "doctype_in_the_sheet": (lambda: edit(SHEET, b"<worksheet", b"<!DOCTYPE worksheet><worksheet"), DTD),
    "entity_bomb_in_shared_strings": (lambda: edit(STRINGS, b"<sst", LAUGHS.encode() + b"<sst"), DTD),
    "external_entity_in_the_workbook": (lambda: edit(BOOK, b"<workbook", b'<!DOCTYPE w [<!ENTITY x SYSTEM '
                                                     b'"file:///etc/passwd">]><workbook'), DTD),
    "lower_case_doctype_in_content_types": (lambda: edit(TYPES, b"<Types", b"<!doctype Types><Types"), DTD),
    "doctype_in_an_unreferenced_part": (lambda: rebuild({}, add={"customXml/item1.xml": b"<!DOCTYPE a><a/>"}), DTD),
    "utf16_sheet": (lambda: rebuild({SHEET: part(SHEET).decode().encode("utf-16")}), NOT_UTF8),
    "declared_other_encoding": (lambda: rebuild({STYLES: b'<?xml version="1.0" encoding="ISO-8859-1"?>'
                                                 + part(STYLES)}), NOT_UTF8),
    # broken parts and packages
    "truncated_sheet": (lambda: rebuild({SHEET: part(SHEET)[:len(part(SHEET)) // 2]}), DAMAGED),
    "truncated_shared_strings": (lambda: rebuild({STRINGS: part(STRINGS)[:200]}), NOT_XLSX),
    "truncated_styles": (lambda: rebuild({STYLES: part(STYLES)[:300]}), NOT_XLSX),
    "missing_sheet_part": (lambda: rebuild({}, drop={SHEET}), NOT_XLSX),
    "missing_content_types": (lambda: rebuild({}, drop={TYPES}), NOT_XLSX),
    "workbook_with_the_wrong_content_type": (lambda: edit(TYPES, b"spreadsheetml.sheet.main+xml",
                                                          b"wordprocessingml.document.main+xml"), NOT_XLSX),
    "workbook_without_sheets": (lambda: edit(BOOK, re.search(rb"<sheets>.*</sheets>", part(BOOK)).group(),
                                             b"<sheets/>"), NOT_XLSX),
    "relationship_to_a_missing_part": (lambda: edit(BOOK_RELS, b"worksheets/sheet1.xml", b"worksheets/nope.xml"),
                                       NOT_XLSX),
    "empty_zip": (empty_zip, NOT_XLSX),
    "not_a_zip": (lambda: b"\x00\x01 plainly not a workbook " * 50, NOT_XLSX),
    "zip_cut_in_half": (lambda: base()[:len(base()) // 2], NOT_XLSX),
    "encrypted_office_file": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, "已加密"),
    "encrypted_zip_entry": (encrypted_entry, "已加密"),
    "zip_bomb": (lambda: rebuild({}, add={"xl/media/pad.bin": b"\0" * (8 << 20)}), "解压后过大"),
    "zip_bomb_lying_about_its_size": (zip_bomb, DAMAGED),      # inflating stops at the claimed size
    # sheets that hold no usable table
    "sheet_with_no_rows": (lambda: sheet_rows(b""), "表头缺少必填列"),
    "header_but_no_data": (lambda: sheet_rows(re.search(rb'<row r="1">.*?</row>', part(SHEET)).group()), "没有数据"),
    "merged_header_hides_a_column": (merged_header, "表头缺少必填列：性别"),
    "duplicate_headers": (duplicate_headers, "表头中“姓名”出现了不止一次"),
}


class MalformedWorkbooks(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def setUp(self):
        self.settings_override = self.settings(IMPORT_MAX_BYTES=200 * 1024)   # the bomb's limit: 5 MB inflated
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)
        self.client.force_login(self.reg.unit_admin)

    def test_the_base_workbook_imports(self):
        response = post_upload(self.client, "members", base())
        assert response.status_code == 302, response.content.decode()[:500]

    def test_an_outsider_gets_the_same_refusal_and_nothing_is_written(self):
        self.client.force_login(self.reg.outsider)
        self.refused(CASES["entity_bomb_in_shared_strings"][0], DTD)

    def test_a_department_is_refused_before_the_file_is_read(self):
        self.client.force_login(self.reg.dept)
        written_before = self.written()
        response = post_upload(self.client, "members", CASES["entity_bomb_in_shared_strings"][0]())
        assert response.status_code == 403
        assert self.written()[:4] == written_before[:4]      # the refusal itself is audited

    def test_the_corpus_is_large_enough(self):
        assert len(CASES) >= 30

    def refused(self, build, expected):
        data = build()
        written_before = self.written()
        response = post_upload(self.client, "members", data)
        text = response.content.decode()
        assert response.status_code == 400, text[:500]
        assert expected in text, re.findall(r'role="alert">(.*?)<', text) or text[:1000]
        assert self.written() == written_before
        assert not ImportBatch.objects.exists()

    @staticmethod
    def written():
        return [model.objects.count() for model in (ImportBatch, Member, PartyOrg, Unit, AuditEntry)]


def _case_test(build, expected):
    def test(self):
        self.refused(build, expected)
    return test


for _name, (_build, _expected) in CASES.items():
    setattr(MalformedWorkbooks, f"test_{_name}_is_refused", _case_test(_build, _expected))
