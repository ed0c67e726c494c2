"""Writes of open challenges: keyword-only, atomic, audited, validated first (nothing written on refusal)."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log
from dangjian.lib.filetypes import upload_error

from . import rules
from .models import Application, ChallengeProject, Milestone, Review

MAX_FILE_BYTES = 20 * 1024 * 1024


def _who(user):
    return user if getattr(user, "pk", None) else None


def _locked(project):
    """The project row, locked for the transaction: two appointments or a late application
    racing a review see one another."""
    return ChallengeProject.objects.select_for_update().get(pk=project.pk)


def _refuse_unless(event, project, today):
    message = rules.event_error(event, project.status(today))
    if message:
        raise ValidationError(_(message))


def _required(**values):
    return {k: _("此项为必填项。") for k, v in values.items() if not (v or "").strip()}


@transaction.atomic
def challenge_publish(*, user, title, description, requirements="", apply_by, starts_on, request=None):
    errors = _required(title=title, description=description)
    errors |= {k: _(v) for k, v in rules.schedule_errors(apply_by=apply_by, starts_on=starts_on,
                                                        today=date.today()).items()}
    if errors:
        raise ValidationError(errors)
    project = ChallengeProject.objects.create(
        title=title.strip(), description=description.strip(), requirements=(requirements or "").strip(),
        apply_by=apply_by, starts_on=starts_on, published_by=_who(user))
    audit_log(user=user, action="challenge.publish", obj=project, request=request,
              changes={"apply_by": [None, str(apply_by)], "starts_on": [None, str(starts_on)]})
    return project


@transaction.atomic
def application_submit(*, user, project, unit, plan, file=None, request=None):
    """A unit applies for a project, once, before the deadline."""
    project = _locked(project)
    _refuse_unless(rules.APPLY, project, date.today())
    errors = _required(plan=plan)
    if Application.objects.filter(project=project, unit=unit).exists():
        errors["__all__"] = _("本单位已申报该项目，每个单位只能申报一次。")
    if file is not None and (message := upload_error(file.name, file, file.size, MAX_FILE_BYTES)):
        errors["file"] = message
    if errors:
        raise ValidationError(errors)
    application = Application(project=project, unit=unit, plan=plan.strip(), applied_by=_who(user))
    if file is not None:
        application.file_name = file.name[:200]
        application.file.save(file.name[-100:], file, save=False)
    application.save()
    audit_log(user=user, action="challenge.apply", obj=application, request=request,
              changes={"project": [None, str(project.pk)], "unit": [None, str(unit.pk)]})
    return application


@transaction.atomic
def challenge_appoint(*, user, project, application, request=None):
    """The committee appoints the lead unit, from the applicants, once applying has closed."""
    project = _locked(project)
    _refuse_unless(rules.APPOINT, project, date.today())
    if application.project_id != project.pk:
        raise ValidationError({"application": _("揭榜单位须从本项目的申报单位中确定。")})
    project.lead_unit_id = application.unit_id
    project.decided = rules.decided_after(rules.APPOINT, project.status(date.today()))
    project.save(update_fields=["lead_unit", "decided"])
    audit_log(user=user, action="challenge.appoint", obj=project, request=request,
              changes={"lead_unit": [None, str(application.unit_id)], "decided": [rules.PUBLISHED, project.decided]})
    return project


def _milestone_checked(project, *, due_on, done_on):
    errors = rules.milestone_errors(due_on=due_on, done_on=done_on, starts_on=project.starts_on, today=date.today())
    if errors:
        raise ValidationError({k: _(v) for k, v in errors.items()})


@transaction.atomic
def milestone_add(*, user, project, title, due_on, done_on=None, note="", request=None):
    project = _locked(project)
    _refuse_unless(rules.MILESTONE, project, date.today())
    if errors := _required(title=title):
        raise ValidationError(errors)
    _milestone_checked(project, due_on=due_on, done_on=done_on)
    milestone = Milestone.objects.create(project=project, title=title.strip(), due_on=due_on, done_on=done_on,
                                         note=(note or "").strip())
    audit_log(user=user, action="challenge.milestone_add", obj=milestone, request=request,
              changes={"project": [None, str(project.pk)], "due_on": [None, str(due_on)]})
    return milestone


@transaction.atomic
def milestone_update(*, user, milestone, done_on, note="", request=None):
    """The lead records a milestone's progress: done on a date (or not yet), with a short note."""
    project = _locked(milestone.project)
    _refuse_unless(rules.MILESTONE, project, date.today())
    _milestone_checked(project, due_on=milestone.due_on, done_on=done_on)
    before = [str(milestone.done_on or ""), milestone.note]
    milestone.done_on, milestone.note = done_on, (note or "").strip()
    after = [str(milestone.done_on or ""), milestone.note]
    if before == after:
        return milestone
    milestone.save(update_fields=["done_on", "note"])
    audit_log(user=user, action="challenge.milestone_update", obj=milestone, request=request,
              changes={"done_on": [before[0], after[0]], "note": [before[1], after[1]]})
    return milestone


@transaction.atomic
def challenge_review(*, user, project, result, comment, request=None):
    """The committee's acceptance review: 通过 → accepted, 不通过 → failed, 延期 → still running."""
    project = _locked(project)
    today = date.today()
    _refuse_unless(rules.REVIEW, project, today)
    errors = _required(comment=comment)
    if result not in rules.RESULTS:
        errors["result"] = _("请选择验收结果。")
    if errors:
        raise ValidationError(errors)
    before = project.decided
    project.decided = rules.decided_after(rules.REVIEW, project.status(today), result)
    project.save(update_fields=["decided"])
    review = Review.objects.create(project=project, result=result, comment=comment.strip(), reviewed_on=today,
                                   reviewed_by=_who(user))
    audit_log(user=user, action="challenge.review", obj=project, request=request,
              changes={"result": [None, result], "decided": [before, project.decided]})
    return review
