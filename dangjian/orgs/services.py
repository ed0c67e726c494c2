"""Writes to the registry: keyword-only, atomic, audited, raising ValidationError."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.lib import crypto
from dangjian.lib.edits import changed_fields, fields_assign, update_if_current

from .models import BRANCH_TYPES, Member, MemberTransfer, OrgMove, PartyOrg
from . import rules
from .counts import lock_orgs, member_counts_refresh
from .rules import MAX_JOINT_UNITS, default_term_end

MEMBER_FIELDS = ["name", "gender", "birth_date", "ethnicity", "education", "status",
                 "joined_on", "full_on", "post"]
ORG_FIELDS = ["name", "type", "secretary_name", "founded_on", "term_start", "term_end",
              "has_committee", "dissolved"]


def _membersnapshot(member):
    data = snapshot(member, MEMBER_FIELDS)
    data["branch"] = member.branch_id
    data["id_number"] = member.id_number_masked   # only masks reach the audit log
    data["phone"] = member.phone_masked
    return data


def validate_member_dates(*, birth_date, joined_on, full_on, status):
    errors = {}
    if joined_on and full_on and full_on < joined_on:
        errors["full_on"] = _("转正日期早于入党日期")
    if birth_date and joined_on and joined_on < birth_date:
        errors["joined_on"] = _("入党日期早于出生日期")
    if status == "probationary" and full_on:
        errors["full_on"] = _("预备党员不应有转正日期")
    today = date.today()
    for key, value in (("birth_date", birth_date), ("joined_on", joined_on), ("full_on", full_on)):
        if value and value > today:
            errors.setdefault(key, _("日期晚于今天"))
    if errors:
        raise ValidationError(errors)


def _set_path(org):
    org.path, org.depth = rules.org_path(org.parent.path if org.parent_id else None, org.pk)


def _check_parent(parent, org=None):
    refusal = rules.parent_refusal(parent_type=parent.type if parent else None,
                                   parent_path=parent.path if parent else None,
                                   own_path=org.path if org is not None else None)
    if refusal:
        raise ValidationError({"parent": refusal})


@transaction.atomic
def org_create(*, user, name, type, parent=None, unit=None, secretary_name="", founded_on=None,
               term_start=None, term_end=None, has_committee=False, covered_units=(), request=None):
    _check_parent(parent)
    if unit is None and parent is not None:
        unit = parent.unit
    if term_start and not term_end:
        term_end = default_term_end(type, term_start)
    if len(covered_units) > MAX_JOINT_UNITS:
        raise ValidationError({"covered_units": _("联合党支部最多覆盖 %(n)d 个单位") % {"n": MAX_JOINT_UNITS}})
    org = PartyOrg(name=name, type=type, parent=parent, unit=unit, secretary_name=secretary_name,
                   founded_on=founded_on, term_start=term_start, term_end=term_end,
                   has_committee=has_committee)
    org.save()
    _set_path(org)
    org.save(update_fields=["path", "depth"])
    if covered_units:
        org.covered_units.set(covered_units)
    audit_log(user=user, action="org.create", obj=org, changes=diff({}, snapshot(org, ORG_FIELDS)),
              request=request)
    return org


@transaction.atomic
def org_update(*, user, org, request=None, **fields):
    before = snapshot(org, ORG_FIELDS)
    for key in fields:
        if key not in ORG_FIELDS:
            raise ValueError(key)
    if "type" in fields and fields["type"] != org.type:
        refusal = rules.type_change_refusal(
            old_type=org.type, new_type=fields["type"],
            has_children=PartyOrg.objects.filter(parent=org).exists(),
            has_members=Member.objects.filter(branch=org).exists())
        if refusal:
            raise ValidationError({"type": refusal})
    for key, value in fields.items():
        setattr(org, key, value)
    if "term_start" in fields and "term_end" not in fields and org.term_start:
        org.term_end = default_term_end(org.type, org.term_start)
    # only the registry fields: a full save() of a stale instance would overwrite the stored
    # member counts (orgs.counts) with the values it was loaded with
    org.save(update_fields=ORG_FIELDS)
    audit_log(user=user, action="org.update", obj=org, changes=diff(before, snapshot(org, ORG_FIELDS)),
              request=request)
    return org


@transaction.atomic
def org_move(*, user, org, new_parent, moved_on=None, reason="", request=None):
    """Place an org under another parent; descendants' paths follow in one UPDATE."""
    _check_parent(new_parent, org)
    old_parent_id, old_path = org.parent_id, org.path
    new_prefix, new_depth = rules.org_path(new_parent.path if new_parent else None, org.pk)
    depth_shift = new_depth - org.depth
    PartyOrg.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_prefix), Substr(F("path"), len(old_path) + 1, Length(F("path")))),
        depth=F("depth") + depth_shift,
    )
    org.parent = new_parent
    org.save(update_fields=["parent"])
    org.refresh_from_db()
    OrgMove.objects.create(org=org, from_parent_id=old_parent_id, to_parent=new_parent,
                           moved_on=moved_on or date.today(), reason=reason, by=user)
    audit_log(user=user, action="org.move", obj=org,
              changes={"parent": [str(old_parent_id), str(new_parent.pk if new_parent else None)]},
              request=request)
    return org


