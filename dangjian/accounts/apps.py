from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangjian.accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from . import signals  # noqa: F401  (sign-in events go to the audit log)
