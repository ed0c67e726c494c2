"""Writes of the assessment engine: keyword-only, atomic, audited.

A department enters facts only for the indicators it owns (the gatekeeper's ``SCORE``);
the committee configures and publishes schemes (``CONFIGURE``). A published scheme is
frozen: ``scheme_new_version`` copies it into a draft that says what changed.
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import CONFIGURE, SCORE, require
from dangjian.accounts.models import Department
from dangjian.audit.services import audit_log
from dangjian.orgs.models import CountyCommittee, Unit

from .forbidden import forbidden_bases
from .models import AssessedBody, Indicator, LedgerEntry, Scheme
from .rules import case_points, scheme_errors

MANUAL_KINDS = {Indicator.Kind.DEDUCTION, Indicator.Kind.BONUS, Indicator.Kind.PANEL, Indicator.Kind.VETO}
LEAF_KINDS = MANUAL_KINDS | {Indicator.Kind.METRIC}
SCORED_KINDS = {Indicator.Kind.METRIC, Indicator.Kind.DEDUCTION, Indicator.Kind.PANEL}


def assessed_bodies_sync() -> int:
    """Give every unit and county committee its assessed body (two bulk INSERTs at most)."""
    units = Unit.objects.filter(assessed_body__isnull=True).values_list("id", flat=True)
    counties = CountyCommittee.objects.filter(assessed_body__isnull=True).values_list("id", flat=True)
    rows = [AssessedBody(unit_id=i) for i in units] + [AssessedBody(county_committee_id=i) for i in counties]
    AssessedBody.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


# ---- schemes --------------------------------------------------------------------------------

def _indicator_errors(indicators) -> list:
    errors = []
    for ind in indicators:
        label = f"{ind.code} {ind.name}"
        bases = forbidden_bases(" ".join([ind.name, ind.basis, ind.metric, *map(str, ind.params.keys())]))
        if bases:
            errors.append(_("%(ind)s：以登录、在线或学习时长、打卡、点赞、投票、转发、照片等为依据，违反为基层减负规定。")
                          % {"ind": label})
        if ind.kind in LEAF_KINDS and ind.kind != Indicator.Kind.VETO and ind.department_id is None:
            errors.append(_("%(ind)s：须指定考核部门。") % {"ind": label})
        if ind.kind == Indicator.Kind.METRIC and not ind.metric:
            errors.append(_("%(ind)s：须指定计算方法。") % {"ind": label})
        if ind.kind == Indicator.Kind.VETO and not (ind.veto and ind.basis.strip()):
            errors.append(_("%(ind)s：一票否决须写明否决后果和依据文件。") % {"ind": label})
        if ind.kind == Indicator.Kind.BONUS and ind.cap is None:
            errors.append(_("%(ind)s：加分须设上限。") % {"ind": label})
    return errors


def scheme_problems(scheme) -> list:
    """What keeps ``scheme`` from being published, in Chinese (empty when it may be)."""
    indicators = list(scheme.indicators.all())
    groups = {}
    by_parent = {}
    for ind in indicators:
        by_parent.setdefault(ind.parent_id, []).append(ind)
    for group in by_parent.get(None, []):
        if group.kind == Indicator.Kind.GROUP:
            leaves = [c.max_points for c in by_parent.get(group.id, []) if c.kind in SCORED_KINDS]
            groups[group.code] = (group.max_points, leaves)
    divisions = {d.name: d.weights for d in scheme.divisions.all()}
    errors = [] if scheme.basis.strip() else [_("考核方案须写明依据文件。")]
    return errors + scheme_errors(total=scheme.total, groups=groups, divisions=divisions) + _indicator_errors(indicators)


@transaction.atomic
def scheme_publish(*, user, scheme, request=None):
    require(user, CONFIGURE)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.published:
        raise ValidationError(_("该方案已发布，不能再次发布；修改请新建版本。"))
    problems = scheme_problems(scheme)
    if problems:
        raise ValidationError(problems)
    scheme.published_at, scheme.published_by = timezone.now(), user
    scheme.save(update_fields=["published_at", "published_by"])
    audit_log(user=user, action="scheme.publish", obj=scheme, request=request)
    return scheme


@transaction.atomic
def scheme_new_version(*, user, scheme, change_note, request=None):
    """A draft copy of a published scheme, one version up, saying what changed."""
    require(user, CONFIGURE)
    if not scheme.published:
        raise ValidationError(_("草稿方案可直接修改，无需新建版本。"))
    if not change_note.strip():
        raise ValidationError({"change_note": _("请写明本版变更内容。")})
    if Scheme.objects.filter(previous=scheme).exists():
        raise ValidationError(_("该版本已有后续版本。"))
    old_indicators = list(scheme.indicators.prefetch_related("categories").order_by("parent_id", "id"))
    old_divisions = list(scheme.divisions.prefetch_related("categories", "bodies"))
    draft = Scheme.objects.get(pk=scheme.pk)
    draft.pk = None
    draft.version = scheme.version + 1
    draft.previous, draft.change_note = scheme, change_note.strip()
    draft.published_at = draft.published_by = None
    draft.save()
    copies = {}
    for ind in sorted(old_indicators, key=lambda i: (i.parent_id is not None, i.id)):
        categories = list(ind.categories.all())
        old_id = ind.pk
        ind.pk, ind.scheme = None, draft
        ind.parent = copies.get(ind.parent_id)
        ind.save()
        ind.categories.set(categories)
        copies[old_id] = ind
    for division in old_divisions:
        categories, bodies = list(division.categories.all()), list(division.bodies.all())
        division.pk, division.scheme = None, draft
        division.save()
        division.categories.set(categories)
        division.bodies.set(bodies)
    audit_log(user=user, action="scheme.new_version", obj=draft, request=request,
              changes={"previous": scheme.pk, "change_note": draft.change_note})
    return draft


# ---- the ledger -----------------------------------------------------------------------------

def _entry_points(indicator, *, points, severity) -> Decimal:
    if indicator.kind == Indicator.Kind.VETO:
        return Decimal(0)
    if indicator.kind == Indicator.Kind.DEDUCTION and (indicator.ladder or indicator.per_case is not None):
        if indicator.ladder and severity not in indicator.ladder:
            raise ValidationError({"severity": _("请选择情形：%(names)s。") % {"names": "、".join(indicator.ladder)}})
        return case_points(per_case=indicator.per_case, ladder=indicator.ladder or None,
                           severity=severity or None)
    if points is None:
        raise ValidationError({"points": _("请填写分值。")})
    points = Decimal(points)
    if points <= 0:
        raise ValidationError({"points": _("分值须大于 0。")})
    limit = indicator.cap if indicator.kind == Indicator.Kind.BONUS else indicator.max_points
    if points > limit:
        raise ValidationError({"points": _("分值不能超过该指标的 %(max)s 分。") % {"max": limit}})
    return points


def _check_body(scheme, body):
    if body.county_committee_id and scheme.covers != Scheme.Covers.UNITS_AND_COUNTIES:
        raise ValidationError({"body": _("该方案只考核市直单位。")})


@transaction.atomic
def ledger_entry_create(*, user, indicator, body, fact, occurred_on, case_ref="", severity="",
                        points=None, evidence="", request=None):
    """Enter one fact for one assessed body. Only the owning department may; a case reference
    counts once per department in a scheme; a deduction or a bonus stays within its points."""
    require(user, SCORE, indicator)
    scheme = Scheme.objects.get(pk=indicator.scheme_id)      # as it is now, not as first loaded
    if not scheme.published:
        raise ValidationError(_("方案尚未发布，不能录入。"))
    if indicator.kind not in MANUAL_KINDS:
        raise ValidationError(_("该指标由平台已有数据计算，无需录入。"))
    _check_body(scheme, body)
    fact, case_ref, evidence = fact.strip(), case_ref.strip(), evidence.strip()
    if not fact:
        raise ValidationError({"fact": _("请写明事实。")})
    if indicator.kind in (Indicator.Kind.DEDUCTION, Indicator.Kind.VETO) and not case_ref:
        raise ValidationError({"case_ref": _("请填写案件编号或通报文号。")})
    if occurred_on.year != scheme.year:
        raise ValidationError({"occurred_on": _("发生日期须在方案年度 %(year)s 年内。") % {"year": scheme.year}})
    value = _entry_points(indicator, points=points, severity=severity)
    # one department's entries one at a time, so the once-per-case rule holds under races
    Department.objects.select_for_update().get(pk=indicator.department_id)
    if case_ref and LedgerEntry.objects.filter(
            scheme=scheme, department_id=indicator.department_id, case_ref=case_ref,
            reverses__isnull=True, reversed_by__isnull=True).exists():
        raise ValidationError({"case_ref": _("该案件已由本部门计分，同一案件只计一次。")})
    entry = LedgerEntry.objects.create(
        scheme=scheme, indicator=indicator, body=body, department_id=indicator.department_id,
        points=value, severity=severity, fact=fact, case_ref=case_ref, evidence=evidence,
        occurred_on=occurred_on, created_by=user)
    audit_log(user=user, action="ledger.create", obj=entry, request=request, changes={
        "indicator": indicator.code, "body": str(body), "points": str(value), "case_ref": case_ref})
    return entry


@transaction.atomic
def ledger_entry_reverse(*, user, entry, reason, request=None):
    """Cancel an entry by a reversing entry with a reason; the entry itself never changes."""
    require(user, SCORE, entry.indicator)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请写明冲销理由。")})
    Department.objects.select_for_update().get(pk=entry.department_id)
    if entry.reverses_id is not None:
        raise ValidationError(_("冲销记录不能再冲销。"))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("该记录已冲销。"))
    reversal = LedgerEntry.objects.create(
        scheme=entry.scheme, indicator=entry.indicator, body=entry.body, department=entry.department,
        points=entry.points, severity=entry.severity, fact=reason, case_ref=entry.case_ref,
        occurred_on=entry.occurred_on, reverses=entry, created_by=user)
    audit_log(user=user, action="ledger.reverse", obj=reversal, request=request,
              changes={"reverses": entry.pk, "reason": reason})
    return reversal
