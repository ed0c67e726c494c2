"""Reads for the assessment pages: the current scheme, the rows a user may see, the ledger
behind a card and a department's desk. Each runs a fixed number of queries.

Ranks are always those of the whole division: results are computed over every body the scheme
covers and only then narrowed to the bodies in the user's reach (``visible_bodies``).
"""
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_ASSESSMENT

from .models import AssessedBody, Indicator, LedgerEntry, Scheme
from . import results_cache
from .rules import GRADE_LABELS  # noqa: F401  (the pages' labels, one list)

K = Indicator.Kind
MANUAL = (K.DEDUCTION, K.BONUS, K.PANEL, K.VETO)
RECENT_ENTRIES = 50

# the severity ladders' keys, as a person reads them (a scheme may use its own words as keys)
SEVERITY_LABELS = {"admonition": "诫勉", "light_sanction": "轻处分", "heavy_sanction": "重处分",
                   "judicial": "移送司法"}
VETO_LABELS = dict(Indicator.Veto.choices)


def severity_label(key) -> str:
    return SEVERITY_LABELS.get(key, key)


def ladder_steps(ladder) -> list:
    """A severity ladder's keys from the lightest to the heaviest (PostgreSQL's jsonb keeps no
    key order of its own)."""
    return sorted((ladder or {}), key=lambda key: (Decimal(str(ladder[key])), key))


def published_schemes():
    return Scheme.objects.filter(published_at__isnull=False)


def current_scheme(kind=Scheme.Kind.DAILY, pk=None):
    """The published scheme of ``kind`` for this year (its latest version), else the latest
    published one; ``pk`` picks a published scheme instead. None when there is none."""
    qs = published_schemes()
    if pk is not None:
        return qs.filter(pk=pk).first()
    year = timezone.localdate().year
    qs = qs.filter(kind=kind)
    return (qs.filter(year=year).order_by("-version").first()
            or qs.filter(year__lte=year).order_by("-year", "-version").first())


def visible_body_ids(user) -> set:
    return set(gatekeeper.visible_bodies(user, VIEW_ASSESSMENT).values_list("id", flat=True))


def results_for(user, scheme, *, on=None):
    """(SchemeResults of the whole scheme, the TableRows the user may see, in division and rank order)."""
    ids = visible_body_ids(user)
    results = results_cache.table(scheme, visible_ids=ids, on=on)
    return results, [r for r in results.bodies if isinstance(r.body, AssessedBody)]


def ranked_tables(user, scheme):
    """The division tables the user may see, each row marked tied and labelled: the page's and
    the workbook's one source. Ties count over the whole division, also where the user sees
    only some of its rows."""
    results, rows = results_for(user, scheme)
    tables = division_tables(rows)
    counts = Counter((r.division, r.rank) for r in results.bodies if r.rank is not None)
    for _division, table in tables:
        for row in table:
            row.tied = counts.get((row.division, row.rank), 0) > 1
            row.grade_label = GRADE_LABELS.get(row.grade, "")
            row.veto_label = VETO_LABELS.get(row.veto, "")
    return tables


def division_tables(rows):
    """[(division, [TableRow, …]), …] in the results' order; bodies in no division last."""
    tables, index = [], {}
    for row in rows:
        if row.division not in index:
            index[row.division] = len(tables)
            tables.append((row.division, []))
        tables[index[row.division]][1].append(row)
    return tables


def card_entries(scheme, body) -> dict:
    """{indicator id: [entry, …]} of the body's entries in the scheme, oldest first; a reversed
    entry carries its reversal (``entry.reversal``). Reversals are not listed on their own."""
    entries = list(LedgerEntry.objects.filter(scheme=scheme, body=body)
                   .select_related("department", "indicator").order_by("occurred_on", "id"))
    reversals = {e.reverses_id: e for e in entries if e.reverses_id}
    out = defaultdict(list)
    for e in entries:
        if e.reverses_id:
            continue
        e.reversal = reversals.get(e.pk)
        e.severity_label = severity_label(e.severity) if e.severity else ""
        out[e.indicator_id].append(e)
    return out


def department_indicators(scheme, department_ids):
    """The leaves of ``scheme`` the departments enter facts for (not metrics), in tree order."""
    return list(scheme.indicators.filter(department_id__in=sorted(department_ids), kind__in=MANUAL)
                .select_related("department").order_by("sort", "code"))


