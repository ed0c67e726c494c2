"""Reads for other parts: the overview figures and the home page's reminders."""
from datetime import date

from django.db.models import Count

from dangjian.accounts import gatekeeper as gk

from . import compliance
from .models import Activity


def records_by_kind() -> dict[str, int]:
    return dict(Activity.objects.values_list("kind__code").annotate(n=Count("id")).order_by("kind__code"))


def rule_shares(year: int, orgs, today: date | None = None) -> dict[str, dict]:
    """{"<kind>/<applies_to>/<period>": {"met": m, "applicable": n, "share": m/n}} for a year."""
    results, _rows, _misses = compliance.year_compliance(orgs, year, today)
    out = {}
    for r in results:
        key = f"{r.rule.kind.code}/{r.rule.applies_to}/{r.rule.period}"
        out[key] = {"met": r.met, "applicable": r.applicable,
                    "share": None if r.share is None else round(r.share, 4)}
    return out


def home_reminders(user, today: date | None = None, limit: int = 20):
    """Items due soon in the orgs the user keeps records for (never a list of people)."""
    orgs = gk.writable_orgs(user)
    if gk.get_scope(user).writes_all:
        return [], 0      # the committee sees the picture, not every branch's to-do list
    items, rows = compliance.current_items(orgs, today)
    names = {o.id: o.name for o in rows}
    due = sorted((i for i in items if i.remind), key=lambda i: i.deadline)
    return [(i, names[i.org_id]) for i in due[:limit]], len(due)
