from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "dangjian.commitments"
    verbose_name = "书记三个一清单"
