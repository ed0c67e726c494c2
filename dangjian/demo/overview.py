"""Registry counts for `manage.py overview` (whole registry, no user scope: an operator tool)."""
from django.db.models import Count, Q

from dangjian.orgs.models import (
    BRANCH_TYPES, CountyCommittee, Member, MemberStatus, OrgType, PartyOrg, Unit, Zone,
)


def registry_overview() -> dict:
    """Counts of the registry. "branches" are the active orgs of BRANCH_TYPES
    (党支部 + 联合党支部 + 临时党支部); members are current members (not left)."""
    by_type = dict(
        PartyOrg.objects.active().order_by().values_list("type").annotate(n=Count("id"))
    )
    party_orgs = {t: by_type.get(t, 0) for t in OrgType.values}
    members = Member.objects.current().aggregate(
        total=Count("id"),
        full=Count("id", filter=Q(status=MemberStatus.FULL)),
        probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
    )
    return {
        "zones": Zone.objects.count(),
        "units": Unit.objects.count(),
        "county_committees": CountyCommittee.objects.count(),
        "party_orgs": party_orgs,
        "branches": sum(party_orgs[t] for t in BRANCH_TYPES),
        "members": members["total"],
        "members_full": members["full"],
        "members_probationary": members["probationary"],
    }


def records_overview(today=None) -> dict:
    """Records by kind, and for the last full year the share of orgs that met each rule."""
    from datetime import date

    from dangjian.records.selectors import records_by_kind, rule_shares

    today = today or date.today()
    return {
        "records": sum(records_by_kind().values()),
        "records_by_kind": records_by_kind(),
        "rule_compliance_last_year": rule_shares(today.year - 1, PartyOrg.objects.all(), today),
    }


def assessment_overview(today=None) -> dict:
    """The schemes, live ledger entries per department, and the current daily scheme's grade
    counts per division as scored today."""
    from datetime import date

    from dangjian.accounts.models import Department
    from dangjian.assessment.models import LedgerEntry, Scheme
    from dangjian.assessment.rules import GRADE_LABELS, GRADE_ORDER
    from dangjian.assessment.scoring import scheme_results

    today = today or date.today()
    schemes = list(Scheme.objects.order_by("-year", "kind", "version"))
    live = dict(LedgerEntry.objects.filter(reverses__isnull=True, reversed_by__isnull=True).order_by()
                .values_list("department_id").annotate(n=Count("id")))
    labels = GRADE_LABELS
    grades = {}
    daily = next((s for s in schemes if s.kind == Scheme.Kind.DAILY and s.published and s.year == today.year),
                 None) or next((s for s in schemes if s.kind == Scheme.Kind.DAILY and s.published), None)
    if daily is not None:
        grades = {d.name: {labels[g]: 0 for g in GRADE_ORDER} for d in daily.divisions.all()}
        for division, rows in scheme_results(daily, on=today).by_division().items():
            counts = grades.setdefault(division.name if division else "未分赛区", {labels[g]: 0 for g in GRADE_ORDER})
            for row in rows:
                if row.grade:
                    counts[labels[row.grade]] += 1
    return {"assessment": {
        "schemes": [{"year": s.year, "kind": s.kind, "version": s.version, "published": s.published}
                    for s in schemes],
        "ledger_by_department": {d.name: live.get(d.id, 0) for d in Department.objects.order_by("sort", "id")},
        "grades": grades,
    }}


def commitments_overview() -> dict:
    """The secretaries' three-ones items by status."""
    from dangjian.commitments.selectors import status_counts

    return {"three_ones": status_counts()}


def brands_overview(today=None) -> dict:
    """Registered brands, and open challenges by status (as of ``today``)."""
    from datetime import date

    from dangjian.brands.selectors import brands_count
    from dangjian.challenges.selectors import challenges_by_status

    return {"brands": brands_count(), "challenges": challenges_by_status(today or date.today())}


def rectification_overview() -> dict:
    """Rectifications by status (the whole registry, an operator tool)."""
    from dangjian.rectification.selectors import status_counts

    return {"rectifications": status_counts()}


def selections_overview() -> dict:
    """Winners of the closed rounds, per kind code."""
    from dangjian.selections.selectors import winners_by_kind

    return {"selections": winners_by_kind()}
