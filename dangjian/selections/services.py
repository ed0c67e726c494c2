"""Writes of selection rounds: keyword-only, atomic, audited; bad input raises ValidationError
in Chinese before anything is written."""
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import can, member_filter, org_filter, require, unit_filter
from dangjian.accounts.roles import MANAGE_SELECTIONS, NOMINATE, REVIEW, VIEW_SELECTIONS
from dangjian.audit.services import audit_log, audit_log_many
from dangjian.lib.filetypes import upload_error
from dangjian.orgs.models import Member, PartyOrg, Unit

from . import rules
from .checks import rules_errors
from .eligibility import candidate_branches, evaluate, evaluate_one
from .models import (
    Assignment, Criterion, Nomination, NominationFile, Notice, Objection, ReviewerGrant, Round, Score,
    SubjectKind, Title, TitleCheck,
)

S = Round.Status
MAX_FILE_BYTES = 20 * 1024 * 1024


def _locked(round):
    return Round.objects.select_for_update().select_related("kind").get(pk=round.pk)


def _status(round, *wanted):
    if round.status not in wanted:
        raise ValidationError(_("评选“%(r)s”当前为“%(s)s”阶段，不能进行此操作。") % {
            "r": round.title, "s": round.get_status_display()})


# ---- rounds ---------------------------------------------------------------------------------

@transaction.atomic
def round_create(*, user, kind, year, title, nomination_deadline, quota, criteria, quota_per_unit=None,
                 quota_per_zone=None, trim=1, notice_days=5, eligibility=None, title_years=3, request=None):
    """A round in draft. ``criteria``: [(name, max points), ...]; ``eligibility`` defaults to
    the kind's default rules."""
    require(user, MANAGE_SELECTIONS)
    eligibility = list(kind.default_eligibility if eligibility is None else eligibility)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写评选名称。")
    if not quota or quota < 1:
        errors["quota"] = _("评选名额至少为 1。")
    if notice_days is None or notice_days < 1:
        errors["notice_days"] = _("公示期至少 1 个工作日。")
    if trim is None or trim < 0:
        errors["trim"] = _("去掉最高分和最低分的个数不能为负。")
    problems = rules_errors(eligibility, kind.subject)
    if problems:
        errors["eligibility"] = problems
    try:
        criteria = [(str(name).strip(), Decimal(str(points))) for name, points in criteria]
    except (InvalidOperation, TypeError, ValueError):
        criteria = None
    if not criteria or any(not name or points <= 0 for name, points in criteria):
        errors["criteria"] = _("至少设一个评分项，每项须有名称且分值大于 0。")
    if errors:
        raise ValidationError(errors)
    round = Round.objects.create(
        kind=kind, year=year, title=title.strip(), nomination_deadline=nomination_deadline, quota=quota,
        quota_per_unit=quota_per_unit, quota_per_zone=quota_per_zone, trim=trim, notice_days=notice_days,
        eligibility=eligibility, title_years=title_years, created_by=user)
    Criterion.objects.bulk_create([Criterion(round=round, name=n, max_points=p, sort=i)
                                   for i, (n, p) in enumerate(criteria)])
    audit_log(user=user, action="selection.round.create", obj=round, request=request,
              changes={"kind": [None, kind.code], "year": [None, str(year)], "quota": [None, str(quota)]})
    return round


def _move(*, user, round, source, target, action, request=None):
    require(user, MANAGE_SELECTIONS)
    round = _locked(round)
    _status(round, source)
    round.status = target
    round.save(update_fields=["status"])
    audit_log(user=user, action=action, obj=round, request=request, changes={"status": [source, target]})
    return round


@transaction.atomic
def round_open(*, user, round, request=None):
    """Open nominations."""
    return _move(user=user, round=round, source=S.DRAFT, target=S.NOMINATING, action="selection.round.open",
                 request=request)


@transaction.atomic
def round_close_nominations(*, user, round, request=None):
    """Close nominations: review begins."""
    return _move(user=user, round=round, source=S.NOMINATING, target=S.REVIEWING,
                 action="selection.round.review", request=request)


# ---- nominations ------------------------------------------------------------------------------

