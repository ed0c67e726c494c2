"""Registry exports as background jobs (后台导出): the same queryset and workbook as the
synchronous export (export.py), written by the worker with the owner's scope as it is then."""
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import EXPORT, require

from .export import export_queryset, registry_export
from .models import ImportKind

KIND = "registry_export"
EXPORTABLE = (ImportKind.MEMBERS, ImportKind.ORGS, ImportKind.UNITS)


def _query(params):
    return QueryDict(params.get("query", ""))


def check(user, params):
    """Raises PermissionDenied or ValidationError: the same at start and in the worker."""
    require(user, EXPORT)
    if params.get("kind") not in EXPORTABLE:
        raise ValidationError(_("没有这种导出。"))
    try:
        export_queryset(user, params["kind"], _query(params))
    except ValueError:
        raise ValidationError(_("筛选条件无效。")) from None


def scope_label(params):
    what = ImportKind(params["kind"]).label
    return _("%(what)s（按筛选条件）") % {"what": what} if params.get("query") else str(what)


def run(*, user, params, progress):
    kind = params["kind"]
    queryset, filters = export_queryset(user, kind, _query(params))
    total = queryset.count()
    progress(2, _("共 %(n)d 条，正在写入") % {"n": total})

    def written(count):
        progress(2 + 95 * count // max(total, 1), _("已写入 %(count)d / %(n)d 条") % {"count": count, "n": total})

    data = registry_export(user=user, kind=kind, queryset=queryset, filters=filters, progress=written)
    return _("%(what)s.xlsx") % {"what": ImportKind(kind).label}, data
