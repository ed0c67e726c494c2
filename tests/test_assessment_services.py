"""Assessment writes: assessed bodies, publishing and versions, the ledger and its guards."""
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import TestCase

from dangjian.accounts.models import Department, Role
from dangjian.assessment.models import AppendOnlyError, AssessedBody, Division, Indicator, LedgerEntry, Scheme
from dangjian.assessment.rules import DISCIPLINE_LADDER, effective_entries, Entry
from dangjian.assessment.services import (
    assessed_bodies_sync, ledger_entry_create, ledger_entry_reverse, scheme_new_version, scheme_problems,
    scheme_publish,
)
from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import CountyCommittee

from .factories import make_registry, make_user

K = Indicator.Kind
LADDER = {k: str(v) for k, v in DISCIPLINE_LADDER.items()}


def build_scheme(r, *, publish=True):
    """A two-group scheme: E (纪委) with a ladder and a per-case leaf, G (组织部) with a panel,
    a bonus and a veto."""
    scheme = Scheme.objects.create(year=2026, kind=Scheme.Kind.DAILY, title="日常考核", total=20,
                                   basis="市直机关党建工作考核办法", covers=Scheme.Covers.UNITS_AND_COUNTIES)
    e = Indicator.objects.create(scheme=scheme, code="E", name="纪律与清廉", kind=K.GROUP, max_points=10)
    g = Indicator.objects.create(scheme=scheme, code="G", name="融合与责任", kind=K.GROUP, max_points=10)
    leaves = {
        "E1": dict(parent=e, name="违纪案件", kind=K.DEDUCTION, max_points=5, department=r.discipline, ladder=LADDER),
        "E4": dict(parent=e, name="巡察、审计问题整改", kind=K.DEDUCTION, max_points=5, department=r.discipline,
                   per_case="1"),
        "G1": dict(parent=g, name="党建业务融合项目", kind=K.PANEL, max_points=6, department=r.department),
        "G2": dict(parent=g, name="群团工作", kind=K.DEDUCTION, max_points=4, department=r.department),
        "X1": dict(name="荣誉加分", kind=K.BONUS, cap=3, department=r.department),
        "V1": dict(name="弄虚作假", kind=K.VETO, veto="poor", basis="考核办法第十二条", department=r.department),
    }
    out = {code: Indicator.objects.create(scheme=scheme, code=code, **kw) for code, kw in leaves.items()}
    Division.objects.create(scheme=scheme, name="党群综合", weights={"E": 12, "G": 8})
    if publish:
        scheme = scheme_publish(user=r.committee, scheme=scheme)
    return scheme, out


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()
        cls.r.discipline = Department.objects.create(name="纪委监委")
        cls.r.discipline_user = make_user("dept_jw", Role.DEPARTMENT, department=cls.r.discipline)
        CountyCommittee.objects.create(name="某县机关工委")
        assessed_bodies_sync()
        cls.scheme, cls.ind = build_scheme(cls.r)
        cls.body_a = AssessedBody.objects.get(unit=cls.r.unit_a)
        cls.body_b = AssessedBody.objects.get(unit=cls.r.unit_b)

    def enter(self, code, user=None, **kw):
        kw.setdefault("fact", "通报批评")
        kw.setdefault("occurred_on", date(2026, 3, 5))
        kw.setdefault("body", self.body_a)
        return ledger_entry_create(user=user or self.r.discipline_user, indicator=self.ind[code], **kw)


class AssessedBodies(Base):
    def test_every_unit_and_county_committee_has_one_body_and_a_second_sync_adds_none(self):
        assert AssessedBody.objects.filter(unit__isnull=False).count() == 2
        assert AssessedBody.objects.filter(county_committee__isnull=False).count() == 1
        assert assessed_bodies_sync() == 0

    def test_a_body_is_exactly_one_thing(self):
        from django.db import IntegrityError
        with pytest.raises(IntegrityError), transaction.atomic():
            AssessedBody.objects.create()


