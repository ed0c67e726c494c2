"""Sit-ins: planning, the checklist, coverage, and the central group record entered once."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from dangjian.accounts.models import Role
from dangjian.orgs.models import Unit
from dangjian.records.models import Activity, ActivityKind
from dangjian.records.services import activity_create
from dangjian.study import selectors, services
from dangjian.study.models import ChecklistItem, SitIn, SitInResult, SitInStatus

from .factories import make_user
from .test_study_helpers import YESTERDAY, all_met

YEAR = YESTERDAY.year


def plan(reg, unit, day=YESTERDAY, **kw):
    return services.sit_in_create(user=reg.committee, unit=unit, planned_on=day, **kw)


def test_default_checklist_has_the_nine_items(db):
    names = list(ChecklistItem.objects.values_list("name", flat=True))
    assert len(names) == 9
    assert all(name.startswith("一") for name in names)


def test_observers_must_be_committee_staff(reg):
    staff = make_user("gongwei2", Role.COMMITTEE_ADMIN)
    sit_in = plan(reg, reg.unit_a, observers=[reg.committee, staff])
    assert set(sit_in.observers.all()) == {reg.committee, staff}
    with pytest.raises(ValidationError) as exc:
        plan(reg, reg.unit_b, observers=[reg.unit_admin])
    assert "observers" in exc.value.message_dict
    assert SitIn.objects.count() == 1


def test_completing_needs_every_checklist_item(reg):
    sit_in = plan(reg, reg.unit_a)
    results = all_met()
    results.pop(next(iter(results)))
    with pytest.raises(ValidationError) as exc:
        services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=YESTERDAY, results=results)
    assert "请逐项填写" in exc.value.message_dict["results"][0]
    sit_in.refresh_from_db()
    assert sit_in.status == SitInStatus.PLANNED and not SitInResult.objects.exists()


def test_completing_records_met_and_not_met_with_notes(reg):
    sit_in = plan(reg, reg.unit_a)
    results = all_met()
    first = next(iter(results))
    results[first] = (False, "学习方案印发较晚")
    services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=YESTERDAY, results=results)
    sit_in.refresh_from_db()
    assert sit_in.status == SitInStatus.DONE and sit_in.held_on == YESTERDAY
    assert sit_in.results.filter(met=True).count() == 8
    assert sit_in.results.get(item_id=first).note == "学习方案印发较晚"
    assert sit_in.activity_id is None            # no record unless asked
    with pytest.raises(ValidationError):
        services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=YESTERDAY, results=all_met())


def test_a_done_sit_in_creates_the_units_central_group_record(reg):
    sit_in = plan(reg, reg.unit_a, topic="学习贯彻党的创新理论")
    services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=YESTERDAY, results=all_met(),
                             attendee_count=11, create_record=True)
    [record] = Activity.objects.filter(kind__code="central_group")
    assert record.org == reg.oc_a                 # the unit's top org
    assert record.held_on == YESTERDAY and record.source == "sit_in"
    assert record.topic == "学习贯彻党的创新理论" and record.attendee_count == 11
    assert record.study_ways == ["central_group"]
    sit_in.refresh_from_db()
    assert sit_in.activity_id == record.pk


def test_the_units_own_record_is_linked_not_entered_again(reg):
    kind = ActivityKind.objects.get(code="central_group")
    own = activity_create(user=reg.unit_admin, org=reg.oc_a, kind=kind, held_on=YESTERDAY, topic="中心组学习",
                          attendee_count=9)
    sit_in = plan(reg, reg.unit_a)
    services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=YESTERDAY, results=all_met(),
                             create_record=True)
    assert Activity.objects.filter(kind__code="central_group").count() == 1
    sit_in.refresh_from_db()
    assert sit_in.activity_id == own.pk


def test_a_record_on_another_day_does_not_count(reg):
    kind = ActivityKind.objects.get(code="central_group")
    activity_create(user=reg.unit_admin, org=reg.oc_a, kind=kind, held_on=YESTERDAY - timedelta(days=1),
                    topic="中心组学习", attendee_count=9)
    sit_in = plan(reg, reg.unit_a)
    services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=YESTERDAY, results=all_met(),
                             create_record=True)
    assert Activity.objects.filter(kind__code="central_group").count() == 2


def test_a_sit_in_cannot_be_recorded_in_the_future(reg):
    sit_in = plan(reg, reg.unit_a, day=date.today())
    with pytest.raises(ValidationError) as exc:
        services.sit_in_complete(user=reg.committee, sit_in=sit_in, held_on=date.today() + timedelta(days=1),
                                 results=all_met())
    assert "held_on" in exc.value.message_dict


def test_coverage_counts_units_with_a_done_sit_in_this_year(reg):
    extra = Unit.objects.create(name="市统计局", category=reg.category)
    done = plan(reg, reg.unit_a)
    services.sit_in_complete(user=reg.committee, sit_in=done, held_on=YESTERDAY, results=all_met())
    plan(reg, reg.unit_b)                                      # planned, not yet done
    cancelled = plan(reg, extra)
    services.sit_in_cancel(user=reg.committee, sit_in=cancelled, reason="调整")
    cov = selectors.coverage(YEAR)
    assert (cov.covered, cov.total) == (1, 3)
    planned = {u.name: u.planned for u in cov.uncovered}
    assert planned == {reg.unit_b.name: True, extra.name: False}
    assert not cov.complete
    assert selectors.coverage(YEAR + 1).covered == 0


def test_coverage_is_complete_when_every_unit_is_covered(reg):
    for unit in (reg.unit_a, reg.unit_b):
        services.sit_in_complete(user=reg.committee, sit_in=plan(reg, unit), held_on=YESTERDAY, results=all_met())
    cov = selectors.coverage(YEAR)
    assert cov.complete and cov.share == 1.0 and cov.uncovered == []
    zones = {z.name: (z.covered, z.total) for z in cov.zones}
    assert zones == {reg.zone_a.name: (1, 1), reg.zone_b.name: (1, 1)}


def test_plan_fill_plans_only_units_not_yet_planned(reg):
    Unit.objects.create(name="市统计局", category=reg.category)
    plan(reg, reg.unit_a, day=date(YEAR, 2, 3))
    n = services.sit_in_plan_fill(user=reg.committee, year=YEAR, start=date(YEAR, 3, 1), end=date(YEAR, 11, 30),
                                  observers=[reg.committee])
    assert n == 2
    assert SitIn.objects.filter(plan__year=YEAR).count() == 3
    assert services.sit_in_plan_fill(user=reg.committee, year=YEAR, start=date(YEAR, 3, 1),
                                     end=date(YEAR, 11, 30)) == 0
    with pytest.raises(ValidationError):
        services.sit_in_plan_fill(user=reg.committee, year=YEAR, start=date(YEAR, 5, 1), end=date(YEAR, 4, 1))


def test_rescheduling_stays_in_the_plan_year(reg):
    sit_in = plan(reg, reg.unit_a, day=date(YEAR, 5, 6))
    with pytest.raises(ValidationError):
        services.sit_in_update(user=reg.committee, sit_in=sit_in, planned_on=date(YEAR + 1, 1, 5))
    services.sit_in_update(user=reg.committee, sit_in=sit_in, planned_on=date(YEAR, 6, 3), topic="新专题")
    sit_in.refresh_from_db()
    assert sit_in.planned_on == date(YEAR, 6, 3) and sit_in.topic == "新专题"
