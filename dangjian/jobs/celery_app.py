"""The Celery application, for deployments that set CELERY_BROKER_URL (Redis or RabbitMQ).

Worker: ``celery -A dangjian.jobs.celery_app worker``. Celery reads its settings from Django's
(the CELERY_* names in dangjian/settings.py) and sets Django up in the worker.
"""
import os

from celery import Celery
from django.utils.module_loading import import_string
from django_tasks.base import Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")

app = Celery("dangjian")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="dangjian.jobs.run_task", ignore_result=True)
def run_task(module_path, args, kwargs):
    """Run a django-tasks Task (by its module path) in this Celery worker."""
    task = import_string(module_path)
    if not isinstance(task, Task):      # a message names a task, never any other callable
        raise TypeError(f"{module_path} is not a task")
    return task.call(*args, **kwargs)
