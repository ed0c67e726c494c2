"""Hostile input on the forms: each bug of the security probe, refused with a Chinese message
(status 400, nothing written) or cleaned before it is stored."""
import inspect
import pkgutil
from datetime import date
from importlib import import_module

import time_machine
from django import forms
from django.contrib import admin
from django.test import RequestFactory, TestCase

import dangjian
from dangjian.accounts.admin_site import GatekeptAdmin
from dangjian.audit.models import AuditEntry
from dangjian.front.models import Feedback
from dangjian.lib.forms import CleanTextMixin
from dangjian.orgs.models import Member, Zone
from dangjian.records.models import Activity, Attendance
from dangjian.study.models import Course, EducationBase

from .factories import make_registry

TODAY = date(2026, 11, 25)
RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def writes():
    return AuditEntry.objects.exclude(action="access.denied").count()


@time_machine.travel(TODAY, tick=False)
class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()

    def setUp(self):
        self.client.force_login(self.r.secretary)

    def url(self, kind):
        return f"/records/org/{self.r.branch_a1.pk}/new/{kind}/"

    def roster(self):
        return [m.pk for m in self.r.members_a1]

    def assert_refused(self, response, *messages):
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        for message in messages:
            self.assertIn(message, html)

    # ---- numbers ------------------------------------------------------------------------

    def test_a_huge_attendee_count_is_refused_not_overflowed(self):
        before = writes()
        response = self.client.post(self.url("training"), {
            "held_on": "2026-11-20", "topic": "专题培训", "attendee_count": "99999999999999999999"})
        self.assert_refused(response, "100000")
        self.assertFalse(Activity.objects.exists())
        self.assertEqual(writes(), before)

    def test_negative_and_huge_votes_are_refused(self):
        for value in ("-1", "2147483648"):
            response = self.client.post(self.url("members_meeting"), {
                "held_on": "2026-11-20", "topic": "表决", "present": self.roster(), "motion": "发展党员",
                "yes": value})
            self.assertEqual(response.status_code, 400, value)
        self.assertFalse(Activity.objects.exists())

    def test_course_and_base_capacities_are_bounded(self):
        self.client.force_login(self.r.committee)
        response = self.client.post("/study/courses/new/", {
            "name": "培训班", "kind": "secretary", "starts_on": "2026-12-01", "ends_on": "2026-12-03",
            "capacity": "99999999999999999999"})
        self.assert_refused(response)
        response = self.client.post("/study/bases/new/", {"name": "基地", "level": "city",
                                                          "capacity": "-5", "active": "on"})
        self.assert_refused(response)
        self.assertFalse(Course.objects.exists() or EducationBase.objects.exists())

    def test_a_row_number_no_key_can_have_is_an_invalid_choice(self):
        self.client.force_login(self.r.committee)
        response = self.client.post("/study/sit-ins/new/", {
            "unit": "99999999999999999999", "planned_on": "2026-12-01", "observers": ["-99999999999999999999"]})
        self.assert_refused(response, "选择一个有效的选项")

    # ---- absence reasons ----------------------------------------------------------------

    def test_nul_and_bidi_characters_are_stripped_from_absence_reasons(self):
        absent = self.r.members_a1[0]
        response = self.client.post(self.url("theme_day"), {
            "held_on": "2026-11-20", "topic": "主题党日", "present": self.roster()[1:],
            f"reason_{absent.pk}": f"出\x00差{RLO}学习"})
        self.assertEqual(response.status_code, 302, response.content.decode()[:1000])
        self.assertEqual(Attendance.objects.get(member=absent).absence_reason, "出差学习")

    def test_an_over_long_absence_reason_is_refused_not_cut(self):
        absent = self.r.members_a1[0]
        before = writes()
        response = self.client.post(self.url("theme_day"), {
            "held_on": "2026-11-20", "topic": "主题党日", "present": self.roster()[1:],
            f"reason_{absent.pk}": "因" * 101})
        self.assert_refused(response, "缺席原因不能超过 100 个字", absent.name)
        self.assertFalse(Activity.objects.exists())
        self.assertEqual(writes(), before)

    # ---- dates --------------------------------------------------------------------------

    def test_a_record_in_year_one_is_refused(self):
        response = self.client.post(self.url("theme_day"), {
            "held_on": "0001-01-01", "topic": "主题党日", "present": self.roster()})
        self.assert_refused(response, "日期早于 1921-07-01")
        self.assertFalse(Activity.objects.exists())

    def test_a_birth_date_in_year_one_or_ahead_is_refused(self):
        self.client.force_login(self.r.unit_admin)
        member = self.r.members_a1[1]
        base = {"name": member.name, "gender": member.gender, "status": member.status,
                "joined_on": "2005-07-01", "full_on": "2006-07-01", "version": member.version}
        for birth, message in (("0001-01-01", "日期早于 1900-01-01"), ("2027-01-01", "日期晚于今天")):
            response = self.client.post(f"/members/{member.pk}/edit/", base | {"birth_date": birth})
            self.assert_refused(response, message)
        member.refresh_from_db()
        self.assertEqual(member.birth_date, date(1980, 1, 1))

    def test_a_join_date_before_the_party_is_refused(self):
        self.client.force_login(self.r.unit_admin)
        member = self.r.members_a1[1]
        response = self.client.post(f"/members/{member.pk}/edit/", {
            "name": member.name, "gender": member.gender, "status": member.status, "birth_date": "1900-05-01",
            "joined_on": "1920-01-01", "version": member.version})
        self.assert_refused(response, "日期早于 1921-07-01")

    def test_a_course_in_year_one_or_far_ahead_is_refused(self):
        self.client.force_login(self.r.committee)
        for start in ("0001-01-01", "2099-01-01"):
            response = self.client.post("/study/courses/new/", {
                "name": "培训班", "kind": "secretary", "starts_on": start, "ends_on": "2026-12-03", "capacity": "30"})
            self.assert_refused(response, "日期")
        self.assertFalse(Course.objects.exists())

    # ---- text ---------------------------------------------------------------------------

    def test_bidi_overrides_are_stripped_from_every_text_of_a_record(self):
        response = self.client.post(self.url("first_agenda"), {
            "held_on": "2026-11-20", "topic": f"{RLO}gpj.exe", "form": f"集中{LRI}学习{PDI}",
            "summary": "第一行\r\n第二行\x07", "present": self.roster()})
        self.assertEqual(response.status_code, 302, response.content.decode()[:1000])
        activity = Activity.objects.get()
        self.assertEqual((activity.topic, activity.form, activity.summary), ("gpj.exe", "集中学习", "第一行\r\n第二行"))

    def test_feedback_and_member_names_are_cleaned(self):
        self.client.post("/feedback/", {"text": f"建议{RLO}增加\x00提醒"})
        self.assertEqual(Feedback.objects.get().text, "建议增加提醒")
        self.client.force_login(self.r.unit_admin)
        member = self.r.members_a1[2]
        response = self.client.post(f"/members/{member.pk}/edit/", {
            "name": f"张{RLO}三\u200f", "gender": member.gender, "status": member.status, "birth_date": "1980-01-01",
            "joined_on": "2005-07-01", "full_on": "2006-07-01", "version": member.version})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Member.objects.get(pk=member.pk).name, "张三")

    def test_the_admin_cleans_text_too(self):
        self.client.force_login(self.r.committee)
        response = self.client.post("/admin/orgs/zone/add/", {"name": f"第三{RLO}协作区", "sort": "3", "rules": ""})
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.assertTrue(Zone.objects.filter(name="第三协作区").exists())

    # ---- 400 for invalid POSTs ----------------------------------------------------------

    def test_invalid_posts_answer_400(self):
        self.assert_refused(self.client.post("/feedback/", {"text": ""}))
        self.assert_refused(self.client.post("/password/", {"old_password": "", "new_password": "x"}))
        self.client.force_login(self.r.security)
        self.assert_refused(self.client.post("/security/unlock/", {"username": "", "ip": ""}), "请指定用户名或地址")
        self.assert_refused(self.client.post("/security/unlock/", {"username": "u" * 151}))

    def test_sign_in_with_control_characters_is_a_plain_failure(self):
        self.client.logout()
        for username in ("gong\x00wei", "\u202egongwei", "长" * 300):
            response = self.client.post("/login/", {"username": username, "password": "Wrong#pass1"})
            self.assertEqual(response.status_code, 200, username)
            self.assertIn("用户名或密码错误", response.content.decode())

    def test_an_outsider_cannot_reach_the_form_at_all(self):
        self.client.force_login(self.r.outsider)
        response = self.client.post(self.url("training"), {"held_on": "2026-11-20", "topic": "x",
                                                           "attendee_count": "99999999999999999999"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Activity.objects.exists())


def _all_form_classes():
    for info in pkgutil.walk_packages(dangjian.__path__, "dangjian."):
        if ".migrations" in info.name or ".management" in info.name or info.name == "dangjian.wsgi":
            continue
        module = import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                yield obj


def test_every_form_of_the_pages_cleans_its_text():
    """A new form that forgets the base class would store bidi overrides again. Forms of the
    admin modules get the mixin from GatekeptAdmin.get_form (next test)."""
    found = [f for f in _all_form_classes() if not f.__module__.endswith(".admin")]
    assert len(found) > 20
    missing = [f"{f.__module__}.{f.__qualname__}" for f in found if not issubclass(f, CleanTextMixin)]
    assert missing == []


class AdminFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()

    def test_every_admin_form_that_saves_cleans_its_text(self):
        request = RequestFactory().get("/admin/")
        request.user = self.r.committee
        checked = 0
        for model, model_admin in admin.site._registry.items():
            if not isinstance(model_admin, GatekeptAdmin):
                continue
            self.assertTrue(issubclass(model_admin.get_form(request), CleanTextMixin), model)
            if model_admin.list_editable:
                self.assertTrue(issubclass(model_admin.get_changelist_form(request), CleanTextMixin), model)
            checked += 1
        self.assertGreater(checked, 8)
