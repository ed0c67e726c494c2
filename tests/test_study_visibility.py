"""Who sees central-group sit-ins, and the list and the detail page agree (issue 9).

The committee, the assessing departments, the unit's admin and the lead of the unit's zone
see a unit's sit-ins; a branch secretary, a member and anyone outside do not: 404 on the
detail page and absent from the list.
"""
from django.test import TestCase
from django.urls import reverse

from dangjian.accounts.models import Role
from dangjian.orgs.models import Zone
from dangjian.study import services
from dangjian.study.selectors import visible_sit_ins

from .factories import make_registry, make_user
from .test_study_helpers import YESTERDAY


class SitInVisibility(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = reg = make_registry()
        cls.sit_in_a = services.sit_in_create(user=reg.committee, unit=reg.unit_a, planned_on=YESTERDAY,
                                              observers=[reg.committee], topic="甲单位专题")
        cls.sit_in_b = services.sit_in_create(user=reg.committee, unit=reg.unit_b, planned_on=YESTERDAY,
                                              observers=[reg.committee], topic="乙单位专题")
        cls.zone_b_lead = make_user("zone2", Role.ZONE_LEAD, zone=reg.zone_b)
        cls.empty_zone_lead = make_user("zone3", Role.ZONE_LEAD, zone=Zone.objects.create(name="第三协作区"))

    def fresh(self, user):
        return type(user).objects.get(pk=user.pk)

    def seen(self, user):
        return set(visible_sit_ins(self.fresh(user)).values_list("pk", flat=True))

    def list_page(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("study:sit_in_plan"), {"year": YESTERDAY.year})

    def detail(self, user, sit_in):
        self.client.force_login(user)
        return self.client.get(reverse("study:sit_in_detail", args=[sit_in.pk]))

    def test_who_sees_which_sit_ins(self):
        r = self.reg
        both = {self.sit_in_a.pk, self.sit_in_b.pk}
        assert self.seen(r.committee) == both
        assert self.seen(r.dept) == both
        assert self.seen(r.unit_admin) == {self.sit_in_a.pk}
        assert self.seen(r.zone_lead) == {self.sit_in_a.pk}
        assert self.seen(self.zone_b_lead) == {self.sit_in_b.pk}
        for user in (r.secretary, r.member_user, r.outsider, self.empty_zone_lead,
                     r.auditor, r.sysadmin, r.security):
            assert self.seen(user) == set(), user.username

    def test_the_list_shows_exactly_what_the_detail_page_opens(self):
        r = self.reg
        for user in (r.committee, r.dept, r.unit_admin, r.zone_lead, self.zone_b_lead):
            response = self.list_page(user)
            assert response.status_code == 200, user.username
            listed = {s.pk for s in response.context["sit_ins"]}
            assert listed == self.seen(user), user.username
            for sit_in in (self.sit_in_a, self.sit_in_b):
                expected = 200 if sit_in.pk in listed else 404
                assert self.detail(user, sit_in).status_code == expected, (user.username, sit_in.unit)

    def test_a_branch_secretary_and_a_member_neither_list_nor_open_a_sit_in(self):
        r = self.reg
        for user in (r.secretary, r.member_user, r.outsider):
            assert self.list_page(user).status_code == 403, user.username
            assert self.detail(user, self.sit_in_a).status_code == 404, user.username
            assert self.detail(user, self.sit_in_b).status_code == 404, user.username

    def test_the_lead_of_another_zone_gets_404(self):
        assert self.detail(self.zone_b_lead, self.sit_in_a).status_code == 404
        assert self.detail(self.reg.zone_lead, self.sit_in_b).status_code == 404
        body = self.list_page(self.reg.zone_lead).content.decode()
        assert "甲单位专题" in body and "乙单位专题" not in body

    def test_the_unit_sees_its_list_without_the_committees_coverage(self):
        response = self.list_page(self.reg.unit_admin)
        assert response.context["coverage"] is None
        assert reverse("study:coverage") not in response.content.decode()
        assert self.list_page(self.reg.committee).context["coverage"].total == 2

    def test_the_edit_pages_stay_the_committees(self):
        r = self.reg
        self.client.force_login(r.unit_admin)
        assert self.client.get(reverse("study:sit_in_edit", args=[self.sit_in_a.pk])).status_code == 403
        self.client.force_login(r.secretary)
        assert self.client.get(reverse("study:sit_in_edit", args=[self.sit_in_a.pk])).status_code == 404
