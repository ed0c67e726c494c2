"""Organizational rules of the branch regulations, as pure functions (no ORM)."""
from datetime import date, timedelta

from django.utils.translation import gettext as _

MIN_FULL_MEMBERS = 3           # a branch is set up with 3+ full members
MAX_BRANCH_MEMBERS = 50        # a branch generally has at most 50 members
COMMITTEE_THRESHOLD = 7        # 7+ full members get a branch committee (art. 9)
MAX_JOINT_UNITS = 5            # a joint branch covers at most 5 units
TERM_YEARS = {"organ_committee": 5, "general_branch": 3, "branch": 3, "joint_branch": 3, "temporary_branch": 3}
REMINDER_DAYS = (90, 30)


def branch_warnings(*, full_members: int, total_members: int, has_committee: bool) -> list[str]:
    """How a branch is off the setup rules of the branch regulations, from its member counts:
    3 or more full members, at most 50 members, a branch committee where 7 or more are full
    members (the registry's warnings and the assessment's branch-setup metric both say this)."""
    out = []
    if full_members < MIN_FULL_MEMBERS:
        out.append(_("正式党员不足 %(n)d 人") % {"n": MIN_FULL_MEMBERS})
    if total_members > MAX_BRANCH_MEMBERS:
        out.append(_("党员超过 %(n)d 人，宜分设支部") % {"n": MAX_BRANCH_MEMBERS})
    if full_members >= COMMITTEE_THRESHOLD and not has_committee:
        out.append(_("正式党员 %(n)d 人以上，应设支部委员会") % {"n": COMMITTEE_THRESHOLD})
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


# ---- the org tree: materialised path and what may sit where -----------------------------------

BRANCH_TYPE_CODES = frozenset({"branch", "joint_branch", "temporary_branch"})   # = models.BRANCH_TYPES


def is_branch(org_type: str) -> bool:
    return org_type in BRANCH_TYPE_CODES


def org_path(parent_path: str | None, pk: int) -> tuple[str, int]:
    """(path, depth) of the org ``pk`` under a parent with ``parent_path`` (None: a top org).
    Paths are ids between slashes, "/3/17/"; a top org has depth 0."""
    if pk is None or int(pk) <= 0:
        raise ValueError("an org needs its id before its path")
    prefix = parent_path or "/"
    return f"{prefix}{int(pk)}/", prefix.count("/") - 1


def parent_refusal(*, parent_type: str | None, parent_path: str | None = None,
                   own_path: str | None = None) -> str | None:
    """Why an org may not be placed under this parent (None: it may). ``own_path`` is the
    org's current path when it exists already (a move)."""
    if parent_type is None:
        return None
    if is_branch(parent_type):
        return _("党支部下不能再设党组织")
    if own_path and parent_path and parent_path.startswith(own_path):
        return _("不能移到自身或下级组织之下")
    return None


def type_change_refusal(*, old_type: str, new_type: str, has_children: bool, has_members: bool) -> str | None:
    """Why an existing org may not change from ``old_type`` to ``new_type`` (None: it may):
    a branch has no orgs below it, and members sit only in branches."""
    if new_type == old_type:
        return None
    if is_branch(new_type) and has_children:
        return _("该党组织下设有党组织，不能改为党支部")
    if not is_branch(new_type) and has_members:
        return _("该党支部有党员，不能改为非支部类型")
    return None
