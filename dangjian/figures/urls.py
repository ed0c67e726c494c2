from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("annual/", views.annual, name="annual"),
    path("annual/export.xlsx", views.annual_xlsx, name="annual_export"),
]
