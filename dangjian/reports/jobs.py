"""The annual review as a background job: charts and the template take a few seconds."""
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import require
from dangjian.accounts.roles import WRITE_REVIEW
from dangjian.audit.services import audit_log

from .review import annual_review_docx
from .scope import scope_of

KIND = "annual_review"
FIRST_YEAR = 2000


def _year(params):
    year = params.get("year")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= date.today().year:
        raise ValidationError(_("年度不正确，请选择 %(a)d—%(b)d 年。") % {"a": FIRST_YEAR, "b": date.today().year})
    return year


def check(user, params):
    require(user, WRITE_REVIEW)
    _year(params)


def run(*, user, params, progress):
    year = _year(params)
    name, citywide = scope_of(user)
    progress(10, _("正在计算数据并排版"))
    data = annual_review_docx(user, year, name, citywide=citywide)
    audit_log(user=user, action="reports.annual_review", object_type="annual_review", changes={"year": year, "scope": name,
                                                                          "bytes": len(data)})
    return _("%(y)d年%(s)s党建工作综述.docx") % {"y": year, "s": name}, data
