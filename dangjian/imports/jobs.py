"""Registry exports as background jobs (后台导出): the same queryset and workbook as the
synchronous export (export.py), written by the worker with the owner's scope as it is then."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.urls import reverse
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


# ---- confirming an import in the background (后台确认导入) -------------------------------------

APPLY = "import_apply"


def _batch(user, params):
    from .apply import batch_visible
    batch = batch_visible(user).filter(pk=params.get("batch")).first() if isinstance(params.get("batch"), int) \
        else None
    if batch is None:
        raise ValidationError(_("导入批次不存在。"))
    return batch


def apply_check(user, params):
    from .apply import can_import
    batch = _batch(user, params)
    if not can_import(user, batch.kind):
        raise PermissionDenied
    if batch.status != batch.Status.VALIDATED:
        raise ValidationError(_("该批次已导入或已作废，不能再次确认。"))


def apply_run(*, user, params, progress):
    """The confirm step's own service (apply.batch_apply): one transaction, so the bar moves
    from the start to the end; the batch page shows the counts afterwards."""
    from .apply import ImportRejected, batch_apply
    batch = _batch(user, params)
    progress(10, _("正在重新校验并写入 %(n)d 行") % {"n": batch.rows})
    try:
        batch_apply(user=user, batch=batch)
    except ImportRejected as err:
        raise ValidationError(_("重新校验时发现 %(n)d 处错误，未写入任何数据；请修正后重新上传。")
                              % {"n": len(err.plan.errors)}) from None
    return None


def apply_link(params):
    return reverse("imports:batch", args=[params["batch"]]), _("查看导入结果")
