"""Column specs of the three registry sheets and the records sheet: headers, parsers, widths
and notes.

Member columns follow the headers of the national party-member information system
(全国党员管理信息系统) where it has them, and accept its common variants as aliases, so
its export can be uploaded as is.
"""
import re
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import gettext as _

from dangjian.lib import excel
from dangjian.lib.excel import CellError
from dangjian.orgs.models import OrgType
from dangjian.records.models import ActivityKind, StudyWay

from .models import ImportKind


@dataclass(frozen=True)
class Masked:
    """A masked value from a masked export: keep what is stored."""
    text: str


def text(max_length):
    def parse(value):
        out = excel.normalize_text(value)
        if len(out) > max_length:
            raise CellError(_("不能超过%(n)d个字") % {"n": max_length})
        return out
    return parse


def _id_number(value):
    return Masked(value) if excel.is_masked(value) else excel.parse_id_number(value)


def _phone(value):
    return Masked(value) if excel.is_masked(value) else excel.parse_phone(value)


ORG_TYPES = {str(label): code for code, label in OrgType.choices}


def _org_type(value):
    return excel.parse_choice(value, ORG_TYPES)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Callable
    required: bool = False
    width: int = 14
    note: str = ""
    aliases: tuple = ()
    choices: tuple = ()        # offered as a drop-down in the template
    is_date: bool = False


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    title: str
    columns: tuple
    notes: tuple = field(default_factory=tuple)

    @property
    def headers(self):
        return [c.header for c in self.columns]

    def lookup(self):
        """Header text (and aliases) -> column."""
        out = {}
        for col in self.columns:
            for name in (col.header, *col.aliases):
                out[name] = col
        return out


def _date_col(key, header, *, required=False, aliases=()):
    return Column(key, header, excel.parse_date, required=required, width=14, is_date=True,
                  aliases=aliases, note=_("日期，如 2024-06-01"))


def unit_spec():
    return SheetSpec(ImportKind.UNITS, _("市直单位"), (
        Column("name", _("单位名称"), text(100), required=True, width=30, note=_("全称，按名称匹配已有单位")),
        Column("short_name", _("简称"), text(50), width=14),
        Column("category", _("单位类别"), text(50), required=True, width=14,
               note=_("须为系统中已有的单位类别")),
        Column("zone", _("党建协作区"), text(100), width=16, note=_("须为系统中已有的协作区，可空")),
    ))


def org_spec():
    return SheetSpec(ImportKind.ORGS, _("党组织"), (
        Column("name", _("党组织名称"), text(150), required=True, width=30,
               note=_("全称；与所在单位一起匹配已有党组织")),
        Column("type", _("党组织类别"), _org_type, required=True, width=14, choices=tuple(ORG_TYPES),
               aliases=(_("组织类别"),)),
        Column("parent", _("上级党组织"), text(150), width=30,
               note=_("填名称；可以是本表中的党组织。工委管理员可空")),
        Column("unit", _("所在单位"), text(100), width=24, note=_("空则与上级党组织相同")),
        Column("secretary_name", _("书记"), text(50), width=10, aliases=(_("党组织书记"),)),
        _date_col("founded_on", _("成立日期")),
        _date_col("term_start", _("本届任期开始"), aliases=(_("本届届次开始日期"),)),
        _date_col("term_end", _("本届任期届满"), aliases=(_("本届届次届满日期"),)),
        Column("has_committee", _("是否设支部委员会"), excel.parse_yes_no, width=10, choices=("是", "否")),
    ), notes=(_("本届任期届满为空时，按党委5年、党总支和党支部3年自动计算。"),
              _("调整党组织隶属关系请在党组织页面操作，导入不改变已有党组织的上级。")))


