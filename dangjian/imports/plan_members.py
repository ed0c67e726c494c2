"""Planning a member import: branch by name within the writable scope, matching, date rules.

A row matches an existing member by ID number (keyed hash) when it has one; otherwise, or
when no member has that number yet, by (name, branch, birth date). The number of queries does
not grow with the rows: branches in one query, existing members in chunks.
"""
from datetime import date

from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import writable_orgs
from dangjian.lib import crypto, masking
from dangjian.lib.excel import normalize_text
from dangjian.orgs.models import BRANCH_TYPES, Member

from .models import ImportKind
from .plan import Plan, apply_changes, by_name, chunks, duplicate_of, record
from .specs import Masked

COMPARED = ["name", "gender", "birth_date", "ethnicity", "education", "status", "joined_on",
            "full_on", "post", "branch_id"]
LOADED = COMPARED + ["id_number_hash", "id_number_masked", "phone_masked", "phone_enc"]
DATE_KEYS = ("birth_date", "joined_on", "full_on")


def member_date_errors(values: dict, today: date) -> list:
    """[(key, message)] for dates that contradict each other or lie in the future."""
    errors = []
    birth, joined, full = values.get("birth_date"), values.get("joined_on"), values.get("full_on")
    for key in DATE_KEYS:
        if values.get(key) and values[key] > today:
            errors.append((key, _("晚于今天")))
    if birth and joined and joined < birth:
        errors.append(("joined_on", _("早于出生日期")))
    if joined and full and joined > full:
        errors.append(("joined_on", _("晚于转正日期")))
    if values.get("status") == "probationary" and full:
        errors.append(("full_on", _("预备党员不应填写转正日期")))
    return errors


def _load_existing(branch_ids, hashes):
    """Members in the branches named by the file, and members anywhere holding its ID numbers."""
    found = {}
    for part in chunks(branch_ids):
        for m in Member.objects.filter(branch_id__in=part).only(*LOADED):
            found[m.pk] = m
    known = {m.id_number_hash for m in found.values()}
    for part in chunks(h for h in hashes if h not in known):
        for m in Member.objects.filter(id_number_hash__in=part).only(*LOADED):
            found[m.pk] = m
    by_hash, by_person = {}, {}
    for m in found.values():
        if m.id_number_hash:
            by_hash[m.id_number_hash] = m
        key = (normalize_text(m.name), m.branch_id, m.birth_date)
        by_person.setdefault(key, []).append(m)
    return by_hash, by_person


class _Rows:
    """Per-row state for one plan: errors, claimed members, duplicates within the file."""

    def __init__(self, sheet, plan):
        self.sheet, self.plan = sheet, plan
        self.claimed, self.seen_ids, self.seen_people = {}, {}, {}

    def error(self, row, key, message):
        self.sheet.add_error(row.row, key, message)


def _resolve_branches(state, rows, branches_by_name):
    """Set values['branch_id']; return the rows whose branch is known."""
    good = []
    for row in rows:
        ids = branches_by_name.get(row.values["branch"], [])
        if not ids:
            state.error(row, "branch", _("未找到或无权限"))
        elif len(ids) > 1:
            state.error(row, "branch", _("有多个同名党支部，请填写全称"))
        else:
            row.values["branch_id"] = ids[0]
            good.append(row)
    return good


