"""A closed round's Word documents: the winners' booklet (in the manner of the seed's
红旗党支部风采录) and the results notice in official-document layout (GB/T 9704). Both list
the winners by unit, as the final list does: a selection publishes no ranking."""
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.lib.documents import booklet, official

from .selectors import round_winners


def _by_unit(round):
    return round_winners(round, by_unit=True)


def booklet_of(round, today=None) -> booklet.Booklet:
    entries = [booklet.BookletEntry(name=w.name, unit=w.unit, subtitle=w.title if w.title != w.name else "",
                                    paragraphs=[p for p in w.materials.splitlines() if p.strip()], images=w.images)
               for w in _by_unit(round)]
    return booklet.Booklet(title=_("%(title)s风采录") % {"title": round.title}, subtitle=round.kind.name,
                           issuer=settings.DOCUMENT_ISSUER, date=today or timezone.localdate(), entries=entries)


def booklet_bytes(round, *, paginate=True) -> bytes:
    """With ``paginate`` the contents page carries the real page numbers (a LibreOffice pass)."""
    book = booklet_of(round)
    return booklet.build_paginated(book) if paginate else booklet.build(book)


def notice_of(round, today=None) -> official.OfficialNotice:
    """Dated the day it is drawn up (成文日期), numbered by the round."""
    winners = _by_unit(round)
    notice = getattr(round, "notice", None)
    lead = _("根据%(year)d年度%(kind)s评选工作安排，经单位推荐、资格审查、专家评审") % {
        "year": round.year, "kind": round.kind.name}
    if notice is not None:
        lead += _("和%(start)s至%(end)s公示") % {"start": f"{notice.starts_on:%Y年%m月%d日}",
                                               "end": f"{notice.ends_on:%Y年%m月%d日}"}
    lead += _("，%(n)d个评选对象被确定为%(kind)s。现予公布。") % {"n": len(winners), "kind": round.kind.name}
    body = [lead, (1, _("名单（按推荐单位排列）"))]
    body += [_("%(unit)s：%(name)s") % {"unit": w.unit, "name": w.name} for w in winners]
    body.append(_("希望受表扬的集体和个人珍惜荣誉、再接再厉；各单位党组织要以先进为榜样，推动机关党建工作高质量发展。"))
    return official.OfficialNotice(
        issuer=settings.DOCUMENT_ISSUER, number=official.document_number(settings.DOCUMENT_CODE, round.year, round.pk),
        title=_("关于公布%(title)s结果的通知") % {"title": round.title}, addressee=_("各市直单位党组织："),
        paragraphs=body, date=today or timezone.localdate())


def notice_bytes(round) -> bytes:
    return official.build(notice_of(round))
