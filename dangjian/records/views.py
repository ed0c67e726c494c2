"""Record pages: list, the one form, detail, attachments. Thin: services and selectors do the work."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import gatekeeper as gk
from dangjian.lib.filetypes import download_response
from dangjian.lib.edits import is_stale
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import CappedPaginator, paginate
from dangjian.orgs.models import Member

from . import selectors, services
from .forms import ActivityForm
from .models import ActivityKind, Attachment, StudyWay

@login_required
def activity_list(request):
    gk.require(request.user, gk.VIEW_REGISTRY)
    qs = gk.visible_activities(request.user).select_related("org", "kind", "org__unit")
    org_id = request.GET.get("org")
    if org_id and org_id.isdigit():
        qs = qs.filter(org_id=org_id)
    kind = request.GET.get("kind")
    if kind:
        qs = qs.filter(kind__code=kind)
    # capped like the member list: 1.7 million records at province scale are not counted
    page = paginate(request, selectors.newest_first(request.user, qs), paginator_class=CappedPaginator)
    kinds = ActivityKind.objects.filter(active=True)
    return render(request, "records/list.html", {"page": page, "kinds": kinds, "kind": kind or "",
                                                 "org_id": org_id or ""})


@login_required
def choose_kind(request, org_id):
    org = gk.get_visible_or_404(gk.visible_orgs(request.user), pk=org_id)
    gk.require(request.user, gk.CHANGE_REGISTRY, org)
    kinds = ActivityKind.objects.filter(active=True)
    return render(request, "records/choose_kind.html", {"org": org, "kinds": kinds})


def _mark_roster(form, roster, post=None):
    """Tick state and reasons for the roster table, from the (cleaned) POST or the initial values."""
    ticked = {str(v) for v in (form["present"].value() or [])}
    for m in roster:
        m.checked = str(m.id) in ticked
        if post is not None:
            m.reason = post.get(f"reason_{m.id}", "")
    return roster


@login_required
def activity_create(request, org_id, kind_code):
    org = gk.get_visible_or_404(gk.visible_orgs(request.user), pk=org_id)
    gk.require(request.user, gk.CHANGE_REGISTRY, org)
    kind = get_object_or_404(ActivityKind, code=kind_code, active=True)
    roster = list(Member.objects.current().filter(branch=org).only("id", "name", "status").order_by("id"))
    form = ActivityForm(posted(request), request.FILES or None, kind=kind, roster=roster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_count = bool(data.get("attendee_count")) or not roster
        try:
            activity = services.activity_create(
                user=request.user, org=org, kind=kind, held_on=data["held_on"], topic=data["topic"],
                form=data.get("form", ""), summary=data.get("summary", ""),
                study_ways=data.get("study_ways") or [],
                present_ids=None if by_count else data.get("present") or [],
                absences=data["absences"],
                attendee_count=data.get("attendee_count"), vote=form.vote(),
                files=data.get("files") or [], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录。各部门可直接查看，无需再次报送。"))
            return redirect("records:detail", activity.pk)
    status = 400 if request.method == "POST" else 200
    _mark_roster(form, roster, form.data if request.method == "POST" else None)
    return render(request, "records/form.html", {"form": form, "org": org, "kind": kind, "roster": roster},
                  status=status)


@login_required
def activity_edit(request, pk):
    activity = gk.get_visible_or_404(gk.visible_activities(request.user).select_related("org", "kind"), pk=pk)
    gk.require(request.user, gk.CHANGE_REGISTRY, activity)
    lines = list(activity.attendance.select_related("member").order_by("member_id"))
    roster = []
    for line in lines:
        line.member.reason = line.absence_reason
        roster.append(line.member)
    initial = {"held_on": activity.held_on, "topic": activity.topic, "form": activity.form,
               "summary": activity.summary, "study_ways": activity.study_ways,
               "attendee_count": activity.attendee_count, "version": activity.version,
               "present": [line.member_id for line in lines if line.present]}
    form = ActivityForm(posted(request), request.FILES or None, kind=activity.kind, roster=roster,
                        editing=True, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_update(
                user=request.user, activity=activity, held_on=data["held_on"], topic=data["topic"],
                form=data.get("form", ""), summary=data.get("summary", ""),
                study_ways=data.get("study_ways") or [],
                present_ids=data.get("present") or [] if roster else None,
                absences=data["absences"], attendee_count=data.get("attendee_count"),
                files=data.get("files") or [], version=data.get("version"), request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
            conflict = is_stale(exc)
        else:
            messages.success(request, _("已修改。"))
            return redirect("records:detail", activity.pk)
    status = (409 if conflict else 400) if request.method == "POST" else 200
    _mark_roster(form, roster, form.data if request.method == "POST" else None)
    return render(request, "records/form.html", {"form": form, "org": activity.org, "kind": activity.kind,
                                                 "roster": roster, "activity": activity}, status=status)


@login_required
def activity_detail(request, pk):
    activity = gk.get_visible_or_404(
        gk.visible_activities(request.user).select_related("org", "kind", "org__unit", "created_by"), pk=pk)
    attendance = activity.attendance.select_related("member").order_by("member_id")
    return render(request, "records/detail.html", {
        "activity": activity, "attendance": attendance, "votes": activity.votes.all(),
        "study_ways_display": [dict(StudyWay.choices).get(w, w) for w in activity.study_ways],
        "attachments": activity.attachments.all(),
        "can_change": gk.can(request.user, gk.CHANGE_REGISTRY, activity),
    })


@login_required
def activity_delete(request, pk):
    activity = gk.get_visible_or_404(gk.visible_activities(request.user).select_related("org"), pk=pk)
    gk.require(request.user, gk.CHANGE_REGISTRY, activity)
    if request.method != "POST":
        return redirect("records:detail", pk)
    org_id = activity.org_id
    services.activity_delete(user=request.user, activity=activity, request=request)
    messages.success(request, _("记录已删除。"))
    return redirect(f"{reverse('records:list')}?org={org_id}")


def _visible_attachments(user):
    return Attachment.objects.filter(activity__in=gk.visible_activities(user).values("id"))


@login_required
def attachment_download(request, pk):
    """Always a download, never shown inline: octet-stream, ``attachment`` with the RFC 5987
    file name, so no uploaded file is ever rendered by the browser as a page."""
    attachment = gk.get_visible_or_404(_visible_attachments(request.user), pk=pk)
    return download_response(attachment.file, attachment.name)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = gk.get_visible_or_404(_visible_attachments(request.user).select_related("activity"), pk=pk)
    gk.require(request.user, gk.CHANGE_REGISTRY, attachment.activity)
    services.attachment_delete(user=request.user, attachment=attachment, request=request)
    messages.success(request, _("附件已删除。"))
    return redirect("records:detail", attachment.activity_id)
