from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dangjian.reports"
    verbose_name = "年度综述"

    def ready(self):
        from dangjian.jobs.kinds import register

        from . import jobs
        register(jobs.KIND, _("年度工作综述"), check=jobs.check, run=jobs.run)
