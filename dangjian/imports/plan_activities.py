"""Planning an import of past records of organizational life (组织生活记录).

A row names its org (by name, with the unit when names repeat) among the orgs the user may
write, and a kind by its name. The record rules are those of the one form
(``records.validation.activity_errors``). A row matches an existing record on
(org, kind, date, topic): an imported record is updated when its counts, form, summary or ways
of study changed; a record entered through the form (roster ticks, votes, files) is the fact
and is never overwritten by a spreadsheet. Queries do not grow with the rows: orgs and kinds
once, existing records in chunks of orgs.
"""
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import writable_orgs
from dangjian.lib.excel import normalize_text
from dangjian.records.models import Activity, ActivityKind, Source
from dangjian.records.validation import activity_errors

from .models import ImportKind
from .plan import Plan, apply_changes, chunks, duplicate_of, record

COMPARED = ["form", "expected_count", "attendee_count", "summary", "study_ways"]
LOADED = ["id", "org_id", "kind_id", "held_on", "topic", "source", *COMPARED]
KINDS_SHOWN = 10


@dataclass(frozen=True)
class _Org:
    pk: int
    unit_names: tuple
    dissolved: bool


def _orgs_by_name(user):
    """{normalised name: [_Org, …]} of the orgs the user may write: one query."""
    out = {}
    rows = writable_orgs(user).values_list("id", "name", "unit__name", "unit__short_name", "dissolved")
    for pk, name, unit_name, unit_short, dissolved in rows:
        units = tuple(normalize_text(u) for u in (unit_name, unit_short) if u)
        out.setdefault(normalize_text(name), []).append(_Org(pk, units, dissolved))
    return out


def _find_org(sheet, row, orgs_by_name):
    v = row.values
    found = orgs_by_name.get(v["org"], [])
    if found and v["unit"]:
        in_unit = [o for o in found if v["unit"] in o.unit_names]
        if not in_unit:
            sheet.add_error(row.row, "unit", _("该单位下未找到此党组织"))
            return None
        found = in_unit
    if not found:
        sheet.add_error(row.row, "org", _("未找到或无权限"))
        return None
    if len(found) > 1:
        sheet.add_error(row.row, "org", _("有多个同名党组织，请填写所在单位"))
        return None
    return found[0]


def _kind_names(kinds):
    names = [k.name for k in kinds.values() if k.active]
    shown = "、".join(names[:KINDS_SHOWN])
    return shown + (_("等") if len(names) > KINDS_SHOWN else "")


def _find_kind(sheet, row, kinds):
    kind = kinds.get(row.values["kind"])
    if kind is None:
        sheet.add_error(row.row, "kind", _("未找到该类型，应为%(names)s") % {"names": _kind_names(kinds)})
    return kind


def _counts(v):
    """(attendee, expected): a blank expected count is the attendee count."""
    attendee = v["attendee_count"] or 0
    expected = v["expected_count"] if v["expected_count"] is not None else attendee
    return attendee, expected


def _load_existing(org_ids, first, last):
    """{(org, kind, date, topic): record} for the orgs and dates the file names. Where several
    records share a key, an imported one is preferred, then the oldest."""
    found = {}
    for part in chunks(sorted(org_ids)):
        records = (Activity.objects.filter(org_id__in=part, held_on__gte=first, held_on__lte=last)
                   .only(*LOADED).order_by("id"))
        for activity in records:
            key = (activity.org_id, activity.kind_id, activity.held_on, normalize_text(activity.topic))
            kept = found.get(key)
            if kept is None or (kept.source != Source.IMPORT and activity.source == Source.IMPORT):
                found[key] = activity
    return found


def _check(sheet, row, orgs_by_name, kinds, today):
    """(org, kind) when the row may be kept, else None; every error of the row is reported."""
    v = row.values
    org = _find_org(sheet, row, orgs_by_name)
    kind = _find_kind(sheet, row, kinds)
    attendee, expected = _counts(v)
    errors = activity_errors(kind=kind, held_on=v["held_on"], topic=v["topic"], today=today,
                             form=v["form"], study_ways=v["study_ways"],
                             org_dissolved=bool(org and org.dissolved),
                             attendee_count=attendee, expected_count=expected)
    for key, message in errors.items():
        sheet.add_error(row.row, key, message)
    if org is None or kind is None or errors:
        return None
    return org, kind


def plan_activities(*, user, sheet, today=None) -> Plan:
    today = today or date.today()
    plan = Plan(ImportKind.ACTIVITIES, rows=len(sheet.rows))
    orgs_by_name = _orgs_by_name(user)
    kinds = {normalize_text(k.name): k for k in ActivityKind.objects.all()}
    seen, keyed = {}, []
    for row in sheet.rows:
        if not row.ok:
            continue
        checked = _check(sheet, row, orgs_by_name, kinds, today)
        if checked is None:
            continue
        org, kind = checked
        key = (org.pk, kind.pk, row.values["held_on"], row.values["topic"])
        earlier = duplicate_of(seen, key, row.row)
        if earlier:
            sheet.add_error(row.row, "topic", _("与第%(n)d行的党组织、类型、日期、主题相同") % {"n": earlier})
            continue
        keyed.append((key, row))
    existing = {}
    if keyed:
        dates = [key[2] for key, _row in keyed]
        existing = _load_existing({key[0] for key, _row in keyed}, min(dates), max(dates))
    for key, row in keyed:
        v = row.values
        attendee, expected = _counts(v)
        fields = {"form": v["form"], "expected_count": expected, "attendee_count": attendee,
                  "summary": v["summary"], "study_ways": v["study_ways"]}
        activity = existing.get(key)
        if activity is None:
            plan.creates.append(Activity(org_id=key[0], kind_id=key[1], held_on=key[2], topic=key[3],
                                         source=Source.IMPORT, created_by=user, **fields))
        elif activity.source != Source.IMPORT:
            plan.unchanged += 1         # recorded through the form: that record is the fact
            plan.extra["kept"] = plan.extra.get("kept", 0) + 1
        else:
            record(plan, activity, apply_changes(activity, fields))
    plan.errors = sheet.sorted_errors()
    return plan
