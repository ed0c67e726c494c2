"""Open-challenge pages: the list, publishing (committee), a project with its applications,
milestones and reviews, applying (unit admin), appointing and reviewing (committee), keeping
milestones (the lead unit). Thin: selectors and services do the work."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import gatekeeper as gk
from dangjian.lib.filetypes import download_response
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import paginate

from . import rules, services
from .forms import AppointForm, ApplicationForm, MilestoneDoneForm, MilestoneForm, ProjectForm, ReviewForm
from .models import Milestone
from .selectors import (
    applying_units, can_keep_milestones, project_table, visible_applications, visible_projects,
)


def _project(user, pk):
    gk.require(user, gk.VIEW_CHALLENGES)
    return gk.get_visible_or_404(visible_projects(user).select_related("lead_unit"), pk=pk)


@login_required
def project_list(request):
    user = request.user
    gk.require(user, gk.VIEW_CHALLENGES)
    # a unit admin counts only its own unit's applications: none yet means it may still apply
    page = paginate(request, project_table(visible_projects(user), date.today(), user))
    return render(request, "challenges/list.html", {
        "page": page, "labels": rules.STATUS_LABELS, "can_run": gk.can(user, gk.RUN_CHALLENGES),
        "can_apply": gk.can(user, gk.TAKE_CHALLENGE), "open": rules.PUBLISHED,
    })


@login_required
def project_create(request):
    user = request.user
    gk.require(user, gk.RUN_CHALLENGES)
    form = ProjectForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.challenge_publish(user=user, **form.cleaned_data, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("项目已发布，各单位可以申报。"))
            return redirect("challenges:detail", project.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "challenges/project_form.html", {"form": form}, status=status)


def _detail(request, project, *, appoint_form=None, review_form=None, milestone_form=None, status=200):
    user = request.user
    today = date.today()
    current = project.status(today)
    run = gk.can(user, gk.RUN_CHALLENGES)
    applications = visible_applications(user).filter(project=project).select_related("unit")
    keep = can_keep_milestones(user, project) and not rules.event_error(rules.MILESTONE, current)
    if run and current == rules.CLOSED and appoint_form is None:
        appoint_form = AppointForm(applications=applications)
    if run and current == rules.IN_PROGRESS and review_form is None:
        review_form = ReviewForm()
    if keep and milestone_form is None:
        milestone_form = MilestoneForm()
    mine = applying_units(user)
    return render(request, "challenges/detail.html", {
        "project": project, "status": current, "label": rules.STATUS_LABELS[current],
        "applications": applications, "milestones": project.milestones.all(),
        "reviews": project.reviews.select_related("reviewed_by"),
        # a form posted back with errors is shown even when its step is over, to say why
        "appoint_form": appoint_form, "review_form": review_form, "milestone_form": milestone_form, "keep": keep,
        "can_apply": current == rules.PUBLISHED and gk.can(user, gk.TAKE_CHALLENGE) and mine.exclude(
            id__in=project.applications.values("unit_id")).exists(),
    }, status=status)


@login_required
def project_detail(request, pk):
    return _detail(request, _project(request.user, pk))


@login_required
def apply(request, pk):
    user = request.user
    project = _project(user, pk)
    gk.require(user, gk.TAKE_CHALLENGE)
    units = applying_units(user)
    form = ApplicationForm(posted(request), request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_submit(user=user, project=project, unit=data["unit"],
                                                      plan=data["plan"], file=data.get("file"), request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已申报。"))
            return redirect("challenges:application", application.pk)
    status = 400 if request.method == "POST" else 200
    late = rules.event_error(rules.APPLY, project.status(date.today()))
    return render(request, "challenges/apply.html", {"form": form, "project": project, "late": late},
                  status=status)


@login_required
def application_detail(request, pk):
    gk.require(request.user, gk.VIEW_CHALLENGES)
    application = gk.get_visible_or_404(
        visible_applications(request.user).select_related("project", "unit", "applied_by"), pk=pk)
    return render(request, "challenges/application.html", {"application": application})


@login_required
def application_file(request, pk):
    gk.require(request.user, gk.VIEW_CHALLENGES)
    application = gk.get_visible_or_404(visible_applications(request.user), pk=pk)
    return download_response(application.file, application.file_name or "plan")


@login_required
@require_POST
def appoint(request, pk):
    user = request.user
    project = _project(user, pk)
    gk.require(user, gk.RUN_CHALLENGES)
    form = AppointForm(request.POST, applications=project.applications.select_related("unit"))
    if form.is_valid():
        try:
            services.challenge_appoint(user=user, project=project, application=form.cleaned_data["application"],
                                       request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已确定揭榜单位。"))
            return redirect("challenges:detail", project.pk)
    return _detail(request, project, appoint_form=form, status=400)


@login_required
@require_POST
def review(request, pk):
    user = request.user
    project = _project(user, pk)
    gk.require(user, gk.RUN_CHALLENGES)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_review(user=user, project=project, **form.cleaned_data, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("验收结果已记录。"))
            return redirect("challenges:detail", project.pk)
    return _detail(request, project, review_form=form, status=400)


@login_required
@require_POST
def milestone_add(request, pk):
    user = request.user
    project = _project(user, pk)
    if not can_keep_milestones(user, project):
        raise PermissionDenied
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(user=user, project=project, **form.cleaned_data, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("节点已添加。"))
            return redirect("challenges:detail", project.pk)
    return _detail(request, project, milestone_form=form, status=400)


@login_required
def milestone_edit(request, pk):
    user = request.user
    gk.require(user, gk.VIEW_CHALLENGES)
    milestone = gk.get_visible_or_404(
        Milestone.objects.filter(project__in=visible_projects(user)).select_related("project__lead_unit"), pk=pk)
    if not can_keep_milestones(user, milestone.project):
        raise PermissionDenied
    form = MilestoneDoneForm(posted(request), initial={"done_on": milestone.done_on, "note": milestone.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(user=user, milestone=milestone, **form.cleaned_data, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("节点进展已更新。"))
            return redirect("challenges:detail", milestone.project_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "challenges/milestone_form.html", {"form": form, "milestone": milestone},
                  status=status)
