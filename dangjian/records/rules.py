"""Pure rules for records: votes by art. 11, periods, and which frequency rule applies where."""
from dataclasses import dataclass
from datetime import date, timedelta


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
