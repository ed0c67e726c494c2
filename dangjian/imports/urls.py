from django.urls import path, re_path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("<int:pk>/confirm/job/", views.batch_confirm_job, name="confirm_job"),
    re_path(r"^template/(?P<kind>units|orgs|members|activities)\.xlsx$", views.template_download, name="template"),
    re_path(r"^export/(?P<kind>units|orgs|members)\.xlsx$", views.export, name="export"),
    re_path(r"^export/(?P<kind>units|orgs|members)/job/$", views.export_job, name="export_job"),
]
