"""The metric over rectifications: overdue problems cost their indicator a share each (E4)."""
from fractions import Fraction

from django.utils.translation import gettext as _

from .registry import EVIDENCE_LINES, Measure, capped, metric, year_end

DEFAULT_SHARE_EACH = Fraction(1, 4)      # the demo's E4: 1 point of its 4 an overdue item


def overdue_share(overdue: int, each) -> Fraction:
    """What is left of the leaf after ``overdue`` items costing ``each`` of it (pure), never below 0."""
    return max(Fraction(0), Fraction(1) - overdue * Fraction(each))


@metric("rectification_overdue", label=_("问题整改逾期"),
        inputs=("rectification.problems", "rectification.history"))
def rectification_overdue(*, year, on, unit_ids, params):
    """The unit's problems overdue on the last day of ``year`` that counts by ``on``, judged by
    their status on that day (still being rectified after the deadline; one reported done and
    awaiting verification is not the unit's delay). Each costs ``share_each`` of the leaf
    (params, a fraction such as "1/4": E4's 1 point of 4, so a division's reweighting scales it
    like a deduction); the overdue items (source and deadline) are the evidence. A unit with none overdue has full
    marks: that is a fact, not 缺项. Two queries for all units."""
    from dangjian.rectification.selectors import overdue_problems

    each = Fraction(str(params.get("share_each", DEFAULT_SHARE_EACH)))
    day = year_end(year, on)
    overdue = overdue_problems(unit_ids, day)
    out = {}
    for unit_id in unit_ids:
        items = overdue.get(unit_id, [])
        # a score card is seen more widely than an open problem (its unit and the raising
        # department only): the evidence names the deadline and the source, never the finding
        lines = [_("%(source)s问题整改逾期（整改期限 %(deadline)s）") % {
                     "source": source_label, "deadline": deadline.isoformat()}
                 for deadline, source_label in items[:EVIDENCE_LINES]]      # what a card shows
        evidence = capped(lines) if len(items) <= EVIDENCE_LINES else (
            *lines[:EVIDENCE_LINES - 1], _("等 %(n)d 项") % {"n": len(items)})
        out[unit_id] = Measure(overdue_share(len(items), each), evidence)
    return out
