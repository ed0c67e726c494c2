"""Django admin as the configuration screen: who gets in, to what, and that saves are audited."""
from django.urls import reverse

from dangjian.accounts.models import Membership, Role, User
from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import OrgMove, PartyOrg, Unit, UnitCategory, Zone

from .factories import PASSWORD


def _add(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def _change(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_anonymous_is_sent_to_the_platform_login(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")
    assert response.status_code == 200


def test_others_are_refused(login, reg):
    for user in (reg.dept, reg.zone_lead, reg.unit_admin, reg.secretary, reg.member_user, reg.auditor,
                 reg.security):
        response = login(user).get(reverse("admin:index"), follow=True)
        assert response.status_code == 403, user
        assert login(user).get(_changelist(Unit)).status_code in (302, 403)
        assert login(user).get(_changelist(Unit), follow=True).status_code == 403


def test_committee_configures_the_registry_only(login, reg):
    client = login(reg.committee)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _changelist(Unit) in html and _changelist(Zone) in html and _changelist(PartyOrg) in html
    assert _changelist(User) not in html and _changelist(Membership) not in html
    assert client.get(_changelist(User)).status_code == 403
    assert client.get(_changelist(Membership)).status_code == 403
    assert client.get(_change(reg.committee)).status_code == 403


def test_system_admin_manages_accounts_only(login, reg):
    client = login(reg.sysadmin)
    html = client.get(reverse("admin:index")).content.decode()
    assert _changelist(User) in html and _changelist(Membership) in html
    assert _changelist(Unit) not in html
    assert client.get(_changelist(Unit)).status_code == 403
    assert client.get(_changelist(PartyOrg)).status_code == 403


def test_nobody_reads_the_audit_log_through_admin(login, reg):
    for user in (reg.committee, reg.sysadmin):
        assert login(user).get(reverse("admin:audit_auditentry_changelist")).status_code == 403


def test_adding_a_unit_is_audited(login, reg):
    response = login(reg.committee).post(_add(Unit), {
        "name": "市教育局", "short_name": "教育局", "category": reg.category.pk, "zone": reg.zone_b.pk, "sort": 0})
    assert response.status_code == 302
    unit = Unit.objects.get(name="市教育局")
    entry = AuditEntry.objects.get(action="unit.create")
    assert entry.user == reg.committee and entry.object_id == str(unit.pk)
    assert entry.changes["name"] == [None, "市教育局"]


def test_changing_a_zone_is_audited_with_a_diff(login, reg):
    response = login(reg.committee).post(_change(reg.zone_b), {"name": "第二协作区（调整）", "lead_unit": "",
                                                              "rules": "新规则", "sort": 0})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="zone.update")
    assert entry.changes == {"name": ["第二协作区", "第二协作区（调整）"], "rules": ["", "新规则"]}


def test_zone_lead_unit_must_belong_to_the_zone(login, reg):
    response = login(reg.committee).post(_change(reg.zone_b), {"name": "第二协作区", "lead_unit": reg.unit_a.pk,
                                                              "rules": "", "sort": 0})
    assert response.status_code == 200
    assert "牵头单位应是本协作区的成员单位" in response.content.decode()
    assert not AuditEntry.objects.filter(action="zone.update").exists()


def test_deleting_a_category_is_audited(login, reg):
    category = UnitCategory.objects.create(name="群团组织")
    url = reverse("admin:orgs_unitcategory_delete", args=[category.pk])
    response = login(reg.committee).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not UnitCategory.objects.filter(pk=category.pk).exists()
    assert AuditEntry.objects.get(action="unitcategory.delete").changes["name"] == ["群团组织", None]


def _org_data(**values):
    data = {"name": "", "type": "branch", "parent": "", "unit": "", "secretary_name": "", "founded_on": "",
            "term_start": "", "term_end": "", "has_committee": "", "dissolved": ""}
    data.update(values)
    return {k: v for k, v in data.items() if v != ""}


def test_adding_a_party_org_goes_through_the_service(login, reg):
    response = login(reg.committee).post(_add(PartyOrg), _org_data(
        name="发改委第三党支部", type="branch", parent=reg.oc_a.pk, unit=reg.unit_a.pk, term_start="2025-01-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    org = PartyOrg.objects.get(name="发改委第三党支部")
    assert org.path == f"{reg.oc_a.path}{org.pk}/" and org.depth == 1
    assert str(org.term_end) == "2027-12-31"  # the service's 3-year term
    assert AuditEntry.objects.filter(action="org.create", user=reg.committee, object_id=str(org.pk)).exists()


def test_moving_a_party_org_keeps_history(login, reg):
    general = PartyOrg.objects.create(name="临时", type="general_branch", parent=reg.oc_a, unit=reg.unit_a)
    general.path, general.depth = f"{reg.oc_a.path}{general.pk}/", 1
    general.save()
    response = login(reg.committee).post(_change(reg.branch_a2), _org_data(
        name=reg.branch_a2.name, type="branch", parent=general.pk, term_start="2024-01-01",
        term_end="2026-12-31"))
    assert response.status_code == 302, response.content.decode()[:2000]
    org = PartyOrg.objects.get(pk=reg.branch_a2.pk)
    assert org.parent == general and org.path == f"{general.path}{org.pk}/"
    assert OrgMove.objects.filter(org=org, to_parent=general).exists()
    assert AuditEntry.objects.filter(action="org.move", user=reg.committee).exists()


def test_a_party_org_cannot_go_under_a_branch(login, reg):
    response = login(reg.committee).post(_change(reg.branch_a2), _org_data(
        name=reg.branch_a2.name, type="branch", parent=reg.branch_a1.pk))
    assert response.status_code == 200
    assert "党支部下不能再设党组织" in response.content.decode()
    assert PartyOrg.objects.get(pk=reg.branch_a2.pk).parent == reg.oc_a


def test_party_orgs_are_never_deleted_in_admin(login, reg):
    url = reverse("admin:orgs_partyorg_delete", args=[reg.branch_a2.pk])
    assert login(reg.committee).post(url, {"post": "yes"}).status_code == 403
    assert PartyOrg.objects.filter(pk=reg.branch_a2.pk).exists()


def test_system_admin_creates_a_user(login, reg):
    response = login(reg.sysadmin).post(_add(User), {
        "username": "newuser", "display_name": "新用户", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newuser")
    assert user.check_password(PASSWORD) and user.password_changed_at is not None
    assert not user.is_staff and not user.is_superuser
    entry = AuditEntry.objects.get(action="user.create", user=reg.sysadmin)
    assert "password" not in entry.changes


def test_weak_password_is_refused(login, reg):
    response = login(reg.sysadmin).post(_add(User), {
        "username": "weak", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_users_are_disabled_not_deleted(login, reg):
    url = reverse("admin:accounts_user_delete", args=[reg.secretary.pk])
    assert login(reg.sysadmin).post(url, {"post": "yes"}).status_code == 403


def test_grant_is_audited(login, reg):
    response = login(reg.sysadmin).post(_add(Membership), {
        "user": reg.secretary.pk, "role": Role.BRANCH_SECRETARY, "org": reg.branch_a2.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=reg.secretary, org=reg.branch_a2).exists()
    assert AuditEntry.objects.get(action="membership.grant", user=reg.sysadmin).changes["org"] == [
        None, str(reg.branch_a2.pk)]


def test_grants_keep_the_separation_of_duties(login, reg):
    response = login(reg.sysadmin).post(_add(Membership), {"user": reg.auditor.pk, "role": Role.COMMITTEE_ADMIN})
    assert response.status_code == 200
    assert "互相分离" in response.content.decode()
    assert not Membership.objects.filter(user=reg.auditor, role=Role.COMMITTEE_ADMIN).exists()


def test_grant_needs_its_scope(login, reg):
    response = login(reg.sysadmin).post(_add(Membership), {"user": reg.secretary.pk, "role": Role.UNIT_ADMIN})
    assert response.status_code == 200
    assert "该角色须指定党组织" in response.content.decode()
