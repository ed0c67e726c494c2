"""A django-tasks backend that hands tasks to Celery (used when CELERY_BROKER_URL is set).

django-tasks-celery would be the packaged choice but needs Python 3.12; this adapter is the
part of it we need: Celery is the queue and the worker, this only names the task to run.
Results are not kept by Celery: the Job row holds status, progress and the file.
"""
import uuid

from django.db import transaction
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.signals import task_enqueued


class CeleryBackend(BaseTaskBackend):
    supports_defer = False
    supports_get_result = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(task=task, id=uuid.uuid4().hex, status=TaskResultStatus.READY, enqueued_at=None,
                            started_at=None, finished_at=None, last_attempted_at=None, args=args,
                            kwargs=kwargs, backend=self.alias, errors=[], worker_ids=[])

        def publish():
            from .celery_app import run_task
            run_task.apply_async(args=(task.module_path, result.args, result.kwargs), task_id=result.id)

        # after the commit that wrote the job, so the worker never looks for a row not yet there
        transaction.on_commit(publish)
        task_enqueued.send(type(self), task_result=result)
        return result
