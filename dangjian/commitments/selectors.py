"""Reads of the three-ones lists: who sees which items, an org page's lists, the reminders
before a due date and the committee's counts by zone and unit. Each runs a fixed number of
queries whatever the number of orgs or items."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from dangjian.accounts import gatekeeper as gk
from dangjian.orgs.models import PartyOrg, Unit, Zone

from . import rules
from .models import OPEN_STATUSES, Commitment, Kind, Status

ITEM_FIELDS = ("id", "org_id", "year", "kind", "text", "status", "due_on", "completed_on", "owner_id",
               "owner__name", "contact_branch_id", "contact_branch__name")


def _either(a: Q, b: Q) -> Q:
    """a OR b, where an empty Q means everything (Q() | x would narrow it to x)."""
    return Q() if not a or not b else a | b


def kept_orgs(user):
    """The live orgs whose lists the user keeps (a secretary's branch, a unit admin's unit)."""
    return PartyOrg.objects.filter(gk.org_filter(user, perm=gk.KEEP_COMMITMENTS), dissolved=False)


def viewable_orgs(user):
    """Orgs whose lists the user may read: those they keep and those in their view's reach."""
    return PartyOrg.objects.filter(_either(gk.org_filter(user, perm=gk.KEEP_COMMITMENTS),
                                           gk.org_filter(user, perm=gk.VIEW_COMMITMENTS)))


def visible_commitments(user):
    return Commitment.objects.filter(_either(gk.org_filter(user, "org__", gk.KEEP_COMMITMENTS),
                                             gk.org_filter(user, "org__", gk.VIEW_COMMITMENTS)))


def overview_units(user):
    return Unit.objects.filter(gk.unit_filter(user, perm=gk.VIEW_COMMITMENTS))


def can_keep(user, org) -> bool:
    return gk.can(user, gk.KEEP_COMMITMENTS, org)


def decorate(item, today):
    item.window = rules.reminder_window(status=item.status, due_on=item.due_on, today=today)
    item.overdue = rules.is_overdue(status=item.status, due_on=item.due_on, on=today)
    return item


def lists_of(orgs, year, today=None) -> dict:
    """{org id: {kind: item}} for ``orgs`` (a page of them) in one query."""
    today = today or date.today()
    out = defaultdict(dict)
    items = (Commitment.objects.filter(org_id__in=[o.pk for o in orgs], year=year)
             .select_related("owner", "contact_branch").only(*ITEM_FIELDS))
    for item in items:
        out[item.org_id][item.kind] = decorate(item, today)
    return out


def slots(orgs, year, today=None):
    """Each org with ``org.slots``: [(kind value, label, item or None)] in the list's order."""
    lists = lists_of(orgs, year, today)
    for org in orgs:
        mine = lists.get(org.pk, {})
        org.slots = [(k.value, k.label, mine.get(k.value)) for k in Kind]
        org.filled = len(mine)
    return orgs


def due_soon(orgs, today=None, limit=20):
    """Open items of ``orgs`` due within the widest reminder window, soonest first, and their
    number: always two queries (事前提醒: an item past its date is no reminder)."""
    today = today or date.today()
    horizon = today + timedelta(days=max(rules.REMINDER_DAYS))
    qs = (Commitment.objects.filter(org__in=orgs.values("id"), status__in=OPEN_STATUSES,
                                    due_on__gte=today, due_on__lte=horizon)
          .select_related("org").only("id", "org_id", "org__name", "kind", "text", "status", "due_on")
          .order_by("due_on", "org__name", "kind", "id"))
    items = [decorate(i, today) for i in qs[:limit]]
    total = qs.count()
    return items, total


def todo_due(user, orgs, today=None, limit=20):
    """The 本期待办 page's reminders: items due soon in ``orgs`` whose lists the user may open."""
    return due_soon(orgs.filter(pk__in=viewable_orgs(user).values("id")), today, limit)


def home_due(user, today=None, limit=20):
    """The home page's reminders: items due soon in the orgs the user keeps lists for, for
    those who have a to-do list (VIEW_TODO), as the records' reminders."""
    if not (gk.can(user, gk.VIEW_TODO) and gk.can(user, gk.KEEP_COMMITMENTS)):
        return [], 0
    return due_soon(kept_orgs(user), today, limit)


STATUSES = tuple(Status.values)     # read once: the enum builds the list anew on every access


@dataclass
class Tally:
    """Items of a zone or unit: how many in each status, how many past due while open."""
    name: str = ""
    pk: int | None = None
    by_status: dict = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0

    @property
    def total(self):
        return sum(self.by_status.values())

    @property
    def cells(self):
        return [self.by_status[s] for s in STATUSES]

    @property
    def share(self):
        """Share of the items done (a float for display), None without items."""
        return None if not self.total else self.by_status[Status.DONE] / self.total

    def add(self, status, n, overdue):
        self.by_status[status] += n
        self.overdue += overdue


def _grouped(items, key, today):
    """(key, status, items, open items past their date) of ``items`` grouped by ``key``."""
    return (items.values_list(key, "status")
            .annotate(n=Count("id"), late=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)))
            .order_by())


def zone_tallies(units, year, today=None):
    """(zone tallies in the committee's order, total) of the year's items of ``units`` (a
    QuerySet): two queries, grouped in the database whatever the number of units."""
    today = today or date.today()
    items = Commitment.objects.filter(year=year, org__unit__in=units.values("id"))
    per_zone, total = {}, Tally(name="")
    for zone_id, status, n, late in _grouped(items, "org__unit__zone_id", today):
        per_zone.setdefault(zone_id, Tally(pk=zone_id)).add(status, n, late)
        total.add(status, n, late)
    zones = list(Zone.objects.filter(id__in=[z for z in per_zone if z]).order_by("sort", "id").values_list("id", "name"))
    for zone_id, name in zones:
        per_zone[zone_id].name = name
    unzoned = [per_zone[None]] if None in per_zone else []
    if unzoned:
        unzoned[0].name = "—"
    return [per_zone[zone_id] for zone_id, _name in zones] + unzoned, total


def unit_tallies(unit_rows, year, today=None):
    """A tally for each of ``unit_rows`` ((id, name) pairs: a page of units), in their order:
    one query."""
    today = today or date.today()
    per_unit = {uid: Tally(name=name, pk=uid) for uid, name in unit_rows}
    items = Commitment.objects.filter(year=year, org__unit_id__in=list(per_unit))
    for unit_id, status, n, late in _grouped(items, "org__unit_id", today):
        per_unit[unit_id].add(status, n, late)
    return list(per_unit.values())


def status_counts() -> dict:
    """{status: items} over the whole registry (the demo overview), every status named."""
    counts = dict(Commitment.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {value: counts.get(value, 0) for value in Status.values}


def year_status_counts(user, year: int) -> dict:
    """{status: items} of the lists of ``year`` the user may read (a zone's, a unit's), every
    status named. One query."""
    counts = dict(visible_commitments(user).filter(year=year).order_by().values_list("status").annotate(n=Count("id")))
    return {value: counts.get(value, 0) for value in Status.values}