def member_spec():
    return SheetSpec(ImportKind.MEMBERS, _("党员"), (
        Column("name", _("姓名"), text(50), required=True, width=10),
        Column("gender", _("性别"), excel.parse_gender, required=True, width=6, choices=("男", "女")),
        Column("id_number", _("公民身份号码"), _id_number, width=22,
               aliases=(_("身份证号"), _("身份证号码"), _("公民身份证号"), _("公民身份证号码")),
               note=_("18位，请设为文本格式；按此号码匹配已有党员")),
        Column("ethnicity", _("民族"), text(20), width=8),
        _date_col("birth_date", _("出生日期")),
        Column("education", _("学历"), text(20), width=10, aliases=(_("最高学历"), _("文化程度"))),
        Column("status", _("人员类别"), excel.parse_member_status, required=True, width=10,
               choices=tuple(excel.MEMBER_STATUSES), aliases=(_("党员类别"),)),
        Column("branch", _("所在党支部"), text(150), required=True, width=30,
               aliases=(_("所在党组织"), _("党支部")), note=_("填党支部全称")),
        _date_col("joined_on", _("入党日期"), aliases=(_("加入党组织日期"),)),
        _date_col("full_on", _("转正日期"), aliases=(_("转为正式党员日期"),)),
        Column("post", _("工作岗位"), text(100), width=16),
        Column("phone", _("联系电话"), _phone, width=14, aliases=(_("手机号码"), _("手机号")),
               note=_("11位手机号码，请设为文本格式")),
    ), notes=(_("有公民身份号码的按号码匹配已有党员，没有的按姓名、所在党支部和出生日期匹配。"),
              _("公民身份号码、联系电话留空或为打码值（含*）时保留系统中已有的信息。"),
              _("预备党员不填转正日期；所在党支部不同的已有党员按组织关系转接处理，并记录转接历史。")))


# ---- records of organizational life (组织生活记录) ---------------------------------------------

MAX_COUNT = 100_000
DROPDOWN_MAX_CHARS = 250            # Excel refuses a list validation longer than 255 characters
_WAY_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def count(value):
    """A head count: a non-negative whole number; "12人" is accepted, blank is None."""
    out = excel.normalize_text(value)
    if out.endswith("人"):
        out = out[:-1].strip()
    if not out:
        return None
    if not (out.isascii() and out.isdigit()):
        raise CellError(_("应为不小于0的整数"))
    if int(out) > MAX_COUNT:
        raise CellError(_("不能超过%(n)d") % {"n": MAX_COUNT})
    return int(out)


def study_ways(value):
    """五学联动 labels separated by 、 (commas and spaces tolerated) -> codes, in the order given."""
    labels = {str(label): code for code, label in StudyWay.choices}
    out = []
    for part in _WAY_SEPARATORS.split(excel.normalize_text(value)):
        if not part:
            continue
        if part not in labels:
            raise CellError(_("“%(v)s”不是五学联动的方式，应为%(o)s") % {"v": part, "o": "、".join(labels)})
        out.append(labels[part])
    return list(dict.fromkeys(out))


def activity_spec():
    kinds = tuple(ActivityKind.objects.filter(active=True).values_list("name", flat=True))
    fits = len(",".join(kinds)) <= DROPDOWN_MAX_CHARS and not any("," in k or '"' in k for k in kinds)
    dropdown = kinds if fits else ()
    ways = "、".join(str(label) for _code, label in StudyWay.choices)
    return SheetSpec(ImportKind.ACTIVITIES, _("组织生活记录"), (
        Column("org", _("党组织名称"), text(150), required=True, width=28, aliases=(_("党组织"),),
               note=_("全称，须为有权限的党组织")),
        Column("unit", _("所在单位"), text(100), width=20, note=_("有同名党组织时填写，用于区分")),
        Column("held_on", _("日期"), excel.parse_date, required=True, width=14, is_date=True,
               aliases=(_("活动日期"), _("会议日期")), note=_("日期，如 2024-06-01，不能晚于今天")),
        Column("kind", _("类型"), text(50), required=True, width=18, choices=dropdown,
               aliases=(_("记录类型"), _("活动类型")), note=_("须为系统中启用的记录类型，如支部委员会会议")),
        Column("topic", _("主题"), text(200), required=True, width=30, aliases=(_("活动主题"), _("会议主题"))),
        Column("form", _("学习形式"), text(50), width=14, aliases=(_("形式"),),
               note=_("第一议题学习等须填写，如集中学习、专题研讨")),
        Column("expected_count", _("应到人数"), count, width=10, note=_("整数；空则与实到人数相同")),
        Column("attendee_count", _("实到人数"), count, width=10, note=_("整数，不能多于应到人数")),
        Column("summary", _("简要内容"), text(2000), width=40),
        Column("study_ways", _("五学联动"), study_ways, width=20,
               note=_("可填多项，用“、”分隔：%(w)s") % {"w": ways}),
    ), notes=(_("按党组织、类型、日期、主题匹配已有记录：人数、简要内容等有变化的更新，相同的不变。"),
              _("导入的记录只记人数，不逐人登记出席，也不记录表决；在线登记的记录不会被导入覆盖。"),
              _("附件不需要也不能通过导入上传。")))


