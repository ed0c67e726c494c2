"""Appeal pages: inbox by role, the thread with reply and decide forms, opening an appeal,
the snapshots page. 404 outside reach, 403 visible but not allowed; constant queries."""
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.assessment.models import Appeal, LedgerEntry, Snapshot
from dangjian.assessment.services import ledger_entry_create
from dangjian.assessment.services_appeals import appeal_open

from .test_assessment_appeals import Base, entry_at


class Pages(Base):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.n = 0

    def enter(self, body=None, indicator="E4", user=None):
        Pages.n += 1
        return ledger_entry_create(user=user or self.r.discipline_user, indicator=self.ind[indicator],
                                   body=body or self.body_a, fact="巡察问题整改逾期", case_ref=f"纪案〔2026〕{self.n}号",
                                   occurred_on=date(2026, 3, 5), **({"points": "1"} if indicator == "G2" else {}))

    def appeal(self, entry=None):
        return appeal_open(user=self.r.unit_admin, entry=entry or self.enter(), reason="已按期整改，附整改报告")

    def get(self, user, name, *args):
        self.client.force_login(user)
        return self.client.get(reverse(name, args=args))

    def post(self, user, name, *args, **data):
        self.client.force_login(user)
        return self.client.post(reverse(name, args=args), data)

    # -- inbox ----------------------------------------------------------------------------

    def test_the_inbox_holds_what_each_role_deals_with(self):
        mine = self.appeal()
        other_department = self.appeal(self.enter(indicator="G2", user=self.r.dept))
        seen = {u: self.get(u, "appeals:inbox").context["page"].object_list
                for u in (self.r.unit_admin, self.r.discipline_user, self.r.dept, self.r.committee)}
        assert set(seen[self.r.unit_admin]) == {mine, other_department}
        assert list(seen[self.r.discipline_user]) == [mine]
        assert list(seen[self.r.dept]) == [other_department]
        assert set(seen[self.r.committee]) == {mine, other_department}
        assert "巡察、审计问题整改" in self.get(self.r.unit_admin, "appeals:inbox").content.decode()
        assert self.get(self.r.outsider, "appeals:inbox").status_code == 403

    def test_the_inbox_makes_the_same_number_of_queries_at_two_sizes(self):
        def count():
            self.client.force_login(self.r.committee)
            with CaptureQueriesContext(connection) as ctx:
                assert self.client.get(reverse("appeals:inbox")).status_code == 200
            return len(ctx.captured_queries)
        self.appeal()
        small = count()
        for _ in range(6):
            self.appeal()
        assert count() == small

    # -- the thread -----------------------------------------------------------------------

    def test_the_thread_shows_both_sides_forms_only_to_who_may_use_them(self):
        appeal = self.appeal()
        page = self.get(self.r.discipline_user, "appeals:detail", appeal.pk)
        assert page.status_code == 200 and page.context["decide_form"] and page.context["reply_form"]
        page = self.get(self.r.unit_admin, "appeals:detail", appeal.pk)
        assert page.context["decide_form"] is None and page.context["reply_form"]
        page = self.get(self.r.dept, "appeals:detail", appeal.pk)        # visible, not its entry
        assert page.status_code == 200 and page.context["decide_form"] is None and page.context["reply_form"] is None
        assert "已按期整改" in page.content.decode()

    def test_outside_reach_is_404_and_visible_but_not_allowed_is_403(self):
        appeal = self.appeal()
        for name in ("appeals:detail",):
            assert self.get(self.r.outsider, name, appeal.pk).status_code == 404
        for name, data in (("appeals:reply", {"text": "x"}), ("appeals:decide", {"outcome": "reverse", "reason": "x"})):
            assert self.post(self.r.outsider, name, appeal.pk, **data).status_code == 404
        assert self.post(self.r.dept, "appeals:decide", appeal.pk, outcome="reverse", reason="x").status_code == 403
        assert self.post(self.r.dept, "appeals:reply", appeal.pk, text="x").status_code == 403
        assert self.post(self.r.zone_lead, "appeals:reply", appeal.pk, text="x").status_code == 403
        assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.OPEN and not appeal.messages.exists()

    def test_replying_and_deciding_by_the_owning_department(self):
        appeal = self.appeal()
        response = self.post(self.r.unit_admin, "appeals:reply", appeal.pk, text="补充整改报告")
        assert response.status_code == 302 and appeal.messages.get().side == "unit"
        response = self.post(self.r.discipline_user, "appeals:decide", appeal.pk, outcome="reverse", reason="")
        assert response.status_code == 400 and "处理理由" in response.content.decode()
        response = self.post(self.r.discipline_user, "appeals:decide", appeal.pk, outcome="reverse",
                             reason="整改已按期完成")
        assert response.status_code == 302
        appeal.refresh_from_db()
        assert appeal.state == Appeal.State.REVERSED and appeal.reversal.reverses == appeal.entry
        html = self.get(self.r.unit_admin, "appeals:detail", appeal.pk).content.decode()
        assert "已冲销" in html and "整改已按期完成" in html
        response = self.post(self.r.unit_admin, "appeals:reply", appeal.pk, text="谢谢")
        assert response.status_code == 400 and "已处理" in response.content.decode()

    # -- opening an appeal ----------------------------------------------------------------

    def test_a_unit_admin_opens_an_appeal_from_the_entry(self):
        entry = self.enter()
        page = self.get(self.r.unit_admin, "appeals:open", entry.pk)
        assert page.status_code == 200 and "申诉期限" in page.content.decode()
        response = self.post(self.r.unit_admin, "appeals:open", entry.pk, reason="")
        assert response.status_code == 400 and not Appeal.objects.exists()
        response = self.post(self.r.unit_admin, "appeals:open", entry.pk, reason="已按期整改")
        appeal = Appeal.objects.get()
        assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[appeal.pk])
        response = self.post(self.r.unit_admin, "appeals:open", entry.pk, reason="再次")
        assert response.status_code == 400 and "已有待处理的申诉" in response.content.decode()

    def test_opening_an_appeal_is_404_outside_reach_403_without_the_right_400_late(self):
        entry_b = self.enter(body=self.body_b)
        assert self.get(self.r.unit_admin, "appeals:open", entry_b.pk).status_code == 404
        assert self.get(self.r.outsider, "appeals:open", self.enter().pk).status_code == 404
        for user in (self.r.zone_lead, self.r.discipline_user, self.r.committee):
            assert self.get(user, "appeals:open", self.enter().pk).status_code == 403
        late = entry_at(self.scheme, self.ind["E4"], self.body_a, self.r.discipline_user, 30, "late")
        assert "已超过申诉期限" in self.get(self.r.unit_admin, "appeals:open", late.pk).content.decode()
        response = self.post(self.r.unit_admin, "appeals:open", late.pk, reason="迟到的申诉")
        assert response.status_code == 400 and "已超过申诉期限" in response.content.decode()
        assert not Appeal.objects.exists()

    # -- snapshots ------------------------------------------------------------------------

    def test_the_committee_publishes_a_snapshot_and_others_only_look(self):
        page = self.get(self.r.committee, "appeals:snapshots")
        assert page.status_code == 200 and page.context["form"] and page.context["due"]
        response = self.post(self.r.committee, "appeals:snapshots", scheme=self.scheme.pk, period="Q1")
        assert response.status_code == 302 and Snapshot.objects.get().period == "Q1"
        response = self.post(self.r.committee, "appeals:snapshots", scheme=self.scheme.pk, period="Q1")
        assert response.status_code == 400 and "已发布" in response.content.decode()
        response = self.post(self.r.committee, "appeals:snapshots", scheme=self.scheme.pk, period="Y")
        assert response.status_code == 400 and "尚未结束" in response.content.decode()
        page = self.get(self.r.unit_admin, "appeals:snapshots")
        assert page.status_code == 200 and page.context["form"] is None and "第一季度" in page.content.decode()
        assert self.post(self.r.dept, "appeals:snapshots", scheme=self.scheme.pk, period="Q2").status_code == 403
        assert self.get(self.r.outsider, "appeals:snapshots").status_code == 403
        assert Snapshot.objects.count() == 1
