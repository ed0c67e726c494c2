from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "dangjian.brands"
    verbose_name = "党建品牌"
    default_auto_field = "django.db.models.BigAutoField"
