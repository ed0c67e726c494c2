from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "dangjian.challenges"
    verbose_name = "揭榜挂帅"
    default_auto_field = "django.db.models.BigAutoField"