# ---- facts of the assessment ledger (考核台账), entered by a department -------------------------

def points(value):
    """Points of a fact: a positive number with at most two decimals; blank is None."""
    out = excel.normalize_text(value)
    if not out:
        return None
    try:
        number = Decimal(out)
    except InvalidOperation:
        raise CellError(_("应为数字，如 0.5")) from None
    if not number.is_finite() or number <= 0:
        raise CellError(_("应为大于0的数字"))
    if number >= 1000 or number != number.quantize(Decimal("0.01")):     # a huge one cannot be quantized
        raise CellError(_("最多两位小数，且小于1000"))
    return number


def ledger_spec():
    return SheetSpec(ImportKind.LEDGER, _("考核台账"), (
        Column("indicator", _("指标编号"), text(10), required=True, width=10, aliases=(_("指标"),),
               note=_("如 C7；须为本部门负责的扣分、加分、评审或一票否决指标")),
        Column("unit", _("单位"), text(100), required=True, width=28, aliases=(_("单位名称"), _("被考核单位")),
               note=_("单位全称或简称")),
        Column("points", _("分值"), points, width=8, note=_("评审打分、加分须填写；按起数或情形扣分的由系统计算")),
        Column("severity", _("情形"), text(20), width=10, note=_("按情形扣分的指标须填写，如 诫勉、轻处分")),
        Column("fact", _("事实"), text(2000), required=True, width=40),
        Column("case_ref", _("案件编号/通报文号"), text(100), width=20, aliases=(_("案件编号"), _("文号")),
               note=_("扣分和一票否决须填写；同一案件本部门只计一次")),
        Column("occurred_on", _("发生日期"), excel.parse_date, required=True, width=14, is_date=True,
               aliases=(_("日期"),), note=_("日期，如 2026-06-01，须在方案年度内且不晚于今天")),
    ), notes=(_("只能录入本部门负责的指标；每行一条事实，写入后不能修改，更正请在工作台冲销。"),
              _("任何一行有错误时，整个文件都不会写入。")))


SPECS = {ImportKind.UNITS: unit_spec, ImportKind.ORGS: org_spec, ImportKind.MEMBERS: member_spec,
         ImportKind.ACTIVITIES: activity_spec, ImportKind.LEDGER: ledger_spec}


def spec_for(kind) -> SheetSpec:
    return SPECS[kind]()


def common_notes(kind=None):
    repeat = () if kind == ImportKind.LEDGER else (  # ledger facts are appended, never matched
        _("同一文件可以重复导入：已有记录按内容更新，相同的不变，不会重复新增。"),)
    return (
        _("涉密不上网：严禁导入涉密信息。"),
        _("第1行为表头，请勿改动；从第2行起每行一条记录，空行会被跳过。"),
        _("日期%(hint)s。") % {"hint": excel.date_format_hint()},
        _("红色表头为必填列。全角数字、多余空格会自动纠正。"),
        *repeat,
        _("任何一行有错误时，整个文件都不会导入。"),
    )
