"""Builders for study tests (no tests here; named to sit with the study test files)."""
from datetime import date, timedelta

from dangjian.records.models import Activity
from dangjian.study import services
from dangjian.study.models import ChecklistItem

YESTERDAY = date.today() - timedelta(days=1)


def all_met(note=""):
    return {item.pk: (True, note) for item in ChecklistItem.objects.filter(active=True)}


def make_base(reg, *, name="市革命纪念馆", capacity=50, level="city"):
    return services.education_base_create(user=reg.committee, name=name, level=level, capacity=capacity,
                                          theme="革命传统教育")


def book(reg, base, *, user=None, branch=None, day=None, slot="am", headcount=10):
    return services.booking_create(user=user or reg.secretary, base=base, branch=branch or reg.branch_a1,
                                   date=day or date.today(), slot=slot, headcount=headcount)


def base_records(org):
    return Activity.objects.filter(org=org, kind__code="base_study")
