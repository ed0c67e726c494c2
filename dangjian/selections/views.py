"""Selection pages. Thin: access.py says who sees what (404 outside reach, 403 visible but not
allowed), services write, selectors read with a constant number of queries."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts.gatekeeper import can, get_visible_or_404, member_filter, org_filter, require, unit_filter
from dangjian.accounts.roles import MANAGE_SELECTIONS, NOMINATE, REVIEW, VIEW_SELECTIONS
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import paginate, query_without_page
from dangjian.orgs.models import Member, Unit

from dangjian.audit.services import audit_log
from dangjian.jobs.services import job_start

from . import access, documents, jobs, selectors, services
from .eligibility import candidate_branches, evaluate
from .forms import AnswerForm, GrantForm, NominationForm, ObjectionForm, RevokeForm, RoundForm, ScoreForm
from .models import Nomination, Objection, Round, SelectionKind, SubjectKind

S = Round.Status
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _any_selection_right(user):
    return any(can(user, p) for p in (MANAGE_SELECTIONS, NOMINATE, REVIEW, VIEW_SELECTIONS))


def _round(user, pk):
    return get_visible_or_404(access.visible_rounds(user).select_related("kind"), pk=pk)


@login_required
def round_list(request):
    if not _any_selection_right(request.user):
        raise PermissionDenied
    rounds = access.visible_rounds(request.user).select_related("kind").order_by("-year", "kind__sort", "id")
    return render(request, "selections/round_list.html", {
        "rounds": rounds, "manages": access.manages(request.user), "nominates": can(request.user, NOMINATE),
        "reviews": can(request.user, REVIEW)})


@login_required
def round_new(request):
    require(request.user, MANAGE_SELECTIONS)
    form = RoundForm(posted(request), kinds=SelectionKind.objects.all(),
                     initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                round = services.round_create(user=request.user, request=request, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("评选已创建。"))
                return redirect("selections:round_detail", pk=round.pk)
        return render(request, "selections/round_new.html", {"form": form}, status=400)
    return render(request, "selections/round_new.html", {"form": form})


def _grant_form(data=None):
    from dangjian.accounts.models import User
    from dangjian.accounts.roles import Role

    return GrantForm(data, reviewers=User.objects.filter(memberships__role=Role.EXPERT_REVIEWER, is_active=True)
                     .distinct().order_by("username"), units=Unit.objects.order_by("sort", "id"))


@login_required
@require_POST
def reviewer_grant_view(request, pk):
    round = _round(request.user, pk)
    require(request.user, MANAGE_SELECTIONS)
    form = _grant_form(request.POST)
    if form.is_valid():
        try:
            services.reviewer_grant(user=request.user, round=round, reviewer=form.cleaned_data["reviewer"],
                                    unit=form.cleaned_data["unit"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已邀请评审专家。"))
            return redirect("selections:round_detail", pk=round.pk)
    return _round_detail(request, round, grant_form=form, status=400)


@login_required
def round_detail(request, pk):
    round = _round(request.user, pk)
    require(request.user, MANAGE_SELECTIONS)
    return _round_detail(request, round)


def _round_detail(request, round, *, grant_form=None, status=200):
    sealed = round.review_closed_at is None
    can_grant = round.status in (S.DRAFT, S.NOMINATING, S.REVIEWING) and sealed
    return render(request, "selections/round_detail.html", {
        "grant_form": grant_form or (_grant_form() if can_grant else None),
        "round": round, "criteria": round.criteria.all(), "sealed": sealed,
        "nominations": selectors.round_nominations(round, access.visible_nominations(request.user)),
        "progress": selectors.round_progress(round),
        "reviewers": round.reviewers.select_related("user", "unit"),
        "rules": round.eligibility}, status=status)


STEPS = {
    "open": services.round_open, "review": services.round_close_nominations, "assign": services.assign_all,
    "shortlist": services.shortlist, "notice": services.notice_start, "finalise": services.round_finalise,
}


@login_required
@require_POST
def round_step(request, pk, step):
    round = _round(request.user, pk)
    require(request.user, MANAGE_SELECTIONS)
    if step not in STEPS:
        raise PermissionDenied
    try:
        STEPS[step](user=request.user, round=round, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return render(request, "selections/refused.html", {"round": round, "errors": exc.messages}, status=400)
    messages.success(request, _("已完成。"))
    return redirect("selections:round_detail", pk=round.pk)


def _choices(user, round):
    """(choices of subjects in reach, eligibility rows [(name, outcome)]) for the nominate page."""
    subject = round.kind.subject
    if subject == SubjectKind.BRANCH:
        branches = candidate_branches().filter(org_filter(user, perm=NOMINATE))
        outcomes = evaluate(round, queryset=branches) if round.eligibility else None
        rows = list(branches.order_by("path").values_list("id", "name"))
        table = [(name, outcomes[pk] if outcomes else None) for pk, name in rows]
        eligible = [(pk, name) for pk, name in rows if outcomes is None or outcomes[pk].passed]
        return eligible, table, _("党支部")
    if subject == SubjectKind.MEMBER:
        members = Member.objects.current().filter(member_filter(user, perm=NOMINATE)).order_by("branch__path", "id")
        return list(members.values_list("id", "name")[:500]), [], _("党员")
    units = Unit.objects.filter(unit_filter(user, perm=NOMINATE)).order_by("sort", "id")
    rows = list(units.values_list("id", "name"))
    if subject == SubjectKind.UNIT and round.eligibility:
        outcomes = evaluate(round, queryset=units)
        return ([(pk, n) for pk, n in rows if outcomes[pk].passed], [(n, outcomes[pk]) for pk, n in rows],
                _("单位"))
    return rows, [], _("推荐单位")


@login_required
def nominate(request, pk):
    round = _round(request.user, pk)
    require(request.user, NOMINATE)
    choices, table, label = _choices(request.user, round)
    form = NominationForm(posted(request), request.FILES or None, choices=choices, subject_label=label)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            subject = round.kind.subject
            chosen = data.get("subject")
            target = {}
            if subject == SubjectKind.BRANCH:
                target["branch"] = candidate_branches().filter(pk=chosen).first()
            elif subject == SubjectKind.MEMBER:
                target["member"] = Member.objects.filter(pk=chosen).select_related("branch__unit").first()
            else:
                target["unit"] = Unit.objects.filter(pk=chosen).first()
            try:
                services.nomination_create(user=request.user, round=round, title=data["title"],
                                           materials=data["materials"], files=data.get("files") or (),
                                           request=request, **target)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已推荐。"))
                return redirect("selections:nominate", pk=round.pk)
        status = 400
    mine = selectors.round_nominations(round, access.visible_nominations(request.user).filter(
        unit_filter(request.user, "unit__", NOMINATE)))
    return render(request, "selections/nominate.html", {
        "round": round, "form": form, "table": table, "mine": mine,
        "open": round.status == S.NOMINATING and timezone.localdate() <= round.nomination_deadline}, status=status)


@login_required
def my_reviews(request):
    require(request.user, REVIEW)
    return render(request, "selections/my_reviews.html", {
        "assignments": selectors.my_assignments(access.visible_assignments(request.user))})


@login_required
def review(request, pk):
    require(request.user, REVIEW)
    assignment = get_visible_or_404(access.visible_assignments(request.user).select_related(
        "grant__round", "nomination__unit"), pk=pk)
    round = assignment.grant.round
    criteria = list(round.criteria.all())
    own = {s.criterion_id: s.points for s in assignment.scores.all()}
    form = ScoreForm(posted(request), criteria=criteria, initial_points=own)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.score_submit(user=request.user, assignment=assignment, points=form.points(), request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("评分已提交。"))
                return redirect("selections:my_reviews")
        status = 400
    return render(request, "selections/review.html", {
        "assignment": assignment, "nomination": assignment.nomination, "round": round, "form": form,
        "files": assignment.nomination.files.all(),
        "can_score": round.status == S.REVIEWING and round.review_closed_at is None}, status=status)


def _public_round(user, pk, statuses):
    round = _round(user, pk)
    if not (can(user, VIEW_SELECTIONS) or access.manages(user)):
        raise PermissionDenied
    if round.status not in statuses:
        raise PermissionDenied
    return round


def _notice(request, round, *, objection_form=None, status=200):
    shortlist = access.public_nominations(request.user).filter(round=round).select_related("unit").order_by("unit__sort", "unit_id", "id")
    objections = selectors.notice_objections(round)
    in_notice = round.status == S.NOTICE and round.notice.starts_on <= timezone.localdate() <= round.notice.ends_on
    return render(request, "selections/notice.html", {
        "round": round, "notice": round.notice, "shortlist": shortlist, "objections": objections,
        "objection_form": objection_form or (ObjectionForm() if in_notice else None),
        "answer_form": AnswerForm() if access.manages(request.user) and round.status == S.NOTICE else None,
    }, status=status)


@login_required
def notice(request, pk):
    round = _public_round(request.user, pk, access.PUBLIC_STATUSES)
    return _notice(request, round)


@login_required
@require_POST
def objection_new(request, pk):
    nomination = get_visible_or_404(access.public_nominations(request.user).select_related("round"), pk=pk)
    round = _public_round(request.user, nomination.round_id, access.PUBLIC_STATUSES)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_create(user=request.user, nomination=nomination, text=form.cleaned_data["text"],
                                      request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("异议已提交，工委将予答复。"))
            return redirect("selections:notice", pk=round.pk)
    return _notice(request, round, objection_form=form, status=400)


@login_required
@require_POST
def objection_answer_view(request, pk):
    require(request.user, MANAGE_SELECTIONS)
    objection = get_visible_or_404(Objection.objects.select_related("notice__round", "nomination"), pk=pk)
    form = AnswerForm(request.POST)
    round = objection.notice.round
    if form.is_valid():
        try:
            services.objection_answer(user=request.user, objection=objection, answer=form.cleaned_data["answer"],
                                      upheld=form.cleaned_data["upheld"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已答复。"))
            return redirect("selections:notice", pk=round.pk)
    return render(request, "selections/refused.html", {"round": round, "errors": form.errors.get("__all__", []) or
                                                       [e for errs in form.errors.values() for e in errs]}, status=400)


@login_required
def winners(request, pk):
    round = _public_round(request.user, pk, (S.CLOSED,))
    # listed by unit, not by score: the notice and the final list publish no ranking
    rows = (Nomination.objects.filter(round=round, winner=True).select_related("unit", "branch", "member")
            .order_by("unit__sort", "unit_id", "id"))
    return render(request, "selections/winners.html", {"round": round, "winners": rows,
                                                       "manages": can(request.user, MANAGE_SELECTIONS)})


@login_required
def results_notice(request, pk):
    """The results notice (公文) as a Word file, for the committee to sign and issue."""
    require(request.user, MANAGE_SELECTIONS)
    round = get_visible_or_404(access.visible_rounds(request.user).select_related("kind", "notice"), pk=pk,
                               status=S.CLOSED)
    data = documents.notice_bytes(round)
    audit_log(user=request.user, action="selection.results_notice", obj=round, request=request,
              changes={"bytes": len(data)})
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, _("%(t)s结果通知.docx") % {"t": round.title})
    return response


@login_required
@require_POST
def booklet_job(request, pk):
    """The winners' booklet, laid out in the background (a LibreOffice pass numbers its contents)."""
    require(request.user, MANAGE_SELECTIONS)
    round = get_visible_or_404(access.visible_rounds(request.user), pk=pk, status=S.CLOSED)
    job = job_start(user=request.user, kind=jobs.KIND, params={"round": round.pk}, scope=round.title, request=request)
    return redirect("jobs:detail", pk=job.pk)