class Ledger(Base):
    def test_the_ladder_sets_the_points_and_the_entry_is_audited(self):
        entry = self.enter("E1", severity="heavy_sanction", case_ref="纪案〔2026〕3号")
        assert entry.points == D(5) and entry.department == self.r.discipline
        audit = AuditEntry.objects.get(action="ledger.create")
        assert audit.changes == {"indicator": "E1", "body": str(self.body_a), "points": "5",
                                 "case_ref": "纪案〔2026〕3号"}

    def test_a_case_counts_once_per_department_until_reversed(self):
        first = self.enter("E4", case_ref="审计〔2026〕1号")
        with pytest.raises(ValidationError, match="同一案件只计一次"):
            self.enter("E1", severity="admonition", case_ref="审计〔2026〕1号")
        # another department may count the same case on its own indicator
        self.enter("G2", user=self.r.dept, case_ref="审计〔2026〕1号", points="1")
        reversal = ledger_entry_reverse(user=self.r.discipline_user, entry=first, reason="整改已按期完成")
        corrected = self.enter("E4", case_ref="审计〔2026〕1号")
        entries = [Entry(e.id, e.department_id, e.indicator_id, e.body_id, e.points, e.case_ref, e.reverses_id)
                   for e in LedgerEntry.objects.filter(department=self.r.discipline)]
        assert [e.id for e in effective_entries(entries)] == [corrected.id]
        assert reversal.reverses == first and reversal.points == first.points

    def test_a_department_cannot_score_another_departments_indicator(self):
        with pytest.raises(PermissionDenied):
            self.enter("G2", user=self.r.discipline_user, case_ref="x", points="1")
        for user in (self.r.committee, self.r.unit_admin, self.r.outsider, self.r.sysadmin):
            with pytest.raises(PermissionDenied):
                self.enter("E4", user=user, case_ref="y")
        assert not LedgerEntry.objects.exists()

    def test_bad_facts_are_refused_in_chinese_and_write_nothing(self):
        cases = [
            (dict(code="G2", user=self.r.dept, case_ref="a", points="4.5"), "不能超过"),
            (dict(code="G2", user=self.r.dept, case_ref="a", points="-1"), "大于 0"),
            (dict(code="X1", user=self.r.dept, points="3.5"), "不能超过"),
            (dict(code="E1", case_ref="b", severity="fine"), "请选择情形"),
            (dict(code="E4", case_ref=""), "案件编号"),
            (dict(code="E4", case_ref="c", fact="  "), "事实"),
            (dict(code="E4", case_ref="d", occurred_on=date(2025, 12, 31)), "方案年度"),
        ]
        for kwargs, message in cases:
            with pytest.raises(ValidationError, match=message):
                self.enter(kwargs.pop("code"), **kwargs)
        assert not LedgerEntry.objects.exists()

    def test_a_units_only_scheme_refuses_a_county_committee(self):
        Scheme.objects.filter(pk=self.scheme.pk).update(covers=Scheme.Covers.UNITS)
        county = AssessedBody.objects.get(county_committee__isnull=False)
        with pytest.raises(ValidationError, match="只考核市直单位"):
            self.enter("E4", case_ref="e", body=county)

    def test_a_reversal_is_once_and_never_itself_reversed(self):
        entry = self.enter("E4", case_ref="f")
        reversal = ledger_entry_reverse(user=self.r.discipline_user, entry=entry, reason="误录")
        with pytest.raises(ValidationError, match="已冲销"):
            ledger_entry_reverse(user=self.r.discipline_user, entry=entry, reason="再次")
        with pytest.raises(ValidationError, match="不能再冲销"):
            ledger_entry_reverse(user=self.r.discipline_user, entry=reversal, reason="再次")
        with pytest.raises(PermissionDenied):
            ledger_entry_reverse(user=self.r.dept, entry=entry, reason="别的部门")

    def test_entries_are_append_only_in_the_model_and_on_postgresql_in_the_database(self):
        entry = self.enter("E4", case_ref="g")
        entry.points = D(0)
        with pytest.raises(AppendOnlyError):
            entry.save()
        with pytest.raises(AppendOnlyError):
            entry.delete()
        if connection.vendor == "postgresql":
            from django.db import DatabaseError
            for sql in ("UPDATE assessment_ledgerentry SET points = 0", "DELETE FROM assessment_ledgerentry"):
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                        connection.cursor() as cursor:
                    cursor.execute(sql)
        assert LedgerEntry.objects.get(pk=entry.pk).points == D(1)


class Schemes(Base):
    def test_a_draft_takes_no_entries_and_a_published_scheme_does_not_publish_twice(self):
        with pytest.raises(ValidationError, match="已发布"):
            scheme_publish(user=self.r.committee, scheme=self.scheme)
        copy = scheme_new_version(user=self.r.committee, scheme=self.scheme, change_note="E4 改为每项扣 0.5 分")
        with pytest.raises(ValidationError, match="尚未发布"):
            ledger_entry_create(user=self.r.discipline_user, indicator=copy.indicators.get(code="E4"),
                                body=self.body_a, fact="x", case_ref="h", occurred_on=date(2026, 3, 1))

    def test_a_new_version_copies_the_tree_and_says_what_changed(self):
        with pytest.raises(ValidationError, match="变更内容"):
            scheme_new_version(user=self.r.committee, scheme=self.scheme, change_note=" ")
        copy = scheme_new_version(user=self.r.committee, scheme=self.scheme, change_note="新增 G3")
        assert (copy.version, copy.previous, copy.published) == (2, self.scheme, False)
        old = {i.code: (i.parent.code if i.parent else None, i.max_points, i.department_id)
               for i in self.scheme.indicators.all()}
        new = {i.code: (i.parent.code if i.parent else None, i.max_points, i.department_id)
               for i in copy.indicators.all()}
        assert new == old
        assert all(i.parent is None or i.parent.scheme == copy for i in copy.indicators.all())
        assert copy.divisions.get().weights == {"E": 12, "G": 8}
        assert scheme_publish(user=self.r.committee, scheme=copy).published
        with pytest.raises(PermissionDenied):
            scheme_new_version(user=self.r.dept, scheme=copy, change_note="x")

    def test_publishing_checks_sums_owners_vetoes_and_forbidden_bases(self):
        copy = scheme_new_version(user=self.r.committee, scheme=self.scheme, change_note="检查")
        Indicator.objects.filter(scheme=copy, code="G2").update(max_points=3)
        Indicator.objects.filter(scheme=copy, code="E4").update(department=None)
        Indicator.objects.filter(scheme=copy, code="V1").update(basis="")
        Indicator.objects.create(scheme=copy, code="X2", name="网上学习时长达标", kind=K.BONUS, cap=1,
                                 department=self.r.department)
        problems = " ".join(scheme_problems(copy))
        assert "G：各指标分值之和为 9.00，应为 10.00" in problems
        assert "E4 巡察、审计问题整改：须指定考核部门" in problems
        assert "V1 弄虚作假：一票否决须写明否决后果和依据文件" in problems
        assert "X2 网上学习时长达标：" in problems and "违反为基层减负规定" in problems
        with pytest.raises(ValidationError):
            scheme_publish(user=self.r.committee, scheme=copy)
        copy.refresh_from_db()
        assert not copy.published
