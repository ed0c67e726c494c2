"""Organizational rules of the branch regulations, as pure functions (no ORM)."""
from datetime import date, timedelta

from django.utils.translation import gettext as _

MIN_FULL_MEMBERS = 3           # a branch is set up with 3+ full members
MAX_BRANCH_MEMBERS = 50        # a branch generally has at most 50 members
COMMITTEE_THRESHOLD = 7        # 7+ members get a branch committee
MAX_JOINT_UNITS = 5            # a joint branch covers at most 5 units
TERM_YEARS = {"organ_committee": 5, "general_branch": 3, "branch": 3, "joint_branch": 3, "temporary_branch": 3}
REMINDER_DAYS = (90, 30)


def branch_warnings(*, full_members: int, total_members: int, has_committee: bool) -> list[str]:
    """Warnings for one branch from its member counts."""
    out = []
    if full_members < MIN_FULL_MEMBERS:
        out.append(_("正式党员不足 %(n)d 人") % {"n": MIN_FULL_MEMBERS})
    if total_members > MAX_BRANCH_MEMBERS:
        out.append(_("党员超过 %(n)d 人，宜分设支部") % {"n": MAX_BRANCH_MEMBERS})
    if total_members >= COMMITTEE_THRESHOLD and not has_committee:
        out.append(_("党员 %(n)d 人以上，应设支部委员会") % {"n": COMMITTEE_THRESHOLD})
    return out


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def default_term_end(org_type: str, term_start: date) -> date:
    return add_years(term_start, TERM_YEARS.get(org_type, 3)) - timedelta(days=1)


def term_reminder(term_end: date | None, today: date) -> str | None:
    """'overdue', '30', '90' or None: which reminder applies to a term ending on term_end."""
    if term_end is None:
        return None
    left = (term_end - today).days
    if left < 0:
        return "overdue"
    for days in sorted(REMINDER_DAYS):
        if left <= days:
            return str(days)
    return None
