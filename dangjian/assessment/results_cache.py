"""Live results in the shared cache, packed small, so a warm page reads only what it shows.

A full recompute takes seconds at province scale (``bench/bench_assessment.py``), and the whole
``SchemeResults`` pickles to megabytes. So one recompute stores, under a key naming the scheme,
the day and the ledger's marker:
- the table: one plain tuple per body, what the division tables show (its score, rank, grade, veto
  and number of 缺项): a province's 1,820 rows unpickle as 1,820 tuples, not as 20,000 nested
  objects whose allocation set off the garbage collector's full passes in the request;
- one card per body: its full result, the number of ranked bodies in its division and the
  division's median score (the card's chart: a division statistic, no other unit by name; none
  in a division of fewer than ``chart_rules.MEDIAN_MIN`` scored units, where it would tell
  the others' scores).
Objects are stored as primary keys and fetched again on reading (bodies, divisions, indicators:
one query each). A new ledger entry or reversal changes the marker, so it shows at once (the
first view after it recomputes). The records, sit-ins and courses the metrics read reach the
results within ``TTL`` and the refresh: once a stored result is older than ``TTL``, the next view
still gets it and queues one background refresh (``tasks.refresh_results``), so no view waits the
province's recompute (12-18 s) because five minutes have passed, or a day (the first view of a
day gets the day before's while the day's is computed).
"""
from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from .chart_rules import division_median
from .models import AssessedBody, LedgerEntry
from .scoring import SchemeResults, scheme_results

TTL = 300           # a result older than this is refreshed in the background, served meanwhile
KEEP = 24 * 3600    # how long a stored result is kept (the key also names the day)
REFRESH_GUARD = 600  # one refresh queued per result at a time (a worker that died frees it after this)
FORMAT = 3          # bump when what is stored changes, so entries of the old shape are not read


@dataclass(slots=True)
class TableRow:
    """A body's line in the division tables: what the page, its workbook and the checks read."""
    body: object                # its AssessedBody where the reader may see it, else its id
    division: object            # its Division, or None
    score: Decimal | None
    rank: int | None
    grade: str
    veto: str
    missing: int                # how many of its leaves are 缺项
    tied: bool = False          # set by selectors.ranked_tables, with the labels
    grade_label: str = ""
    veto_label: str = ""


def _marker(scheme) -> str:
    row = LedgerEntry.objects.filter(scheme=scheme).aggregate(latest=Max("id"), n=Count("id"))
    return f"{row['latest'] or 0}.{row['n']}"


def _base(scheme, on, marker=None) -> str:
    return f"assessment:results:v{FORMAT}:{scheme.pk}:{on.isoformat()}:{marker or _marker(scheme)}"


def _division_key(result):
    return result.division.pk if result.division is not None else None


def _pack(result):
    return replace(result, body=result.body.pk, division=_division_key(result),
                   leaves=[replace(line, indicator=line.indicator.pk) for line in result.leaves])


def _row(result) -> tuple:
    score = None if result.score is None else str(result.score)
    return (result.body.pk, _division_key(result), score, result.rank, result.grade, result.veto,
            len(result.missing))


def _store(scheme, on, base):
    results = scheme_results(scheme, on=on)
    sizes = Counter(_division_key(r) for r in results.bodies if r.rank is not None)
    scores = {}
    for r in results.bodies:
        scores.setdefault(_division_key(r), []).append(r.score)
    medians = {key: division_median(listed) for key, listed in scores.items()}
    entries = {f"{base}:table": [_row(r) for r in results.bodies]}
    entries.update({f"{base}:card:{r.body.pk}": (_pack(r), sizes[_division_key(r)],
                                                  medians[_division_key(r)])
                    for r in results.bodies})
    cache.set_many(entries, KEEP)
    cache.set(f"{base}:fresh", True, TTL)
    cache.delete(f"{base}:refreshing")
    return entries


def refresh(scheme, on):
    """Recompute and store the scheme's results of day ``on`` (the background refresh)."""
    _store(scheme, on, _base(scheme, on))


def _refresh_later(scheme, on, base):
    """Queue one refresh of a stored result past its ``TTL``."""
    if cache.get(f"{base}:fresh") is None and cache.add(f"{base}:refreshing", True, REFRESH_GUARD):
        from .tasks import refresh_results
        refresh_results.enqueue(scheme.pk, on.isoformat())


def _packed(scheme, on, suffix):
    """The stored entry, refreshed in the background once past its TTL; on a new day, the day
    before's of the same ledger while the day's is computed in the background (a day's first view
    would otherwise wait for the recompute); computed in the request only for a new ledger."""
    marker = _marker(scheme)
    base = _base(scheme, on, marker)
    hit = cache.get(f"{base}:{suffix}")
    if hit is None:
        hit = cache.get(f"{_base(scheme, on - timedelta(days=1), marker)}:{suffix}")
        if hit is None:
            return _store(scheme, on, base).get(f"{base}:{suffix}")
    _refresh_later(scheme, on, base)
    return hit


def table(scheme, *, visible_ids, on=None) -> SchemeResults:
    """Every body's ``TableRow`` in division and rank order, with its division; the bodies the user
    may see (``visible_ids``) as objects, the others as their ids (they count only for ties)."""
    on = on or timezone.localdate()
    rows = _packed(scheme, on, "table") or []
    divisions = {d.pk: d for d in scheme.divisions.all()}
    shown = [row[0] for row in rows if row[0] in visible_ids]
    bodies = AssessedBody.objects.select_related("unit", "county_committee").in_bulk(shown)
    out = [TableRow(bodies.get(body, body), divisions.get(division), None if score is None else Decimal(score),
                    rank, grade, veto, missing)
           for body, division, score, rank, grade, veto, missing in rows]
    return SchemeResults(scheme=scheme, on=on, bodies=out)


def card(scheme, body, *, on=None):
    """(the body's full result, ranked bodies in its division, the division's median score), or
    (None, 0, None) when the scheme does not cover it."""
    on = on or timezone.localdate()
    hit = _packed(scheme, on, f"card:{body.pk}")
    if hit is None:
        return None, 0, None
    result, size, middle = hit
    indicators = scheme.indicators.select_related("department").in_bulk([line.indicator for line in result.leaves])
    division = scheme.divisions.filter(pk=result.division).first() if result.division else None
    leaves = [replace(line, indicator=indicators[line.indicator]) for line in result.leaves]
    return replace(result, body=body, division=division, leaves=leaves), size, middle
