from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionsConfig(AppConfig):
    name = "dangjian.selections"
    verbose_name = "评选"

    def ready(self):
        from dangjian.jobs.kinds import register

        from . import checks, jobs  # noqa: F401  (checks registers the built-in eligibility checks)
        register(jobs.KIND, _("评选风采录"), check=jobs.check, run=jobs.run)
