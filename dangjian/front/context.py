from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper
from dangjian.accounts.roles import RAISE_RECTIFICATION, RECTIFICATION_COUNTS, REPORT_RECTIFICATION
from dangjian.accounts.roles import MANAGE_SELECTIONS, NOMINATE, REVIEW, VIEW_SELECTIONS
from dangjian.accounts.gatekeeper import (
    APPEAL, CONFIGURE, EXPORT, IMPORT, KEEP_COMMITMENTS, MANAGE_ACCOUNTS, MANAGE_SECURITY, SCORE, VIEW_ASSESSMENT,
    VIEW_AUDIT, VIEW_BRANDS, VIEW_CHALLENGES, VIEW_COMMITMENTS, VIEW_COUNTY_COMMITTEES, VIEW_PICTURE, VIEW_REGISTRY,
    VIEW_STUDY_PLAN, VIEW_TODO, VIEW_UNITS,
)

SELECTION_PERMS = (MANAGE_SELECTIONS, NOMINATE, REVIEW, VIEW_SELECTIONS)


def nav_items(request):
    """The top menu for the signed-in user: only what their roles can open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    def can(perm):
        return gatekeeper.can(user, perm)

    registry = can(VIEW_REGISTRY)
    entries = [
        (True, "home", _("首页")),
        (registry, "org_tree", _("组织树")),
        (can(VIEW_UNITS), "zone_list", _("协作区")),
        (can(VIEW_UNITS), "unit_list", _("单位")),
        (registry, "branch_list", _("党支部")),
        (registry, "member_list", _("党员")),
        (registry, "records:list", _("组织生活")),
        (can(VIEW_TODO), "records:gaps", _("本期待办")),
        (can(VIEW_PICTURE), "records:picture", _("落实情况")),
        (can(VIEW_STUDY_PLAN), "study:sit_in_plan", _("学习教育")),
        (registry and not can(VIEW_STUDY_PLAN), "study:base_list", _("学习教育")),
        (can(KEEP_COMMITMENTS), "commitments:mine", _("三个一清单")),
        (can(VIEW_COMMITMENTS) and not can(KEEP_COMMITMENTS), "commitments:overview", _("三个一清单")),
        (can(VIEW_COUNTY_COMMITTEES), "county_committee_list", _("县区机关工委")),
        (can(SCORE), "assessment:desk", _("考核工作台")),
        (can(VIEW_ASSESSMENT), "assessment:tables", _("考核结果")),
        (can(SCORE) or can(APPEAL) or can(CONFIGURE), "appeals:inbox", _("申诉")),
        (can(CONFIGURE), "assessment:scheme_list", _("考核方案")),
        (can(VIEW_BRANDS), "brands:list", _("党建品牌")),
        (can(VIEW_CHALLENGES), "challenges:list", _("揭榜挂帅")),
        (can(RAISE_RECTIFICATION) or can(REPORT_RECTIFICATION) or can(RECTIFICATION_COUNTS), "rectification:index",
         _("问题整改")),
        (any(can(p) for p in SELECTION_PERMS), "selections:round_list", _("评选")),
        (can("reports.annual_review"), "reports:annual", _("年度综述")),
        (gatekeeper.can(user, IMPORT) or gatekeeper.can(user, EXPORT), "imports:index", _("导入导出")),
        (gatekeeper.can(user, EXPORT) or can(VIEW_ASSESSMENT), "jobs:list", _("后台任务")),
        (gatekeeper.can(user, VIEW_AUDIT), "audit_log", _("审计日志")),
        (gatekeeper.can(user, MANAGE_SECURITY), "security_accounts", _("账号安全")),
        (gatekeeper.can(user, MANAGE_ACCOUNTS) or gatekeeper.can(user, CONFIGURE), "admin:index",
         _("系统配置")),
    ]
    items = []
    for allowed, name, label in entries:
        if not allowed:
            continue
        url = reverse(name)
        active = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items


def site(request):
    return {"DEMO_MODE": settings.DEMO_MODE, "nav_items": nav_items(request)}