def _subject(*, user, round, unit, branch, member):
    """(unit, branch, member, default title) of a nomination the user may make, or refuse."""
    subject = round.kind.subject
    if subject == SubjectKind.BRANCH:
        if branch is None or not candidate_branches().filter(org_filter(user, perm=NOMINATE), pk=branch.pk).exists():
            raise ValidationError({"branch": _("请选择本单位的党支部。")})
        if branch.unit_id is None:
            raise ValidationError({"branch": _("该党支部未登记所在单位。")})
        return branch.unit, branch, None, branch.name
    if subject == SubjectKind.MEMBER:
        if member is None or not Member.objects.current().filter(member_filter(user, perm=NOMINATE),
                                                                 pk=member.pk).exists():
            raise ValidationError({"member": _("请选择本单位的党员。")})
        return member.branch.unit, None, member, member.name
    if unit is None or not Unit.objects.filter(unit_filter(user, perm=NOMINATE), pk=unit.pk).exists():
        raise ValidationError({"unit": _("请选择本单位。")})
    return unit, None, None, unit.name if subject == SubjectKind.UNIT else ""


def _subject_qs(round, unit, branch, member):
    subject = round.kind.subject
    if subject == SubjectKind.BRANCH:
        return PartyOrg.objects.filter(pk=branch.pk)
    if subject == SubjectKind.MEMBER:
        return Member.objects.filter(pk=member.pk)
    return Unit.objects.filter(pk=unit.pk)


@transaction.atomic
def nomination_create(*, user, round, title="", materials, unit=None, branch=None, member=None, files=(),
                      request=None):
    """A unit nominates a subject: open round, before the deadline, within the quota, eligible."""
    require(user, NOMINATE)
    round = _locked(round)
    _status(round, S.NOMINATING)
    if timezone.localdate() > round.nomination_deadline:
        raise ValidationError(_("推荐已于 %(d)s 截止。") % {"d": round.nomination_deadline.isoformat()})
    unit, branch, member, default_title = _subject(user=user, round=round, unit=unit, branch=branch, member=member)
    title = (title or "").strip() or default_title
    if not title:
        raise ValidationError({"title": _("请填写名称。")})
    if not (materials or "").strip():
        raise ValidationError({"materials": _("请填写事迹材料。")})
    if branch is not None and round.nominations.filter(branch=branch).exists():
        raise ValidationError({"branch": _("该党支部已被推荐。")})
    if member is not None and round.nominations.filter(member=member).exists():
        raise ValidationError({"member": _("该党员已被推荐。")})
    refusal = rules.quota_refusal(
        unit_count=round.nominations.filter(unit=unit).count(),
        zone_count=round.nominations.filter(unit__zone_id=unit.zone_id).count() if unit.zone_id else 0,
        per_unit=round.quota_per_unit, per_zone=round.quota_per_zone if unit.zone_id else None)
    if refusal:
        raise ValidationError(refusal)
    if round.eligibility:
        result = evaluate_one(round, _subject_qs(round, unit, branch, member))
        if not result.passed:
            raise ValidationError(result.message)
    files = list(files or ())
    errors = [e for e in (upload_error(f.name, f, f.size, MAX_FILE_BYTES) for f in files) if e]
    if errors:
        raise ValidationError({"files": errors})
    nomination = Nomination.objects.create(round=round, unit=unit, branch=branch, member=member, title=title[:200],
                                           materials=materials.strip(), created_by=user)
    for upload in files:
        NominationFile.objects.create(nomination=nomination, file=upload, name=upload.name[:200], size=upload.size)
    audit_log(user=user, action="selection.nomination.create", obj=nomination, request=request,
              changes={"round": [None, str(round.pk)], "unit": [None, str(unit.pk)], "files": [None, str(len(files))]})
    return nomination


# ---- review -------------------------------------------------------------------------------------

@transaction.atomic
def reviewer_grant(*, user, round, reviewer, unit=None, request=None):
    """Grant ``reviewer`` (holding the 评审专家 role) the round; ``unit``: their own unit, or
    None for an outside expert."""
    require(user, MANAGE_SELECTIONS)
    round = _locked(round)
    _status(round, S.DRAFT, S.NOMINATING, S.REVIEWING)
    if not can(reviewer, REVIEW):
        raise ValidationError({"reviewer": _("该用户不是评审专家。")})
    if round.reviewers.filter(user=reviewer).exists():
        raise ValidationError({"reviewer": _("该专家已受邀评审本次评选。")})
    grant = ReviewerGrant.objects.create(round=round, user=reviewer, unit=unit)
    audit_log(user=user, action="selection.reviewer.grant", obj=round, request=request,
              changes={"reviewer": [None, reviewer.get_username()], "unit": [None, str(unit.pk) if unit else ""]})
    return grant


