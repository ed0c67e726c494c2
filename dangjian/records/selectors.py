"""Reads for other parts: the overview figures, the committee's picture and the reminders."""
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractMonth

from dangjian.accounts import gatekeeper as gk
from dangjian.orgs.models import PartyOrg, Unit

from . import charts, compliance, heat
from .models import Activity
from .rules import missed_line

PICTURE_TTL = 3600           # a safety net: record writes invalidate through VERSION_KEY
GAPS_TTL = 600              # the gaps also follow registry edits, which do not bump the version
VERSION_KEY = "records:version"


def newest_first(user, activities):
    """The user's records, newest first, for a page of them. Over everything the database walks
    its date index; over a zone, a unit or a branch it sorts their own records instead, since
    walking the province's 2.2 million records by date until 50 of one zone's turn up took 333 ms
    (sorting the zone's 27,000: 20 ms). The sort key hides the index from the planner."""
    if gk.visibility_key(user) == "all":
        return activities.order_by("-held_on", "-id")
    return activities.order_by(Coalesce("held_on", "held_on").desc(), "-id")


def records_by_kind() -> dict[str, int]:
    return dict(Activity.objects.values_list("kind__code").annotate(n=Count("id")).order_by("kind__code"))


def rule_shares(year: int, orgs, today: date | None = None) -> dict[str, dict]:
    """{"<kind>/<applies_to>/<period>": {"met": m, "applicable": n, "share": m/n}} for a year."""
    results, _rows, _misses = compliance.year_compliance(orgs, year, today)
    out = {}
    for r in results:
        key = f"{r.rule.kind.code}/{r.rule.applies_to}/{r.rule.period}"
        out[key] = {"met": r.met, "applicable": r.applicable,
                    "share": None if r.share is None else round(r.share, 4)}
    return out


def home_reminders(user, today: date | None = None, limit: int = 20):
    """Items due soon in the orgs the user keeps records for (never a list of people)."""
    if not gk.can(user, gk.VIEW_TODO):
        return [], 0      # the committee sees the picture, not every branch's to-do list
    orgs = gk.writable_orgs(user)
    items, rows = compliance.current_items(orgs, today)
    names = {o.id: o.name for o in rows}
    due = sorted((i for i in items if i.remind), key=lambda i: i.deadline)
    return [(i, names[i.org_id]) for i in due[:limit]], len(due)


def _version():
    return cache.get_or_set(VERSION_KEY, 0, None)


def gaps(user, orgs, scope_key: str, today: date | None = None, limit: int = 50, offset: int = 0) -> compliance.Gaps:
    """The open items of this period over ``orgs`` (the user's visible orgs, narrowed as
    ``scope_key`` says, e.g. to one unit), cached like the picture: a record write anywhere
    invalidates it; registry edits (a new branch) show within GAPS_TTL."""
    today = today or date.today()
    key = f"records:gaps:{_version()}:{today.isoformat()}:{gk.visibility_key(user)}:{scope_key}:{limit}:{offset}"
    hit = cache.get(key)
    if hit is None:
        hit = compliance.current_gaps(orgs, today, limit, offset)
        cache.set(key, hit, GAPS_TTL)
    return hit


def year_counts(user, year: int) -> dict:
    """{(kind id, month): records} held in ``year`` over the user's reach: the annual numbers'
    records by kind and by month. One grouped scan of the year (1.1 million records at province
    scale take 250 ms to count), cached like the picture: a record write anywhere bumps the
    version, so a correction shows at once."""
    key = f"records:year-counts:{_version()}:{year}:{gk.visibility_key(user)}"
    hit = cache.get(key)
    if hit is None:
        rows = (gk.visible_activities(user).filter(held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31))
                .order_by().annotate(m=ExtractMonth("held_on")).values_list("kind_id", "m").annotate(n=Count("id")))
        hit = {(kind, month): n for kind, month, n in rows}
        cache.set(key, hit, PICTURE_TTL)
    return hit