def _check_branch(branch):
    if branch.type not in BRANCH_TYPES:
        raise ValidationError({"branch": _("党员只能编入党支部")})


@transaction.atomic
def member_create(*, user, branch, name, gender, status, birth_date=None, ethnicity="", education="",
                  joined_on=None, full_on=None, post="", id_number="", phone="", request=None):
    _check_branch(branch)
    validate_member_dates(birth_date=birth_date, joined_on=joined_on, full_on=full_on, status=status)
    member = Member(branch=branch, name=name, gender=gender, status=status, birth_date=birth_date,
                    ethnicity=ethnicity, education=education, joined_on=joined_on, full_on=full_on,
                    post=post)
    member.set_id_number(id_number)
    member.set_phone(phone)
    if member.id_number_hash and Member.objects.filter(id_number_hash=member.id_number_hash).exists():
        raise ValidationError({"id_number": _("该身份证号已登记")})
    lock_orgs([branch.pk])
    member.save()
    member_counts_refresh(org_ids=[branch.pk])
    audit_log(user=user, action="member.create", obj=member, changes=diff({}, _membersnapshot(member)),
              request=request)
    return member


ID_NUMBER_COLUMNS = ["id_number_enc", "id_number_hash", "id_number_masked"]
PHONE_COLUMNS = ["phone_enc", "phone_masked"]


@transaction.atomic
def member_update(*, user, member, request=None, id_number=None, phone=None, version=None, **fields):
    """Change a member's record. Only the fields that differ are written (and audited), and only
    if nobody saved the member since ``version``, the one the edit form was filled on; else
    the stale-version ValidationError and nothing is written. ``id_number``/``phone`` None:
    unchanged."""
    before = _membersnapshot(member)
    loaded = snapshot(member, MEMBER_FIELDS)
    fields_assign(member, fields, MEMBER_FIELDS)
    validate_member_dates(birth_date=member.birth_date, joined_on=member.joined_on,
                          full_on=member.full_on, status=member.status)
    changed = changed_fields(member, loaded)
    if id_number is not None and crypto.keyed_hash(id_number.strip().upper()) != member.id_number_hash:
        member.set_id_number(id_number)
        clash = Member.objects.filter(id_number_hash=member.id_number_hash).exclude(pk=member.pk)
        if member.id_number_hash and clash.exists():
            raise ValidationError({"id_number": _("该身份证号已登记")})
        changed += ID_NUMBER_COLUMNS
    if phone is not None and phone.strip() != member.reveal_phone():
        member.set_phone(phone)
        changed += PHONE_COLUMNS
    if not changed:
        return member       # nothing to write: no version bump, no audit entry
    if "status" in changed:
        lock_orgs([member.branch_id])
    try:
        with transaction.atomic():      # the ID number's unique index: a concurrent registration
            update_if_current(member, version=version, fields=changed)
    except IntegrityError:
        raise ValidationError({"id_number": _("该身份证号已登记")})
    if "status" in changed:
        member_counts_refresh(org_ids=[member.branch_id])
    audit_log(user=user, action="member.update", obj=member,
              changes=diff(before, _membersnapshot(member)), request=request)
    return member


@transaction.atomic
def member_transfer(*, user, member, to_branch, moved_on=None, reason="", version=None, request=None):
    """Move a member to another branch, keeping the history. Refused as stale when the member
    was changed (or moved) since ``version``."""
    _check_branch(to_branch)
    if to_branch.pk == member.branch_id:
        raise ValidationError({"to_branch": _("已在该支部")})
    from_id = member.branch_id
    lock_orgs([from_id, to_branch.pk])
    member.branch = to_branch
    update_if_current(member, version=version, fields=["branch"])
    member_counts_refresh(org_ids=[from_id, to_branch.pk])
    MemberTransfer.objects.create(member=member, from_branch_id=from_id, to_branch=to_branch,
                                  moved_on=moved_on or date.today(), reason=reason, by=user)
    audit_log(user=user, action="member.transfer", obj=member,
              changes={"branch": [str(from_id), str(to_branch.pk)]}, request=request)
    return member


def member_reveal(*, user, member, request=None):
    """Decrypt ID number and phone for a permitted user; the unmasking is audited once it has
    succeeded. A failure (a wrong DATA_KEY, damaged data) is audited as one and raises
    DecryptionFailed. Not atomic: the failure's audit entry must stay."""
    try:
        revealed = {"id_number": member.reveal_id_number(), "phone": member.reveal_phone()}
    except crypto.DecryptionFailed:
        audit_log(user=user, action="member.unmask", obj=member, request=request, success=False)
        raise
    audit_log(user=user, action="member.unmask", obj=member, request=request)
    return revealed
