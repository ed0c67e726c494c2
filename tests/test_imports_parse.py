"""The fast row reader gives exactly openpyxl's data_only values, for files as openpyxl and
as Excel write them (inline strings vs a shared-string table)."""
import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from dangjian.imports.parse import FileRefused, parse_sheet
from dangjian.imports.specs import member_spec
from dangjian.imports import xlsx_rows
from dangjian.imports.xlsx_rows import iter_values

from .test_imports_helpers import MEMBER_HEADERS, xlsx


def mixed_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["text", "int", "float", "bool", "date", "datetime", "formula", "blank", "wide"])
    ws.append(["张三", 13812345678, 1.5, True, date(2024, 6, 1), datetime(2024, 6, 1, 8, 30), "=1+1", None, "x"])
    ws.append([" 带空格 ", 0, -2.25, False, date(1900, 3, 1), None, None, None, None])
    ws["C5"] = "跳过一行"
    ws["I6"] = "最后一列"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_shared_strings(data: bytes) -> bytes:
    """Rewrite inline strings into a shared-string table, as Excel and WPS save them."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    strings, index = [], {}

    def shared(match):
        ref, attrs, text = match.group("ref", "attrs", "text")
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c r="{ref}" t="s"{attrs}><v>{index[text]}</v></c>'

    pattern = r'<c r="(?P<ref>[A-Z]+\d+)" t="inlineStr"(?P<attrs>[^>]*)><is><t[^>]*>(?P<text>.*?)</t></is></c>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(pattern, shared, body.decode()).encode()
            elif item.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(item.filename, body)
        table = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
        dst.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                     f'main" count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>')
    assert strings, "nothing was rewritten"
    return out.getvalue()


def both_readers(data):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = iter_values(ws, min_row=1, max_col=9)
    assert xlsx_rows.reader_for(ws) is xlsx_rows._fast       # the fast path is the one compared
    assert rows.gi_code is xlsx_rows._fast.__code__
    fast = [(n, v) for n, v in rows if any(x is not None for x in v)]
    slow = [(n, list(v)) for n, v in enumerate(ws.iter_rows(min_row=1, max_col=9, values_only=True), start=1)
            if any(x is not None for x in v)]
    wb.close()
    return fast, slow


@pytest.mark.parametrize("shape", ["inline", "shared"])
def test_fast_reader_matches_openpyxl(shape):
    data = mixed_workbook()
    if shape == "shared":
        data = to_shared_strings(data)
    fast, slow = both_readers(data)
    assert fast == slow
    assert [n for n, _ in fast] == [1, 2, 3, 5, 6]
    assert fast[1][1][:6] == ["张三", 13812345678, 1.5, True, datetime(2024, 6, 1), datetime(2024, 6, 1, 8, 30)]


def test_a_shared_string_member_sheet_parses():
    data = to_shared_strings(xlsx(MEMBER_HEADERS, [["张三", "男", "", "汉族", "1985-03-15", "", "正式党员",
                                                     "第一党支部", "2008.7.1", "", "", ""]]))
    sheet = parse_sheet(data, member_spec())
    assert not sheet.errors
    assert sheet.rows[0].values["name"] == "张三" and sheet.rows[0].values["joined_on"] == date(2008, 7, 1)


def test_a_sheet_with_only_headers_is_refused():
    with pytest.raises(FileRefused, match="没有数据"):
        parse_sheet(xlsx(MEMBER_HEADERS, []), member_spec())


def test_a_title_line_above_the_header_is_tolerated_and_rows_keep_excel_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append(["党员信息表"])
    ws.append(MEMBER_HEADERS)
    ws.append(["张三", "男", "", "", "", "", "正式党员", "第一党支部", "", "", "", ""])
    ws.append(["李四", "外星", "", "", "", "", "正式党员", "第一党支部", "", "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    sheet = parse_sheet(out.getvalue(), member_spec())
    assert [r.row for r in sheet.rows] == [3, 4]
    assert [str(e) for e in sheet.errors] == ["第4行 性别：应为男、女之一"]


def test_the_import_reads_its_rows_with_the_fast_reader(monkeypatch):
    """parse_sheet goes through the fast reader for a real workbook (a spy on the real one)."""
    chosen = []
    real = xlsx_rows.reader_for

    def spy(ws):
        chosen.append(real(ws))
        return chosen[-1]
    monkeypatch.setattr(xlsx_rows, "reader_for", spy)
    sheet = parse_sheet(xlsx(MEMBER_HEADERS, [["张三", "男", "", "", "", "", "正式党员", "第一党支部", "", "", "", ""]]),
                        member_spec())
    assert chosen == [xlsx_rows._fast] and sheet.rows[0].values["name"] == "张三"


def test_the_fallback_reader_gives_the_same_rows():
    data = to_shared_strings(mixed_workbook())
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    fast = list(xlsx_rows._fast(ws, 1, 9))
    slow = [(n, v) for n, v in xlsx_rows._slow(ws, 1, 9) if any(x is not None for x in v)]
    wb.close()
    assert [r for r in fast if any(x is not None for x in r[1])] == slow
