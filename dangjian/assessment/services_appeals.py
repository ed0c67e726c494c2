"""Appeals (申诉): open, reply, decide. Keyword-only, atomic, audited.

A unit admin (``APPEAL`` over the body's unit) disputes an entry within the scheme's
``appeal_days`` of the day it was recorded; one open appeal per entry; a reversal cannot be
appealed. The owning department (``SCORE`` over the entry) upholds it or reverses the entry
with a reason; a reversal is a ledger entry (``ledger_entry_reverse``).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import SCORE, require
from dangjian.audit.services import audit_log

from .appeals import appeal_deadline, can_appeal, reply_side
from .models import Appeal, AppealMessage, LedgerEntry, Scheme
from .services import ledger_entry_reverse

MAX_TEXT = 2000


def _text(value, field, empty):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: empty})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("内容不能超过 %(n)d 字。") % {"n": MAX_TEXT}})
    return value


@transaction.atomic
def appeal_open(*, user, entry, reason, request=None):
    """A unit disputes ``entry`` with ``reason``."""
    entry = LedgerEntry.objects.select_for_update().select_related("body").get(pk=entry.pk)
    if not can_appeal(user, entry):
        raise PermissionDenied
    reason = _text(reason, "reason", _("请写明申诉理由。"))
    if entry.reverses_id is not None:
        raise ValidationError(_("冲销记录不能申诉。"))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("该记录已冲销，无需申诉。"))
    scheme = Scheme.objects.get(pk=entry.scheme_id)
    deadline = appeal_deadline(entry, scheme)
    if timezone.localdate() > deadline:
        raise ValidationError(_("已超过申诉期限：该记录须在 %(date)s 前（记录之日起 %(days)d 天内）申诉。") % {
            "date": deadline.isoformat(), "days": scheme.appeal_days})
    if Appeal.objects.filter(entry=entry, state=Appeal.State.OPEN).exists():
        raise ValidationError(_("该记录已有待处理的申诉，请在原申诉中补充说明。"))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(entry=entry, body=entry.body, department_id=entry.department_id,
                                           reason=reason, opened_by=user)
    except IntegrityError:
        raise ValidationError(_("该记录已有待处理的申诉，请在原申诉中补充说明。"))
    audit_log(user=user, action="appeal.open", obj=appeal, request=request,
              changes={"entry": entry.pk, "reason": reason})
    return appeal


@transaction.atomic
def appeal_reply(*, user, appeal, text, request=None):
    """A message on the thread, from the unit, the department or the committee."""
    appeal = Appeal.objects.select_for_update().select_related("entry", "body").get(pk=appeal.pk)
    side = reply_side(user, appeal)
    if side is None:
        raise PermissionDenied
    text = _text(text, "text", _("请填写回复内容。"))
    if appeal.state != Appeal.State.OPEN:
        raise ValidationError(_("该申诉已处理，不能再回复。"))
    message = AppealMessage.objects.create(appeal=appeal, author=user, side=side, text=text)
    audit_log(user=user, action="appeal.reply", obj=appeal, request=request,
              changes={"message": message.pk, "side": side})
    return message


@transaction.atomic
def appeal_decide(*, user, appeal, uphold: bool, reason, request=None):
    """The owning department upholds the entry, or reverses it by a reversing ledger entry."""
    appeal = Appeal.objects.select_for_update().select_related("entry__indicator").get(pk=appeal.pk)
    require(user, SCORE, appeal.entry)
    reason = _text(reason, "reason", _("请写明处理理由。"))
    if appeal.state != Appeal.State.OPEN:
        raise ValidationError(_("该申诉已处理。"))
    reversal = None
    if not uphold:
        reversal = ledger_entry_reverse(user=user, entry=appeal.entry, request=request,
                                        reason=_("申诉成立：%(reason)s") % {"reason": reason})
    appeal.state = Appeal.State.UPHELD if uphold else Appeal.State.REVERSED
    appeal.decided_by, appeal.decided_at, appeal.decision, appeal.reversal = user, timezone.now(), reason, reversal
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision", "reversal"])
    audit_log(user=user, action="appeal.decide", obj=appeal, request=request, changes={
        "state": appeal.state, "reason": reason, "reversal": reversal.pk if reversal else None})
    return appeal
