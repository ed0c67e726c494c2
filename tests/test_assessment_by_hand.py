"""Recomputing the demo's daily scheme gives what the ledger and the metrics give by hand.

The demo (tiny scale) holds a year of entries from the eight
departments, with reversals. Here every deduction, panel and bonus is summed again straight from
the ledger rows, in Python, and every unit's score rebuilt from its leaves, and compared with
``scoring.scheme_results``.
"""
from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.assessment.models import Indicator, LedgerEntry, Scheme
from dangjian.assessment.scoring import scheme_results

TODAY = date(2026, 11, 24)
K = Indicator.Kind
CENT = Decimal("0.0001")


def _live_by_hand(scheme):
    """{(body, indicator): [points, …]} of the entries that count: not a reversal, not reversed."""
    entries = list(LedgerEntry.objects.filter(scheme=scheme).values("id", "body_id", "indicator_id", "points",
                                                                      "reverses_id"))
    reversed_ids = {e["reverses_id"] for e in entries if e["reverses_id"]}
    out = defaultdict(list)
    for e in entries:
        if e["reverses_id"] is None and e["id"] not in reversed_ids:
            out[(e["body_id"], e["indicator_id"])].append((e["id"], e["points"]))
    return out


@pytest.mark.django_db
def test_every_leaf_and_score_is_the_ledger_and_the_metrics_summed_by_hand():
    call_command("seed_demo", "--scale", "tiny", "--today", TODAY.isoformat(), stdout=StringIO())
    scheme = Scheme.objects.get(kind=Scheme.Kind.DAILY, published_at__isnull=False, year=TODAY.year)
    results = scheme_results(scheme, on=TODAY)
    live = _live_by_hand(scheme)
    bonus_caps = {i.id: i.cap for i in scheme.indicators.filter(kind=K.BONUS)}
    assert results.bodies
    checked_entries = 0
    for body in results.bodies:
        for line in body.leaves:
            ind, res = line.indicator, line.result
            factor = res.maximum / ind.max_points
            rows = live.get((body.body.id, ind.id), [])
            if ind.kind == K.DEDUCTION:
                expected = max(Decimal(0), res.maximum - sum(p for _i, p in rows) * factor)
                assert abs(res.points - expected) < CENT, (body.body, ind.code)
                assert line.entries == len(rows)
                checked_entries += len(rows)
            elif ind.kind == K.PANEL:
                if rows:
                    latest = max(rows)[1]                         # the latest review counts
                    assert abs(res.points - min(latest * factor, res.maximum)) < CENT
                else:
                    assert res.missing and res.points == res.maximum   # 缺项 at full marks
            else:                                                 # a metric: its share of the maximum
                assert Decimal(0) <= res.points <= res.maximum
                assert not res.missing or res.points == res.maximum    # 缺项 at full marks
        awarded = defaultdict(Decimal)
        for (body_id, ind_id), rows in live.items():
            if body_id == body.body.id and ind_id in bonus_caps:
                awarded[ind_id] += sum(p for _i, p in rows)
        bonus = min(sum((min(v, bonus_caps[i]) for i, v in awarded.items()), Decimal(0)), scheme.bonus_cap)
        assert body.bonus == bonus
        if body.score is not None:
            points = sum(line.result.points for line in body.leaves)
            maximum = sum(line.result.maximum for line in body.leaves)
            assert abs(body.score - (points * scheme.total / maximum + bonus)) < CENT
    assert checked_entries > 0                               # the demo's deductions were really checked
