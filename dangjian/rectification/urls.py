from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.index, name="index"),
    path("raised/", views.raised, name="raised"),
    path("unit/", views.unit_list, name="unit"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/send-back/", views.send_back, name="send_back"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
]
