"""The pages made faster at province scale make the same number of queries at two sizes,
for every role that reaches them (and the data they show grows with the registry)."""
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from .factories import make_registry
from .test_front_tree import add_branches, add_units

PAGES = {
    "committee": ["/", "/units/", "/zones/", "/records/gaps/", "ZONE", "UNIT", "/records/picture/"],
    "dept": ["/", "/units/"],
    "zone_lead": ["/", "/units/", "ZONE"],
    "unit_admin": ["/", "/units/", "UNIT", "/records/gaps/", "/records/gaps/?unit=UNIT_ID"],
    "secretary": ["/", "/records/gaps/"],
}


class ConstantQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def measure(self):
        out = {}
        for persona, paths in PAGES.items():
            self.client.force_login(getattr(self.reg, persona))
            for path in paths:
                path = path.replace("UNIT_ID", str(self.reg.unit_a.pk))
                path = f"/units/{self.reg.unit_a.pk}/" if path == "UNIT" else path
                path = f"/zones/{self.reg.zone_a.pk}/" if path == "ZONE" else path
                cache.clear()           # the gaps are cached: count the computation
                with CaptureQueriesContext(connection) as ctx:
                    response = self.client.get(path)
                self.assertEqual(response.status_code, 200, (persona, path))
                out[(persona, path)] = (len(ctx.captured_queries), len(response.content))
        return out

    def test_query_counts_do_not_grow_with_the_registry(self):
        small = self.measure()
        add_units(self.reg, 6)                 # committee, departments and zone lead see these
        add_branches(self.reg.oc_a, 6)         # the unit admin sees these
        large = self.measure()
        self.assertEqual({k: q for k, (q, _size) in small.items()}, {k: q for k, (q, _size) in large.items()})
        grown = [k for k in small if large[k][1] > small[k][1]]
        self.assertIn(("committee", "/units/"), grown)
        self.assertIn(("unit_admin", f"/units/{self.reg.unit_a.pk}/"), grown)

    def test_the_unit_admins_unit_list_counts_only_its_visible_orgs(self):
        add_branches(self.reg.oc_a, 2)
        self.client.force_login(self.reg.unit_admin)
        page = self.client.get("/units/").context["page"]
        [unit] = list(page.object_list)
        self.assertEqual((unit.pk, unit.branch_count, unit.member_count), (self.reg.unit_a.pk, 4, 9))

    def test_an_outsider_sees_no_other_units_counts(self):
        self.client.force_login(self.reg.outsider)
        response = self.client.get(f"/units/{self.reg.unit_a.pk}/")
        self.assertEqual(response.status_code, 404)
