"""Reads of committee-run study. Every one starts from what the user may see."""
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from dangjian.accounts import gatekeeper
from dangjian.orgs.models import PartyOrg, Unit

from .models import (
    Booking, BookingStatus, ChecklistItem, Enrolment, MentoringPair, SitIn, SitInResult, SitInStatus, YouthGroup,
)
from .models.bases import HOLDING
from .rules import coverage_share


def visible_sit_ins(user):
    """Sit-ins: the committee, the assessing departments, a unit's admin for the unit and a
    zone lead for the zone's units; not a branch secretary or a member. The list and the
    detail page both start here."""
    return SitIn.objects.filter(gatekeeper.unit_filter(user, "unit__", gatekeeper.VIEW_SIT_INS))


def visible_bookings(user):
    return Booking.objects.filter(gatekeeper.org_filter(user, "branch__"))


def visible_enrolments(user):
    return Enrolment.objects.filter(gatekeeper.member_filter(user, "member__"))


def visible_youth_groups(user):
    return YouthGroup.objects.filter(gatekeeper.unit_filter(user, "unit__"))


def visible_mentoring_pairs(user):
    return MentoringPair.objects.filter(gatekeeper.unit_filter(user, "unit__"))


def active_checklist():
    return ChecklistItem.objects.filter(active=True)


def unit_top_org(unit):
    """The unit's own top party org (its 机关党委/党委), where its central group study is kept."""
    return (PartyOrg.objects.active().filter(unit=unit).exclude(type="joint_branch")
            .order_by("depth", "sort", "id").first())


def sit_ins_of_year(qs, year):
    return (qs.filter(plan__year=year).select_related("unit", "unit__zone")
            .prefetch_related("observers")
            .annotate(met_count=_results_count(met=True), result_count=_results_count())
            .order_by("planned_on", "unit__sort", "id"))


def _results_count(**filters):
    """A sit-in's checklist results, counted for the rows of the page only (a GROUP BY would
    join every result of the year before the LIMIT, and make the pager's count do the same)."""
    results = (SitInResult.objects.filter(sit_in=OuterRef("pk"), **filters).order_by()
               .values("sit_in").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(results), 0)


@dataclass
class ZoneCoverage:
    name: str
    total: int = 0
    covered: int = 0
    zoned: bool = True              # False for the units not in any zone (listed last)

    @property
    def share(self):
        return coverage_share(self.covered, self.total)


@dataclass(frozen=True)
class UncoveredUnit:
    pk: int
    name: str
    zone: str | None
    planned: bool                   # a sit-in is planned this year, not yet done


@dataclass
class Coverage:
    year: int
    total: int
    covered: int
    uncovered: list = field(default_factory=list)       # UncoveredUnit: no done sit-in this year
    zones: list = field(default_factory=list)

    @property
    def share(self):
        return coverage_share(self.covered, self.total)

    @property
    def complete(self):
        return self.total > 0 and self.covered == self.total


def _of_year(year):
    return SitIn.objects.filter(unit=OuterRef("pk"), plan__year=year)


def coverage(year: int) -> Coverage:
    """Yearly full coverage: which units had a done sit-in in ``year``. One query, of rows
    (not model instances: 1,820 units at province scale)."""
    of_year = _of_year(year)
    rows = (Unit.objects.annotate(covered=Exists(of_year.filter(status=SitInStatus.DONE)),
                                  planned=Exists(of_year.filter(status=SitInStatus.PLANNED)))
            .order_by("zone__sort", "zone_id", "sort", "id")
            .values_list("pk", "name", "zone_id", "zone__name", "covered", "planned"))
    zones, uncovered, covered = {}, [], 0
    for pk, name, zone_id, zone_name, is_covered, planned in rows:
        zone = zones.setdefault(zone_id or 0, ZoneCoverage(name=zone_name if zone_id else "未划分协作区",
                                                           zoned=bool(zone_id)))
        zone.total += 1
        if is_covered:
            zone.covered += 1
            covered += 1
        else:
            uncovered.append(UncoveredUnit(pk=pk, name=name, zone=zone_name, planned=planned))
    ordered = sorted(zones.values(), key=lambda z: not z.zoned)    # zoneless last, on every database
    return Coverage(year=year, total=sum(z.total for z in ordered), covered=covered,
                    uncovered=uncovered, zones=ordered)


def missed_items(sit_ins, year: int) -> list[tuple[str, int]]:
    """[(checklist item, done sit-ins of ``year`` among ``sit_ins`` that did not meet it)], in
    the checklist's order, items never missed left out. One query."""
    done = sit_ins.filter(plan__year=year, status=SitInStatus.DONE).values("pk")
    rows = (SitInResult.objects.filter(met=False, sit_in__in=done)
            .values("item_id", "item__name", "item__sort").annotate(n=Count("sit_in", distinct=True))
            .order_by("item__sort", "item_id"))
    return [(r["item__name"], r["n"]) for r in rows]


def bookings_by_month(bookings, years) -> dict:
    """{(year, month): bookings not cancelled} among ``bookings`` (a visible_* set). One query."""
    rows = (bookings.filter(date__year__in=list(years)).exclude(status=BookingStatus.CANCELLED)
            .annotate(y=ExtractYear("date"), m=ExtractMonth("date")).order_by()
            .values("y", "m").annotate(n=Count("pk")))
    return {(r["y"], r["m"]): r["n"] for r in rows}


def coverage_counts(year: int) -> Coverage:
    """The plan page's line: units covered of all units, without the lists. One query."""
    counts = Unit.objects.aggregate(total=Count("pk"),
                                    covered=Count("pk", filter=Exists(_of_year(year).filter(status=SitInStatus.DONE))))
    return Coverage(year=year, total=counts["total"], covered=counts["covered"])


def booked_headcount(base, day, slot, *, exclude_pk=None) -> int:
    qs = Booking.objects.filter(base=base, date=day, slot=slot, status__in=HOLDING)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(n=Sum("headcount"))["n"] or 0


def calendar_totals(base, start, end) -> dict:
    """{(date, slot): headcount held} for a base between two dates, in one query."""
    rows = (Booking.objects.filter(base=base, date__range=(start, end), status__in=HOLDING)
            .values("date", "slot").annotate(n=Sum("headcount")))
    return {(r["date"], r["slot"]): r["n"] for r in rows}


def courses_with_counts(qs):
    return qs.annotate(enrolled=Count("enrolments", distinct=True),
                       session_count=Count("sessions", distinct=True))


def members_named(members, org, name):
    """Up to two current members called ``name`` in ``org`` among ``members`` (a visible_* set)."""
    return list(members.current().filter(branch=org, name=name.strip())[:2])


def committee_users():
    from dangjian.accounts.models import Role, User

    return (User.objects.filter(is_active=True, memberships__role=Role.COMMITTEE_ADMIN)
            .distinct().order_by("username"))