def _assignable(grant, nomination):
    if nomination.round_id != grant.round_id:
        raise ValidationError(_("推荐对象不属于该专家受邀的评选。"))
    if grant.unit_id is not None and grant.unit_id == nomination.unit_id:
        raise ValidationError(_("评审专家不能评审本单位的推荐对象（回避）。"))


@transaction.atomic
def assignment_create(*, user, grant, nomination, request=None):
    require(user, MANAGE_SELECTIONS)
    round = _locked(grant.round)
    _status(round, S.REVIEWING)
    _assignable(grant, nomination)
    assignment, created = Assignment.objects.get_or_create(grant=grant, nomination=nomination)
    if created:
        audit_log(user=user, action="selection.assignment.create", obj=nomination, request=request,
                  changes={"reviewer": [None, grant.user.get_username()]})
    return assignment


@transaction.atomic
def assign_all(*, user, round, request=None) -> int:
    """Assign every granted reviewer every nomination not of their own unit (bulk)."""
    require(user, MANAGE_SELECTIONS)
    round = _locked(round)
    _status(round, S.REVIEWING)
    grants = list(round.reviewers.all())
    nominations = list(round.nominations.values_list("id", "unit_id"))
    have = set(Assignment.objects.filter(grant__round=round).values_list("grant_id", "nomination_id"))
    rows = [Assignment(grant=g, nomination_id=n) for g in grants for n, u in nominations
            if (g.unit_id is None or g.unit_id != u) and (g.pk, n) not in have]
    Assignment.objects.bulk_create(rows, batch_size=2000)
    audit_log(user=user, action="selection.assignment.bulk", obj=round, request=request,
              changes={"assignments": [None, str(len(rows))]})
    return len(rows)


@transaction.atomic
def score_submit(*, user, assignment, points, request=None):
    """A reviewer's points per criterion ({criterion id: points}), every criterion of the round,
    each within 0..max. Resubmitting before review closes replaces them."""
    require(user, REVIEW)
    if assignment.grant.user_id != user.pk:
        raise ValidationError(_("只能评审分配给本人的推荐对象。"))
    round = _locked(assignment.grant.round)
    _status(round, S.REVIEWING)
    if round.review_closed_at is not None:
        raise ValidationError(_("评审已结束，不能再提交评分。"))
    criteria = {c.pk: c for c in round.criteria.all()}
    errors = {}
    clean = {}
    for cid, c in criteria.items():
        raw = points.get(cid, points.get(str(cid)))
        try:
            value = Decimal(str(raw)).quantize(rules.CENT)
        except (InvalidOperation, TypeError, ValueError):
            errors[f"c{cid}"] = _("请填写“%(c)s”的得分。") % {"c": c.name}
            continue
        if not (0 <= value <= c.max_points):
            errors[f"c{cid}"] = _("“%(c)s”的得分须在 0 至 %(m)s 分之间。") % {"c": c.name, "m": c.max_points}
        clean[cid] = value
    if set(map(str, points)) - set(map(str, criteria)):
        errors["points"] = _("评分项不属于本次评选。")
    if errors:
        raise ValidationError(errors)
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create([Score(assignment=assignment, criterion_id=cid, points=v) for cid, v in clean.items()])
    audit_log(user=user, action="selection.score.submit", obj=assignment.nomination, request=request,
              changes={"total": [None, str(sum(clean.values()))]})
    return clean


def reviewer_totals(round) -> dict:
    """{nomination id: [each reviewer's total over every criterion]} (complete score sheets only)."""
    n_criteria = round.criteria.count()
    sheets = defaultdict(lambda: [Decimal(0), 0])
    for nomination_id, assignment_id, points in (Score.objects.filter(assignment__grant__round=round)
                                                 .values_list("assignment__nomination_id", "assignment_id",
                                                              "points")):
        sheet = sheets[(nomination_id, assignment_id)]
        sheet[0] += points
        sheet[1] += 1
    out = defaultdict(list)
    for (nomination_id, _a), (total, n) in sheets.items():
        if n == n_criteria:
            out[nomination_id].append(total)
    return out


