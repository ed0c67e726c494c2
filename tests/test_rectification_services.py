"""Rectification services: raising (from scratch or from a deduction), reporting done, verifying
and sending back; who may; bad input writes nothing; every step audited and in the history."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import TestCase

from dangjian.accounts.models import Role
from dangjian.assessment.models import AppendOnlyError, AssessedBody
from dangjian.assessment.services import ledger_entry_create, ledger_entry_reverse
from dangjian.audit.models import AuditEntry
from dangjian.rectification.models import Problem, Source, Status, Transition
from dangjian.rectification.services import problem_create, problem_report_done, problem_send_back, problem_verify

from . import clock
from .assessment_builder import add_discipline, build_scheme
from .factories import make_registry, make_user

TODAY = clock.TODAY
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = add_discipline(make_registry())
        cls.scheme, cls.ind = build_scheme(r)
        cls.body_a = AssessedBody.objects.get(unit=r.unit_a)
        r.unit_admin_b = make_user("unit_b", Role.UNIT_ADMIN, org=r.oc_b)

    def raise_(self, user=None, department=None, unit=None, **kw):
        args = dict(source=Source.INSPECTION, raised_on=TODAY - timedelta(days=60),
                    description="巡察反馈：党组会议议事规则未及时修订", measures="修订党组工作规则",
                    owner="张某 办公室主任", deadline=TODAY + timedelta(days=30))
        args.update(kw)
        return problem_create(user=user or self.r.discipline_user, department=department or self.r.discipline,
                              unit=unit or self.r.unit_a, **args)

    def deduction(self, body=None, case_ref="纪案〔2026〕9号"):
        return ledger_entry_create(user=self.r.discipline_user, indicator=self.ind["E4"], body=body or self.body_a,
                                   fact="巡察反馈问题整改不到位", case_ref=case_ref, occurred_on=TODAY - timedelta(days=20))


class Raising(Base):
    def test_a_department_raises_a_problem_audited_with_its_history(self):
        problem = self.raise_(org=self.r.branch_a1)
        assert (problem.status, problem.unit, problem.department, problem.org) == (
            Status.OPEN, self.r.unit_a, self.r.discipline, self.r.branch_a1)
        assert list(problem.history.values_list("action", "status", "by")) == [
            ("create", "open", self.r.discipline_user.pk)]
        audit = AuditEntry.objects.get(action="rectification.create")
        assert audit.changes["unit"] == self.r.unit_a.pk and audit.object_id == str(problem.pk)

    def test_from_a_live_deduction_of_its_own(self):
        entry = self.deduction()
        problem = self.raise_(source=Source.ASSESSMENT, entry=entry, raised_on=TODAY)
        assert problem.entry == entry

    def test_bad_input_gets_a_chinese_message_and_writes_nothing(self):
        entry = self.deduction()
        reversed_entry = self.deduction(case_ref="纪案〔2026〕10号")
        ledger_entry_reverse(user=self.r.discipline_user, entry=reversed_entry, reason="误录")
        other_unit = self.deduction(body=AssessedBody.objects.get(unit=self.r.unit_b), case_ref="纪案〔2026〕11号")
        cases = [
            (dict(deadline=TODAY - timedelta(days=61)), "整改期限不能早于问题提出日期"),
            (dict(raised_on=TODAY + timedelta(days=1)), "日期晚于今天"),
            (dict(description="  "), "请填写问题描述"),
            (dict(owner=""), "请填写整改责任人"),
            (dict(source="rumour"), "请选择问题来源"),
            (dict(org=self.r.branch_b1), "所选党组织不属于该单位"),
            (dict(entry=entry), "来源须为“考核扣分”"),
            (dict(entry=entry, source=Source.ASSESSMENT, raised_on=TODAY - timedelta(days=30)), "早于扣分事实发生日期"),
            (dict(entry=reversed_entry, source=Source.ASSESSMENT), "已冲销"),
            (dict(entry=other_unit, source=Source.ASSESSMENT), "与所选单位不一致"),
            (dict(department=self.r.department), "本人所在考核部门"),          # 组织部: not the user's
            (dict(user=self.r.dept, entry=entry, source=Source.ASSESSMENT, department=self.r.department),
             "本部门的考核扣分记录"),
            (dict(user=self.r.unit_admin, department=self.r.department), "本人所在考核部门"),
        ]
        audits = AuditEntry.objects.count()
        for kw, message in cases:
            with pytest.raises(ValidationError, match=message):
                self.raise_(**kw)
        assert not Problem.objects.exists() and not Transition.objects.exists()
        assert AuditEntry.objects.count() == audits


class Steps(Base):
    def test_report_verify_the_whole_way_each_step_in_the_history(self):
        problem = self.raise_()
        upload = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
        problem = problem_report_done(user=self.r.unit_admin, problem=problem, note="已修订规则并印发", evidence=upload)
        assert problem.status == Status.DONE and problem.evidence_name == "整改报告.pdf"
        problem = problem_verify(user=self.r.discipline_user, problem=problem, note="材料齐全")
        assert problem.status == Status.VERIFIED
        assert list(problem.history.values_list("action", "status", "note")) == [
            ("create", "open", ""), ("report", "done", "已修订规则并印发"), ("verify", "verified", "材料齐全")]
        assert set(AuditEntry.objects.filter(action__startswith="rectification.").values_list("action", flat=True)) == {
            "rectification.create", "rectification.report", "rectification.verify"}

    def test_a_send_back_reopens_with_its_reason(self):
        problem = self.raise_()
        problem_report_done(user=self.r.unit_admin, problem=problem, note="已整改")
        problem = problem_send_back(user=self.r.discipline_user, problem=problem, reason="材料与问题不对应")
        assert problem.status == Status.OPEN
        assert problem.history.last().note == "材料与问题不对应"
        problem = problem_report_done(user=self.r.unit_admin, problem=problem, note="补充了材料")
        assert problem.status == Status.DONE and problem.history.count() == 4

    def test_only_the_raising_department_verifies_and_only_the_unit_reports(self):
        problem = self.raise_()
        with pytest.raises(ValidationError, match="只有问题所在单位"):
            problem_report_done(user=self.r.unit_admin_b, problem=problem, note="x")
        with pytest.raises(ValidationError, match="只有问题所在单位"):
            problem_report_done(user=self.r.discipline_user, problem=problem, note="x")
        problem_report_done(user=self.r.unit_admin, problem=problem, note="已整改")
        for user in (self.r.dept, self.r.unit_admin, self.r.committee):
            with pytest.raises(ValidationError, match="只有提出该问题的部门"):
                problem_verify(user=user, problem=problem)
            with pytest.raises(ValidationError, match="只有提出该问题的部门"):
                problem_send_back(user=user, problem=problem, reason="x")
        problem.refresh_from_db()
        assert problem.status == Status.DONE and problem.history.count() == 2

    def test_steps_out_of_order_and_bad_notes_write_nothing(self):
        problem = self.raise_()
        with pytest.raises(ValidationError, match="只有单位已报告整改完成的问题"):
            problem_verify(user=self.r.discipline_user, problem=problem)
        with pytest.raises(ValidationError, match="请填写整改情况"):
            problem_report_done(user=self.r.unit_admin, problem=problem, note=" ")
        with pytest.raises(ValidationError, match="不超过 500 字"):
            problem_report_done(user=self.r.unit_admin, problem=problem, note="长" * 501)
        fake = SimpleUploadedFile("报告.pdf", b"not a pdf at all", content_type="application/pdf")
        with pytest.raises(ValidationError, match="不是 PDF"):
            problem_report_done(user=self.r.unit_admin, problem=problem, note="已整改", evidence=fake)
        problem_report_done(user=self.r.unit_admin, problem=problem, note="已整改")
        with pytest.raises(ValidationError, match="只有整改中的问题"):
            problem_report_done(user=self.r.unit_admin, problem=problem, note="再报")
        with pytest.raises(ValidationError, match="请填写退回理由"):
            problem_send_back(user=self.r.discipline_user, problem=problem, reason="")
        problem.refresh_from_db()
        assert problem.status == Status.DONE and not problem.evidence and problem.history.count() == 2

    def test_the_history_is_append_only_in_the_model_and_on_postgresql_in_the_database(self):
        step = self.raise_().history.get()
        step.note = "改写"
        with pytest.raises(AppendOnlyError):
            step.save()
        with pytest.raises(AppendOnlyError):
            step.delete()
        if connection.vendor == "postgresql":
            for sql in ("UPDATE rectification_transition SET note = 'x'", "DELETE FROM rectification_transition"):
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                        connection.cursor() as cursor:
                    cursor.execute(sql)
        assert Transition.objects.get(pk=step.pk).note == ""

    def test_a_unit_with_problems_on_record_is_not_deleted(self):
        problem = self.raise_()
        with pytest.raises(ProtectedError) as refused:
            self.r.unit_a.delete()
        assert problem in refused.value.protected_objects
