"""Property: whatever bytes replace part of a workbook's XML, parsing it either gives rows and
cell errors or refuses the file in Chinese; it never raises anything else (a 500 in the view)."""
import io
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian.imports.parse import FileRefused, parse_sheet
from dangjian.imports.specs import member_spec

from .test_imports_malformed import BOOK, SHEET, STRINGS, STYLES, TYPES, base, part, rebuild

CJK = re.compile(r"[\u4e00-\u9fff]")
# Bytes a crafted part is made of: XML syntax, digits, letters of references, and noise.
PIECES = st.sampled_from([b"<", b">", b"/", b'"', b"=", b"&", b";", b"!", b"-", b"r=", b"t=", b"s=", b"<v>",
                          b"</v>", b"<c ", b"<row ", b"</row>", b"<!DOCTYPE", b"&#x41;", b"e9", b"1", b"99999",
                          b"XFD", b"-1", b"NaN", b"\x00", b"\xff"])
NOISE = st.lists(st.one_of(PIECES, st.binary(max_size=6)), max_size=8).map(b"".join)


def check(data):
    try:
        sheet = parse_sheet(data, member_spec())
    except FileRefused as err:
        assert CJK.search(str(err)), str(err)
        return
    for error in sheet.errors:
        assert CJK.search(str(error))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from([SHEET, SHEET, SHEET, STRINGS, STYLES, BOOK, TYPES]),
       at=st.floats(0, 1), cut=st.integers(0, 40), noise=NOISE)
def test_a_mangled_part_never_raises_anything_but_a_refusal(name, at, cut, noise):
    body = part(name)
    start = int(at * len(body))
    check(rebuild({name: body[:start] + noise + body[start + cut:]}))


@settings(max_examples=30, deadline=None)
@given(at=st.floats(0, 1), cut=st.integers(0, 64), noise=st.binary(max_size=16))
def test_mangled_zip_bytes_never_raise_anything_but_a_refusal(at, cut, noise):
    data = base()
    start = int(at * len(data))
    check(data[:start] + noise + data[start + cut:])


def test_the_unmangled_base_parses():
    assert parse_sheet(base(), member_spec()).rows
    assert zipfile.ZipFile(io.BytesIO(base())).testzip() is None


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=12)))
def test_a_date_cell_of_any_number_or_text_is_a_date_or_a_cell_error(value):
    from datetime import date

    from dangjian.lib.excel import CellError, parse_date
    try:
        assert isinstance(parse_date(value), (date, type(None)))
    except CellError as err:
        assert CJK.search(str(err))
