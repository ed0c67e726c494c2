"""Appeals: the window, one open appeal per entry, who may open, reply and decide; a reversal
cancels exactly the entry and the score comes back; the thread is append-only."""
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone

from dangjian.assessment.models import (
    AppendOnlyError, Appeal, AppealMessage, AssessedBody, LedgerEntry,
)
from dangjian.assessment.scoring import scheme_results
from dangjian.assessment.services import assessed_bodies_sync, ledger_entry_create, ledger_entry_reverse
from dangjian.assessment.services_appeals import appeal_decide, appeal_open, appeal_reply
from dangjian.audit.models import AuditEntry

from .assessment_builder import add_discipline
from .factories import make_registry
from .test_assessment_services import build_scheme

ON = date(2026, 12, 1)


def entry_at(scheme, indicator, body, user, days_ago, case_ref):
    """An entry recorded ``days_ago`` days before now (written directly: the service stamps now)."""
    return LedgerEntry.objects.create(
        scheme=scheme, indicator=indicator, body=body, department_id=indicator.department_id, points=D(1),
        fact="巡察问题整改逾期", case_ref=case_ref, occurred_on=date(2026, 3, 1), created_by=user,
        created_at=timezone.now() - timedelta(days=days_ago))


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = add_discipline(make_registry())
        assessed_bodies_sync()
        cls.scheme, cls.ind = build_scheme(r)
        cls.body_a = AssessedBody.objects.get(unit=r.unit_a)
        cls.body_b = AssessedBody.objects.get(unit=r.unit_b)

    def enter(self, body=None, case_ref="纪案〔2026〕1号"):
        return ledger_entry_create(user=self.r.discipline_user, indicator=self.ind["E4"], body=body or self.body_a,
                                   fact="巡察问题整改逾期", case_ref=case_ref, occurred_on=date(2026, 3, 5))

    def open(self, entry, user=None, reason="已按期整改，附整改报告"):
        return appeal_open(user=user or self.r.unit_admin, entry=entry, reason=reason)


class Opening(Base):
    def test_a_unit_appeals_its_own_entry_and_it_is_audited(self):
        entry = self.enter()
        appeal = self.open(entry)
        assert (appeal.state, appeal.body, appeal.department) == (Appeal.State.OPEN, self.body_a, self.r.discipline)
        assert AuditEntry.objects.get(action="appeal.open").changes["entry"] == entry.pk

    def test_the_window_counts_days_from_the_day_the_entry_was_recorded(self):
        days = self.scheme.appeal_days
        on_time = entry_at(self.scheme, self.ind["E4"], self.body_a, self.r.discipline_user, days, "a")
        late = entry_at(self.scheme, self.ind["E4"], self.body_a, self.r.discipline_user, days + 1, "b")
        assert self.open(on_time).state == Appeal.State.OPEN
        with pytest.raises(ValidationError, match="已超过申诉期限"):
            self.open(late)
        assert not Appeal.objects.filter(entry=late).exists()

    def test_one_open_appeal_per_entry_and_a_new_one_once_it_is_decided(self):
        entry = self.enter()
        first = self.open(entry)
        with pytest.raises(ValidationError, match="已有待处理的申诉"):
            self.open(entry, reason="补充")
        appeal_decide(user=self.r.discipline_user, appeal=first, uphold=True, reason="整改逾期属实")
        assert self.open(entry, reason="新的证据").state == Appeal.State.OPEN

    def test_a_reversal_and_a_reversed_entry_are_not_appealed(self):
        entry = self.enter()
        reversal = ledger_entry_reverse(user=self.r.discipline_user, entry=entry, reason="误录")
        with pytest.raises(ValidationError, match="冲销记录不能申诉"):
            self.open(reversal)
        with pytest.raises(ValidationError, match="已冲销"):
            self.open(entry)

    def test_only_the_units_own_admin_may_appeal(self):
        entry_b = self.enter(body=self.body_b, case_ref="纪案〔2026〕2号")
        for user in (self.r.unit_admin, self.r.zone_lead, self.r.discipline_user, self.r.committee,
                     self.r.outsider):
            with pytest.raises(PermissionDenied):
                self.open(entry_b, user=user)
        with pytest.raises(ValidationError, match="申诉理由"):
            self.open(self.enter(), reason="  ")
        assert not Appeal.objects.exists()


