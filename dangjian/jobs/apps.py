from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "dangjian.jobs"
    verbose_name = _("后台任务")

    def ready(self):
        # django-tasks-db registers its queue table in admin outside the gatekeeper (GatekeptAdmin),
        # with tracebacks in it: the queue is the workers' business, our Job rows are the record.
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
