"""What an import would do: rows matched against the registry, before anything is written.

A planner reads (never writes) and returns a ``Plan``: objects to create, objects to update
with the fields that change, how many rows are unchanged, and every error by row and column.
"""
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from dangjian.lib.excel import normalize_text
from dangjian.orgs.models import Unit, UnitCategory, Zone

from .models import ImportKind


@dataclass
class Plan:
    """``creates`` holds unsaved model instances, or for members the row values (built and
    encrypted only when written, so validating an upload costs no encryption)."""

    kind: str
    rows: int = 0
    errors: list = field(default_factory=list)
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    changed: dict = field(default_factory=dict)      # id(obj) -> names of the fields that change
    before: dict = field(default_factory=dict)       # id(obj) -> {field: value before} (the audit)
    unchanged: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def created(self):
        return len(self.creates)

    @property
    def updated(self):
        return len(self.updates)

    def counts(self):
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged}


def chunks(items, size=None):
    """Slices small enough for an ``__in`` lookup on every backend (SQLite allows 999)."""
    size = size or (900 if connection.vendor == "sqlite" else 5000)
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def by_name(pairs):
    """{normalised name: [id, …]} from (id, name) pairs."""
    out = {}
    for pk, name in pairs:
        out.setdefault(normalize_text(name), []).append(pk)
    return out


def duplicate_of(seen: dict, key, row: int):
    """The earlier row holding ``key`` in this file, or None (and remember this one)."""
    if key in seen:
        return seen[key]
    seen[key] = row
    return None


class Changes(list):
    """The names of the fields that change, with their values before (``before``)."""

    def __init__(self, names=(), before=None):
        super().__init__(names)
        self.before = before or {}


def apply_changes(obj, fields: dict) -> Changes:
    """Set the fields that differ; return their names (and the values they had)."""
    changed = Changes(name for name, value in fields.items() if getattr(obj, name) != value)
    changed.before = {name: getattr(obj, name) for name in changed}
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


def record(plan, obj, changed):
    if changed:
        plan.updates.append(obj)
        plan.changed[id(obj)] = changed
        plan.before[id(obj)] = getattr(changed, "before", {})
    else:
        plan.unchanged += 1


def plan_units(*, user, sheet) -> Plan:
    """Units match on name. Category and zone must already exist (no typos become new ones)."""
    plan = Plan(ImportKind.UNITS, rows=len(sheet.rows))
    categories = by_name(UnitCategory.objects.values_list("id", "name"))
    zones = by_name(Zone.objects.values_list("id", "name"))
    existing = {normalize_text(u.name): u for u in Unit.objects.all()}
    seen = {}
    for row in sheet.rows:
        if not row.ok:
            continue
        v = row.values
        earlier = duplicate_of(seen, v["name"], row.row)
        if earlier:
            sheet.add_error(row.row, "name", _("与第%(n)d行重复") % {"n": earlier})
            continue
        category = categories.get(v["category"])
        if not category:
            sheet.add_error(row.row, "category", _("未找到“%(v)s”，请先在单位类别中添加") % {"v": v["category"]})
            continue
        zone = zones.get(v["zone"]) if v["zone"] else [None]
        if not zone:
            sheet.add_error(row.row, "zone", _("未找到“%(v)s”") % {"v": v["zone"]})
            continue
        fields = {"short_name": v["short_name"], "category_id": category[0], "zone_id": zone[0]}
        unit = existing.get(v["name"])
        if unit is None:
            plan.creates.append(Unit(name=v["name"], **fields))
        else:
            record(plan, unit, apply_changes(unit, fields))
    plan.errors = sheet.sorted_errors()
    return plan
