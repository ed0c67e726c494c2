from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "dangjian.assessment"
    verbose_name = "考核"

    def ready(self):
        from dangjian.jobs.kinds import register

        from . import jobs
        register(jobs.KIND, _("考核结果后台导出"), check=jobs.check, run=jobs.run)
