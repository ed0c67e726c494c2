"""My background jobs: the list, one job's progress (polled by htmx, refreshed without JS) and
its file. A job is its owner's alone: anyone else gets 404."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangjian.accounts import gatekeeper
from dangjian.audit.services import audit_log
from dangjian.lib.paging import paginate

from . import kinds
from .models import Job
from .services import visible_jobs

POLL_SECONDS = 2


def _label(job):
    job.kind_label = kinds.label(job.kind)
    return job


def _with_link(job):
    job.link = kinds.link(job) if job.status == Job.Status.DONE else None
    return job


@login_required
@require_GET
def job_list(request):
    page = paginate(request, visible_jobs(request.user).defer("params"))
    for job in page:
        _label(job)
    return render(request, "jobs/list.html", {"page": page, "query": ""})


@login_required
@require_GET
def job_detail(request, pk):
    job = _with_link(_label(gatekeeper.get_visible_or_404(visible_jobs(request.user), pk=pk)))
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if request.htmx:
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/detail.html", context)


@login_required
@require_GET
def job_download(request, pk):
    job = gatekeeper.get_visible_or_404(visible_jobs(request.user), pk=pk)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_log(user=request.user, action="job.download", obj=job, request=request,
              object_repr=f"{kinds.label(job.kind)} {job.result_name}"[:200])
    return FileResponse(handle, as_attachment=True, filename=job.result_name)
