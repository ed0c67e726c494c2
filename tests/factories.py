"""Builders for test data: a small registry with the personas every view test uses."""
from datetime import date
from types import SimpleNamespace

from dangjian.accounts.models import Department, Role
from dangjian.accounts.services import user_create
from dangjian.orgs.models import OrgType, UnitCategory, Unit, Zone
from dangjian.orgs.services import member_create, org_create

PASSWORD = "Test#pass2024"


def make_user(username, role=None, **scope):
    return user_create(by=None, username=username, password=PASSWORD, role=role, **scope)


def add_members(branch, n, *, status="full", prefix="党员"):
    return [
        member_create(user=None, branch=branch, name=f"{prefix}{branch.pk}-{i}", gender="M" if i % 2 else "F",
                      status=status, birth_date=date(1980, 1, 1), joined_on=date(2005, 7, 1),
                      full_on=date(2006, 7, 1) if status == "full" else None)
        for i in range(n)
    ]


def make_registry():
    """Two zones, two units, an org tree under each, and the personas.

    - committee: 工委管理员 (sees and changes everything)
    - dept: 组织部 (reads everything, changes nothing)
    - zone_lead: lead of zone A
    - unit_admin: admin of unit A (its organ committee and below)
    - secretary: secretary of branch A1
    - member: a member of branch A1 with an account
    - outsider: secretary of branch B1, in a sibling unit of another zone
    - auditor / sysadmin / security: the three separated admins
    """
    cat = UnitCategory.objects.create(name="党政机关")
    zone_a = Zone.objects.create(name="第一协作区")
    zone_b = Zone.objects.create(name="第二协作区")
    unit_a = Unit.objects.create(name="市发展和改革委员会", short_name="发改委", category=cat, zone=zone_a)
    unit_b = Unit.objects.create(name="市财政局", short_name="财政局", category=cat, zone=zone_b)
    zone_a.lead_unit = unit_a
    zone_a.save()
    oc_a = org_create(user=None, name="市发改委机关党委", type=OrgType.ORGAN_COMMITTEE, unit=unit_a,
                      term_start=date(2023, 1, 1))
    branch_a1 = org_create(user=None, name="发改委第一党支部", type=OrgType.BRANCH, parent=oc_a,
                           term_start=date(2024, 1, 1), has_committee=True)
    branch_a2 = org_create(user=None, name="发改委第二党支部", type=OrgType.BRANCH, parent=oc_a,
                           term_start=date(2024, 1, 1))
    oc_b = org_create(user=None, name="市财政局机关党委", type=OrgType.ORGAN_COMMITTEE, unit=unit_b,
                      term_start=date(2023, 1, 1))
    branch_b1 = org_create(user=None, name="财政局第一党支部", type=OrgType.BRANCH, parent=oc_b,
                           term_start=date(2024, 1, 1))
    members_a1 = add_members(branch_a1, 5)
    members_b1 = add_members(branch_b1, 4)
    dept = Department.objects.create(name="组织部")
    r = SimpleNamespace(
        category=cat, zone_a=zone_a, zone_b=zone_b, unit_a=unit_a, unit_b=unit_b,
        oc_a=oc_a, branch_a1=branch_a1, branch_a2=branch_a2, oc_b=oc_b, branch_b1=branch_b1,
        members_a1=members_a1, members_b1=members_b1, department=dept,
    )
    r.committee = make_user("gongwei", Role.COMMITTEE_ADMIN)
    r.dept = make_user("dept1", Role.DEPARTMENT, department=dept)
    r.zone_lead = make_user("zone1", Role.ZONE_LEAD, zone=zone_a)
    r.unit_admin = make_user("unit1", Role.UNIT_ADMIN, org=oc_a)
    r.secretary = make_user("branch1", Role.BRANCH_SECRETARY, org=branch_a1)
    r.member_user = make_user("member1", Role.MEMBER, org=branch_a1)
    r.member = members_a1[0]
    r.member.user = r.member_user
    r.member.save(update_fields=["user"])
    r.outsider = make_user("outsider", Role.BRANCH_SECRETARY, org=branch_b1)
    r.auditor = make_user("auditor", Role.AUDIT_ADMIN)
    r.sysadmin = make_user("admin", Role.SYSTEM_ADMIN)
    r.security = make_user("security", Role.SECURITY_ADMIN)
    return r
