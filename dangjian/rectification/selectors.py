"""Reads of rectification: who sees which problem, the department's and the unit's lists, the
committee's counts, and the status of problems on a past day from their history. Each runs a
fixed number of queries whatever the number of problems.

Visibility (the issue's rule): a problem is visible to its unit (the unit admins, through
``REPORT_RECTIFICATION``) and to the department that raised it (``RAISE_RECTIFICATION``,
department-bound) and to nobody else: not to other units, not to other departments, not to
the zone lead. The committee admin holds ``RECTIFICATION_COUNTS`` only: counts by status and
overdue by zone, never the text of a finding. Inspection and audit findings can name cadres
and cases; the committee supervises progress (how many, how late, where) and does not need
the content to do so. When the committee itself raises a problem it does so as the
市直机关工委 department, and then sees what it raised through that department grant.
"""
from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from dangjian.accounts import gatekeeper
from dangjian.accounts.roles import RAISE_RECTIFICATION, RECTIFICATION_COUNTS, REPORT_RECTIFICATION
from dangjian.orgs.models import Zone

from . import rules
from .models import FINDING_SOURCES, Problem, Source, Status, Transition


def raising_departments(user) -> set:
    return gatekeeper.department_ids(user, RAISE_RECTIFICATION)


def _unit_side(user) -> Q | None:
    """The Q of the units whose problems ``user`` sees as the unit, or None."""
    if not gatekeeper.can(user, REPORT_RECTIFICATION):
        return None
    return gatekeeper.unit_filter(user, "unit__", perm=REPORT_RECTIFICATION)


def visible_problems(user):
    """Every problem ``user`` may open: its unit's, and those its department raised."""
    parts = []
    departments = raising_departments(user)
    if departments:
        parts.append(Q(department_id__in=sorted(departments)))
    unit_side = _unit_side(user)
    if unit_side is not None:
        parts.append(unit_side)
    if not parts:
        return Problem.objects.none()
    if any(not part for part in parts):     # Q(): a reach over everything
        return Problem.objects.all()
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return Problem.objects.filter(q)


def unit_problems(user):
    """The problems of the units ``user`` keeps (the unit's list)."""
    unit_side = _unit_side(user)
    if unit_side is None:
        return Problem.objects.none()
    return Problem.objects.filter(unit_side)


def department_problems(user):
    """The problems the user's departments raised (the department's list)."""
    return Problem.objects.filter(department_id__in=sorted(raising_departments(user)))


def listed(queryset, *, status="", overdue=False, on=None):
    """A list page's rows: filtered by status and overdue on ``on``, soonest deadline first."""
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.overdue(on or timezone.localdate())
    return (queryset.select_related("unit", "org", "department", "entry__indicator")
            .order_by("deadline", "id"))


def history(problem):
    return list(problem.history.select_related("by").order_by("at", "id"))


def committee_counts(on=None) -> dict:
    """{"by_status": {status: n}, "overdue_by_zone": [(zone, n)], "overdue": n}: two queries
    and the zones, whatever the number of problems."""
    on = on or timezone.localdate()
    counts = dict(Problem.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_status = [(value, label, counts.get(value, 0)) for value, label in Status.choices]
    late = dict(Problem.objects.overdue(on).order_by().values_list("unit__zone_id").annotate(n=Count("id")))
    zones = [(zone, late.get(zone.id, 0)) for zone in Zone.objects.order_by("sort", "id")]
    if late.get(None):
        zones.append((None, late[None]))
    return {"by_status": by_status, "overdue_by_zone": zones, "overdue": sum(late.values()),
            "total": sum(counts.values())}


def status_counts() -> dict:
    """{status: n} over every problem (the demo overview)."""
    counts = dict(Problem.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {value: counts.get(value, 0) for value in Status.values}


# ---- the status on a past day, in bulk -------------------------------------------------------

def events_by_problem(problems) -> dict:
    """{problem id: [(day, status after), …]} from the history of ``problems`` (a QuerySet),
    in one query; days are local dates."""
    out = defaultdict(list)
    rows = (Transition.objects.filter(problem__in=problems.values("id"))
            .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))   # in SQL: 20x faster
            .order_by("problem_id", "at", "id").values_list("problem_id", "day", "status"))
    for problem_id, day, status in rows:
        out[problem_id].append((day, status))
    return out


def overdue_problems(unit_ids, on: date) -> dict:
    """{unit id: [(deadline, source label), …]} of the problems overdue on ``on``, judged by their
    status on that day (rules.overdue_on). Two queries. No text of the finding: this is read for
    score cards, which more people see than the problem itself."""
    candidates = Problem.objects.filter(unit_id__in=list(unit_ids), deadline__lt=on, raised_on__lte=on)
    events = events_by_problem(candidates)
    labels = {value: str(label) for value, label in Source.choices}
    out = defaultdict(list)
    for problem_id, unit_id, deadline, source in (candidates.order_by("deadline", "id")
                                                  .values_list("id", "unit_id", "deadline", "source")):
        if rules.overdue_on(events.get(problem_id, []), deadline, on):
            out[unit_id].append((deadline, labels[source]))
    return out


def units_with_open_findings(unit_ids, on: date) -> set:
    """The units among ``unit_ids`` with an inspection or audit finding open on ``on``: raised by
    then and not verified by then (reported done still counts as open). For the selection
    engine's eligibility rules (a red-flag branch's host unit). Two queries."""
    candidates = Problem.objects.filter(unit_id__in=list(unit_ids), source__in=FINDING_SOURCES, raised_on__lte=on)
    events = events_by_problem(candidates)
    return {unit_id for problem_id, unit_id in candidates.values_list("id", "unit_id")
            if rules.open_on(events.get(problem_id, []), on)}


# ---- a year's counts, for the annual review ---------------------------------------------------

def countable_problems(user):
    """The problems ``user`` may count: those in reach of RECTIFICATION_COUNTS (the committee's
    counts, no content; narrowed to a zone for a zone's review) and those they may open."""
    if not gatekeeper.can(user, RECTIFICATION_COUNTS):
        return visible_problems(user)
    q = gatekeeper.unit_filter(user, "unit__", perm=RECTIFICATION_COUNTS)
    if not q:
        return Problem.objects.all()
    return Problem.objects.filter(q | Q(pk__in=visible_problems(user).values("id")))


def may_count(user) -> bool:
    return gatekeeper.can(user, RECTIFICATION_COUNTS) or gatekeeper.can(user, REPORT_RECTIFICATION) \
        or bool(raising_departments(user))


def year_counts(user, year: int) -> dict | None:
    """{"raised": problems raised in ``year``, "verified": problems verified (销号) in ``year``,
    "raised_verified": of those raised in the year, how many are verified now}, over what the
    user may count; None when they may count none. Two queries."""
    if not may_count(user):
        return None
    problems = countable_problems(user)
    row = problems.aggregate(raised=Count("id", filter=Q(raised_on__year=year)),
                             raised_verified=Count("id", filter=Q(raised_on__year=year, status=Status.VERIFIED)))
    row["verified"] = (Transition.objects.filter(problem__in=problems.values("id"), action=Transition.Action.VERIFY,
                                                 at__year=year)
                       .values("problem_id").distinct().count())
    return row
