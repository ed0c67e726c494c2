"""Writes of the three-ones lists: keyword-only, atomic, audited; everything is checked
before anything is written, so a refusal leaves no row, no file and no audit entry."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.lib.filetypes import upload_error
from dangjian.orgs.models import BRANCH_TYPES, Member

from . import rules
from .models import NOTE_MAX, TEXT_MAX, Commitment, Kind, ProgressNote, Status

MAX_FILE_BYTES = 20 * 1024 * 1024


def _owner_error(org, owner):
    if owner is None:
        return _("请指定责任书记：每项清单都须有本组织书记负责")
    if not isinstance(owner, Member) or owner.left_on is not None or not owner.branch.path.startswith(org.path):
        return _("责任书记须是本组织的在册党员")
    return None


def _contact_error(org, kind, contact_branch):
    if kind != Kind.CONTACT:
        return _("只有“支部联系点”填写联系支部") if contact_branch is not None else None
    if contact_branch is None:
        return _("请选择联系的党支部")
    if (contact_branch.type not in BRANCH_TYPES or contact_branch.dissolved or contact_branch.pk == org.pk
            or contact_branch.unit_id != org.unit_id):
        return _("联系支部须是本单位的其他在册党支部")
    return None


def _text_error(text):
    text = (text or "").strip()
    if not text:
        return _("请填写内容")
    if len(text) > TEXT_MAX:
        return _("内容不能超过 %(n)d 个字") % {"n": TEXT_MAX}
    return None


def _checked(errors):
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def commitment_create(*, user, org, kind, year, owner, text, due_on, contact_branch=None, request=None):
    """Put one item on ``org``'s list for ``year``: at most one of each kind."""
    today = date.today()
    if kind not in Kind.values:
        raise ValidationError({"kind": _("没有这一类清单事项")})
    errors = {
        "owner": _owner_error(org, owner),
        "text": _text_error(text),
        "contact_branch": _contact_error(org, kind, contact_branch),
        "year": rules.year_error(year, today),
        "__all__": _("已撤销的党组织不能新增清单") if org.dissolved else None,
    }
    if not errors["year"]:
        errors["due_on"] = rules.due_on_error(due_on=due_on, year=year, today=today)
    _checked(errors)
    if Commitment.objects.filter(org=org, year=year, kind=kind).exists():
        raise ValidationError({"kind": _one_per_kind(org, year, kind)})
    item = Commitment(org=org, year=year, kind=kind, owner=owner, text=text.strip(), due_on=due_on,
                      contact_branch=contact_branch if kind == Kind.CONTACT else None,
                      created_by=user if getattr(user, "pk", None) else None)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:       # the same kind saved at the same moment by someone else
        raise ValidationError({"kind": _one_per_kind(org, year, kind)})
    audit_log(user=user, action="commitment.create", obj=item, request=request,
              changes={"org": [None, str(org.pk)], "year": [None, str(year)], "kind": [None, kind],
                       "owner": [None, str(owner.pk)], "due_on": [None, str(due_on)]})
    return item


def _one_per_kind(org, year, kind):
    return _("%(org)s %(year)d 年的“%(kind)s”已有一项：每位书记每类只列一项") % {
        "org": org.name, "year": year, "kind": Kind(kind).label}


EDITABLE = ["owner_id", "text", "due_on", "contact_branch_id"]


@transaction.atomic
def commitment_update(*, user, commitment, owner, text, due_on, contact_branch=None, request=None):
    """Correct an item's owner, text, due date or contact branch; only what changed is written."""
    item, org = commitment, commitment.org
    errors = {
        "owner": _owner_error(org, owner),
        "text": _text_error(text),
        "contact_branch": _contact_error(org, item.kind, contact_branch),
    }
    if due_on != item.due_on:    # an item already past its date keeps it until the date is moved
        errors["due_on"] = rules.due_on_error(due_on=due_on, year=item.year, today=date.today())
    _checked(errors)
    before = snapshot(item, EDITABLE)
    item.owner, item.text, item.due_on = owner, text.strip(), due_on
    item.contact_branch = contact_branch if item.kind == Kind.CONTACT else None
    changes = diff(before, snapshot(item, EDITABLE))
    if changes:
        item.save(update_fields=[f.removesuffix("_id") for f in changes] + ["updated_at"])
        audit_log(user=user, action="commitment.update", obj=item, request=request, changes=changes)
    return item


@transaction.atomic
def progress_note_add(*, user, commitment, text, status=None, file=None, request=None):
    """A short note of progress, optionally moving the item's status and with an optional file."""
    item = commitment
    text = (text or "").strip()
    status = status or item.status
    errors = {}
    if not text:
        errors["text"] = _("请简要写明进展")
    elif len(text) > NOTE_MAX:
        errors["text"] = _("进展不能超过 %(n)d 个字") % {"n": NOTE_MAX}
    if status not in Status.values:
        errors["status"] = _("没有这一状态")
    else:
        errors["status"] = rules.transition_error(item.status, status, dict(Status.choices))
    if file is not None:
        errors["file"] = upload_error(file.name, file, file.size, MAX_FILE_BYTES)
    _checked(errors)
    old = item.status
    note = ProgressNote(commitment=item, text=text, status_after=status,
                        created_by=user if getattr(user, "pk", None) else None)
    if file is not None:
        note.file, note.file_name, note.file_size = file, file.name[:200], file.size
    note.save()
    if status != old:
        item.status = status
        item.completed_on = date.today() if status == Status.DONE else None
        item.save(update_fields=["status", "completed_on", "updated_at"])
    audit_log(user=user, action="commitment.note", obj=item, request=request,
              changes={"note": [None, str(note.pk)], **({"status": [old, status]} if status != old else {}),
                       **({"file": [None, note.file_name]} if note.file else {})})
    return note
