"""Reads for other parts: the overview figures, the committee's picture and the reminders."""
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.cache import cache
from django.db.models import Count

from dangjian.accounts import gatekeeper as gk
from dangjian.orgs.models import PartyOrg, Unit

from . import compliance
from .models import Activity
from .rules import missed_line

PICTURE_TTL = 3600           # a safety net: record writes invalidate through VERSION_KEY
GAPS_TTL = 600              # the gaps also follow registry edits, which do not bump the version
VERSION_KEY = "records:version"


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
    (records_changed), so the next view in any worker recomputes."""
    today = today or date.today()
    key = f"records:picture:{_version()}:{year}:{today.isoformat()}:{gk.visibility_key(user)}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    orgs = gk.visible_orgs(user)
    results, rows, _misses = compliance.year_compliance(orgs, year, today)
    per_zone, per_unit = compliance.by_zone_and_unit(results, rows)
    rules = [r.rule for r in results]
    zones = {z.id: z.name for z in gk.visible_zones(user).only("id", "name")}
    units = {u.id: u.name for u in Unit.objects.filter(id__in=list(per_unit)).only("id", "name")}
    picture = {
        "results": [replace(r, met_org_ids=set(), missed={}) for r in results],   # keep the cache small
        "rules": rules,
        "zone_rows": [(zones.get(zid, "—"), [per_zone[zid].get(r.id) for r in rules])
                      for zid in sorted(per_zone, key=lambda z: (z is None, z or 0))],
        "unit_rows": [(units.get(uid, "—"), [per_unit[uid].get(r.id) for r in rules])
                      for uid in sorted(per_unit, key=lambda u: (u is None, u or 0))],
    }
    cache.set(key, picture, PICTURE_TTL)
    return picture


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
