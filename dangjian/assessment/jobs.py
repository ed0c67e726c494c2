"""The division tables' workbook as a background job: the same tables (selectors.ranked_tables)
and workbook (tables_xlsx) as the page's export, computed in the worker with the owner's scope."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_ASSESSMENT

from . import selectors
from .tables_xlsx import division_export

KIND = "assessment_tables"


def _scheme(params):
    scheme_id = params.get("scheme")
    scheme = selectors.current_scheme(pk=scheme_id) if isinstance(scheme_id, int) else None
    if scheme is None:
        raise ValidationError(_("考核方案不存在或尚未发布。"))
    return scheme


def check(user, params):
    gatekeeper.require(user, VIEW_ASSESSMENT)
    _scheme(params)


def run(*, user, params, progress):
    scheme = _scheme(params)
    progress(5, _("正在计算各单位得分"))
    tables = selectors.ranked_tables(user, scheme)
    progress(70, _("正在写入工作簿"))
    data = division_export(user=user, scheme=scheme, tables=tables, grade_labels=selectors.GRADE_LABELS,
                           veto_labels=selectors.VETO_LABELS)
    return _("%(scheme)s赛区排名.xlsx") % {"scheme": f"{scheme.year}{scheme.title}"}, data
