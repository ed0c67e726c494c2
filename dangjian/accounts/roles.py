"""Roles, declared once: role → scope kind → named permissions.

Everything else is derived from ``ROLES``: the ``Role`` choices, the order in which a user
holding several roles sees them, the three separated admin roles, which scope field a grant
needs (and the database constraint built from it), and what the gatekeeper grants. Adding a
role is one line here (plus its home panel, if it has one).

This module imports no models, so ``accounts.models`` can build its constraint from it.
"""
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# ---- named permissions: the only things a view or selector may ask the gatekeeper -------------
VIEW_REGISTRY = "registry.view"                    # the registry within the scope
VIEW_UNITS = "registry.units"                      # zone and unit pages
VIEW_COUNTY_COMMITTEES = "registry.county_committees"
CHANGE_REGISTRY = "registry.change"                # orgs, members and records within the scope
IMPORT = "registry.import"
EXPORT = "registry.export"
UNMASK = "member.unmask"                           # only with the grant's can_unmask flag
VIEW_TODO = "records.todo"                         # what is due in the orgs one keeps
VIEW_PICTURE = "records.picture"                   # the committee's picture by zone and unit
VIEW_STUDY_PLAN = "study.plan"                     # the year's sit-in plan and coverage
VIEW_SIT_INS = "study.sit_ins"                     # a unit's central-group sit-ins
CONFIGURE = "committee.configure"
VIEW_AUDIT = "audit.view"
MANAGE_ACCOUNTS = "accounts.manage"
MANAGE_SECURITY = "security.manage"
SCORE = "assessment.score"                         # enter facts for the indicators one's department owns
VIEW_ASSESSMENT = "assessment.view"                # score cards and division tables of the bodies in reach
APPEAL = "assessment.appeal"                       # a unit disputes an entry on its own card
KEEP_COMMITMENTS = "commitments.keep"              # the three-ones lists of the orgs one keeps
VIEW_COMMITMENTS = "commitments.view"              # the three-ones lists by zone and unit
VIEW_BRANDS = "brands.view"                        # the brands (and their honours and cases) in reach
MANAGE_BRAND = "brands.manage"                     # register and edit the brand of a unit or branch one keeps
RECORD_HONOUR = "brands.honour"                    # record an honour a brand was awarded
VIEW_CHALLENGES = "challenges.view"                # open challenges, and the applications in reach
RUN_CHALLENGES = "challenges.run"                  # publish, appoint the lead unit, review for acceptance
TAKE_CHALLENGE = "challenges.take"                 # a unit applies and, as lead, keeps the milestones
RAISE_RECTIFICATION = "rectification.raise"        # a department raises, verifies or sends back its problems
REPORT_RECTIFICATION = "rectification.report"      # a unit sees its own problems and reports them done
RECTIFICATION_COUNTS = "rectification.counts"      # counts by status and overdue by zone, not the content
MANAGE_SELECTIONS = "selections.manage"            # run selection rounds (the committee)
WRITE_REVIEW = "reports.annual_review"            # generate the annual review of one's reach
NOMINATE = "selections.nominate"                   # a unit nominates its branches, people, cases
REVIEW = "selections.review"                       # score the nominations assigned in rounds one is granted
VIEW_SELECTIONS = "selections.view"                # public notices, final lists and titles

# Permissions a department grant holds only over what its own department owns.
DEPARTMENT_BOUND = frozenset({SCORE, RAISE_RECTIFICATION})

# Permissions a grant carries only when its flag is set.
FLAGGED = {UNMASK: "can_unmask"}

# ---- scope kinds: how far a grant reaches --------------------------------------------------
NONE = "none"              # no registry data at all
COMMITTEE = "committee"    # everything
DEPARTMENT = "department"  # everything, for one assessing department
ZONE = "zone"              # the units of one zone
ORG = "org"                # one party org and its subtree (and its unit)
OWN = "own"                # the member records linked to the user

# The grant field each scope kind needs ("own" is granted on the member's branch).
SCOPE_FIELD = {NONE: None, COMMITTEE: None, DEPARTMENT: "department", ZONE: "zone", ORG: "org", OWN: "org"}

_READ = frozenset({VIEW_REGISTRY, VIEW_UNITS, EXPORT})
_CITYWIDE = frozenset({VIEW_PICTURE, VIEW_STUDY_PLAN, VIEW_COUNTY_COMMITTEES, VIEW_SIT_INS, VIEW_COMMITMENTS})
_WRITE = frozenset({CHANGE_REGISTRY, IMPORT, UNMASK})
_SEL = frozenset({VIEW_SELECTIONS})


