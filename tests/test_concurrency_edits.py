"""No lost update: an edit made on an older version of a member or record is refused, only the
fields that changed are written and audited, and two simultaneous edits on PostgreSQL never
both report success."""
import os
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse

from dangjian.audit.models import AuditEntry
from dangjian.lib.edits import is_stale
from dangjian.orgs.models import Member, MemberTransfer
from dangjian.orgs.services import member_transfer, member_update
from dangjian.records.models import Activity, ActivityKind
from dangjian.records.services import activity_create, activity_update

from .factories import make_registry

STALE = "已被他人修改，请刷新后再改"
# Skipped only on SQLite outside the PostgreSQL run: under REQUIRE_POSTGRES=1 they always run.
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql" and os.environ.get("REQUIRE_POSTGRES") != "1",
                                 reason="two real connections need PostgreSQL (REQUIRE_POSTGRES=1 runs them)")


def member_form(member, **changes):
    data = {"name": member.name, "gender": member.gender, "birth_date": "1980-01-01", "ethnicity": member.ethnicity,
            "education": member.education, "status": member.status, "joined_on": "2005-07-01",
            "full_on": "2006-07-01", "post": member.post, "id_number": "", "phone": "",
            "version": member.version}
    return data | changes


def fresh(member):
    return Member.objects.get(pk=member.pk)


class MemberUpdateServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def test_an_edit_on_an_older_version_is_refused_and_writes_nothing(self):
        member = fresh(self.reg.member)
        seen = member.version
        member_update(user=self.reg.secretary, member=fresh(member), version=seen, post="科员")
        with self.assertRaises(ValidationError) as refused:
            member_update(user=self.reg.unit_admin, member=fresh(member), version=seen, post="副科长")
        assert is_stale(refused.exception) and STALE in refused.exception.messages
        assert fresh(member).post == "科员" and fresh(member).version == seen + 1
        assert AuditEntry.objects.filter(action="member.update").count() == 1

    def test_edits_of_different_fields_on_one_version_are_not_merged_silently(self):
        """The second person's form still shows the old post: saving it would put it back.
        So the second edit is refused even though it meant to change another field."""
        member = fresh(self.reg.member)
        seen = member_form(member)
        member_update(user=self.reg.secretary, member=fresh(member), version=seen["version"], post="科员")
        second = {k: seen[k] for k in ("name", "gender", "status", "post")} | {"ethnicity": "回族"}
        with self.assertRaises(ValidationError):
            member_update(user=self.reg.unit_admin, member=fresh(member), version=seen["version"], **second)
        assert (fresh(member).post, fresh(member).ethnicity) == ("科员", "")

    def test_only_changed_fields_are_written_and_audited(self):
        member = fresh(self.reg.member)
        loaded = fresh(member)
        # A column this edit does not touch changes underneath it (no version bump: a raw write).
        Member.objects.filter(pk=member.pk).update(education="研究生")
        member_update(user=self.reg.secretary, member=loaded, name=loaded.name, gender=loaded.gender,
                      status=loaded.status, education=loaded.education, post="科员")
        assert (fresh(member).post, fresh(member).education) == ("科员", "研究生")   # not written back
        entry = AuditEntry.objects.get(action="member.update")
        assert entry.changes == {"post": ["", "科员"]}

    def test_the_audit_diff_matches_what_the_database_holds(self):
        member = fresh(self.reg.member)
        member_update(user=self.reg.secretary, member=member, post="  科员 ", phone="13900001111")
        entry = AuditEntry.objects.get(action="member.update")
        db = fresh(member)
        assert entry.changes == {"post": ["", db.post], "phone": ["", db.phone_masked]}
        assert db.post == "科员"

    def test_saving_an_unchanged_form_writes_and_audits_nothing(self):
        member = fresh(self.reg.member)
        member_update(user=self.reg.secretary, member=member, name=member.name, post=member.post,
                      version=member.version)
        assert fresh(member).version == member.version
        assert not AuditEntry.objects.filter(action="member.update").exists()

    def test_the_same_id_number_again_is_no_change(self):
        member = fresh(self.reg.member)
        member_update(user=None, member=member, id_number="110101198001011234")
        version = fresh(member).version
        member_update(user=None, member=fresh(member), id_number="110101198001011234")
        assert fresh(member).version == version

    def test_a_transfer_on_an_older_version_is_refused(self):
        member = fresh(self.reg.member)
        seen = member.version
        member_update(user=self.reg.unit_admin, member=fresh(member), post="科员")
        with self.assertRaises(ValidationError) as refused:
            member_transfer(user=self.reg.unit_admin, member=fresh(member), to_branch=self.reg.branch_a2,
                            version=seen)
        assert is_stale(refused.exception)
        assert fresh(member).branch_id == self.reg.branch_a1.pk and not MemberTransfer.objects.exists()
        member_transfer(user=self.reg.unit_admin, member=fresh(member), to_branch=self.reg.branch_a2,
                        version=seen + 1)
        assert fresh(member).branch_id == self.reg.branch_a2.pk and fresh(member).version == seen + 2


class ActivityUpdateServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()
        cls.ids = [m.id for m in cls.reg.members_a1]
        cls.activity = activity_create(user=cls.reg.secretary, org=cls.reg.branch_a1,
                                       kind=ActivityKind.objects.get(code="theme_day"),
                                       held_on=date(2026, 11, 2), topic="主题党日", present_ids=cls.ids)

    def edit(self, version, **changes):
        a = Activity.objects.get(pk=self.activity.pk)
        values = {"held_on": a.held_on, "topic": a.topic, "summary": a.summary, "present_ids": self.ids} | changes
        return activity_update(user=self.reg.secretary, activity=a, version=version, **values)

    def test_an_edit_on_an_older_version_is_refused_with_its_attendance(self):
        seen = self.activity.version
        self.edit(seen, topic="重温入党誓词")
        with self.assertRaises(ValidationError) as refused:
            self.edit(seen, present_ids=self.ids[1:], absences={self.ids[0]: "病假"})
        assert is_stale(refused.exception)
        a = Activity.objects.get(pk=self.activity.pk)
        assert (a.topic, a.attendee_count, a.version) == ("重温入党誓词", 5, seen + 1)
        assert a.attendance.get(member_id=self.ids[0]).present           # the refused tick is not kept
        assert AuditEntry.objects.filter(action="activity.update").count() == 1

    def test_a_change_of_attendance_alone_bumps_the_version_and_is_audited(self):
        seen = self.activity.version
        self.edit(seen, present_ids=self.ids[1:], absences={self.ids[0]: "病假"})
        a = Activity.objects.get(pk=self.activity.pk)
        assert (a.attendee_count, a.version) == (4, seen + 1)
        entry = AuditEntry.objects.get(action="activity.update")
        assert entry.changes == {"attendee_count": ["5", "4"], "attendance": [None, "1"]}

    def test_an_unchanged_form_writes_nothing(self):
        self.edit(self.activity.version)
        assert Activity.objects.get(pk=self.activity.pk).version == self.activity.version
        assert not AuditEntry.objects.filter(action="activity.update").exists()


class EditViewConflictTests(TestCase):
    """The second person sees the Chinese message (409) and nothing is written."""

    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()
        cls.activity = activity_create(user=cls.reg.secretary, org=cls.reg.branch_a1,
                                       kind=ActivityKind.objects.get(code="theme_day"),
                                       held_on=date(2026, 11, 2), topic="主题党日", attendee_count=30)

    def test_the_member_form_carries_its_version(self):
        self.client.force_login(self.reg.secretary)
        html = self.client.get(reverse("member_edit", args=[self.reg.member.pk])).content.decode()
        assert f'type="hidden" name="version" value="{self.reg.member.version}"' in html

    def test_a_stale_member_form_gets_the_message_and_409(self):
        member = fresh(self.reg.member)
        stale_form = member_form(member, ethnicity="回族")
        member_update(user=self.reg.unit_admin, member=fresh(member), post="科员")
        self.client.force_login(self.reg.secretary)
        response = self.client.post(reverse("member_edit", args=[member.pk]), stale_form)
        assert response.status_code == 409
        assert STALE in response.content.decode()
        assert (fresh(member).post, fresh(member).ethnicity) == ("科员", "")
        assert AuditEntry.objects.filter(action="member.update").count() == 1
        fresh_form = member_form(fresh(member), ethnicity="回族")       # after reloading the page
        assert self.client.post(reverse("member_edit", args=[member.pk]), fresh_form).status_code == 302
        assert (fresh(member).post, fresh(member).ethnicity) == ("科员", "回族")

    def test_a_broken_version_is_400_with_a_message(self):
        self.client.force_login(self.reg.secretary)
        response = self.client.post(reverse("member_edit", args=[self.reg.member.pk]),
                                    member_form(fresh(self.reg.member), version="x", post="科员"))
        assert response.status_code == 400 and fresh(self.reg.member).post == ""

    def test_a_stale_transfer_gets_the_message_and_409(self):
        member = fresh(self.reg.member)
        seen = member.version
        member_update(user=self.reg.unit_admin, member=fresh(member), post="科员")
        self.client.force_login(self.reg.unit_admin)
        response = self.client.post(reverse("member_transfer", args=[member.pk]), {
            "to_branch": self.reg.branch_a2.pk, "moved_on": "2026-01-05", "version": seen})
        assert response.status_code == 409 and STALE in response.content.decode()
        assert fresh(member).branch_id == self.reg.branch_a1.pk

    def test_a_stale_record_form_gets_the_message_and_409(self):
        url = reverse("records:edit", args=[self.activity.pk])
        self.client.force_login(self.reg.secretary)
        assert f'name="version" value="{self.activity.version}"' in self.client.get(url).content.decode()
        activity_update(user=self.reg.unit_admin, activity=Activity.objects.get(pk=self.activity.pk),
                        held_on=self.activity.held_on, topic="改过的主题", attendee_count=30)
        response = self.client.post(url, {"held_on": "2026-11-03", "topic": "主题党日", "attendee_count": 30,
                                          "version": self.activity.version})
        assert response.status_code == 409 and STALE in response.content.decode()
        a = Activity.objects.get(pk=self.activity.pk)
        assert (a.topic, str(a.held_on)) == ("改过的主题", "2026-11-02")

    def test_outsiders_get_404_on_every_edit(self):
        self.client.force_login(self.reg.outsider)
        member = fresh(self.reg.member)
        for url, data in ((reverse("member_edit", args=[member.pk]), member_form(member, post="x")),
                          (reverse("member_transfer", args=[member.pk]), {"version": member.version}),
                          (reverse("records:edit", args=[self.activity.pk]),
                           {"held_on": "2026-11-03", "topic": "x", "version": self.activity.version})):
            assert self.client.get(url).status_code == 404
            assert self.client.post(url, data).status_code == 404
        assert fresh(member).post == "" and Activity.objects.get(pk=self.activity.pk).topic == "主题党日"


