"""The text of the review's six sections, written around the numbers (``numbers.Numbers``).

Each sentence prints a number with its reference ("128[7]"), so a reader finds where it came
from in the list of sources. Pure: no queries; the committee changes the wording around the
numbers in the template (and here, for the generated sentences).
"""
from django.utils.translation import gettext as _


def _list(parts):
    return "、".join(p for p in parts if p)


def political_study(n, year):
    out = [_("%(y)d年，列席旁听中心组学习%(a)s次，覆盖%(u)s个单位；举办培训班%(c)s期、名额%(s)s个，"
             "本范围党员报名%(e)s人次；各党组织预约教育基地%(b)s场次、%(p)s人次。") % {
        "y": year, "a": n.say("sit_ins"), "u": n.say("sit_in_units"), "c": n.say("courses"),
        "s": n.say("course_seats"), "e": n.say("course_enrolments"), "b": n.say("bookings"),
        "p": n.say("booking_people")}]
    out += _compare(n, year, ("sit_ins", "courses", "bookings"))
    return out


def organization(n, year):
    kinds = sorted((x for x in n.starting("records.") if x.value), key=lambda x: -x.value)[:4]
    out = [_("现有市直单位%(u)s个、党支部%(b)s个、党员%(m)s名，其中正式党员%(f)s名。") % {
        "u": n.say("units"), "b": n.say("branches"), "m": n.say("members"), "f": n.say("members_full")},
        _("全年登记组织生活记录%(r)s条%(k)s。") % {
            "r": n.say("records"),
            "k": (_("，其中") + _list(f"{x.figure.label}{n.say(x.key)}条" for x in kinds)) if kinds else ""}]
    rules = [x for x in n.starting("rule.") if x.value is not None]
    if n.get("rules") is not None and n.value("rules", None) is not None:
        low = sorted(rules, key=lambda x: x.value)[:3]
        out.append(_("按支部工作条例和本地规定，组织生活按期开展率为%(s)s；按期开展率较低的是%(l)s。") % {
            "s": n.say("rules"), "l": _list(f"{x.figure.label.split('：', 1)[-1]}{n.say(x.key)}" for x in low)})
    else:
        out.append(_("本年度尚无已结束的考核周期，组织生活按期开展率缺项。"))
    if n.value("commitments"):
        out.append(_("支部书记“三个一”清单事项%(t)s项，其中已完成%(d)s项、推进中%(p)s项。") % {
            "t": n.say("commitments"), "d": n.say("commitments.done"), "p": n.say("commitments.in_progress")})
    out += _compare(n, year, ("records", "commitments"))
    return out


def clean_organ(n, year):
    out = []
    if n.get("rectification.raised") is not None:
        out.append(_("全年提出整改问题%(r)s个，验收销号%(v)s个；本年提出的问题中已销号%(rv)s个。") % {
            "r": n.say("rectification.raised"), "v": n.say("rectification.verified"),
            "rv": n.say("rectification.raised_verified")})
    else:
        out.append(_("整改问题的统计不在本范围可查看的权限内，未列入本综述。"))
    out += _grades(n, "clean.", _("清廉机关专项考评"))
    if n.get("clean.typical") is not None:
        out.append(_("推荐清廉机关建设典型经验%(t)s个。") % {"t": n.say("clean.typical")})
    out += _compare(n, year, ("rectification.raised", "rectification.verified"))
    return out


def brands(n, year):
    out = [_("现有党建品牌%(b)s个，本年获得荣誉%(h)s项、登记品牌案例%(c)s个。") % {
        "b": n.say("brands"), "h": n.say("brand_honours"), "c": n.say("brand_cases")}]
    won = [x for x in n.starting("winners.") if x.value]
    if won:
        out.append(_("本年度评选中，本范围单位推荐的获评对象：%(w)s。") % {
            "w": _list(f"{x.figure.label.split('：', 1)[-1]}{n.say(x.key)}个" for x in won)})
    else:
        out.append(_("本年度已结束的评选中，本范围暂无获评对象。"))
    out += _compare(n, year, tuple(x.key for x in won))
    return out


def assessment(n, year):
    out = _grades(n, "grades.", _("日常考核"))
    out.append(_("考核按事实计分：部门核实不了的指标默认满分，缺少数据的显示为缺项，不计为零分；"
                 "不以开会发文、拍照留痕、学习时长作为评判标准。"))
    return out


def burden(n, year, printed, sources):
    return [_("本综述中的%(n)d个数字均由平台根据日常登记的记录自动计算，未另行要求各单位填表报送；"
              "数据来源共%(s)d条，见文末。平台没有记录的工作不在此列。") % {"n": printed, "s": sources},
            _("这些数字各部门在平台上均可按权限直接查看，同一数据不再重复向单位索要。")]


def _grades(n, prefix, what):
    totals = [x for x in n.starting(prefix) if x.key.count(".") == 1 and x.key != "clean.typical"]
    if not totals:
        return [_("本年度未发布%(w)s方案，本项无数据。") % {"w": what}]
    out = []
    for total in totals:
        division = total.figure.label.split("：", 1)[0]
        grades = [x for x in n.starting(total.key + ".")]
        out.append(_("%(w)s“%(d)s”赛区参加考核%(t)s个单位，%(g)s。") % {
            "w": what, "d": division, "t": n.say(total.key),
            "g": _list(_("评为“%(g)s”的%(v)s个") % {"g": x.figure.label.split("：", 1)[-1], "v": n.say(x.key)}
                       for x in grades)})
    return out


def _compare(n, year, keys):
    """One sentence with the previous year's and, where data exists, the three years' numbers."""
    parts, totals = [], []
    for key in keys:
        x = n.get(key)
        if x is None:
            continue
        name = x.figure.label.split("：", 1)[-1]
        if x.previous is not None:
            parts.append(_("%(k)s%(a)s（上年%(b)s）") % {"k": name, "a": x.value, "b": x.previous})
        if x.three is not None:
            totals.append(_("%(k)s%(t)s") % {"k": name, "t": x.three})
    out = []
    if parts:
        out.append(_("与%(p)d年相比：%(l)s。") % {"p": year - 1, "l": _list(parts)})
    if totals:
        out.append(_("三年来（%(a)d—%(b)d年）累计：%(l)s。") % {"a": year - 2, "b": year, "l": _list(totals)})
    return out
