"""Pure validation of an activity record (no ORM): one set of rules for the one form and the
Excel import, so a record refused in one is refused in the other.

Messages are short enough to read after a field label or a column header ("日期：晚于今天").
"""
from datetime import date

from django.utils.translation import gettext as _

from dangjian.lib.dates import PARTY_FOUNDED

from .models import StudyWay


def activity_errors(*, kind, held_on: date, topic: str, today: date, form: str = "", study_ways=(),
                    org_dissolved: bool = False, attendee_count=None, expected_count=None) -> dict:
    """{field: message} for everything wrong with a record; empty when it may be kept.

    ``kind`` is an ActivityKind (only ``name``, ``active`` and ``asks_form`` are read); when it is
    None (an unknown kind, reported by the caller) the checks that depend on it are skipped.
    Counts are checked only when both are given (a form that ticks the roster computes them).
    """
    errors = {}
    if kind is not None and not kind.active:
        errors["kind"] = _("该记录类型已停用")
    if held_on > today:
        errors["held_on"] = _("晚于今天")
    elif held_on < PARTY_FOUNDED:
        errors["held_on"] = _("早于 %(d)s") % {"d": PARTY_FOUNDED.isoformat()}
    if not (topic or "").strip():
        errors["topic"] = _("请填写主题")
    if kind is not None and kind.asks_form and not (form or "").strip():
        errors["form"] = _("%(kind)s须填写学习形式") % {"kind": kind.name}
    bad = [w for w in study_ways if w not in StudyWay.values]
    if bad:
        errors["study_ways"] = _("未知的学习方式：%(w)s") % {"w": "、".join(bad)}
    if org_dissolved:
        errors["org"] = _("该党组织已撤销")
    if attendee_count is not None and expected_count is not None and attendee_count > expected_count:
        errors["attendee_count"] = _("多于应到人数")
    return errors
