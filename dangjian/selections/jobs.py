"""A closed round's winners' booklet as a background job: the contents page gets its real page
numbers from a LibreOffice pass, which takes seconds (see lib/documents/booklet.py)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import require
from dangjian.accounts.roles import MANAGE_SELECTIONS
from dangjian.audit.services import audit_log

from . import access
from .documents import booklet_bytes
from .models import Round

KIND = "selections_booklet"


def _round(user, params):
    pk = params.get("round")
    found = (access.visible_rounds(user).select_related("kind").filter(pk=pk, status=Round.Status.CLOSED).first()
             if isinstance(pk, int) else None)
    if found is None:
        raise ValidationError(_("评选不存在或尚未结束。"))
    return found


def check(user, params):
    require(user, MANAGE_SELECTIONS)
    _round(user, params)


def run(*, user, params, progress):
    round = _round(user, params)
    progress(10, _("正在排版风采录"))
    data = booklet_bytes(round)
    audit_log(user=user, action="selection.booklet", obj=round, changes={"bytes": len(data)})
    return _("%(title)s风采录.docx") % {"title": round.title}, data
