"""Writes of rectification: keyword-only, atomic, audited; every step appends to the history.

A department raises a problem (optionally from one of its live deductions on the ledger); the
unit reports it done with a short note and an optional file; the raising department verifies
it or sends it back with a reason. Everything is validated before anything is written.
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper
from dangjian.accounts.roles import RAISE_RECTIFICATION, REPORT_RECTIFICATION
from dangjian.assessment.models import Indicator, LedgerEntry
from dangjian.audit.services import audit_log
from dangjian.lib.dates import past_date_error, planned_date_error
from dangjian.lib.filetypes import upload_error

from . import rules
from .models import Problem, Source, Transition

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_NOTE = 500


def _text(value, field, label, errors, *, limit=None):
    value = (value or "").strip()
    if not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif limit and len(value) > limit:
        errors[field] = _("%(label)s不超过 %(n)d 字。") % {"label": label, "n": limit}
    return value


def _live_deduction(entry, *, unit, department) -> str | None:
    """Why ``entry`` cannot be the source of a problem of ``unit`` raised by ``department``."""
    if entry.department_id != department.pk:
        return _("只能依据本部门的考核扣分记录提出整改问题。")
    if entry.indicator.kind != Indicator.Kind.DEDUCTION or entry.reverses_id:
        return _("只能依据扣分记录提出整改问题。")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        return _("该扣分记录已冲销，不能再据此提出整改问题。")
    if entry.body.unit_id != unit.pk:
        return _("扣分记录的考核对象与所选单位不一致。")
    return None


@transaction.atomic
def problem_create(*, user, department, unit, source, raised_on: date, description, measures, owner,
                   deadline: date, org=None, entry=None, request=None, today=None):
    """Raise a problem with ``unit`` for ``department`` (one the user raises for)."""
    today = today or date.today()
    if department is None or department.pk not in gatekeeper.department_ids(user, RAISE_RECTIFICATION):
        raise ValidationError(_("只能以本人所在考核部门的名义提出整改问题。"))
    errors = {}
    description = _text(description, "description", _("问题描述"), errors, limit=2000)
    measures = _text(measures, "measures", _("整改措施"), errors, limit=2000)
    owner = _text(owner, "owner", _("整改责任人"), errors, limit=100)
    if source not in Source.values:
        errors["source"] = _("请选择问题来源。")
    if org is not None and org.unit_id != unit.pk:
        errors["org"] = _("所选党组织不属于该单位。")
    if entry is not None:
        if source != Source.ASSESSMENT:
            errors["source"] = _("依据考核扣分提出的问题，来源须为“考核扣分”。")
        why = _live_deduction(entry, unit=unit, department=department)
        if why:
            errors["entry"] = why
        elif raised_on < entry.occurred_on:
            errors["raised_on"] = _("提出日期不能早于扣分事实发生日期。")
    message = past_date_error(raised_on, today=today)
    if message:
        errors.setdefault("raised_on", message)
    message = rules.deadline_error(raised_on=raised_on, deadline=deadline) or planned_date_error(deadline, today=today)
    if message:
        errors["deadline"] = message
    if errors:
        raise ValidationError(errors)
    problem = Problem.objects.create(
        unit=unit, org=org, department=department, source=source, entry=entry, raised_on=raised_on,
        description=description, measures=measures, owner=owner, deadline=deadline,
        status=rules.next_status(None, rules.CREATE), created_by=user)
    Transition.objects.create(problem=problem, action=rules.CREATE, status=problem.status, by=user)
    audit_log(user=user, action="rectification.create", obj=problem, request=request, changes={
        "unit": unit.pk, "department": department.pk, "source": source, "entry": entry.pk if entry else None,
        "deadline": deadline.isoformat()})
    return problem


def _locked(problem):
    return Problem.objects.select_for_update().get(pk=problem.pk)


def _step(*, user, problem, action, note="", request=None, **fields):
    """Move the (locked) problem by ``action``; the caller has checked who may."""
    error = rules.transition_error(problem.status, action)
    if error:
        raise ValidationError(error)
    before = problem.status
    problem.status = rules.next_status(before, action)
    for name, value in fields.items():
        setattr(problem, name, value)
    problem.save(update_fields=["status", *fields])
    Transition.objects.create(problem=problem, action=action, status=problem.status, note=note, by=user)
    audit_log(user=user, action=f"rectification.{action}", obj=problem, request=request,
              changes={"status": [before, problem.status], **({"note": note} if note else {})})
    return problem


@transaction.atomic
def problem_report_done(*, user, problem, note, evidence=None, request=None):
    """The unit says the problem is rectified: a short note, a file if it has one (optional)."""
    problem = _locked(problem)
    if not gatekeeper.can(user, REPORT_RECTIFICATION, problem):
        raise ValidationError(_("只有问题所在单位可以报告整改完成。"))
    errors = {}
    note = _text(note, "note", _("整改情况"), errors, limit=MAX_NOTE)
    if evidence is not None:
        why = upload_error(evidence.name, evidence, evidence.size, MAX_EVIDENCE_BYTES)
        if why:
            errors["evidence"] = why
    if errors:
        raise ValidationError(errors)
    fields = {"done_note": note}
    if evidence is not None:
        fields.update(evidence=evidence, evidence_name=evidence.name[:200])
    return _step(user=user, problem=problem, action=rules.REPORT, note=note, request=request, **fields)


def _by_raising_department(user, problem):
    if problem.department_id not in gatekeeper.department_ids(user, RAISE_RECTIFICATION):
        raise ValidationError(_("只有提出该问题的部门可以验收或退回。"))


@transaction.atomic
def problem_verify(*, user, problem, note="", request=None):
    problem = _locked(problem)
    _by_raising_department(user, problem)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("说明不超过 %(n)d 字。") % {"n": MAX_NOTE}})
    return _step(user=user, problem=problem, action=rules.VERIFY, note=note, request=request)


@transaction.atomic
def problem_send_back(*, user, problem, reason, request=None):
    problem = _locked(problem)
    _by_raising_department(user, problem)
    errors = {}
    reason = _text(reason, "note", _("退回理由"), errors, limit=MAX_NOTE)
    if errors:
        raise ValidationError(errors)
    return _step(user=user, problem=problem, action=rules.SEND_BACK, note=reason, request=request)
