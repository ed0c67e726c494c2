"""Pure helpers for spreadsheet cells: normalising, parsing and neutralising (no ORM).

Parsers raise ``CellError`` with a short Chinese message; the caller adds the row and
column ("第12行 入党日期：…").
"""
import re
import unicodedata
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell value that cannot be used; ``str(err)`` is the message shown to the user."""


# Characters Excel users leave behind: full-width space, NBSP, zero-width and BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_NEEDS_WORK = re.compile(
    r"^'|[\s\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Text cells starting with these are read as formulas by spreadsheet programs (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _ascii_alnum(ch: str) -> str:
    """Full-width digits and Latin letters to ASCII; other full-width signs (（）、) stay."""
    if "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":
        return unicodedata.normalize("NFKC", ch)
    return ch


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def normalize_text(value) -> str:
    """A cell as clean text: '' for blank; spaces trimmed and collapsed; ASCII digits.

    A space between two Chinese characters is dropped ("张 三" -> "张三"): it is padding,
    never meaning. A leading quote added by our own export before a formula sign is removed,
    so an exported file imports back unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _NEEDS_WORK.search(text) is None:      # the common case: already clean
        return text
    text = text.translate(_INVISIBLE)
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        text = text[1:]
    text = "".join(_ascii_alnum(ch) for ch in text)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text)


# ---- dates -------------------------------------------------------------------------------

EXCEL_EPOCH = date(1899, 12, 30)   # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
_MAX_SERIAL = 2958465               # 9999-12-31
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def date_format_hint() -> str:
    return _("可填 2024-06-01、2024/6/1、2024.6.1、2024年6月1日 或 20240601")


def _make_date(year, month, day) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(_("不是有效日期")) from None


def _from_serial(number) -> date:
    if not 1 <= number <= _MAX_SERIAL:        # NaN too
        raise CellError(_("日期格式不正确（%(hint)s）") % {"hint": date_format_hint()})
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_date(value) -> date | None:
    """A date from any of the accepted spellings, an Excel serial number or a date object."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("日期格式不正确（%(hint)s）") % {"hint": date_format_hint()})
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 10000101 <= value <= 99991231:   # 20240601 typed as a number
            return parse_date(str(int(value)))
        return _from_serial(value)
    text = normalize_text(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _make_date(*match.groups())
    if re.fullmatch(r"\d{5}(\.\d+)?", text):     # a serial number (1927-2173) that arrived as text
        return _from_serial(float(text))
    raise CellError(_("日期格式不正确（%(hint)s）") % {"hint": date_format_hint()})


# ---- choices -----------------------------------------------------------------------------

def parse_choice(value, choices: dict, *, required=False):
    """Map a label (after normalising) to its code; ``choices`` maps label -> code."""
    text = normalize_text(value)
    if not text:
        if required:
            raise CellError(_("必填"))
        return None
    if text in choices:
        return choices[text]
    raise CellError(_("应为%(options)s之一") % {"options": "、".join(dict.fromkeys(choices))})


GENDERS = {"男": "M", "女": "F"}
MEMBER_STATUSES = {"正式党员": "full", "预备党员": "probationary"}
YES_NO = {"是": True, "否": False, "有": True, "无": False, "Y": True, "N": False,
          "1": True, "0": False, "TRUE": True, "FALSE": False}


def parse_gender(value, *, required=True):
    return parse_choice(normalize_text(value).replace("性", ""), GENDERS, required=required)


def parse_member_status(value, *, required=True):
    return parse_choice(value, MEMBER_STATUSES, required=required)


def parse_yes_no(value) -> bool:
    text = normalize_text(value).upper()
    if not text:
        return False
    if text in YES_NO:
        return YES_NO[text]
    raise CellError(_("应为“是”或“否”"))


# ---- ID numbers and phones ---------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def is_masked(value) -> bool:
    """A value exported masked ("110***********1234"): it stands for the stored one."""
    return isinstance(value, str) and "*" in value


def parse_id_number(value) -> str:
    """An 18-character citizen ID (公民身份号码), upper-case, checked per GB 11643; '' if blank."""
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        # Excel keeps 15 significant digits: the last three are already lost.
        raise CellError(_("被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新填写"))
    text = normalize_text(value).replace(" ", "").upper()
    if not text:
        return ""
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise CellError(_("应为18位（前17位为数字，末位为数字或X）"))
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise CellError(_("出生日期码无效")) from None
    if id_check_char(text[:17]) != text[17]:
        raise CellError(_("校验码不正确，请核对"))
    return text


def parse_phone(value) -> str:
    """An 11-digit mobile number starting with 1; separators dropped; '' if blank."""
    text = re.sub(r"[\s\-]", "", normalize_text(value))
    if text.startswith("+86"):
        text = text[3:]
    if not text:
        return ""
    if not re.fullmatch(r"1\d{10}", text):
        raise CellError(_("应为以1开头的11位手机号码"))
    return text


# ---- export ------------------------------------------------------------------------------

def neutralize(value):
    """Text that a spreadsheet would run as a formula gets a leading quote; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
