"""Period snapshots: published once by the committee, frozen (model and PostgreSQL trigger);
the year result combines the daily and the review scores by the scheme's weights."""
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import TestCase
from hypothesis import given, strategies as st

from dangjian.assessment.models import (
    AppendOnlyError, AssessedBody, Indicator, LedgerEntry, Scheme, Snapshot, SnapshotRow,
)
from dangjian.assessment.rules import shown
from dangjian.assessment.scoring import scheme_results
from dangjian.assessment.services import assessed_bodies_sync, ledger_entry_create, scheme_publish
from dangjian.assessment.snapshots import ended_periods, period_end, snapshot_publish, year_results
from dangjian.audit.models import AuditEntry

from .assessment_builder import add_discipline
from .factories import make_registry
from .test_assessment_services import build_scheme

K = Indicator.Kind


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(2020, 2030))
def test_a_period_is_ended_exactly_when_its_last_day_is_past(today, year):
    ended = ended_periods(year, today)
    assert ended == [p for p in Snapshot.Period.values if period_end(year, p) < today]
    order = ["Q1", "Q2", "Q3", "Q4"]
    quarters = [p for p in ended if p != "Y"]
    assert quarters == order[:len(quarters)]                   # quarters end in order
    assert ("Y" in ended) == ("Q4" in ended)                    # the year ends with its fourth quarter


def test_an_unknown_period_is_refused_in_chinese():
    with pytest.raises(ValidationError, match="期间只能是"):
        period_end(2026, "Q5")


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = add_discipline(make_registry())
        assessed_bodies_sync()
        cls.scheme, cls.ind = build_scheme(r)
        Scheme.objects.filter(pk=cls.scheme.pk).update(covers=Scheme.Covers.UNITS, year_weights={"daily": 60, "review": 40})
        cls.scheme.refresh_from_db()
        cls.body_a = AssessedBody.objects.get(unit=r.unit_a)
        cls.body_b = AssessedBody.objects.get(unit=r.unit_b)
        ledger_entry_create(user=r.discipline_user, indicator=cls.ind["E4"], body=cls.body_a, fact="整改逾期",
                            case_ref="纪案〔2026〕1号", occurred_on=date(2026, 2, 3))
        ledger_entry_create(user=r.dept, indicator=cls.ind["G1"], body=cls.body_b, fact="融合项目评审",
                            points="5", occurred_on=date(2026, 3, 3))


class Publishing(Base):
    def test_the_committee_publishes_an_ended_quarter_once_with_every_bodys_result(self):
        snapshot = snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q1")
        live = {r.body.id: r for r in scheme_results(self.scheme, on=date(2026, 3, 31)).bodies}
        rows = list(snapshot.rows.all())
        assert snapshot.ends_on == date(2026, 3, 31) and len(rows) == len(live) == 2
        for row in rows:
            result = live[row.body_id]
            assert (row.score, row.rank, row.grade) == (shown(result.score), result.rank, result.grade)
            assert set(row.leaves) == {"E1", "E4", "G1", "G2"}
        a = next(row for row in rows if row.body_id == self.body_a.id)
        assert a.leaves["G1"]["missing"] is True and a.leaves["E4"]["missing"] is False
        assert AuditEntry.objects.get(action="snapshot.publish").changes["period"] == "Q1"
        with pytest.raises(ValidationError, match="已发布"):
            snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q1")
        assert Snapshot.objects.count() == 1 and SnapshotRow.objects.count() == 2

    def test_a_quarter_holds_the_facts_that_happened_in_it_or_before(self):
        ledger_entry_create(user=self.r.discipline_user, indicator=self.ind["E4"], body=self.body_a,
                            fact="审计问题整改逾期", case_ref="纪案〔2026〕2号", occurred_on=date(2026, 4, 2))
        q1 = snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q1")
        q2 = snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q2")
        leaf = {s.period: s.rows.get(body=self.body_a).leaves["E4"] for s in (q1, q2)}
        assert D(leaf["Q1"]["max"]) - D(leaf["Q1"]["points"]) < D(leaf["Q2"]["max"]) - D(leaf["Q2"]["points"])

    def test_a_period_not_ended_a_draft_scheme_and_other_users_are_refused(self):
        for period in ("Q4", "Y"):     # the suite's clock: 2026-12-16
            with pytest.raises(ValidationError, match="尚未结束"):
                snapshot_publish(user=self.r.committee, scheme=self.scheme, period=period)
        draft = Scheme.objects.create(year=2026, kind=Scheme.Kind.REVIEW, title="述职评议", basis="办法")
        with pytest.raises(ValidationError, match="尚未发布"):
            snapshot_publish(user=self.r.committee, scheme=draft, period="Q1")
        for user in (self.r.dept, self.r.discipline_user, self.r.unit_admin, self.r.zone_lead):
            with pytest.raises(PermissionDenied):
                snapshot_publish(user=user, scheme=self.scheme, period="Q1")
        assert not Snapshot.objects.exists()

    def test_a_published_snapshot_never_changes(self):
        snapshot = snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q2")
        row = snapshot.rows.first()
        row.score = D(100)
        for obj in (row, snapshot):
            with pytest.raises(AppendOnlyError, match="不能修改"):
                obj.save()
            with pytest.raises(AppendOnlyError):
                obj.delete()
        if connection.vendor == "postgresql":
            from django.db import DatabaseError
            for sql in ("UPDATE assessment_snapshotrow SET score = 100", "DELETE FROM assessment_snapshotrow",
                        "UPDATE assessment_snapshot SET period = 'Q3'", "DELETE FROM assessment_snapshot"):
                with pytest.raises(DatabaseError, match="never changes"), transaction.atomic(), \
                        connection.cursor() as cursor:
                    cursor.execute(sql)
        assert SnapshotRow.objects.get(pk=row.pk).score != D(100)

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
    def test_only_the_demo_reset_deletes_and_only_inside_its_transaction(self):
        from dangjian.demo.assessment import assessment_purge

        snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q1")
        assessment_purge()
        assert not (Snapshot.objects.exists() or LedgerEntry.objects.exists() or Scheme.objects.exists())
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('dangjian.demo_reset', true)")
            assert cursor.fetchone()[0] == "off"


