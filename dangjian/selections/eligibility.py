"""Eligibility of every candidate of a round in one pass.

The candidates are read in one query; each of the round's checks then judges all of them at
once with a constant number of queries (checks.py), never one query per candidate. The first
failed rule, in the round's order, gives the candidate's message (rules.outcome).
"""
from django.utils import timezone

from dangjian.orgs.models import Member, PartyOrg, Unit

from .checks import REGISTRY, Candidate, Context
from .models import SubjectKind
from .rules import Outcome, outcome

BRANCH_FIELDS = ("id", "name", "unit_id", "unit__zone_id", "members_full", "members_current", "has_committee",
                 "term_end")


def candidate_branches():
    return PartyOrg.objects.branches().active()


def candidates(subject, queryset=None) -> list[Candidate]:
    """The candidates of a subject kind (all of them, or those of ``queryset``), one query."""
    if subject == SubjectKind.BRANCH:
        qs = candidate_branches() if queryset is None else queryset
        return [Candidate(*row) for row in qs.order_by("unit__sort", "path").values_list(*BRANCH_FIELDS)]
    if subject == SubjectKind.UNIT:
        qs = Unit.objects.all() if queryset is None else queryset
        return [Candidate(pk, name, pk, zone) for pk, name, zone in qs.values_list("id", "name", "zone_id")]
    if subject == SubjectKind.MEMBER:
        qs = Member.objects.current() if queryset is None else queryset
        return [Candidate(pk, name, unit, zone)
                for pk, name, unit, zone in qs.values_list("id", "name", "branch__unit_id", "branch__unit__zone_id")]
    return []


def evaluate(round, *, queryset=None, on=None) -> dict:
    """{candidate key: Outcome} for every candidate of the round's subject (or of ``queryset``)."""
    subject = round.kind.subject
    on = on or min(timezone.localdate(), round.nomination_deadline)
    rows = candidates(subject, queryset)
    if subject == SubjectKind.BRANCH:
        orgs = PartyOrg.objects.filter(pk__in=(queryset if queryset is not None else candidate_branches()).values("pk"))
    else:
        orgs = None
    ctx = Context(round=round, on=on, orgs=orgs)
    failures = []
    for rule in round.eligibility or []:
        spec = REGISTRY[rule["check"]]
        failures.append((spec.code, spec.fn(ctx, rows, rule.get("params") or {})))
    return {c.key: outcome((code, failed.get(c.key)) for code, failed in failures) for c in rows}


def evaluate_one(round, subject_qs) -> Outcome:
    """The outcome of one candidate (``subject_qs``: a QuerySet holding it)."""
    results = evaluate(round, queryset=subject_qs)
    return next(iter(results.values()), Outcome(False, "", "未通过：不是本评选的评选对象"))
