"""One member filter (orgs/filters.py) for the member list and the export: the same query
string gives the same members in both, inside the user's scope."""
import io
from datetime import date

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.accounts import gatekeeper
from dangjian.orgs.filters import MemberFilter
from dangjian.orgs.models import Member
from dangjian.orgs.services import member_create

from .factories import make_registry


class SameMembersInListAndExport(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = reg = make_registry()
        # a name that a contains-search would find but a prefix search does not
        cls.inner = member_create(user=None, branch=reg.branch_a1, name="王党员乙", gender="M", status="full")
        cls.probationary = member_create(user=None, branch=reg.branch_a2, name="党员丙", gender="F",
                                         status="probationary")
        cls.left = reg.members_a1[4]
        Member.objects.filter(pk=cls.left.pk).update(left_on=date(2025, 6, 30))    # moved out of the city

    def listed(self, user, query):
        self.client.force_login(user)
        response = self.client.get(reverse("member_list") + "?" + query)
        if response.status_code != 200:
            return response.status_code
        page = response.context["page"]
        assert page.paginator.count <= 50, "the cases fit one page"
        return sorted(m.pk for m in page.object_list)

    def exported(self, user, query):
        self.client.force_login(user)
        response = self.client.get(reverse("imports:export", args=["members"]) + "?" + query)
        if response.status_code != 200:
            return response.status_code
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
        return sorted(Member.objects.filter(name__in=names).values_list("pk", flat=True))

    def assert_same(self, user, query, expected=None):
        listed, exported = self.listed(user, query), self.exported(user, query)
        assert listed == exported, (user.username, query, listed, exported)
        if expected is not None:
            assert listed == sorted(expected), (user.username, query)
        return listed

    def test_the_same_query_gives_the_same_members(self):
        r = self.reg
        unit_a = r.unit_a.pk
        a1_current = [m.pk for m in r.members_a1[:4]] + [self.inner.pk]
        cases = [
            ("", None),
            (f"unit={unit_a}", a1_current + [self.probationary.pk]),
            (f"unit={unit_a}&branch={r.branch_a1.pk}", a1_current),
            ("q=党员", None),
            ("q=党员乙", []),                              # a prefix, as the list always searched
            ("q=王党员", [self.inner.pk]),
            ("status=probationary", [self.probationary.pk]),
            ("status=left", [self.left.pk]),
            (f"status=left&branch={r.branch_a1.pk}", [self.left.pk]),
        ]
        for query, expected in cases:
            for user in (r.committee, r.secretary):
                visible = set(gatekeeper.visible_members(type(user).objects.get(pk=user.pk)).values_list("pk", flat=True))
                self.assert_same(user, query, None if expected is None else set(expected) & visible)
        assert self.assert_same(r.committee, "q=党员")                  # sanity: the cases find people
        assert len(self.assert_same(r.committee, "")) == 4 + 4 + 2      # current members of both units

    def test_an_outsider_gets_only_their_own_scope_in_both(self):
        r = self.reg
        own = sorted(m.pk for m in r.members_b1)
        assert self.assert_same(r.outsider, "") == own
        assert self.assert_same(r.outsider, "q=党员") == own
        # someone else's unit or branch is not a choice for them: 400 in both, nothing listed
        assert self.listed(r.outsider, f"unit={r.unit_a.pk}") == 400
        assert self.exported(r.outsider, f"unit={r.unit_a.pk}") == 400
        assert self.listed(r.outsider, f"branch={r.branch_a1.pk}") == 400
        assert self.exported(r.outsider, f"branch={r.branch_a1.pk}") == 400

    def test_bad_values_are_a_400_in_both(self):
        for query in ("status=dead", "unit=abc", "branch=-1", "q=" + "长" * 51):
            assert self.listed(self.reg.committee, query) == 400, query
            assert self.exported(self.reg.committee, query) == 400, query

    def test_the_filter_keeps_the_lists_sql(self):
        """The list's query as it was before the FilterSet: prefix search, one join per relation."""
        r = self.reg
        user = type(r.unit_admin).objects.get(pk=r.unit_admin.pk)
        visible = gatekeeper.visible_members(user)
        found = MemberFilter({"q": "党员", "unit": str(r.unit_a.pk), "status": "full"}, queryset=visible,
                             units=gatekeeper.visible_units(user), branches=gatekeeper.visible_orgs(user).branches())
        by_hand = visible.filter(name__startswith="党员", branch__unit=r.unit_a).current().filter(status="full")
        assert found.is_valid()
        sql = str(found.qs.query)
        assert sql.count("JOIN") == str(by_hand.query).count("JOIN")
        assert "LIKE" in sql and "DISTINCT" not in sql
        assert set(found.qs) == set(by_hand)