@dataclass(frozen=True)
class RoleSpec:
    value: str
    label: str
    scope: str
    perms: frozenset
    separated: bool = False     # 等保 separation of duties: held by nobody holding another role

    @property
    def field(self):
        return SCOPE_FIELD[self.scope]


# In precedence order: the first role a user holds is the home page they see first.
ROLES = (
    RoleSpec("system_admin", _("系统管理员"), NONE, frozenset({MANAGE_ACCOUNTS}), separated=True),
    RoleSpec("security_admin", _("安全管理员"), NONE, frozenset({MANAGE_SECURITY}), separated=True),
    RoleSpec("audit_admin", _("审计管理员"), NONE, frozenset({VIEW_AUDIT}), separated=True),
    RoleSpec("committee_admin", _("工委管理员"), COMMITTEE, _READ | _CITYWIDE | _WRITE | _SEL | {CONFIGURE, VIEW_ASSESSMENT}
             | {VIEW_BRANDS, MANAGE_BRAND, RECORD_HONOUR, VIEW_CHALLENGES, RUN_CHALLENGES, RECTIFICATION_COUNTS,
                MANAGE_SELECTIONS, WRITE_REVIEW}),
    RoleSpec("department", _("考核部门"), DEPARTMENT,
             _READ | _CITYWIDE | _SEL | {SCORE, VIEW_ASSESSMENT, VIEW_BRANDS, VIEW_CHALLENGES, RAISE_RECTIFICATION}),
    RoleSpec("zone_lead", _("协作区牵头单位"), ZONE,
             _READ | _SEL | {VIEW_TODO, VIEW_SIT_INS, VIEW_ASSESSMENT, VIEW_COMMITMENTS, VIEW_BRANDS, WRITE_REVIEW}),
    RoleSpec("unit_admin", _("单位党组织管理员"), ORG,
             _READ | _WRITE | _SEL | {VIEW_TODO, VIEW_SIT_INS, VIEW_ASSESSMENT, APPEAL, KEEP_COMMITMENTS, VIEW_COMMITMENTS,
                                       VIEW_BRANDS, MANAGE_BRAND, VIEW_CHALLENGES, TAKE_CHALLENGE, REPORT_RECTIFICATION,
                                       NOMINATE, WRITE_REVIEW}),
    RoleSpec("branch_secretary", _("支部书记"), ORG,
             _READ | _WRITE | _SEL | {VIEW_TODO, KEEP_COMMITMENTS, VIEW_BRANDS, MANAGE_BRAND}),
    RoleSpec("member", _("党员"), OWN, frozenset({VIEW_REGISTRY, VIEW_TODO}) | _SEL),
    RoleSpec("expert_reviewer", _("评审专家"), NONE, frozenset({REVIEW}) | _SEL),
)

Role = models.TextChoices("Role", [(spec.value.upper(), (spec.value, spec.label)) for spec in ROLES])
Role.__doc__ = "The roles of ``ROLES``, as model choices."

SPECS = {spec.value: spec for spec in ROLES}
SEPARATED_ROLES = tuple(Role(spec.value) for spec in ROLES if spec.separated)
PERMISSIONS = frozenset().union(*(spec.perms for spec in ROLES))
# Roles over the whole committee: granting one, or resetting the password of a user who holds
# one, takes effect only once the security admin confirms it (see changes.py).
COMMITTEE_WIDE_ROLES = tuple(Role(s.value) for s in ROLES if s.separated or s.scope in (COMMITTEE, DEPARTMENT))


def spec(role) -> RoleSpec:
    return SPECS[str(role)]


def roles_with_scope(*kinds):
    return [Role(s.value) for s in ROLES if s.scope in kinds]


def in_precedence(roles):
    """The given roles in the table's order."""
    roles = {str(r) for r in roles}
    return [Role(s.value) for s in ROLES if s.value in roles]


def scope_condition() -> Q:
    """A grant names exactly the scope its role needs (the Membership check constraint)."""
    condition = None
    for name in ("org", "zone", "department", None):
        values = [s.value for s in ROLES if s.field == name]
        if not values:
            continue
        lookup = {"role__in": values} if len(values) > 1 else {"role": values[0]}
        if name:
            lookup[f"{name}__isnull"] = False
        condition = Q(**lookup) if condition is None else condition | Q(**lookup)
    return condition
