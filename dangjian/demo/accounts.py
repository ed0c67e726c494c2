"""The demo accounts, one per persona, created through the account services (audited)."""
from dataclasses import dataclass

from dangjian.accounts.models import Department, Membership, Role, User
from dangjian.accounts.services import membership_grant, password_change, throttle_reset, user_create

from . import data


@dataclass
class DemoAccount:
    username: str
    display_name: str
    role: str
    scope: dict

    @property
    def scope_label(self) -> str:
        obj = next(iter(self.scope.values()), None)
        return str(obj) if obj is not None else "全部"


def departments_ensure() -> list[Department]:
    """The eight assessing departments; kept across --reset (other records may cite them)."""
    out = []
    for sort, name in enumerate(data.DEPARTMENTS, start=1):
        dept, _ = Department.objects.get_or_create(name=name, defaults={"sort": sort})
        out.append(dept)
    return out


def existing_usernames(usernames) -> list[str]:
    return sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))


def demo_accounts(*, departments, zone, unit_org, branch, member_name) -> list[DemoAccount]:
    accounts = [
        DemoAccount("admin", "系统管理员", Role.SYSTEM_ADMIN, {}),
        DemoAccount("security", "安全管理员", Role.SECURITY_ADMIN, {}),
        DemoAccount("auditor", "审计管理员", Role.AUDIT_ADMIN, {}),
        DemoAccount("gongwei", "工委管理员", Role.COMMITTEE_ADMIN, {}),
    ]
    accounts += [DemoAccount(f"dept{i}", d.name, Role.DEPARTMENT, {"department": d})
                 for i, d in enumerate(departments, start=1)]
    accounts += [
        DemoAccount("zone1", f"{zone.name}牵头单位", Role.ZONE_LEAD, {"zone": zone}),
        DemoAccount("unit1", unit_org.name, Role.UNIT_ADMIN, {"org": unit_org}),
        DemoAccount("branch1", branch.secretary_name, Role.BRANCH_SECRETARY, {"org": branch}),
        DemoAccount("member1", member_name, Role.MEMBER, {"org": branch}),
    ]
    return accounts


DEMO_USERNAMES = ["admin", "security", "auditor", "gongwei"] + [f"dept{i}" for i in range(1, 9)] + [
    "zone1", "unit1", "branch1", "member1"]

# Who may reveal full ID numbers in the demo (each reveal is audited).
CAN_UNMASK = {"gongwei", "unit1"}


def demo_account_ensure(account: DemoAccount, password: str) -> User:
    """Create the account; after --reset an existing one keeps its id (the audit log
    refers to it) and gets its role and the given password anew."""
    can_unmask = account.username in CAN_UNMASK
    user = User.objects.filter(username=account.username).first()
    if user is None:
        return user_create(by=None, username=account.username, password=password,
                           display_name=account.display_name, role=account.role,
                           can_unmask=can_unmask, **account.scope)
    Membership.objects.filter(user=user).delete()
    user.display_name = account.display_name
    user.is_active = True
    user.save(update_fields=["display_name", "is_active"])
    password_change(user=user, new_password=password)
    throttle_reset(by=None, username=user.username)
    membership_grant(by=None, user=user, role=account.role, can_unmask=can_unmask, **account.scope)
    return user