@login_required
def titles(request):
    if not (can(request.user, VIEW_SELECTIONS) or access.manages(request.user)):
        raise PermissionDenied
    page = paginate(request, selectors.titles_with_history(access.visible_titles(request.user)))
    return render(request, "selections/titles.html", {
        "page": page, "query": query_without_page(request),
        "manages": access.manages(request.user), "revoke_form": RevokeForm()})


@login_required
@require_POST
def titles_recheck_view(request):
    """This year's re-check of every active title (one click: the rules decide, not a form)."""
    require(request.user, MANAGE_SELECTIONS)
    checked, failed = services.titles_recheck(user=request.user, year=timezone.localdate().year, request=request)
    if checked:
        messages.success(request, _("已复核 %(n)d 个称号，其中 %(f)d 个未通过，请逐个研究是否撤销。") % {"n": checked, "f": failed})
    else:
        messages.info(request, _("本年度的称号均已复核。"))
    return redirect("selections:titles")


@login_required
@require_POST
def title_revoke_view(request, pk):
    require(request.user, MANAGE_SELECTIONS)
    title = get_visible_or_404(access.visible_titles(request.user), pk=pk)
    form = RevokeForm(request.POST)
    errors = []
    if form.is_valid():
        try:
            services.title_revoke(user=request.user, title=title, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("称号已撤销，记录保留。"))
            return redirect("selections:titles")
    else:
        errors = [e for errs in form.errors.values() for e in errs]
    return render(request, "selections/refused.html", {"round": title.round, "errors": errors}, status=400)
