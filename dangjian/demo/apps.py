from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dangjian.demo"