@transaction.atomic
def shortlist(*, user, round, request=None):
    """Close review and shortlist by the quota: each nomination's trimmed mean of its reviewers'
    totals, ranked; ties ordered by the earlier nomination (rules.shortlist)."""
    require(user, MANAGE_SELECTIONS)
    round = _locked(round)
    _status(round, S.REVIEWING)
    if round.review_closed_at is not None:
        raise ValidationError(_("已确定入围名单。"))
    totals = reviewer_totals(round)
    if not totals:
        raise ValidationError(_("尚无完整的评分，不能确定入围名单。"))
    means = {nid: rules.trimmed_mean(values, round.trim) for nid, values in totals.items()}
    ranked = {r.key: r for r in rules.shortlist(means.items(), round.quota)}
    nominations = list(round.nominations.all())
    for n in nominations:
        r = ranked.get(n.pk)
        n.total, n.rank, n.shortlisted = (r.score, r.rank, r.shortlisted) if r else (None, None, False)
    Nomination.objects.bulk_update(nominations, ["total", "rank", "shortlisted"], batch_size=1000)
    round.review_closed_at = timezone.now()
    round.save(update_fields=["review_closed_at"])
    audit_log(user=user, action="selection.shortlist", obj=round, request=request,
              changes={"shortlisted": [None, str(sum(1 for r in ranked.values() if r.shortlisted))]})
    return [ranked[k] for k in sorted(ranked, key=lambda k: (ranked[k].rank, k))]


# ---- notice and objections ---------------------------------------------------------------------

@transaction.atomic
def notice_start(*, user, round, starts_on=None, text="", request=None):
    require(user, MANAGE_SELECTIONS)
    round = _locked(round)
    _status(round, S.REVIEWING)
    if round.review_closed_at is None:
        raise ValidationError(_("请先确定入围名单再公示。"))
    starts_on = starts_on or timezone.localdate()
    notice = Notice.objects.create(round=round, starts_on=starts_on, text=text.strip(),
                                   ends_on=rules.notice_end(starts_on, round.notice_days))
    round.status = S.NOTICE
    round.save(update_fields=["status"])
    audit_log(user=user, action="selection.notice.start", obj=round, request=request,
              changes={"starts_on": [None, str(notice.starts_on)], "ends_on": [None, str(notice.ends_on)]})
    return notice


