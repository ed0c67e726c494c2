"""The one task the queue carries: run a job by id (django-tasks, whichever backend is set)."""
from django_tasks import task


@task()
def run_job(job_id: int):
    from .services import job_run
    job_run(job_id=job_id)
