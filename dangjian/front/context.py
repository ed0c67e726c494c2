from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import (
    CONFIGURE, EXPORT, IMPORT, MANAGE_ACCOUNTS, MANAGE_SECURITY, VIEW_AUDIT, VIEW_REGISTRY,
)


def nav_items(request):
    """The top menu for the signed-in user: only what their roles can open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    scope = gatekeeper.get_scope(user)
    registry = gatekeeper.can(user, VIEW_REGISTRY)
    sees_units = scope.reads_all or bool(scope.unit_ids or scope.zone_ids)
    entries = [
        (True, "home", _("首页")),
        (registry, "org_tree", _("组织树")),
        (sees_units, "zone_list", _("协作区")),
        (sees_units, "unit_list", _("单位")),
        (registry, "branch_list", _("党支部")),
        (registry, "member_list", _("党员")),
        (registry, "records:list", _("组织生活")),
        (registry and not scope.reads_all, "records:gaps", _("本期待办")),
        (scope.reads_all, "records:picture", _("落实情况")),
        (scope.reads_all, "study:sit_in_plan", _("学习教育")),
        (registry and not scope.reads_all, "study:base_list", _("学习教育")),
        (scope.reads_all, "county_committee_list", _("县区机关工委")),
        (gatekeeper.can(user, IMPORT) or gatekeeper.can(user, EXPORT), "imports:index", _("导入导出")),
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
