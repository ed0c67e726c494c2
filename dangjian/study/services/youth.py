"""Youth study groups (青年理论学习小组) and mentoring pairs (青蓝结对)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log

from ..models import MentoringPair, YouthGroup, YouthGroupMember


def _in_unit(member, unit):
    return member.branch.unit_id == unit.pk


@transaction.atomic
def youth_group_create(*, user, unit, name, founded_on=None, request=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写名称")})
    if YouthGroup.objects.filter(unit=unit, name=name).exists():
        raise ValidationError({"name": _("本单位已有同名的青年理论学习小组")})
    group = YouthGroup.objects.create(unit=unit, name=name, founded_on=founded_on)
    audit_log(user=user, action="youth_group.create", obj=group, request=request,
              changes={"unit": [None, str(unit.pk)], "name": [None, name]})
    return group


@transaction.atomic
def youth_group_member_add(*, user, group, member, joined_on=None, request=None):
    if member.left_on or not _in_unit(member, group.unit):
        raise ValidationError({"member": _("只能加入本单位在册党员")})
    if YouthGroupMember.objects.filter(group=group, member=member).exists():
        raise ValidationError({"member": _("%(name)s 已在小组中") % {"name": member.name}})
    row = YouthGroupMember.objects.create(group=group, member=member, joined_on=joined_on)
    audit_log(user=user, action="youth_group.member_add", obj=group, request=request,
              changes={"member": [None, str(member.pk)]})
    return row


@transaction.atomic
def youth_group_member_remove(*, user, group, member, request=None):
    deleted, _rows = YouthGroupMember.objects.filter(group=group, member=member).delete()
    if not deleted:
        raise ValidationError({"member": _("该党员不在小组中")})
    audit_log(user=user, action="youth_group.member_remove", obj=group, request=request,
              changes={"member": [str(member.pk), None]})


@transaction.atomic
def mentoring_pair_create(*, user, unit, mentor, mentee, started_on, request=None):
    errors = {}
    if mentor.pk == mentee.pk:
        errors["mentee"] = _("导师和青年干部不能是同一人")
    for key, m in (("mentor", mentor), ("mentee", mentee)):
        if m.left_on or not _in_unit(m, unit):
            errors.setdefault(key, _("须是本单位在册党员"))
    if not errors and MentoringPair.objects.filter(mentor=mentor, mentee=mentee, ended_on__isnull=True).exists():
        errors["mentee"] = _("两人已结对")
    if errors:
        raise ValidationError(errors)
    pair = MentoringPair.objects.create(unit=unit, mentor=mentor, mentee=mentee, started_on=started_on)
    audit_log(user=user, action="mentoring_pair.create", obj=pair, object_repr=f"{mentor.name} · {mentee.name}",
              request=request, changes={"mentor": [None, str(mentor.pk)], "mentee": [None, str(mentee.pk)]})
    return pair


@transaction.atomic
def mentoring_pair_end(*, user, pair, ended_on, request=None):
    if pair.ended_on:
        raise ValidationError(_("该结对已结束"))
    if ended_on < pair.started_on:
        raise ValidationError({"ended_on": _("结束日期早于结对日期")})
    pair.ended_on = ended_on
    pair.save(update_fields=["ended_on"])
    audit_log(user=user, action="mentoring_pair.end", obj=pair, object_repr=f"{pair.mentor_id} · {pair.mentee_id}",
              request=request, changes={"ended_on": [None, str(ended_on)]})
    return pair
