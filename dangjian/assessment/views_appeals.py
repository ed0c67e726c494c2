"""Appeal pages (inbox, thread, open an appeal) and the snapshots page. Thin: the gatekeeper
says who sees what (404 outside reach, 403 visible but not allowed), the services write."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts.gatekeeper import CONFIGURE, VIEW_ASSESSMENT, can, get_visible_or_404, require, visible_bodies
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import paginate

from .appeals import appeal_deadline, appeal_inbox, can_appeal, can_decide, reply_side, visible_appeals
from .forms_appeals import AppealForm, DecideForm, ReplyForm, SnapshotForm
from .models import Appeal, LedgerEntry, Scheme, Snapshot
from .services_appeals import appeal_decide, appeal_open, appeal_reply
from .snapshots import ended_periods, snapshot_publish

APPEAL_RELATED = ("entry__indicator", "entry__scheme", "entry__department", "body__unit", "body__county_committee",
                  "department", "opened_by", "decided_by", "reversal")


@login_required
def inbox(request):
    require(request.user, VIEW_ASSESSMENT)
    page = paginate(request, appeal_inbox(request.user))
    return render(request, "assessment/appeals/inbox.html", {"page": page})


def _appeal(user, pk):
    return get_visible_or_404(visible_appeals(user).select_related(*APPEAL_RELATED), pk=pk)


def _detail(request, appeal, *, reply_form=None, decide_form=None, status=200):
    user = request.user
    is_open = appeal.state == Appeal.State.OPEN
    side = reply_side(user, appeal) if is_open else None
    decide = is_open and can_decide(user, appeal)
    return render(request, "assessment/appeals/detail.html", {
        "appeal": appeal, "entry": appeal.entry,
        "thread": appeal.messages.select_related("author"),
        # a form posted back with errors is shown even once the appeal is closed, to say why
        "reply_form": reply_form or (ReplyForm() if side else None),
        "decide_form": decide_form or (DecideForm() if decide else None),
    }, status=status)


@login_required
def detail(request, pk):
    return _detail(request, _appeal(request.user, pk))


@login_required
@require_POST
def reply(request, pk):
    appeal = _appeal(request.user, pk)
    if reply_side(request.user, appeal) is None:
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            appeal_reply(user=request.user, appeal=appeal, text=form.cleaned_data["text"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已回复。"))
            return redirect("appeals:detail", pk=appeal.pk)
    return _detail(request, appeal, reply_form=form, status=400)


@login_required
@require_POST
def decide(request, pk):
    appeal = _appeal(request.user, pk)
    if not can_decide(request.user, appeal):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            appeal_decide(user=request.user, appeal=appeal, uphold=form.cleaned_data["outcome"] == "uphold",
                          reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已处理该申诉。"))
            return redirect("appeals:detail", pk=appeal.pk)
    return _detail(request, appeal, decide_form=form, status=400)


@login_required
def appeal_open_view(request, entry_pk):
    user = request.user
    entries = LedgerEntry.objects.filter(body__in=visible_bodies(user, VIEW_ASSESSMENT).values("id")).select_related(
        "indicator", "scheme", "department", "body__unit", "body__county_committee")
    entry = get_visible_or_404(entries, pk=entry_pk)
    if not can_appeal(user, entry):
        raise PermissionDenied
    form = AppealForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                appeal = appeal_open(user=user, entry=entry, reason=form.cleaned_data["reason"], request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("申诉已提交，考核部门将在申诉处理页答复。"))
                return redirect("appeals:detail", pk=appeal.pk)
        status = 400
    deadline = appeal_deadline(entry, entry.scheme)
    return render(request, "assessment/appeals/open.html", {
        "entry": entry, "form": form, "deadline": deadline, "late": timezone.localdate() > deadline,
    }, status=status)


@login_required
def snapshots(request):
    user = request.user
    require(user, VIEW_ASSESSMENT)
    configure = can(user, CONFIGURE)
    published = list(Snapshot.objects.select_related("scheme", "published_by").annotate(bodies=Count("rows"))
                     .order_by("-scheme__year", "scheme__kind", "ends_on"))
    form, status = None, 200
    if configure:
        schemes = list(Scheme.objects.filter(published_at__isnull=False).order_by("-year", "kind", "-version"))
        form = SnapshotForm(posted(request), schemes=schemes)
        if request.method == "POST":
            if form.is_valid():
                scheme = next(s for s in schemes if s.pk == form.cleaned_data["scheme"])
                try:
                    snapshot_publish(user=user, scheme=scheme, period=form.cleaned_data["period"], request=request)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("考核结果已发布，发布后不能更改。"))
                    return redirect("appeals:snapshots")
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    done = {(s.scheme_id, s.period) for s in published}
    today = timezone.localdate()
    due = [] if not configure else [
        (s, p) for s in Scheme.objects.filter(published_at__isnull=False).order_by("-year", "kind")
        for p in ended_periods(s.year, today) if (s.pk, p) not in done]
    return render(request, "assessment/appeals/snapshots.html", {
        "snapshots": published, "form": form, "due": due, "periods": dict(Snapshot.Period.choices),
    }, status=status)