def records_changed():
    """Called after any write of records: cached pictures are recomputed on the next view."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def committee_picture(user, year: int, today: date | None = None) -> dict:
    """Year results with shares by zone and unit for the orgs the user sees. Cached, the
    current year as well as past ones (the computation takes seconds at province scale), in
    the shared cache when one is configured: a record write anywhere bumps the version
    (records_changed), so the next view in any worker recomputes.

    ``zone_rows`` and ``unit_rows`` hold the heat table's cells, (met, due) in (org, period)
    pairs per rule; ``unit_rows`` are HeatRows without their division (the assessment's,
    added per request by ``heat_table``)."""
    today = today or date.today()
    key = f"records:picture:v2:{_version()}:{year}:{today.isoformat()}:{gk.visibility_key(user)}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    orgs = gk.visible_orgs(user)
    results, rows, _misses = compliance.year_compliance(orgs, year, today)
    per_zone, per_unit = compliance.period_cells(results, rows)
    rules = [r.rule for r in results]
    zones = list(gk.visible_zones(user).order_by("sort", "id").values_list("id", "name"))
    units = Unit.objects.filter(id__in=[u for u in per_unit if u is not None]).order_by("sort", "id")
    zone_place = {zid: i for i, (zid, _name) in enumerate(zones)}
    unit_rows = [heat.HeatRow(unit_id=uid, name=name, zone_id=zid, zone=zname or "", division_id=None,
                              division="", category_id=cid, order=i, zone_order=zone_place.get(zid, len(zones)),
                              cells=[_cell(per_unit[uid].get(r.id)) for r in rules])
                 for i, (uid, name, zid, zname, cid) in enumerate(
                     units.values_list("id", "name", "zone_id", "zone__name", "category_id"))]
    if None in per_unit:      # orgs outside any unit: kept visible, never dropped
        unit_rows.append(heat.HeatRow(unit_id=None, name="—", zone_id=None, zone="", division_id=None,
                                      division="", cells=[_cell(per_unit[None].get(r.id)) for r in rules],
                                      order=len(unit_rows)))
    zone_names = dict(zones)
    zone_order = [zid for zid, _n in zones if zid in per_zone] + ([None] if None in per_zone else [])
    picture = {
        "results": [replace(r, met_org_ids=set(), missed={}) for r in results],   # keep the cache small
        "rules": rules,
        "zone_rows": [(zid, zone_names.get(zid, "—"), [_cell(per_zone[zid].get(r.id)) for r in rules])
                      for zid in zone_order],
        "unit_rows": unit_rows,
        "periods": {r.rule.id: _pairs(r) for r in results},
        "months": charts.month_cells(results),      # the monthly rules' (met, due) per month: the trend
    }
    cache.set(key, picture, PICTURE_TTL)
    return picture


def picture_months(user, year: int, today: date | None = None) -> dict:
    """{month: (met, due)} of the monthly rules over the orgs the user sees, as the year's
    picture has them in ``months``, without computing the rest of that picture (the trend's
    line of the year before): the monthly rules only, cached apart and small (never the whole
    picture read back just for its months)."""
    return org_months(user, gk.visible_orgs(user), "all", year, today)


def org_months(user, orgs, scope_key: str, year: int, today: date | None = None) -> dict:
    """{month: (met, due)} of the monthly rules over ``orgs`` (the user's visible orgs narrowed,
    e.g. to a unit: ``scope_key`` names that narrowing) in a year: a unit's own trend. Cached
    like the picture; its queries depend on the monthly rules only."""
    today = today or date.today()
    key = f"records:months:{_version()}:{year}:{today.isoformat()}:{gk.visibility_key(user)}:{scope_key}"
    hit = cache.get(key)
    if hit is None:
        rules = [r for r in compliance.active_rules() if r.period == "month"]
        results, _rows, _misses = compliance.year_compliance(orgs, year, today, rules=rules)
        hit = charts.month_cells(results)
        cache.set(key, hit, PICTURE_TTL)
    return hit


def _cell(counts):
    return None if not counts or not counts[1] else (counts[0], counts[1])


def _pairs(result):
    """The city line of a rule: (met, due) in (org, period) pairs."""
    due = result.applicable * len(result.periods)
    return (due - sum(len(p) for p in result.missed.values()), due)


@dataclass
class HeatTable:
    rows: list                  # HeatRows, filtered and sorted
    rule_ids: list
    column: str
    descending: bool
    zones: list                 # [(id, name)] to filter by
    divisions: list             # [(id, name)] to filter by
    scheme: object = None       # the assessment scheme the divisions come from, or None
    zone_id: int | None = None  # the filters applied
    division_id: int | None = None


def heat_table(picture, divisions=None, *, zone_id=None, division_id=None, sort="unit") -> HeatTable:
    """The picture's unit rows with their assessment divisions, narrowed to a zone and a
    division and sorted by ``sort`` (heat.parse_sort must accept it). ``divisions`` is
    assessment.selectors.unit_divisions(): {"listed": {unit id: (id, name)}, "by_category":
    {category id: (id, name)}, "choices": [(id, name)], "scheme": scheme}; a unit listed by
    name wins over its category, as in the scoring. Pure: the page and its export both read
    their rows here."""
    divisions = divisions or {"listed": {}, "by_category": {}, "choices": [], "scheme": None}
    rule_ids = [r.id for r in picture["rules"]]
    column, descending = heat.parse_sort(sort, rule_ids)
    place = {did: i for i, (did, _name) in enumerate(divisions["choices"])}
    rows = []
    for row in picture["unit_rows"]:
        did, dname = (divisions["listed"].get(row.unit_id) or divisions["by_category"].get(row.category_id)
                      or (None, ""))
        rows.append(replace(row, division_id=did, division=dname, division_order=place.get(did, len(place))))
    zones = [(zid, name) for zid, name, _cells in picture["zone_rows"] if zid is not None]
    if zone_id is not None:
        rows = [r for r in rows if r.zone_id == zone_id]
    if division_id is not None:
        rows = [r for r in rows if r.division_id == division_id]
    return HeatTable(rows=heat.sort_rows(rows, column, descending, rule_ids), rule_ids=rule_ids,
                     column=column, descending=descending, zones=zones, divisions=list(divisions["choices"]),
                     scheme=divisions["scheme"], zone_id=zone_id, division_id=division_id)


# ---- compliance of each unit, with the periods each org missed ------------------------------

@dataclass(frozen=True)
class OrgMiss:
    org_id: int
    org_name: str
    periods: tuple               # starts of the periods the org missed, in date order


@dataclass
class UnitRule:
    """One rule over one unit's orgs in a year: who it applies to, who met every period, and
    which periods the others missed."""
    rule: object                 # a FrequencyRule (with its kind)
    periods: tuple               # starts of the periods judged (ended by the day)
    applicable: int = 0          # the unit's live orgs the rule applies to
    met: int = 0                 # of them, the orgs that met every period
    missed: list = field(default_factory=list)   # [OrgMiss], by org name

    @property
    def periods_due(self) -> int:
        """(org, period) pairs judged."""
        return self.applicable * len(self.periods)

    @property
    def periods_met(self) -> int:
        return self.periods_due - sum(len(m.periods) for m in self.missed)


def unit_compliance(year: int, *, unit_ids, today: date | None = None, kinds=None, applies_to=None) -> dict:
    """{unit_id: [UnitRule, ...]} for every unit in ``unit_ids``, over the active rules (only
    those of the record kinds ``kinds`` and the scope ``applies_to`` when given), in rule order.
    The queries depend on the rules, never on the number of units, orgs or records."""
    unit_ids = list(unit_ids)
    rules = compliance.active_rules()
    if kinds is not None:
        rules = [r for r in rules if r.kind.code in set(kinds)]
    if applies_to:
        rules = [r for r in rules if r.applies_to == applies_to]
    out = {unit_id: [] for unit_id in unit_ids}
    if not rules or not unit_ids:
        return out
    results, rows, _misses = compliance.year_compliance(PartyOrg.objects.filter(unit_id__in=unit_ids), year,
                                                        today, rules=rules)
    scopes = compliance.applicable_rows(rules, rows)
    for res in results:
        per_unit = {unit_id: UnitRule(rule=res.rule, periods=res.periods) for unit_id in unit_ids}
        for org in sorted(scopes[res.rule.applies_to], key=lambda o: (o.name, o.id)):
            line = per_unit.get(org.unit_id)
            if line is None:
                continue
            line.applicable += 1
            if org.id in res.missed:
                line.missed.append(OrgMiss(org.id, org.name, res.missed[org.id]))
            else:
                line.met += 1
        for unit_id, line in per_unit.items():
            out[unit_id].append(line)
    return out


def missed_lines(unit_rules) -> list[str]:
    """One line per org that missed a period of any of ``unit_rules`` (one unit's), by org
    name: "机关第一支部：3月、7月支委会未召开；二季度党课未开展"."""
    by_org = {}
    for line in unit_rules:
        for miss in line.missed:
            by_org.setdefault((miss.org_name, miss.org_id), []).append(
                (line.rule.period, miss.periods, line.rule.kind.code, line.rule.kind.name))
    return [missed_line(name, parts) for (name, _id), parts in sorted(by_org.items())]
