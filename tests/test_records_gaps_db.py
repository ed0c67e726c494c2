"""The gaps paged in the database agree with the item-by-item computation, and the current
year's picture is cached until a record write."""
from collections import defaultdict
from datetime import date, datetime, timezone

import time_machine

from django.test import TestCase

from dangjian.orgs.models import OrgType, PartyOrg
from dangjian.orgs.services import org_create
from dangjian.records import compliance, selectors
from dangjian.records.models import Activity, ActivityKind, Applies
from dangjian.records.rules import rule_applies

from .factories import make_registry

TODAY = date(2026, 11, 24)


def reference_gaps(orgs, today):
    """What the gaps page computed before: every item built, then sorted in Python."""
    items, rows = compliance.current_items(orgs, today)
    names = {o.id: o.name for o in rows}
    open_items = sorted((i for i in items if i.done < i.required), key=lambda i: (i.deadline, names[i.org_id]))
    by_rule = defaultdict(lambda: [0, 0])
    for i in items:
        by_rule[i.rule.id][1] += 1
        by_rule[i.rule.id][0] += int(i.done >= i.required)
    summary = [(rid, done, total) for rid, (done, total) in by_rule.items()]
    return [(i.org_id, i.rule.id, i.done, i.deadline, i.remind, names[i.org_id]) for i in open_items], summary


def flat(gaps):
    return [(i.org_id, i.rule.id, i.done, i.deadline, i.remind, name) for i, name in gaps.items]


class GapsInTheDatabaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = reg = make_registry()
        # every org type, with and without a committee and groups, so each rule's scope is tried
        for i, (type_, committee, groups) in enumerate([(OrgType.BRANCH, True, 2), (OrgType.JOINT_BRANCH, False, 1),
                                                        (OrgType.TEMPORARY_BRANCH, True, 0),
                                                        (OrgType.GENERAL_BRANCH, False, 0)]):
            org = org_create(user=None, name=f"测试组织{i}", type=type_, parent=reg.oc_b, has_committee=committee)
            PartyOrg.objects.filter(pk=org.pk).update(group_count=groups)
        dissolved = org_create(user=None, name="已撤销支部", type=OrgType.BRANCH, parent=reg.oc_b)
        PartyOrg.objects.filter(pk=dissolved.pk).update(dissolved=True)
        kinds = {k.code: k for k in ActivityKind.objects.all()}
        Activity.objects.bulk_create([
            Activity(org=reg.branch_a1, kind=kinds["theme_day"], held_on=date(2026, 11, 3), topic="t"),
            Activity(org=reg.branch_a1, kind=kinds["members_meeting"], held_on=date(2026, 10, 9), topic="t"),
            Activity(org=reg.branch_b1, kind=kinds["theme_day"], held_on=date(2026, 10, 30), topic="t"),  # last month
            Activity(org=reg.oc_a, kind=kinds["theme_day"], held_on=date(2026, 11, 5), topic="t"),
        ])

    def test_every_rule_scope_selects_the_orgs_rule_applies_names(self):
        orgs = list(PartyOrg.objects.all())
        for applies_to in [*Applies.values, "nonsense"]:
            with self.subTest(applies_to=applies_to):
                in_db = set(PartyOrg.objects.filter(compliance.applies_q(applies_to)).values_list("pk", flat=True))
                in_python = {o.pk for o in orgs if rule_applies(applies_to, org_type=o.type,
                                                                has_committee=o.has_committee,
                                                                group_count=o.group_count)}
                self.assertEqual(in_db, in_python)

    def test_the_gaps_page_equals_the_item_by_item_computation(self):
        for orgs in (PartyOrg.objects.all(), PartyOrg.objects.filter(unit=self.reg.unit_a)):
            expected_items, expected_summary = reference_gaps(orgs, TODAY)
            gaps = compliance.current_gaps(orgs, TODAY, limit=1000)
            self.assertTrue(expected_items)
            self.assertEqual(flat(gaps), expected_items)
            self.assertEqual([(rule.id, done, total) for rule, done, total in gaps.summary], expected_summary)
            self.assertEqual(gaps.open_count, len(expected_items))

    def test_only_the_first_items_are_built_and_the_total_still_counts_all(self):
        expected_items, _summary = reference_gaps(PartyOrg.objects.all(), TODAY)
        gaps = compliance.current_gaps(PartyOrg.objects.all(), TODAY, limit=3)
        self.assertEqual(flat(gaps), expected_items[:3])
        self.assertEqual(gaps.open_count, len(expected_items))

    def test_a_record_this_period_closes_its_gap(self):
        org = self.reg.branch_a2
        theme = ActivityKind.objects.get(code="theme_day")
        before = {(i.org_id, i.rule.kind_id) for i, _n in compliance.current_gaps(PartyOrg.objects.all(), TODAY).items}
        self.assertIn((org.pk, theme.pk), before)
        Activity.objects.create(org=org, kind=theme, held_on=date(2026, 11, 20), topic="t")
        after = {(i.org_id, i.rule.kind_id) for i, _n in compliance.current_gaps(PartyOrg.objects.all(), TODAY).items}
        self.assertEqual(before - after, {(org.pk, theme.pk)})


class CurrentYearPictureCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def test_the_current_year_is_cached_until_a_record_write(self):
        reg = self.reg
        theme = ActivityKind.objects.get(code="theme_day")

        def theme_met():
            picture = selectors.committee_picture(reg.committee, TODAY.year, TODAY)
            return next(r.met for r in picture["results"] if r.rule.kind_id == theme.pk)

        self.assertEqual(theme_met(), 0)
        Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=theme, held_on=date(2026, m, 10), topic="t")
                                      for m in range(1, 11)])          # behind the services' back
        with self.assertNumQueries(0):
            self.assertEqual(theme_met(), 0)                            # cached
        selectors.records_changed()                                     # what every record write calls
        self.assertEqual(theme_met(), 1)


class GapsPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = reg = make_registry()
        for i in range(30):       # 30 more branches: more open items than one page of 50
            org_create(user=None, name=f"加设支部{i:02d}", type=OrgType.BRANCH, parent=reg.oc_b)

    @time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc), tick=False)
    def test_the_pages_together_list_every_open_item_once_in_order(self):
        self.client.force_login(self.reg.committee)
        first = self.client.get("/records/gaps/")
        total = first.context["open_count"]
        pages = first.context["page"].paginator.num_pages
        self.assertGreater(pages, 1)
        seen = []
        for n in range(1, pages + 1):
            response = self.client.get(f"/records/gaps/?page={n}")
            self.assertEqual(response.status_code, 200)
            seen += [(i.org_id, i.rule.id) for i, _name in response.context["items"]]
        self.assertEqual(len(seen), total)
        self.assertEqual(len(set(seen)), total)
        expected, _summary = reference_gaps(PartyOrg.objects.all(), date.today())
        self.assertEqual(seen, [(org_id, rule_id) for org_id, rule_id, *_rest in expected])

    def test_a_page_past_the_end_or_not_a_number_answers_a_page(self):
        self.client.force_login(self.reg.committee)
        last = self.client.get("/records/gaps/?page=999")
        self.assertEqual(last.status_code, 200)
        self.assertEqual(last.context["page"].number, last.context["page"].paginator.num_pages)
        self.assertTrue(last.context["items"])
        for bad in ("x", "-1", "²", "9" * 30):
            self.assertEqual(self.client.get(f"/records/gaps/?page={bad}&unit={bad}").status_code, 200)

    def test_an_outsider_sees_only_its_own_branch(self):
        self.client.force_login(self.reg.outsider)
        response = self.client.get("/records/gaps/")
        self.assertEqual({name for _i, name in response.context["items"]}, {self.reg.branch_b1.name})

    def test_the_chosen_unit_stays_selected_and_narrows_the_list(self):
        self.client.force_login(self.reg.committee)
        html = self.client.get(f"/records/gaps/?unit={self.reg.unit_a.pk}").content.decode()
        self.assertIn(f'<option value="{self.reg.unit_a.pk}" selected>', html)
        self.assertNotIn(f'<option value="{self.reg.unit_b.pk}" selected>', html)
        self.assertIn(self.reg.branch_a1.name, html)
        self.assertNotIn(self.reg.branch_b1.name, html)
