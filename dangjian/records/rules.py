"""Pure rules for records: votes by art. 11, periods, and which frequency rule applies where."""
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class VoteOutcome:
    quorum: bool
    passed: bool


def vote_outcome(*, entitled: int, present: int, yes: int, no: int = 0, abstain: int = 0) -> VoteOutcome:
    """Art. 11 of the branch regulations (支部工作条例):

    - the meeting may be held only with more than half of the voting members present;
    - a motion passes with the consent of more than half of those entitled to vote
      (应到会有表决权的党员), not of those present; abstentions are not consent.
    """
    if min(entitled, present, yes, no, abstain) < 0:
        raise ValueError("negative count")
    if present > entitled:
        raise ValueError("more present than entitled")
    if yes + no + abstain > present:
        raise ValueError("more votes than members present")
    quorum = present * 2 > entitled
    passed = quorum and yes * 2 > entitled
    return VoteOutcome(quorum=quorum, passed=passed)


def period_start(period: str, day: date) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(day.year, 1, 1)
    raise ValueError(period)


def next_period_start(period: str, start: date) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    total = start.month - 1 + months
    return date(start.year + total // 12, total % 12 + 1, 1)


def period_end(period: str, day: date) -> date:
    """Last day of the period containing ``day``: the deadline."""
    return next_period_start(period, period_start(period, day)) - timedelta(days=1)


def periods_between(period: str, start: date, end: date) -> list[date]:
    """Starts of the periods that begin on or after ``start`` and end on or before ``end``."""
    out = []
    cur = period_start(period, start)
    if cur < start:
        cur = next_period_start(period, cur)
    while next_period_start(period, cur) - timedelta(days=1) <= end:
        out.append(cur)
        cur = next_period_start(period, cur)
    return out


def rule_applies(applies_to: str, *, org_type: str, has_committee: bool, group_count: int) -> bool:
    branch_types = ("branch", "joint_branch", "temporary_branch")
    if applies_to == "branches":
        return org_type in branch_types
    if applies_to == "committee":
        return org_type in branch_types and has_committee
    if applies_to == "groups":
        return org_type in branch_types and group_count > 0
    if applies_to == "committees":
        return org_type in ("organ_committee", "general_branch")
    return False


def reminder_due(*, done: int, required: int, deadline: date, today: date, lead_days: int) -> bool:
    """A reminder shows before the deadline, within the lead time, while the item is not done."""
    return done < required and today <= deadline and (deadline - today).days <= lead_days


# ---- periods as a score card names them ------------------------------------------------------

def period_index(period: str, start: date) -> int:
    """The number of the period within its year (month 1–12, quarter 1–4), or the year itself:
    what the database extracts from a record's date to tell the periods of one year apart."""
    if period == "month":
        return start.month
    if period == "quarter":
        return (start.month - 1) // 3 + 1
    if period == "year":
        return start.year
    raise ValueError(period)


QUARTERS = {1: gettext_lazy("一季度"), 2: gettext_lazy("二季度"), 3: gettext_lazy("三季度"), 4: gettext_lazy("四季度")}


def period_label(period: str, start: date) -> str:
    """"3月", "二季度", "2026年"."""
    if period == "month":
        return _("%(m)d月") % {"m": start.month}
    if period == "quarter":
        return str(QUARTERS[period_index(period, start)])
    if period == "year":
        return _("%(y)d年") % {"y": start.year}
    raise ValueError(period)


def period_list(period: str, starts) -> str:
    """The periods in date order, joined as a list is in Chinese: "3月、7月"."""
    return "、".join(period_label(period, s) for s in sorted(set(starts)))


# What a missed period of a kind is called on a score card; any other kind "…未记录".
MISSED = {
    "members_meeting": gettext_lazy("支部党员大会未召开"),
    "committee_meeting": gettext_lazy("支委会未召开"),
    "group_meeting": gettext_lazy("党小组会未召开"),
    "party_lecture": gettext_lazy("党课未开展"),
    "theme_day": gettext_lazy("主题党日未开展"),
    "life_meeting": gettext_lazy("组织生活会未召开"),
    "appraisal": gettext_lazy("民主评议党员未开展"),
    "talk": gettext_lazy("谈心谈话未开展"),
    "discipline_education": gettext_lazy("纪律教育“三个一”未开展"),
}


def missed_phrase(kind_code: str, kind_name: str) -> str:
    return str(MISSED[kind_code]) if kind_code in MISSED else _("%(kind)s未记录") % {"kind": kind_name}


def missed_line(org_name: str, parts) -> str:
    """One org's misses on one line: ``parts`` are (period, [period starts], kind code, kind
    name) for each rule it missed: "机关第一支部：3月、7月支委会未召开；二季度党课未讲"."""
    return _("%(org)s：%(missed)s") % {"org": org_name, "missed": "；".join(
        period_list(period, starts) + missed_phrase(code, name) for period, starts, code, name in parts)}