class Deciding(Base):
    def score(self, body):
        return next(r.score for r in scheme_results(self.scheme, on=ON).bodies if r.body == body)

    def test_reversing_cancels_exactly_the_entry_and_the_score_comes_back(self):
        before = self.score(self.body_a)
        entry = self.enter()
        other = self.enter(case_ref="纪案〔2026〕9号")
        assert self.score(self.body_a) < before
        appeal = appeal_decide(user=self.r.discipline_user, appeal=self.open(entry), uphold=False,
                               reason="整改已按期完成")
        assert appeal.state == Appeal.State.REVERSED
        assert appeal.reversal.reverses == entry and appeal.reversal.points == entry.points
        assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 1
        assert not hasattr(LedgerEntry.objects.get(pk=other.pk), "reversed_by")
        ledger_entry_reverse(user=self.r.discipline_user, entry=other, reason="误录")
        assert self.score(self.body_a) == before
        assert AuditEntry.objects.get(action="appeal.decide").changes["state"] == "reversed"

    def test_upholding_keeps_the_entry_and_a_decided_appeal_is_closed(self):
        entry = self.enter()
        appeal = appeal_decide(user=self.r.discipline_user, appeal=self.open(entry), uphold=True,
                               reason="逾期属实")
        assert appeal.state == Appeal.State.UPHELD and appeal.reversal is None and appeal.decided_at
        assert not LedgerEntry.objects.filter(reverses=entry).exists()
        with pytest.raises(ValidationError, match="已处理"):
            appeal_decide(user=self.r.discipline_user, appeal=appeal, uphold=False, reason="改判")
        with pytest.raises(ValidationError, match="已处理"):
            appeal_reply(user=self.r.unit_admin, appeal=appeal, text="不服")

    def test_only_the_owning_department_decides_and_a_reason_is_required(self):
        appeal = self.open(self.enter())
        for user in (self.r.dept, self.r.committee, self.r.unit_admin):
            with pytest.raises(PermissionDenied):
                appeal_decide(user=user, appeal=appeal, uphold=False, reason="x")
        with pytest.raises(ValidationError, match="处理理由"):
            appeal_decide(user=self.r.discipline_user, appeal=appeal, uphold=False, reason=" ")
        assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.OPEN
        assert not LedgerEntry.objects.filter(reverses__isnull=False).exists()


class Thread(Base):
    def test_both_sides_and_the_committee_write_and_nobody_else(self):
        appeal = self.open(self.enter())
        sides = [appeal_reply(user=u, appeal=appeal, text=t).side for u, t in (
            (self.r.unit_admin, "补充整改报告"), (self.r.discipline_user, "正在核实"), (self.r.committee, "请按期办理"))]
        assert sides == ["unit", "department", "committee"]
        for user in (self.r.dept, self.r.zone_lead, self.r.outsider):
            with pytest.raises(PermissionDenied):
                appeal_reply(user=user, appeal=appeal, text="x")
        with pytest.raises(ValidationError, match="回复内容"):
            appeal_reply(user=self.r.unit_admin, appeal=appeal, text="")

    def test_a_message_never_changes(self):
        message = appeal_reply(user=self.r.unit_admin, appeal=self.open(self.enter()), text="补充")
        message.text = "改过"
        with pytest.raises(AppendOnlyError):
            message.save()
        with pytest.raises(AppendOnlyError):
            message.delete()
        if connection.vendor == "postgresql":
            from django.db import DatabaseError
            for sql in ("UPDATE assessment_appealmessage SET text = 'x'", "DELETE FROM assessment_appealmessage"):
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                        connection.cursor() as cursor:
                    cursor.execute(sql)
        assert AppealMessage.objects.get(pk=message.pk).text == "补充"
