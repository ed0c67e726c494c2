"""The annual review as a background job: charts and the template take a few seconds.

The scope is checked when the job is started and again when the worker runs it (``check``):
a user who has lost the zone since gets a failed job, never the zone's numbers.
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import require
from dangjian.accounts.roles import WRITE_REVIEW
from dangjian.audit.services import audit_log

from . import scope
from .review import annual_review_docx

KIND = "annual_review"
FIRST_YEAR = 2000


def _year(params):
    year = params.get("year")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= date.today().year:
        raise ValidationError(_("年度不正确，请选择 %(a)d—%(b)d 年。") % {"a": FIRST_YEAR, "b": date.today().year})
    return year


def _picked_scope(user, params):
    """The job's scope; a job queued before scopes were picked is the user's widest one."""
    return scope.resolve(user, params.get("scope") or scope.default(user))


def check(user, params):
    require(user, WRITE_REVIEW)
    _year(params)
    _picked_scope(user, params)


def run(*, user, params, progress):
    year = _year(params)
    picked = _picked_scope(user, params)
    progress(10, _("正在计算数据"))
    data = annual_review_docx(picked.user, year, picked.name, progress=progress)
    audit_log(user=user, action="reports.annual_review", object_type="annual_review",
              changes={"year": year, "scope": picked.value, "scope_name": picked.name, "bytes": len(data)})
    return _("%(y)d年%(s)s党建工作综述.docx") % {"y": year, "s": picked.name}, data
