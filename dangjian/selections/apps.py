from django.apps import AppConfig


class SelectionsConfig(AppConfig):
    name = "dangjian.selections"
    verbose_name = "评选"

    def ready(self):
        from . import checks  # noqa: F401  (registers the built-in eligibility checks)
