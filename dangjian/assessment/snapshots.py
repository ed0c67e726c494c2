"""Period snapshots and the year result.

``snapshot_publish`` freezes a scheme's results at the end of a quarter or of the year: every
body's score, rank, grade, division and leaves, as ``scoring.scheme_results`` computes them on
the period's last day: the facts that happened by then, as the ledger holds them when published
(a correction made before publishing counts), and the metrics on that day. One bulk INSERT; a
period is published once, and a published snapshot never changes.

``year_results`` combines the daily score with the report-and-review score by the scheme's
``year_weights`` (data), through ``rules.combined``: a part not yet held is named as missing.
"""
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import CONFIGURE, require
from dangjian.audit.services import audit_log

from .models import Scheme, Snapshot, SnapshotRow
from .rules import Combined, combined, shown
from .scoring import scheme_results

DEFAULT_YEAR_WEIGHTS = {"daily": 60, "review": 40}
PART_LABELS = {"daily": "日常考核", "review": "述职评议"}


def period_end(year: int, period: str) -> date:
    """The last day of a period: Q1..Q4 or Y (the year)."""
    ends = {"Q1": date(year, 3, 31), "Q2": date(year, 6, 30), "Q3": date(year, 9, 30),
            "Q4": date(year, 12, 31), "Y": date(year, 12, 31)}
    if period not in ends:
        raise ValidationError({"period": _("期间只能是第一至第四季度或全年。")})
    return ends[period]


def ended_periods(year: int, today: date) -> list:
    """The periods of ``year`` that have ended by ``today`` (their last day is past)."""
    return [p for p in Snapshot.Period.values if period_end(year, p) < today]


def _leaves(result) -> dict:
    return {line.indicator.code: {"points": str(shown(line.result.points)), "max": str(shown(line.result.maximum)),
                                  "missing": line.result.missing}
            for line in result.leaves}


def snapshot_rows(snapshot, results) -> list:
    return [SnapshotRow(snapshot=snapshot, body=r.body, division=r.division.name if r.division else "",
                        score=None if r.score is None else shown(r.score), rank=r.rank, grade=r.grade,
                        veto=r.veto, bonus=shown(r.bonus), leaves=_leaves(r))
            for r in results.bodies]


@transaction.atomic
def snapshot_publish(*, user, scheme, period, request=None, published_at=None):
    """Freeze ``scheme``'s results for ``period`` (Q1..Q4, Y). ``published_at`` is for the demo
    seed, which publishes past quarters; otherwise now."""
    require(user, CONFIGURE)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.published:
        raise ValidationError(_("方案尚未发布，不能发布考核结果。"))
    ends_on = period_end(scheme.year, period)
    today = timezone.localdate(published_at) if published_at else timezone.localdate()
    if ends_on >= today:
        raise ValidationError({"period": _("该期间尚未结束（截至 %(date)s），不能发布。") % {"date": ends_on.isoformat()}})
    if Snapshot.objects.filter(scheme=scheme, period=period).exists():
        raise ValidationError({"period": _("该期间的考核结果已发布，发布后不能更改或重新发布。")})
    results = scheme_results(scheme, on=ends_on, occurred_by=ends_on)
    try:
        with transaction.atomic():
            snapshot = Snapshot.objects.create(scheme=scheme, period=period, ends_on=ends_on, published_by=user,
                                               published_at=published_at or timezone.now())
    except IntegrityError:
        raise ValidationError({"period": _("该期间的考核结果已发布，发布后不能更改或重新发布。")})
    SnapshotRow.objects.bulk_create(snapshot_rows(snapshot, results), batch_size=1000)
    audit_log(user=user, action="snapshot.publish", obj=snapshot, request=request,
              changes={"scheme": scheme.pk, "period": period, "bodies": len(results.bodies)})
    return snapshot


# ---- the year result ----------------------------------------------------------------------------

@dataclass
class YearResult:
    body: object
    daily: object            # the daily score out of 100, or None
    review: object           # the report-and-review score out of 100, or None
    result: Combined         # .score and .missing (part codes)

    @property
    def missing_labels(self):
        return [PART_LABELS.get(p, p) for p in self.result.missing]


def review_scheme_of(scheme):
    """The year's latest published report-and-review scheme, or None."""
    return (Scheme.objects.filter(year=scheme.year, kind=Scheme.Kind.REVIEW, published_at__isnull=False)
            .order_by("-version").first())


def _out_of_100(result, scheme):
    """A body's score on a 100-point scale, or None when none of its leaves has been scored
    yet (all 缺项: the part is not held, rather than held at full marks)."""
    if result.score is None or all(line.result.missing for line in result.leaves):
        return None
    return result.score * 100 / scheme.total if scheme.total else None


def year_results(scheme, *, on, review=None) -> list:
    """Per body of the daily ``scheme``: daily × weight + review × weight, by
    ``scheme.year_weights`` (default 60/40), each part on a 100-point scale, a missing part
    named and left out."""
    weights = scheme.year_weights or DEFAULT_YEAR_WEIGHTS
    review = review if review is not None else review_scheme_of(scheme)
    daily = scheme_results(scheme, on=on)
    reviewed = {}
    if review is not None:
        reviewed = {r.body.id: _out_of_100(r, review) for r in scheme_results(review, on=on).bodies}
    out = []
    for r in daily.bodies:
        scores = {"daily": _out_of_100(r, scheme), "review": reviewed.get(r.body.id)}
        parts = {name: (scores.get(name), weight) for name, weight in weights.items()}
        out.append(YearResult(r.body, scores["daily"], scores["review"], combined(parts)))
    return out
