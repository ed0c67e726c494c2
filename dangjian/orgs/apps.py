from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _store_data_key_check(sender, using="default", **kwargs):
    from .datakey import data_key_check_ensure
    data_key_check_ensure(using=using)


class OrgsConfig(AppConfig):
    name = "dangjian.orgs"
    verbose_name = "组织库"

    def ready(self):
        from . import checks  # noqa: F401  registers the DATA_KEY check
        post_migrate.connect(_store_data_key_check, sender=self)
