"""What the study pages read since they were made fast at province scale: the same figures,
counted per row of the page, and the same number of queries whatever the size."""
from datetime import date

from django.urls import reverse

from dangjian.orgs.models import Unit
from dangjian.study import selectors, services
from dangjian.study.models import ChecklistItem, SitIn, SitInPlan, SitInResult, SitInStatus

from .test_study_helpers import YESTERDAY

YEAR = YESTERDAY.year


def _done(reg, unit, met, of):
    plan, _ = SitInPlan.objects.get_or_create(year=YEAR)
    s = SitIn.objects.create(plan=plan, unit=unit, planned_on=date(YEAR, 1, 5), status=SitInStatus.DONE)
    items = list(ChecklistItem.objects.all()[:of])
    SitInResult.objects.bulk_create([SitInResult(sit_in=s, item=item, met=i < met) for i, item in enumerate(items)])
    return s


def test_the_plan_shows_each_sit_ins_results_and_the_years_coverage(reg, login):
    _done(reg, reg.unit_a, met=3, of=4)
    services.sit_in_create(user=reg.committee, unit=reg.unit_b, planned_on=YESTERDAY, observers=[reg.committee])
    Unit.objects.create(name="市统计局", category=reg.category)
    html = login(reg.committee).get(reverse("study:sit_in_plan"), {"year": YEAR}).content.decode()
    assert "3/4 项符合" in html
    assert '<span class="stat">1 / 3</span>' in html
    counts, full = selectors.coverage_counts(YEAR), selectors.coverage(YEAR)
    assert (counts.covered, counts.total) == (full.covered, full.total) == (1, 3)
    assert {u.name: (u.zone, u.planned) for u in full.uncovered} == {
        reg.unit_b.name: (reg.zone_b.name, True), "市统计局": (None, False)}
    assert selectors.coverage_counts(YEAR + 1).covered == 0


def test_the_committees_youth_page_makes_constant_queries(reg, login, count_queries):
    client = login(reg.committee)
    url = reverse("study:youth")
    services.youth_group_create(user=reg.committee, unit=reg.unit_a, name="小组A")
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for i, unit in enumerate([reg.unit_a, reg.unit_b] * 3):
        group = services.youth_group_create(user=reg.committee, unit=unit, name=f"小组{i}")
        for member in (reg.members_a1 if unit == reg.unit_a else reg.members_b1)[:2]:
            services.youth_group_member_add(user=reg.committee, group=group, member=member)
    response = client.get(url)
    assert response.content.decode().count("加入成员") == 7
    assert count_queries(lambda: client.get(url)) == small


def test_an_outsider_cannot_open_another_units_youth_group(reg, login):
    group = services.youth_group_create(user=reg.committee, unit=reg.unit_a, name="小组A")
    response = login(reg.outsider).post(reverse("study:youth_group_member_add", args=[group.pk]),
                                        {"org": reg.branch_a1.pk, "name": reg.members_a1[0].name})
    assert response.status_code == 404
