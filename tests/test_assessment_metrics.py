"""Registered metrics read records the platform holds, in bulk, with their evidence."""
from datetime import date
from fractions import Fraction

from django.test import TestCase

from dangjian.assessment.metrics import REGISTRY, compute
from dangjian.orgs.models import PartyOrg

from .factories import make_registry


class Metrics(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()

    def test_terms_on_time_counts_the_orgs_past_their_term_and_names_them(self):
        PartyOrg.objects.filter(pk=self.r.branch_a2.pk).update(term_end=date(2026, 3, 31))
        out = compute("terms_on_time", year=2026, on=date(2026, 4, 15), unit_ids=[self.r.unit_a.id, self.r.unit_b.id])
        a = out[self.r.unit_a.id]
        assert a.share == Fraction(2, 3) and a.evidence == ("发改委第二党支部 任期已届满未换届",)
        assert out[self.r.unit_b.id].share == 1

    def test_a_unit_with_no_term_recorded_is_missing_not_zero(self):
        PartyOrg.objects.filter(unit=self.r.unit_b).update(term_end=None)
        out = compute("terms_on_time", year=2026, on=date(2026, 4, 15), unit_ids=[self.r.unit_b.id])
        assert out[self.r.unit_b.id].share is None

    def test_first_agenda_before_any_month_has_ended_is_missing(self):
        out = compute("first_agenda", year=2026, on=date(2026, 1, 20), unit_ids=[self.r.unit_a.id])
        assert out[self.r.unit_a.id].share is None
        later = compute("first_agenda", year=2026, on=date(2026, 3, 1), unit_ids=[self.r.unit_a.id])
        assert later[self.r.unit_a.id].share == 0
        assert later[self.r.unit_a.id].evidence == ("第一议题：1月、2月未记录",)

    def test_every_metric_names_its_inputs(self):
        assert REGISTRY and all(m.inputs for m in REGISTRY.values())
