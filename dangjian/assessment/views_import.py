"""A department's facts in bulk from Excel, through the imports app's batch and confirm path:
every row validated (imports/plan_ledger.py), a preview with each row's Chinese errors, then one
confirm that writes every fact or none."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.accounts import gatekeeper
from dangjian.imports.apply import ImportRejected, batch_apply, batch_create, batch_visible, can_import
from dangjian.imports.export import template_bytes
from dangjian.imports.models import ImportKind
from dangjian.imports.parse import FileRefused

from . import selectors
from .forms import LedgerUploadForm

LEDGER = ImportKind.LEDGER
MAX_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(user):
    if not can_import(user, LEDGER):
        raise PermissionDenied


def _page(request, *, form=None, plan=None, batch=None, refusal="", status=200):
    errors = plan.errors if plan is not None else []
    return render(request, "assessment/import.html", {
        "form": form or LedgerUploadForm(), "plan": plan, "batch": batch, "refusal": refusal,
        "errors": errors[:MAX_SHOWN], "error_count": len(errors),
        "rows": (plan.creates[:MAX_SHOWN] if plan is not None and not errors else []),
        "scheme": selectors.current_scheme(),
        "max_mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}",
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request):
    user = request.user
    _require(user)
    if request.method == "GET":
        return _page(request)
    form = LedgerUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > settings.IMPORT_MAX_BYTES:
        return _page(request, form=form, status=400, refusal=_("文件超过 %(mb)s MB，请拆分后分批导入。") % {
            "mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}"})
    try:
        batch, plan = batch_create(user=user, kind=LEDGER, filename=upload.name, data=upload.read(),
                                   request=request)
    except FileRefused as err:
        return _page(request, form=form, refusal=str(err), status=400)
    return _page(request, plan=plan, batch=batch, status=200 if batch else 400)


@login_required
@require_POST
def ledger_confirm(request, pk):
    user = request.user
    batch = gatekeeper.get_visible_or_404(batch_visible(user).filter(kind=LEDGER), pk=pk)
    _require(user)
    try:
        batch_apply(user=user, batch=batch, request=request)
    except ImportRejected as err:
        return _page(request, plan=err.plan, status=400)
    except (ValidationError, FileRefused) as err:
        text = " ".join(err.messages) if isinstance(err, ValidationError) else str(err)
        return _page(request, refusal=text, status=400)
    batch.refresh_from_db()
    messages.success(request, _("已写入 %(n)d 条考核台账。") % {"n": batch.created})
    return redirect("assessment:desk")


@login_required
@require_GET
def ledger_template(request):
    _require(request.user)
    response = HttpResponse(template_bytes(LEDGER), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _("考核台账导入模板.xlsx"))
    return response
