"""Two departments scoring one unit at the same moment lose nothing; one department entering
the same case twice at once counts it once (two real connections on PostgreSQL)."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangjian.accounts.models import Department, Role
from dangjian.assessment.models import AssessedBody, LedgerEntry
from dangjian.assessment.services import assessed_bodies_sync, ledger_entry_create
from dangjian.audit.models import AuditEntry

from .factories import make_registry, make_user
from .test_assessment_services import build_scheme
from .test_concurrency_edits import on_postgres, run_together


def attempt(user, indicator, body, **kw):
    def job(barrier):
        barrier.wait()
        try:
            return ledger_entry_create(user=user, indicator=indicator, body=body, fact="通报",
                                       occurred_on=date(2026, 5, 1), **kw).pk
        except ValidationError as err:
            return " ".join(err.messages)
    return job


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_departments_scoring_at_once_lose_nothing_and_a_case_counts_once():
    r = make_registry()
    r.discipline = Department.objects.create(name="纪委监委")
    second_scorer = make_user("dept_jw2", Role.DEPARTMENT, department=r.discipline)
    r.discipline_user = make_user("dept_jw", Role.DEPARTMENT, department=r.discipline)
    assessed_bodies_sync()
    _scheme, ind = build_scheme(r)
    body = AssessedBody.objects.get(unit=r.unit_a)
    for n in range(10):
        results = run_together(attempt(r.discipline_user, ind["E4"], body, case_ref=f"巡察{n}"),
                               attempt(r.dept, ind["G2"], body, case_ref=f"群团{n}", points="0.5"))
        assert all(isinstance(x, int) for x in results), results
        same_case = run_together(attempt(r.discipline_user, ind["E4"], body, case_ref=f"审计{n}"),
                                 attempt(second_scorer, ind["E4"], body, case_ref=f"审计{n}"))
        assert sorted(type(x).__name__ for x in same_case) == ["int", "str"], same_case
        assert "同一案件只计一次" in next(x for x in same_case if isinstance(x, str))
    assert LedgerEntry.objects.filter(department=r.discipline).count() == 20
    assert LedgerEntry.objects.filter(department=r.department).count() == 10
    assert AuditEntry.objects.filter(action="ledger.create").count() == 30
