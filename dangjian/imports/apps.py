from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "dangjian.imports"

    def ready(self):
        from dangjian.jobs.kinds import register

        from . import jobs
        register(jobs.KIND, _("登记信息后台导出"), check=jobs.check, run=jobs.run)
        register(jobs.APPLY, _("后台确认导入"), check=jobs.apply_check, run=jobs.apply_run, link=jobs.apply_link)