class YearResult(Base):
    def test_daily_and_review_combine_by_weight_and_a_missing_part_is_named(self):
        review = Scheme.objects.create(year=2026, kind=Scheme.Kind.REVIEW, title="述职评议", basis="述职评议办法")
        group = Indicator.objects.create(scheme=review, code="A", name="述职评议", kind=K.GROUP, max_points=100)
        plenum = Indicator.objects.create(scheme=review, parent=group, code="A1", name="大会测评", kind=K.PANEL,
                                          max_points=100, department=self.r.department)
        scheme_publish(user=self.r.committee, scheme=review)
        ledger_entry_create(user=self.r.dept, indicator=plenum, body=self.body_a, fact="述职评议测评", points="80",
                            occurred_on=date(2026, 12, 1))
        on = date(2026, 12, 15)
        daily = {r.body.id: r.score * 5 for r in scheme_results(self.scheme, on=on).bodies}   # out of 20
        results = {r.body.id: r for r in year_results(self.scheme, on=on)}
        a, b = results[self.body_a.id], results[self.body_b.id]
        assert a.result.missing == () and a.review == D(80)
        assert a.result.score == daily[self.body_a.id] * D("0.6") + D(80) * D("0.4")
        assert b.review is None and b.result.missing == ("review",) and b.missing_labels == ["述职评议"]
        assert b.result.score == daily[self.body_b.id]

    def test_without_a_review_scheme_every_body_misses_it_and_weights_are_data(self):
        Scheme.objects.filter(pk=self.scheme.pk).update(year_weights={"daily": 100})
        self.scheme.refresh_from_db()
        results = year_results(self.scheme, on=date(2026, 12, 15))
        assert all(r.result.missing == () and r.result.score == r.daily for r in results)
        assert {r.daily for r in results} == {r.score * 5 for r in scheme_results(self.scheme, on=date(2026, 12, 15)).bodies}


class Admin(Base):
    def test_the_committee_reads_the_ledger_and_snapshots_in_admin_and_changes_nothing(self):
        from django.urls import reverse

        snapshot = snapshot_publish(user=self.r.committee, scheme=self.scheme, period="Q1")
        self.client.force_login(self.r.committee)
        for model in ("scheme", "ledgerentry", "appeal", "snapshot", "typicalexperience"):
            assert self.client.get(reverse(f"admin:assessment_{model}_changelist")).status_code == 200, model
        page = self.client.get(reverse("admin:assessment_scheme_change", args=[self.scheme.pk]))
        assert page.status_code == 200 and b'name="title"' not in page.content      # published: read-only
        assert self.client.get(reverse("admin:assessment_snapshot_change", args=[snapshot.pk])).status_code == 200
        assert self.client.post(reverse("admin:assessment_snapshot_delete", args=[snapshot.pk])).status_code == 403
        self.client.force_login(self.r.dept)
        assert self.client.get(reverse("admin:assessment_ledgerentry_changelist"), follow=True).status_code == 403
