"""The review's scope: what each user may pick, the stand-in over a part of a user's reach, and
the page refusing a forged or out-of-reach scope (400) and the job checking it again."""
import pytest

from dangjian.accounts import gatekeeper as gk
from dangjian.accounts.models import Membership
from dangjian.jobs.models import Job
from dangjian.reports import scope

from .test_jobs import run_worker

YEAR = 2026


def test_the_scope_choices_are_what_each_user_reaches(reg):
    r = reg
    city_choices = scope.choices(r.committee)
    assert city_choices[0] == ("city", "市直机关")
    assert {f"zone:{r.zone_a.pk}", f"zone:{r.zone_b.pk}", f"unit:{r.unit_a.pk}", f"unit:{r.unit_b.pk}"} \
        <= {v for v, _n in city_choices}
    assert [v for v, _n in scope.choices(r.zone_lead)] == [f"zone:{r.zone_a.pk}", f"unit:{r.unit_a.pk}"]
    assert [v for v, _n in scope.choices(r.unit_admin)] == [f"unit:{r.unit_a.pk}"]
    assert scope.choices(r.outsider) == [] and scope.choices(r.dept) == []
    for user, value in ((r.zone_lead, "city"), (r.zone_lead, f"zone:{r.zone_b.pk}"), (r.unit_admin, f"zone:{r.zone_a.pk}"),
                        (r.unit_admin, f"unit:{r.unit_b.pk}"), (r.committee, "zone:99999"), (r.committee, "unit:x"),
                        (r.committee, "zone:"), (r.committee, None), (r.committee, "city:1")):
        with pytest.raises(Exception, match="范围不正确"):
            scope.resolve(user, value)


def test_a_narrowed_stand_in_keeps_only_the_rights_that_cover_the_part(reg):
    """A zone lead of zone A who also admins unit B gets no unit rights over zone A."""
    r = reg
    Membership.objects.create(user=r.zone_lead, role="unit_admin", org=r.oc_b)
    zone_lead = type(r.zone_lead).objects.get(pk=r.zone_lead.pk)
    over_a = gk.narrowed(zone_lead, zone_ids={r.zone_a.pk})
    assert gk.can(over_a, gk.VIEW_COMMITMENTS) and not gk.can(over_a, gk.KEEP_COMMITMENTS)
    assert not gk.can(over_a, gk.UNMASK) and not gk.can(over_a, gk.SCORE)
    assert list(gk.visible_units(over_a)) == [r.unit_a]
    over_b = gk.narrowed(zone_lead, unit_ids={r.unit_b.pk}, paths={r.oc_b.path})
    assert gk.can(over_b, gk.KEEP_COMMITMENTS) and list(gk.visible_units(over_b)) == [r.unit_b]
    assert not gk.can(gk.narrowed(r.committee, zone_ids={r.zone_a.pk}), gk.SCORE)


@pytest.mark.parametrize("value", ["zone:99999", "unit:abc", "city;drop", "", "ｃｉｔｙ"])
def test_a_forged_scope_is_refused_with_400_and_nothing_is_queued(reg, login, value):
    response = login(reg.zone_lead).post("/reports/annual/", {"year": YEAR, "scope": value})
    assert response.status_code == 400 and "范围不正确" in response.content.decode()
    assert not Job.objects.exists()


def test_a_scope_out_of_reach_is_refused_with_400(reg, login):
    for user, value in ((reg.zone_lead, "city"), (reg.zone_lead, f"zone:{reg.zone_b.pk}"),
                        (reg.unit_admin, f"unit:{reg.unit_b.pk}"), (reg.unit_admin, f"zone:{reg.zone_a.pk}")):
        response = login(user).post("/reports/annual/", {"year": YEAR, "scope": value})
        assert response.status_code == 400 and "范围不正确" in response.content.decode()
    assert not Job.objects.exists()
    assert login(reg.outsider).post("/reports/annual/", {"year": YEAR, "scope": "city"}).status_code == 403


def test_the_job_checks_the_scope_again_when_it_runs(reg, login):
    client = login(reg.zone_lead)
    client.post("/reports/annual/", {"year": YEAR, "scope": f"zone:{reg.zone_a.pk}"})
    Membership.objects.filter(user=reg.zone_lead).update(zone=reg.zone_b)      # moved to zone B meanwhile
    run_worker()
    job = Job.objects.get(kind="annual_review")
    assert job.status == "failed" and "范围不正确" in job.error and not job.result
