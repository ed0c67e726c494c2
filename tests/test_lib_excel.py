from datetime import date, datetime

import pytest

from dangjian.lib import excel
from dangjian.lib.excel import CellError


def valid_id(first17="11010519491231002"):
    return first17 + excel.id_check_char(first17)


class TestNormalizeText:
    def test_it_strips_full_width_space_and_nbsp(self):
        assert excel.normalize_text("\u3000张三\u00a0 ") == "张三"

    def test_it_drops_spaces_between_chinese_characters(self):
        assert excel.normalize_text("张 三") == "张三"
        assert excel.normalize_text("Mary  Smith") == "Mary Smith"

    def test_it_turns_full_width_digits_and_letters_to_ascii(self):
        assert excel.normalize_text("１３８ＡＢｃ") == "138ABc"

    def test_it_keeps_full_width_punctuation(self):
        assert excel.normalize_text("市委（工委）") == "市委（工委）"

    def test_it_removes_zero_width_characters(self):
        assert excel.normalize_text("\ufeff党支部\u200b") == "党支部"

    def test_it_reads_numbers_without_trailing_zero(self):
        assert excel.normalize_text(13812345678.0) == "13812345678"
        assert excel.normalize_text(None) == ""

    def test_it_removes_the_quote_our_export_added(self):
        assert excel.normalize_text("'=SUM(A1)") == "=SUM(A1)"
        assert excel.normalize_text("'普通文本") == "'普通文本"


class TestParseDate:
    @pytest.mark.parametrize("text", ["2024.6.1", "2024年6月1日", "2024/06/01", "2024-06-01", "20240601",
                                      "２０２４-０６-０１", " 2024.06.01 ", "2024-06-01 00:00:00", "2024年6月1"])
    def test_it_reads_the_accepted_spellings(self, text):
        assert excel.parse_date(text) == date(2024, 6, 1)

    def test_it_reads_date_and_datetime_objects(self):
        assert excel.parse_date(datetime(2024, 6, 1, 8, 30)) == date(2024, 6, 1)
        assert excel.parse_date(date(2024, 6, 1)) == date(2024, 6, 1)

    def test_it_reads_excel_serial_numbers(self):
        assert excel.parse_date(45444) == date(2024, 6, 1)
        assert excel.parse_date(45444.75) == date(2024, 6, 1)
        assert excel.parse_date("45444") == date(2024, 6, 1)

    def test_it_reads_yyyymmdd_typed_as_a_number(self):
        assert excel.parse_date(20240601) == date(2024, 6, 1)

    def test_blank_is_none(self):
        assert excel.parse_date("") is None
        assert excel.parse_date(None) is None
        assert excel.parse_date("\u3000") is None

    @pytest.mark.parametrize("value", ["2024-13-01", "2023.2.29", "明天", "2024.6", -5, True])
    def test_it_refuses_what_is_not_a_date(self, value):
        with pytest.raises(CellError) as err:
            excel.parse_date(value)
        assert "日期" in str(err.value)


class TestChoices:
    def test_gender(self):
        assert excel.parse_gender("男") == "M"
        assert excel.parse_gender(" 女性 ") == "F"
        with pytest.raises(CellError, match="男、女"):
            excel.parse_gender("未知")
        with pytest.raises(CellError, match="必填"):
            excel.parse_gender("")

    def test_member_status(self):
        assert excel.parse_member_status("正式党员") == "full"
        assert excel.parse_member_status("预备党员\u3000") == "probationary"
        with pytest.raises(CellError, match="正式党员、预备党员"):
            excel.parse_member_status("积极分子")

    def test_yes_no(self):
        assert excel.parse_yes_no("是") is True
        assert excel.parse_yes_no("否") is False
        assert excel.parse_yes_no(None) is False
        with pytest.raises(CellError):
            excel.parse_yes_no("也许")


class TestIdNumber:
    def test_it_accepts_a_valid_number_and_upper_cases_x(self):
        assert excel.parse_id_number(valid_id()) == valid_id()
        first17 = next(f"110101199003071{n:02d}" for n in range(100)
                       if excel.id_check_char(f"110101199003071{n:02d}") == "X")
        x_id = first17 + "X"
        assert excel.parse_id_number(x_id.lower()) == x_id

    def test_it_accepts_full_width_digits_and_spaces(self):
        number = valid_id()
        wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
        assert excel.parse_id_number(f" {wide}\u3000") == number

    def test_blank_is_empty(self):
        assert excel.parse_id_number(None) == ""

    def test_wrong_checksum_is_refused_in_chinese(self):
        number = valid_id()
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        with pytest.raises(CellError, match="校验码不正确"):
            excel.parse_id_number(wrong)

    def test_wrong_length_is_refused(self):
        with pytest.raises(CellError, match="18位"):
            excel.parse_id_number("11010519491231002")

    def test_impossible_birth_date_is_refused(self):
        first17 = "11010519491331002"
        with pytest.raises(CellError, match="出生日期码"):
            excel.parse_id_number(first17 + excel.id_check_char(first17))

    def test_a_number_cell_is_refused_because_digits_are_lost(self):
        with pytest.raises(CellError, match="文本格式"):
            excel.parse_id_number(110105194912310021)
        with pytest.raises(CellError, match="文本格式"):
            excel.parse_id_number(1.10105194912310e17)


class TestPhone:
    def test_it_accepts_eleven_digits_from_text_or_number(self):
        assert excel.parse_phone("138 1234 5678") == "13812345678"
        assert excel.parse_phone(13812345678) == "13812345678"
        assert excel.parse_phone("１３８１２３４５６７８") == "13812345678"
        assert excel.parse_phone("+86 138-1234-5678") == "13812345678"

    @pytest.mark.parametrize("value", ["0531-8888888", "2381234567", "1381234567", "138123456789"])
    def test_it_refuses_other_numbers(self, value):
        with pytest.raises(CellError, match="11位"):
            excel.parse_phone(value)


class TestNeutralize:
    @pytest.mark.parametrize("value", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"])
    def test_formula_like_text_gets_a_quote(self, value):
        assert excel.neutralize(value) == "'" + value

    def test_other_values_are_unchanged(self):
        assert excel.neutralize("张三") == "张三"
        assert excel.neutralize(5) == 5
        assert excel.neutralize(date(2024, 1, 1)) == date(2024, 1, 1)
        assert excel.neutralize(None) is None
