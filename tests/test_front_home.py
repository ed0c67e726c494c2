from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from axes.models import AccessAttempt
from dangjian.orgs.services import member_update, org_update


def _far_terms(reg):
    """Every term ends well after the reminder window, whatever today is."""
    for org in (reg.oc_a, reg.oc_b, reg.branch_a1, reg.branch_a2, reg.branch_b1):
        org_update(user=None, org=org, term_end=date.today() + timedelta(days=400))


def _home(login, user):
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_requires_login(client, reg):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_committee_sees_counts_warnings_and_terms(login, reg):
    _far_terms(reg)
    org_update(user=None, org=reg.branch_b1, term_end=date.today() + timedelta(days=60))
    response = login(reg.committee).get(reverse("home"))
    [(_, _, panel)] = response.context["panels"]
    assert panel["counts"] == {"zones": 2, "units": 2, "county_committees": 0, "orgs": 5, "branches": 3,
                               "members": 9}
    assert [o.name for o in panel["warned"]] == ["发改委第二党支部"]
    assert [o.name for o in panel["terms"]] == ["财政局第一党支部"]
    html = response.content.decode()
    assert "任期 90 天内届满" in html and "正式党员不足 3 人" in html


def test_department_sees_counts_by_category(login, reg):
    response = login(reg.dept).get(reverse("home"))
    [(_, _, panel)] = response.context["panels"]
    [category] = panel["categories"]
    assert (category.name, category.unit_count, category.branch_count, category.member_count) == ("党政机关", 2, 3, 9)


def test_zone_lead_sees_its_zone_units(login, reg):
    html = _home(login, reg.zone_lead)
    assert "市发展和改革委员会" in html and "市财政局" not in html


def test_unit_admin_sees_its_warnings_only(login, reg):
    _far_terms(reg)
    org_update(user=None, org=reg.branch_b1, term_end=date.today() - timedelta(days=3))
    org_update(user=None, org=reg.branch_a1, term_end=date.today() - timedelta(days=3))
    html = _home(login, reg.unit_admin)
    assert "发改委第二党支部" in html and "任期已届满" in html
    assert "财政局" not in html


def test_secretary_sees_its_branch(login, reg):
    _far_terms(reg)
    org_update(user=None, org=reg.branch_a1, term_end=date.today() + timedelta(days=10))
    html = _home(login, reg.secretary)
    assert "发改委第一党支部" in html and "党员 5 人，其中正式党员 5 人" in html
    assert "任期 30 天内届满" in html


def test_member_sees_own_record_masked(login, reg):
    member_update(user=None, member=reg.member, id_number="110101198001011234", phone="13812345678")
    html = _home(login, reg.member_user)
    assert reg.member.name in html and "110***********1234" in html
    assert "110101198001011234" not in html and "13812345678" not in html
    assert reg.members_a1[1].name not in html


def test_separated_admins_see_their_own_work(login, reg):
    assert reverse("admin:index") in _home(login, reg.sysadmin)
    AccessAttempt.objects.create(username="outsider", ip_address="203.0.113.9", user_agent="x",
                                 failures_since_start=5, attempt_time=timezone.now())
    response = login(reg.security).get(reverse("home"))
    [(_, _, panel)] = response.context["panels"]
    assert panel["locked_count"] == 1
    assert reverse("security_accounts") in response.content.decode()
    assert reverse("audit_log") in _home(login, reg.auditor)


def test_home_never_ranks_people(login, reg):
    for user in (reg.committee, reg.dept, reg.zone_lead, reg.unit_admin, reg.secretary):
        main = _home(login, user).split("<main")[1].split("</main>")[0]
        for word in ("排名", "排行", "积分", "登录次数", "在线时长"):
            assert word not in main
