from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "dangjian.imports"

    def ready(self):
        from dangjian.jobs.kinds import register

        from . import jobs
        register(jobs.KIND, _("登记信息后台导出"), check=jobs.check, run=jobs.run)
