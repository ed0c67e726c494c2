"""The demo seed of committee-run study."""
import random
import time
from collections import defaultdict
from datetime import date

from dangjian.demo.study import seed_study
from dangjian.study.models import Booking, BookingStatus, Course, EducationBase, SitIn, SitInResult, SitInStatus
from dangjian.study.models.bases import HOLDING

TODAY = date(date.today().year, 8, 15)


def test_seed_study_builds_bases_plans_courses_and_bookings(reg):
    start = time.monotonic()
    counts = seed_study(rng=random.Random(7), today=TODAY)
    assert time.monotonic() - start < 5
    assert EducationBase.objects.count() == 9
    assert EducationBase.objects.filter(level="provincial").count() == 2
    assert counts["sit_ins"] == SitIn.objects.count() >= 1
    done = SitIn.objects.filter(status=SitInStatus.DONE)
    assert all(s.held_on <= TODAY for s in done)
    assert SitInResult.objects.count() == done.count() * 9
    assert Course.objects.filter(kind="lecture").get().sessions.count() == 10
    held = defaultdict(int)
    for b in Booking.objects.filter(status__in=HOLDING).select_related("base"):
        held[(b.base_id, b.date, b.slot)] += b.headcount
        assert held[(b.base_id, b.date, b.slot)] <= b.base.capacity
    for b in Booking.objects.filter(status=BookingStatus.COMPLETED).select_related("activity"):
        assert b.activity is not None and b.activity.source == "base_visit" and b.activity.held_on == b.date


def test_seed_study_can_run_again(reg):
    seed_study(rng=random.Random(7), today=TODAY)
    seed_study(rng=random.Random(8), today=TODAY)
    assert EducationBase.objects.count() == 9