def _match(state, row, by_hash, by_person, writable):
    """The existing member this row stands for, None for a new one, False on error."""
    v = row.values
    person = (v["name"], v["branch_id"], v["birth_date"])
    if v["id_hash"]:
        earlier = duplicate_of(state.seen_ids, v["id_hash"], row.row)
        if earlier:
            state.error(row, "id_number", _("与第%(n)d行重复") % {"n": earlier})
            return False
        member = by_hash.get(v["id_hash"])
        if member is not None and member.branch_id not in writable:
            state.error(row, "id_number", _("该党员已在其他党组织登记，无权限修改；转入请办理组织关系转接"))
            return False
        if member is None:
            same = [m for m in by_person.get(person, []) if not m.id_number_hash]
            member = same[0] if len(same) == 1 else None
    else:
        earlier = duplicate_of(state.seen_people, person, row.row)
        if earlier:
            state.error(row, "name", _("与第%(n)d行的姓名、所在党支部、出生日期相同，请填写公民身份号码区分")
                        % {"n": earlier})
            return False
        same = by_person.get(person, [])
        if len(same) > 1:
            state.error(row, "name", _("党支部中有多名同名且出生日期相同的党员，请填写公民身份号码"))
            return False
        member = same[0] if same else None
    if member is not None:
        earlier = duplicate_of(state.claimed, member.pk, row.row)
        if earlier:
            state.error(row, "name", _("与第%(n)d行指向同一名党员") % {"n": earlier})
            return False
    return member


def _masked_ok(state, row, member):
    v, ok = row.values, True
    for key, stored in (("id_number", "id_number_masked"), ("phone", "phone_masked")):
        if not isinstance(v[key], Masked):
            continue
        if member is None:
            state.error(row, key, _("打码的号码不能用于新增党员，请填写完整号码"))
            ok = False
        elif getattr(member, stored) and getattr(member, stored) != v[key].text:
            state.error(row, key, _("与系统中已登记的号码不一致"))
            ok = False
    return ok


def _fields(v):
    return {key: v[key] for key in COMPARED if key != "branch_id"} | {"branch_id": v["branch_id"]}


def _plan_update(plan, member, v):
    from_branch = member.branch_id
    changed = apply_changes(member, _fields(v))
    if isinstance(v["id_number"], str) and v["id_number"] and member.id_number_hash != v["id_hash"]:
        member.set_id_number(v["id_number"])
        changed += ["id_number_enc", "id_number_hash", "id_number_masked"]
    phone = v["phone"]
    if isinstance(phone, str) and phone and (
            member.phone_masked != masking.mask_phone(phone) or member.reveal_phone() != phone):
        member.set_phone(phone)
        changed += ["phone_enc", "phone_masked"]
    if member.branch_id != from_branch:
        plan.extra.setdefault("transfers", []).append((member, from_branch, member.branch_id))
    record(plan, member, changed)


def build_member(values: dict) -> Member:
    """A new member from planned row values; ID number and phone are encrypted here."""
    values = dict(values)
    id_number, phone = values.pop("id_number"), values.pop("phone")
    member = Member(**values)
    member.set_id_number(id_number)
    member.set_phone(phone)
    return member


def plan_members(*, user, sheet, today=None) -> Plan:
    today = today or date.today()
    plan = Plan(ImportKind.MEMBERS, rows=len(sheet.rows))
    state = _Rows(sheet, plan)
    branches = writable_orgs(user).filter(type__in=BRANCH_TYPES, dissolved=False)
    branches_by_name = by_name(branches.values_list("id", "name"))
    writable = {pk for ids in branches_by_name.values() for pk in ids}
    rows = []
    for row in sheet.rows:
        errors = member_date_errors(row.values, today)
        for key, message in errors:
            state.error(row, key, message)
        if row.ok and not errors:
            v = row.values
            v["id_hash"] = crypto.keyed_hash(v["id_number"]) if isinstance(v["id_number"], str) else ""
            rows.append(row)
    rows = _resolve_branches(state, rows, branches_by_name)
    by_hash, by_person = _load_existing({r.values["branch_id"] for r in rows},
                                        {r.values["id_hash"] for r in rows if r.values["id_hash"]})
    for row in rows:
        member = _match(state, row, by_hash, by_person, writable)
        if member is False or not _masked_ok(state, row, member):
            continue
        v = row.values
        if member is None:      # built (and encrypted) only when written: see build_member
            plan.creates.append(_fields(v) | {"id_number": v["id_number"], "phone": v["phone"]})
        else:
            _plan_update(plan, member, v)
    plan.errors = sheet.sorted_errors()
    return plan
