"""The jobs' task: run a job by id (django-tasks, whichever backend is set). The assessment queues
its own refresh of stored results (assessment/tasks.py)."""
from django_tasks import task


@task()
def run_job(job_id: int):
    from .services import job_run
    job_run(job_id=job_id)
