"""The lists' pages make the same number of SQL queries at two sizes, for every role that
reaches them, while what they show grows."""
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from dangjian.commitments.models import Commitment, ProgressNote
from dangjian.orgs.models import Member, PartyOrg

from .factories import make_registry
from .test_front_tree import add_branches, add_units

TODAY = date.today()


def fill(orgs):
    """Three items with a note each on every org, in bulk, some due soon."""
    items = []
    for i, org in enumerate(orgs):
        owner = Member.objects.filter(branch__path__startswith=org.path).first()
        if owner is None:           # an org with no member has no secretary on the roll
            continue
        contact = PartyOrg.objects.branches().filter(unit_id=org.unit_id).exclude(pk=org.pk).first()
        for kind in ("pledge", "project", "contact"):
            if kind == "contact" and contact is None:
                continue
            items.append(Commitment(org=org, year=TODAY.year, kind=kind, owner=owner, text=f"{org.name}{kind}",
                                    due_on=TODAY + timedelta(days=3 + i % 20), status="in_progress",
                                    contact_branch=contact if kind == "contact" else None))
    Commitment.objects.bulk_create(items)
    ProgressNote.objects.bulk_create([ProgressNote(commitment=c, text="推进中", status_after="in_progress")
                                      for c in Commitment.objects.filter(org__in=[o.pk for o in orgs])])


class ConstantQueries(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()
        fill(list(PartyOrg.objects.all()))

    def pages(self):
        r = self.reg
        return {
            "committee": ["/commitments/overview/", f"/commitments/unit/{r.unit_a.pk}/", "/records/gaps/"],
            "dept": ["/commitments/overview/"],
            "zone_lead": ["/commitments/overview/", f"/commitments/org/{r.branch_a1.pk}/"],
            "unit_admin": ["/", "/commitments/", f"/commitments/unit/{r.unit_a.pk}/", f"/commitments/org/{r.oc_a.pk}/",
                           "/records/gaps/"],
            "secretary": ["/", "/commitments/", f"/commitments/org/{r.branch_a1.pk}/",
                          f"/commitments/org/{r.branch_a1.pk}/new/project/"],
        }

    def measure(self):
        out = {}
        for persona, paths in self.pages().items():
            self.client.force_login(getattr(self.reg, persona))
            for path in paths:
                cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    response = self.client.get(path)
                self.assertEqual(response.status_code, 200, (persona, path))
                out[(persona, path)] = (len(ctx.captured_queries), len(response.content))
        return out

    def test_query_counts_do_not_grow_with_the_lists(self):
        small = self.measure()
        before = set(PartyOrg.objects.values_list("id", flat=True))
        add_units(self.reg, 5)
        add_branches(self.reg.oc_a, 5)
        fill(list(PartyOrg.objects.exclude(id__in=before)))
        Commitment.objects.filter(org=self.reg.branch_a1, kind="project").delete()
        large = self.measure()
        self.assertEqual({k: q for k, (q, _s) in small.items()}, {k: q for k, (q, _s) in large.items()})
        grown = {k for k in small if large[k][1] > small[k][1]}
        for key in [("committee", "/commitments/overview/"), ("unit_admin", "/commitments/"),
                    ("committee", f"/commitments/unit/{self.reg.unit_a.pk}/")]:
            self.assertIn(key, grown)
