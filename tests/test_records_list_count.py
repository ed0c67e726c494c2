"""The records list counts at most COUNT_CAP records (1.7 million at province scale), as the
member list does, and says "… 条以上" when there are more."""
from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.lib import paging
from dangjian.records.models import ActivityKind
from dangjian.records.services import activity_create

from .factories import make_registry


class CappedRecordCount(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = reg = make_registry()
        kind = ActivityKind.objects.get(code="theme_day")
        for month in range(1, 5):
            activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind, held_on=date(2025, month, 8),
                            topic=f"主题党日{month}", attendee_count=5)

    def page(self, user):
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(reverse("records:list"))
        assert response.status_code == 200
        return response, [q["sql"] for q in ctx.captured_queries]

    def test_over_the_cap_the_count_is_a_floor(self):
        original = paging.COUNT_CAP
        paging.COUNT_CAP = 3
        try:
            response, queries = self.page(self.reg.committee)
            assert response.context["page"].paginator.capped
        finally:
            paging.COUNT_CAP = original
        assert "3 条以上" in response.content.decode()
        count = [q for q in queries if "COUNT(" in q.upper() and "records_activity" in q]
        assert len(count) == 1 and "LIMIT 4" in count[0]

    def test_under_the_cap_the_count_is_exact(self):
        response, _ = self.page(self.reg.committee)
        assert not response.context["page"].paginator.capped
        assert "共 4 条" in response.content.decode()

    def test_an_outsider_counts_none_of_them(self):
        response, _ = self.page(self.reg.outsider)
        assert response.context["page"].paginator.count == 0
        assert "主题党日1" not in response.content.decode()

    def test_every_scope_sees_its_records_newest_first(self):
        kind = ActivityKind.objects.get(code="theme_day")
        activity_create(user=self.reg.secretary, org=self.reg.branch_a1, kind=kind, held_on=date(2025, 4, 8),
                                topic="主题党日同日", attendee_count=5)   # same day: the newer id first
        expected = ["主题党日同日", "主题党日4", "主题党日3", "主题党日2", "主题党日1"]
        for user in (self.reg.committee, self.reg.unit_admin, self.reg.secretary):
            response, queries = self.page(user)
            assert [a.topic for a in response.context["page"]] == expected, user
            listing = [q for q in queries if "records_activity" in q and "LIMIT" in q and "COUNT(" not in q.upper()]
            narrowed = user != self.reg.committee   # a scope sorts its own records, not the date index
            assert ("COALESCE" in listing[0].upper()) == narrowed, listing[0]
