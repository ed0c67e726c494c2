"""为什么是这个分: one body's score card, every point traced to its ledger entry or to the
metric's inputs, 缺项 shown as such; its score against the division's median and the points
lost per indicator group as charts; and its printable version.

The card is computed over the whole scheme (its rank is the division's), in a fixed number of
queries; a body outside the user's reach is a 404.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import APPEAL, VIEW_ASSESSMENT

from dangjian.lib import pagecharts

from . import charts, results_cache, selectors
from .appeals import appeal_deadline
from .chart_rules import MEDIAN_MIN
from .models import Indicator
from .views import _scheme_pk

K = Indicator.Kind


def _card_context(request, pk):
    user = request.user
    body = gatekeeper.get_visible_or_404(
        gatekeeper.visible_bodies(user, VIEW_ASSESSMENT).select_related("unit", "county_committee"), pk=pk)
    scheme = selectors.current_scheme(pk=_scheme_pk(request))
    if scheme is None:
        raise Http404
    result, division_size, division_median = results_cache.card(scheme, body)
    if result is None:              # the scheme does not cover this body
        raise Http404
    entries = selectors.card_entries(scheme, body)
    today = timezone.localdate()
    for listed in entries.values():
        for e in listed:        # the link only while the scheme's window is open
            e.appealable = e.reversal is None and appeal_deadline(e, scheme) >= today
    leaves = [(line, entries.get(line.indicator.id, [])) for line in result.leaves]
    scored = {line.indicator.id for line in result.leaves}
    indicators = list(scheme.indicators.select_related("department"))
    extra = [i for i in indicators if i.kind in (K.BONUS, K.VETO) and i.id not in scored]
    others = [(i, entries[i.id]) for i in extra if entries.get(i.id)]
    return {
        "scheme": scheme, "body": body, "result": result, "leaves": leaves, "others": others,
        "division_size": division_size, "can_appeal": gatekeeper.can(user, APPEAL, body),
        "grade_label": selectors.GRADE_LABELS.get(result.grade, ""),
        "veto_label": selectors.VETO_LABELS.get(result.veto, ""),
        "division_median": division_median, "median_min": MEDIAN_MIN,
        "charts": [pagecharts.render(charts.score_chart(body, result.score, division_median, scheme.total)),
                   pagecharts.render(charts.lost_chart(result, indicators))],
    }


@login_required
@require_GET
def card(request, pk):
    return render(request, "assessment/card.html", _card_context(request, pk))


@login_required
@require_GET
def card_print(request, pk):
    return render(request, "assessment/card_print.html", _card_context(request, pk))
