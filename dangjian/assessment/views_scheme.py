"""考核方案: the committee's list of schemes and versions, a scheme's indicator tree with its
owners and bases, what keeps a draft from publishing, and the publish step.

The list and drafts are the committee's (CONFIGURE); a published scheme may be read by whoever
holds VIEW_ASSESSMENT; publishing is CONFIGURE only (403).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CONFIGURE, VIEW_ASSESSMENT
from dangjian.lib.forms import add_service_errors, posted

from . import selectors
from .forms import NewVersionForm
from .models import Indicator, Scheme
from .services import scheme_new_version, scheme_problems, scheme_publish


def _visible_schemes(user):
    if gatekeeper.can(user, CONFIGURE):
        return Scheme.objects.all()
    if gatekeeper.can(user, VIEW_ASSESSMENT):
        return selectors.published_schemes()
    return Scheme.objects.none()


@login_required
@require_GET
def scheme_list(request):
    gatekeeper.require(request.user, CONFIGURE)
    schemes = list(Scheme.objects.select_related("previous", "published_by").order_by("-year", "kind", "-version"))
    return render(request, "assessment/scheme_list.html", {"schemes": schemes})


def _tree(scheme):
    """[(node, depth)] in tree order: groups with their leaves, then the top-level items."""
    indicators = list(scheme.indicators.select_related("department").prefetch_related("categories"))
    children = {}
    for ind in indicators:
        ind.severities = [(selectors.severity_label(k), ind.ladder[k]) for k in selectors.ladder_steps(ind.ladder)]
        ind.category_names = [c.name for c in ind.categories.all()]
        children.setdefault(ind.parent_id, []).append(ind)
    out = []

    def walk(parent_id, depth):
        for ind in children.get(parent_id, []):
            out.append((ind, depth))
            walk(ind.id, depth + 1)
    walk(None, 0)
    return out


def _detail(request, scheme, *, refusal=None, version_form=None, status=200):
    problems = [] if scheme.published else scheme_problems(scheme)
    versions = Scheme.objects.filter(year=scheme.year, kind=scheme.kind).order_by("-version")
    if not gatekeeper.can(request.user, CONFIGURE):
        versions = versions.filter(published_at__isnull=False)
    context = {
        "scheme": scheme, "tree": _tree(scheme), "problems": problems, "refusal": refusal or [],
        "divisions": list(scheme.divisions.prefetch_related("categories", "bodies__unit", "bodies__county_committee")),
        "versions": versions, "can_publish": gatekeeper.can(request.user, CONFIGURE) and not scheme.published,
        "Kind": Indicator.Kind,
        "version_form": version_form or (NewVersionForm() if gatekeeper.can(request.user, CONFIGURE)
                                         and scheme.published and not hasattr(scheme, "next_version") else None),
    }
    return render(request, "assessment/scheme_detail.html", context, status=status)


@login_required
@require_GET
def scheme_detail(request, pk):
    scheme = gatekeeper.get_visible_or_404(_visible_schemes(request.user), pk=pk)
    return _detail(request, scheme)


@login_required
@require_POST
def scheme_publish_view(request, pk):
    user = request.user
    scheme = gatekeeper.get_visible_or_404(_visible_schemes(user), pk=pk)
    gatekeeper.require(user, CONFIGURE)
    try:
        scheme_publish(user=user, scheme=scheme, request=request)
    except ValidationError as exc:
        return _detail(request, scheme, refusal=exc.messages, status=400)
    messages.success(request, _("方案已发布，此后不能修改；修改请新建版本。"))
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@login_required
@require_POST
def scheme_new_version_view(request, pk):
    """A published scheme's next version, a draft that says what changed (CONFIGURE)."""
    user = request.user
    scheme = gatekeeper.get_visible_or_404(_visible_schemes(user), pk=pk)
    gatekeeper.require(user, CONFIGURE)
    form = NewVersionForm(posted(request))
    if form.is_valid():
        try:
            draft = scheme_new_version(user=user, scheme=scheme, change_note=form.cleaned_data["change_note"],
                                       request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已新建第 %(v)d 版草稿，请在系统配置中修改指标后发布。") % {"v": draft.version})
            return redirect("assessment:scheme_detail", pk=draft.pk)
    return _detail(request, scheme, version_form=form, status=400)
