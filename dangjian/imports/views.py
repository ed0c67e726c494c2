"""Import pages (choose, upload, check, confirm), templates and exports. Views stay thin:
the services in apply.py and export.py do the work, the gatekeeper decides access."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import EXPORT, IMPORT, UNMASK

from dangjian.jobs.services import job_start

from . import jobs
from .apply import ImportRejected, batch_apply, batch_create, batch_visible, can_import
from .export import export_queryset, registry_export, template_bytes
from .forms import UploadForm
from .models import ImportKind
from .parse import FileRefused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN_ERRORS = 200


def _xlsx(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _kinds(user):
    """Members first: the kind imported most often is the one preselected."""
    order = (ImportKind.MEMBERS, ImportKind.ORGS, ImportKind.UNITS, ImportKind.ACTIVITIES)
    return [(kind, ImportKind(kind).label, can_import(user, kind)) for kind in order]


def _index(request, form=None, refusal="", status=200):
    user = request.user
    context = {
        "form": form or UploadForm(initial={"kind": ImportKind.MEMBERS}), "refusal": refusal, "kinds": _kinds(user),
        "can_import": gatekeeper.can(user, IMPORT), "can_export": gatekeeper.can(user, EXPORT),
        "can_unmask_all": gatekeeper.can(user, UNMASK),
        "max_mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}", "max_rows": f"{settings.IMPORT_MAX_ROWS:,}",
        "recent": batch_visible(user)[:10],
        "export_jobs": [(kind, ImportKind(kind).label) for kind in jobs.EXPORTABLE],
    }
    return render(request, "imports/index.html", context, status=status)


@login_required
@require_GET
def index(request):
    if not (gatekeeper.can(request.user, IMPORT) or gatekeeper.can(request.user, EXPORT)):
        raise PermissionDenied
    return _index(request)


def _errors_page(request, plan, kind, status=400):
    errors = plan.errors
    return render(request, "imports/result.html", {
        "kind_label": ImportKind(kind).label, "plan": plan, "errors": errors[:MAX_SHOWN_ERRORS],
        "error_count": len(errors), "truncated": len(errors) > MAX_SHOWN_ERRORS,
    }, status=status)


@login_required
@require_POST
def upload(request):
    user = request.user
    gatekeeper.require(user, IMPORT)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, form, status=400)
    kind, upload_file = form.cleaned_data["kind"], form.cleaned_data["file"]
    if not can_import(user, kind):
        raise PermissionDenied
    if upload_file.size > settings.IMPORT_MAX_BYTES:
        message = _("文件超过 %(mb)s MB，请拆分后分批导入。") % {
            "mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}"}
        return _index(request, form, message, status=400)
    try:
        batch, plan = batch_create(user=user, kind=kind, filename=upload_file.name,
                                   data=upload_file.read(), request=request)
    except FileRefused as err:
        return _index(request, form, str(err), status=400)
    if batch is None:
        return _errors_page(request, plan, kind)
    return redirect("imports:batch", pk=batch.pk)


@login_required
@require_GET
def batch_detail(request, pk):
    batch = gatekeeper.get_visible_or_404(batch_visible(request.user), pk=pk)
    return render(request, "imports/batch.html", {"batch": batch})


@login_required
@require_POST
def batch_confirm(request, pk):
    user = request.user
    batch = gatekeeper.get_visible_or_404(batch_visible(user), pk=pk)
    if not can_import(user, batch.kind):
        raise PermissionDenied
    try:
        batch_apply(user=user, batch=batch, request=request)
    except ImportRejected as err:
        return _errors_page(request, err.plan, batch.kind)
    except ValidationError as err:     # includes a stale plan: the batch is then discarded
        batch.refresh_from_db()
        return render(request, "imports/batch.html", {"batch": batch, "refusal": " ".join(err.messages)},
                      status=400)
    except FileRefused as err:
        return render(request, "imports/batch.html", {"batch": batch, "refusal": str(err)}, status=400)
    messages.success(request, _("导入完成。"))
    return redirect("imports:batch", pk=batch.pk)


@login_required
@require_GET
def template_download(request, kind):
    if not can_import(request.user, kind):
        raise PermissionDenied
    return _xlsx(template_bytes(kind), _("%(what)s导入模板.xlsx") % {"what": ImportKind(kind).label})


@login_required
@require_GET
def export(request, kind):
    user = request.user
    gatekeeper.require(user, EXPORT)
    unmask = request.GET.get("full") == "1"
    try:
        queryset, filters = export_queryset(user, kind, request.GET)
    except ValueError:
        return HttpResponse(_("筛选条件无效。"), status=400, content_type="text/plain; charset=utf-8")
    if unmask and kind == ImportKind.MEMBERS:
        gatekeeper.require(user, UNMASK)
    if unmask and kind != ImportKind.MEMBERS:
        raise PermissionDenied
    data = registry_export(user=user, kind=kind, queryset=queryset, filters=filters, unmask=unmask,
                           request=request)
    return _xlsx(data, _("%(what)s.xlsx") % {"what": ImportKind(kind).label})


@login_required
@require_POST
def export_job(request, kind):
    """后台导出: the same export as a background job, for scopes too large to wait for."""
    params = {"kind": kind, "query": request.POST.get("query", "")[:2000] if kind == ImportKind.MEMBERS else ""}
    try:
        job = job_start(user=request.user, kind=jobs.KIND, params=params, scope=jobs.scope_label(params),
                        request=request)
    except ValidationError as err:
        return HttpResponse(" ".join(err.messages), status=400, content_type="text/plain; charset=utf-8")
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def batch_confirm_job(request, pk):
    """后台确认导入: the confirm step as a background job, with its progress on the job page."""
    batch = gatekeeper.get_visible_or_404(batch_visible(request.user), pk=pk)
    try:
        job = job_start(user=request.user, kind=jobs.APPLY, params={"batch": batch.pk},
                        scope=f"{batch.get_kind_display()} {batch.filename}", request=request)
    except ValidationError as err:
        return render(request, "imports/batch.html", {"batch": batch, "refusal": " ".join(err.messages)},
                      status=400)
    return redirect("jobs:detail", pk=job.pk)