def scheme_bodies(scheme):
    qs = AssessedBody.objects.select_related("unit", "county_committee")
    if scheme.covers == Scheme.Covers.UNITS:
        qs = qs.filter(unit__isnull=False)
    return qs.order_by("unit__sort", "unit__id", "county_committee__sort", "county_committee__id")


DESK_NAMES = 20     # units named per indicator on the desk; the rest are counted (the ledger lists all)


def desk_sums(scheme, department_ids, shown=None) -> dict:
    """{indicator id: ([(body id, body name, points, entries), …] of the first ``shown`` bodies,
    the number of bodies scored)} over the live entries of the departments: a province's
    department scores a thousand units on one indicator, which no cell can list."""
    rows = (LedgerEntry.objects
            .filter(scheme=scheme, department_id__in=sorted(department_ids),
                    reverses__isnull=True, reversed_by__isnull=True)
            .values("indicator_id", "body_id", "body__unit__name", "body__county_committee__name")
            .annotate(points=Sum("points"), n=Count("id"))
            .order_by("indicator_id", "body__unit__sort", "body_id"))
    out = defaultdict(list)
    for r in rows:
        name = r["body__unit__name"] or r["body__county_committee__name"]
        out[r["indicator_id"]].append((r["body_id"], name, r["points"], r["n"]))
    shown = DESK_NAMES if shown is None else shown
    return {indicator: (rows[:shown], len(rows)) for indicator, rows in out.items()}


def desk_recent(scheme, department_ids, limit=RECENT_ENTRIES):
    """The departments' latest entries (reversals included, marked), newest first."""
    entries = list(LedgerEntry.objects.filter(scheme=scheme, department_id__in=sorted(department_ids))
                   .select_related("indicator", "body__unit", "body__county_committee", "reverses")
                   .order_by("-id")[:limit])
    reversed_ids = set(LedgerEntry.objects.filter(reverses_id__in=[e.pk for e in entries])
                       .values_list("reverses_id", flat=True))
    for e in entries:
        e.is_reversed = e.pk in reversed_ids
        e.severity_label = severity_label(e.severity) if e.severity else ""
    return entries


def picture_scheme(year: int):
    """The published daily scheme of ``year`` (its latest version), else the current one."""
    return (published_schemes().filter(kind=Scheme.Kind.DAILY, year=year).order_by("-version").first()
            or current_scheme())


def unit_divisions(scheme) -> dict:
    """Where the scheme puts each unit, as the scoring does (scoring._division_of: a unit the
    division lists by name first, then its category): {"listed": {unit id: (id, name)},
    "by_category": {category id: (id, name)}, "choices": [(id, name)] in the scheme's order,
    "scheme": scheme}. Three queries whatever the number of units; empty without a scheme."""
    out = {"listed": {}, "by_category": {}, "choices": [], "scheme": scheme}
    if scheme is None:
        return out
    for division in scheme.divisions.prefetch_related("categories", "bodies"):
        pair = (division.pk, division.name)
        out["choices"].append(pair)
        for body in division.bodies.all():
            if body.unit_id is not None:
                out["listed"].setdefault(body.unit_id, pair)
        for category in division.categories.all():
            out["by_category"].setdefault(category.pk, pair)
    return out


def ledger_in_reach(user, scheme):
    """The scheme's ledger over the bodies in the user's reach, newest fact first; each entry
    says whether it was reversed (``is_reversed``). One query for a page of it; the page and
    its workbook both start here."""
    from django.db.models import Exists, OuterRef

    entries = LedgerEntry.objects.filter(scheme=scheme)
    if gatekeeper.visibility_key(user, VIEW_ASSESSMENT) != "all":
        entries = entries.filter(body__in=gatekeeper.visible_bodies(user, VIEW_ASSESSMENT))
    # the scheme's indicators and the departments are a few rows each: read apart, the page's
    # query joins five tables, not eight
    return (entries.select_related("body__unit", "body__county_committee")
            .prefetch_related(Prefetch("indicator", Indicator.objects.only("id", "code", "name")), "department")
            .annotate(is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk"))))
            .order_by("-occurred_on", "-id"))
