"""Planning a party-org import: parents by name (in the registry or in the same file), units.

Orgs match on (name, unit). A new org goes under a parent the user may write; only the
committee may add a top-level org. An existing org keeps its parent: moves are made on the
org page, where they are recorded with a reason.
"""
from datetime import date

from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import CONFIGURE, can, writable_orgs
from dangjian.lib.excel import normalize_text
from dangjian.orgs import rules
from dangjian.orgs.models import Member, PartyOrg, Unit
from dangjian.orgs.rules import default_term_end

from .models import ImportKind
from .plan import Plan, apply_changes, by_name, chunks, duplicate_of, record

FIELDS = ["type", "secretary_name", "founded_on", "term_start", "term_end", "has_committee"]


class _Cycle(Exception):
    pass


class _Context:
    def __init__(self, user, sheet):
        self.sheet = sheet
        self.writes_all = can(user, CONFIGURE)
        self.writable = set(writable_orgs(user).values_list("id", flat=True))
        self.orgs = {o.pk: o for o in PartyOrg.objects.all()}
        self.orgs_by_name = {}
        for org in self.orgs.values():
            self.orgs_by_name.setdefault(normalize_text(org.name), []).append(org)
        units = Unit.objects.all() if self.writes_all else Unit.objects.filter(
            id__in={o.unit_id for o in self.orgs.values() if o.pk in self.writable})
        self.units = by_name(units.values_list("id", "name"))
        self.has_children = {o.parent_id for o in self.orgs.values() if o.parent_id}
        self.file_rows = {}
        self.unit_of = {}       # row number -> unit id (None allowed)
        self.parent_of = {}     # row number -> ("db", org) | ("row", row) | None
        self.failed = set()     # rows whose unit or parent could not be found (already reported)
        self.existing = {}      # row number -> the existing org the row updates, None if new

    def error(self, row, key, message):
        self.sheet.add_error(row.row, key, message)


def _explicit_unit(ctx, row):
    name = row.values["unit"]
    if not name:
        return True, None
    ids = ctx.units.get(name, [])
    if len(ids) != 1:
        ctx.error(row, "unit", _("未找到或无权限"))
        return False, None
    return True, ids[0]


def _find_parent(ctx, row, unit_id):
    """("db", org) / ("row", row) / None; raises LookupError with the message."""
    name = row.values["parent"]
    if not name:
        return None
    in_file = [r for r in ctx.file_rows.get(name, []) if r is not row]
    if len(in_file) == 1:
        return ("row", in_file[0])
    if len(in_file) > 1:
        raise LookupError(_("本表中有多个同名党组织，请填写全称"))
    found = ctx.orgs_by_name.get(name, [])
    if len(found) > 1 and unit_id is not None:
        found = [o for o in found if o.unit_id == unit_id]
    if len(found) > 1:
        raise LookupError(_("有多个同名党组织，请填写全称"))
    if not found:
        raise LookupError(_("未找到或无权限"))
    return ("db", found[0])


def _resolve(ctx, row, visiting=()):
    """Fill ctx.unit_of / ctx.parent_of for a row (and the file rows above it)."""
    if row.row in ctx.unit_of:
        return ctx.unit_of[row.row]
    if row.row in ctx.failed:
        raise LookupError(None)
    if row.row in visiting:
        raise _Cycle
    ok, unit_id = _explicit_unit(ctx, row)
    if not ok:
        ctx.failed.add(row.row)
        raise LookupError(None)
    try:
        parent = _find_parent(ctx, row, unit_id)
    except LookupError as err:
        ctx.error(row, "parent", str(err))
        ctx.failed.add(row.row)
        raise LookupError(None) from None
    if parent is not None and parent[0] == "row":
        parent_unit = _resolve(ctx, parent[1], (*visiting, row.row))
    else:
        parent_unit = parent[1].unit_id if parent else None
    ctx.parent_of[row.row] = parent
    ctx.unit_of[row.row] = unit_id if unit_id is not None else parent_unit
    return ctx.unit_of[row.row]


def _parent_type(parent):
    kind, obj = parent
    return obj.type if kind == "db" else obj.values["type"]


def _parent_existing(ctx, parent):
    """The existing org a parent reference stands for; None when it is new in this file."""
    kind, obj = parent
    return obj if kind == "db" else ctx.existing.get(obj.row)


def _check_new(ctx, row, parent):
    if parent is None and not ctx.writes_all:
        ctx.error(row, "parent", _("必填：只能在有权限的党组织之下新增"))
        return False
    if parent is not None and parent[0] == "db" and parent[1].pk not in ctx.writable:
        ctx.error(row, "parent", _("未找到或无权限"))
        return False
    return True