@transaction.atomic
def objection_create(*, user, nomination, text, request=None):
    """An objection to a shortlisted nomination, during the notice period only (named, not anonymous)."""
    if not (can(user, VIEW_SELECTIONS) or can(user, MANAGE_SELECTIONS)):
        require(user, VIEW_SELECTIONS)
    round = _locked(nomination.round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if round.status != S.NOTICE or not hasattr(round, "notice"):
        raise ValidationError(_("该评选不在公示期，不能提出异议。"))
    notice = round.notice
    today = timezone.localdate()
    if not rules.in_notice(today, notice.starts_on, notice.ends_on):
        raise ValidationError(_("公示期为 %(s)s 至 %(e)s，当前不在公示期内，不能提出异议。") % {
            "s": notice.starts_on.isoformat(), "e": notice.ends_on.isoformat()})
    if not nomination.shortlisted:
        raise ValidationError(_("只能对公示名单中的对象提出异议。"))
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写异议内容。")})
    objection = Objection.objects.create(notice=notice, nomination=nomination, text=text.strip()[:2000],
                                         raised_by=user)
    audit_log(user=user, action="selection.objection.create", obj=nomination, request=request,
              changes={"objection": [None, str(objection.pk)]})
    return objection


@transaction.atomic
def objection_answer(*, user, objection, answer, upheld=False, request=None):
    """The committee answers; an upheld objection takes the nomination off the shortlist."""
    require(user, MANAGE_SELECTIONS)
    round = _locked(objection.notice.round)
    _status(round, S.NOTICE)
    if objection.answered_at is not None:
        raise ValidationError(_("该异议已答复。"))
    if not (answer or "").strip():
        raise ValidationError({"answer": _("请填写答复。")})
    objection.answer, objection.upheld = answer.strip(), bool(upheld)
    objection.answered_by, objection.answered_at = user, timezone.now()
    objection.save(update_fields=["answer", "upheld", "answered_by", "answered_at"])
    if upheld:
        Nomination.objects.filter(pk=objection.nomination_id).update(shortlisted=False)
    audit_log(user=user, action="selection.objection.answer", obj=objection.nomination, request=request,
              changes={"upheld": [None, str(bool(upheld))]})
    return objection


@transaction.atomic
def round_finalise(*, user, round, request=None):
    """After the notice period, with every objection answered: the shortlist wins; a round of a
    titled kind grants each winning branch its title for the term."""
    require(user, MANAGE_SELECTIONS)
    round = _locked(round)
    _status(round, S.NOTICE)
    notice = round.notice
    today = timezone.localdate()
    if today <= notice.ends_on:
        raise ValidationError(_("公示期至 %(e)s 结束，公示期满后才能确定最终名单。") % {"e": notice.ends_on.isoformat()})
    if notice.objections.filter(answered_at__isnull=True).exists():
        raise ValidationError(_("尚有异议未答复。"))
    winners = list(round.nominations.filter(shortlisted=True).order_by("rank", "id"))
    Nomination.objects.filter(pk__in=[w.pk for w in winners]).update(winner=True)
    if round.kind.grants_title:
        until = _add_years(today, round.title_years)
        Title.objects.bulk_create([Title(round=round, nomination=w, branch_id=w.branch_id, name=round.kind.name,
                                         granted_on=today, valid_until=until)
                                   for w in winners if w.branch_id])
    round.status = S.CLOSED
    round.save(update_fields=["status"])
    audit_log(user=user, action="selection.round.finalise", obj=round, request=request,
              changes={"winners": [None, str(len(winners))]})
    return winners


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:          # 29 February
        return day.replace(year=day.year + years, day=28)


# ---- titles --------------------------------------------------------------------------------------

@transaction.atomic
def title_recheck(*, user, title, year, request=None):
    """Re-check a title against its round's rules (the kind's default rules when the round had
    none) for ``year`` (once a year); the outcome is
    recorded, and revoking stays the committee's decision (title_revoke)."""
    require(user, MANAGE_SELECTIONS)
    title = Title.objects.select_for_update().select_related("round__kind").get(pk=title.pk)
    if title.status != Title.Status.ACTIVE:
        raise ValidationError(_("该称号已撤销，无需复核。"))
    if title.checks.filter(year=year).exists():
        raise ValidationError(_("该称号 %(y)d 年度已复核。") % {"y": year})
    rules_now = title.round.eligibility or title.round.kind.default_eligibility
    probe = Round(kind=title.round.kind, year=year, eligibility=rules_now,
                  nomination_deadline=date(year, 12, 31), title=title.round.title, quota=1)
    result = evaluate_one(probe, PartyOrg.objects.filter(pk=title.branch_id))
    entry = TitleCheck.objects.create(title=title, year=year, passed=result.passed,
                                      note=result.message or _("复核通过"), checked_by=user)
    audit_log(user=user, action="selection.title.recheck", obj=title, request=request,
              changes={"year": [None, str(year)], "passed": [None, str(result.passed)]})
    return entry


@transaction.atomic
def titles_recheck(*, user, year, request=None) -> tuple[int, int]:
    """The yearly re-check of every active title not yet checked for ``year``, in bulk: one
    evaluation per round (its rules, or the kind's), whatever the number of titles. Returns
    (checked, failed); revoking stays the committee's decision, title by title."""
    require(user, MANAGE_SELECTIONS)
    titles = list(Title.objects.select_for_update(of=("self",)).filter(status=Title.Status.ACTIVE)
                  .exclude(checks__year=year).select_related("round__kind").order_by("round_id", "id"))
    by_round = defaultdict(list)
    for title in titles:
        by_round[title.round].append(title)
    entries = []
    for round, held in by_round.items():
        probe = Round(kind=round.kind, year=year, eligibility=round.eligibility or round.kind.default_eligibility,
                      nomination_deadline=date(year, 12, 31), title=round.title, quota=1)
        outcomes = evaluate(probe, queryset=PartyOrg.objects.filter(pk__in=[t.branch_id for t in held]))
        for title in held:
            result = outcomes.get(title.branch_id)
            passed = bool(result and result.passed)
            note = (result.message if result else _("该党支部已撤销或不再是党支部")) or _("复核通过")
            entries.append(TitleCheck(title=title, year=year, passed=passed, note=note, checked_by=user))
    TitleCheck.objects.bulk_create(entries)
    audit_log_many(user=user, request=request, entries=[
        ("selection.title.recheck", e.title, {"year": [None, str(year)], "passed": [None, str(e.passed)]})
        for e in entries])
    return len(entries), sum(1 for e in entries if not e.passed)


@transaction.atomic
def title_revoke(*, user, title, reason, request=None):
    require(user, MANAGE_SELECTIONS)
    title = Title.objects.select_for_update().get(pk=title.pk)
    if title.status != Title.Status.ACTIVE:
        raise ValidationError(_("该称号已撤销。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写撤销原因。")})
    title.status, title.revoke_reason = Title.Status.REVOKED, reason.strip()
    title.revoked_on, title.revoked_by = timezone.localdate(), user
    title.save(update_fields=["status", "revoke_reason", "revoked_on", "revoked_by"])
    audit_log(user=user, action="selection.title.revoke", obj=title, request=request,
              changes={"status": [Title.Status.ACTIVE, Title.Status.REVOKED]})
    return title