# ---- two real connections on PostgreSQL ------------------------------------------------------

def run_together(*jobs):
    """Run each job in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            results[i] = job(barrier)
        finally:
            connection.close()
    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


ROUNDS = 20


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_one_member_at_once_never_both_succeed_with_a_change_lost():
    """20 rounds through the edit page: the same version in both forms, both POSTs released at
    once; even rounds change the same field, odd rounds different fields."""
    reg = make_registry()
    people = {"secretary": Client(), "unit_admin": Client()}
    people["secretary"].force_login(reg.secretary)
    people["unit_admin"].force_login(reg.unit_admin)
    url = reverse("member_edit", args=[reg.member.pk])
    for n in range(ROUNDS):
        member = fresh(reg.member)
        wanted = {"secretary": {"post": f"科员{n}"},
                  "unit_admin": {"post": f"主任{n}"} if n % 2 == 0 else {"ethnicity": f"族{n}"}}

        def save(who):
            def job(barrier):
                data = member_form(member, **wanted[who])
                barrier.wait()
                response = people[who].post(url, data)
                return who, response.status_code, response.content.decode()
            return job
        audited = AuditEntry.objects.filter(action="member.update").count()
        results = run_together(save("secretary"), save("unit_admin"))
        codes = sorted(code for _who, code, _html in results)
        assert codes == [302, 409], (n, codes)
        winner = next(who for who, code, _html in results if code == 302)
        loser_html = next(html for _who, code, html in results if code == 409)
        assert STALE in loser_html
        db = fresh(reg.member)
        for key, value in wanted[winner].items():
            assert getattr(db, key) == value, (n, winner, key)
        assert db.version == member.version + 1
        entries = AuditEntry.objects.filter(action="member.update").order_by("-id")
        assert entries.count() == audited + 1                       # the refused edit is not audited
        assert entries[0].username == getattr(reg, winner).username
        for key, (_old, new) in entries[0].changes.items():         # the log holds what the DB holds
            assert str(getattr(db, key)) == new


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_services_racing_on_the_row_lock_refuse_the_second():
    """No form version: both load the record, then both UPDATE at once. PostgreSQL makes the
    second wait for the first's row lock and re-check the version: refused, not merged."""
    reg = make_registry()
    kind, _ = ActivityKind.objects.get_or_create(code="race_day", defaults={"name": "并发测试"})
    activity = activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind, held_on=date(2026, 11, 2),
                               topic="t", attendee_count=10)
    for n in range(ROUNDS // 2):
        def edit(topic):
            def job(barrier):
                loaded = Activity.objects.select_related("org", "kind").get(pk=activity.pk)
                barrier.wait()
                try:
                    activity_update(user=reg.secretary, activity=loaded, held_on=loaded.held_on, topic=topic,
                                    attendee_count=10)
                except ValidationError as exc:
                    return "stale" if is_stale(exc) else exc.messages
                return topic
            return job
        results = run_together(edit(f"甲{n}"), edit(f"乙{n}"))
        saved = [r for r in results if r != "stale"]
        assert len(saved) == 1 and "stale" in results, (n, results)
        assert Activity.objects.get(pk=activity.pk).topic == saved[0]