def _check_existing(ctx, row, org, parent, members_in):
    v = row.values
    if org.pk not in ctx.writable:
        ctx.error(row, "name", _("该党组织已存在，无权限修改"))
        return False
    if parent is not None and getattr(_parent_existing(ctx, parent), "pk", None) != org.parent_id:
        ctx.error(row, "parent", _("与系统中的上级党组织不同；调整隶属关系请在党组织页面操作"))
        return False
    refusal = rules.type_change_refusal(old_type=org.type, new_type=v["type"],
                                        has_children=org.pk in ctx.has_children,
                                        has_members=org.pk in members_in)
    if refusal:
        ctx.error(row, "type", refusal)
        return False
    return True


def _check_dates(ctx, row, today):
    v, ok = row.values, True
    if v["founded_on"] and v["founded_on"] > today:
        ctx.error(row, "founded_on", _("晚于今天"))
        ok = False
    if v["term_start"] and v["term_end"] and v["term_end"] < v["term_start"]:
        ctx.error(row, "term_end", _("早于本届任期开始"))
        ok = False
    if v["term_start"] and not v["term_end"]:
        v["term_end"] = default_term_end(v["type"], v["term_start"])
    return ok


def _members_in(org_ids):
    found = set()
    for part in chunks(org_ids):
        found.update(Member.objects.filter(branch_id__in=part).values_list("branch_id", flat=True).distinct())
    return found


def plan_orgs(*, user, sheet, today=None) -> Plan:
    today = today or date.today()
    plan = Plan(ImportKind.ORGS, rows=len(sheet.rows))
    ctx = _Context(user, sheet)
    rows = [r for r in sheet.rows if r.ok and _check_dates(ctx, r, today)]
    for row in rows:
        ctx.file_rows.setdefault(row.values["name"], []).append(row)
    resolved = []
    for row in rows:
        try:
            _resolve(ctx, row)
            resolved.append(row)
        except _Cycle:
            ctx.error(row, "parent", _("上级党组织之间存在循环引用"))
        except LookupError:
            pass
    keyed, seen = ctx.existing, {}
    for row in resolved:
        key = (row.values["name"], ctx.unit_of[row.row])
        earlier = duplicate_of(seen, key, row.row)
        if earlier:
            ctx.error(row, "name", _("与第%(n)d行重复") % {"n": earlier})
            continue
        match = [o for o in ctx.orgs_by_name.get(key[0], []) if o.unit_id == key[1]]
        keyed[row.row] = match[0] if match else None
    changing = [o.pk for o in keyed.values() if o is not None]
    members_in = _members_in(changing)
    new_rows = {}
    for row in resolved:
        if row.row not in keyed:
            continue
        org, parent, v = keyed[row.row], ctx.parent_of[row.row], row.values
        fields = {key: v[key] for key in FIELDS}
        if org is None:
            refusal = rules.parent_refusal(parent_type=_parent_type(parent) if parent else None)
            if refusal:
                ctx.error(row, "parent", refusal)
            elif _check_new(ctx, row, parent):
                new_rows[row.row] = PartyOrg(name=v["name"], unit_id=ctx.unit_of[row.row], **fields)
        elif _check_existing(ctx, row, org, parent, members_in):
            record(plan, org, apply_changes(org, fields))
    _order_new(ctx, plan, new_rows)
    plan.errors = sheet.sorted_errors()
    return plan


def _order_new(ctx, plan, new_rows):
    """New orgs in creation order (parents first), each with where its parent comes from."""
    levels = {}

    def level(number):
        if number in levels:
            return levels[number]
        parent = ctx.parent_of[number]
        if parent is not None and parent[0] == "row" and parent[1].row in new_rows:
            levels[number] = level(parent[1].row) + 1
        else:
            levels[number] = 0
        return levels[number]

    for number in new_rows:
        level(number)
    order = sorted(new_rows, key=lambda n: (levels[n], n))
    plan.creates = [new_rows[n] for n in order]
    plan.extra["parents"] = {}
    for n in order:
        parent = ctx.parent_of[n]
        if parent is None:
            ref = None
        elif parent[0] == "db":
            ref = parent[1]
        else:       # a row of this file: new, or updating an existing org
            ref = new_rows.get(parent[1].row) or ctx.existing.get(parent[1].row)
        plan.extra["parents"][id(new_rows[n])] = ref
    plan.extra["levels"] = [levels[n] for n in order]
