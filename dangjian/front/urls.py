from django.urls import path

from .views import health, home

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", home.home, name="home"),
    path("feedback/", home.feedback, name="feedback"),
]
