from django.urls import path

from . import views, views_compliance

app_name = "records"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("org/<int:org_id>/new/", views.choose_kind, name="choose_kind"),
    path("org/<int:org_id>/new/<slug:kind_code>/", views.activity_create, name="create"),
    path("org/<int:org_id>/due/", views_compliance.org_due, name="due"),
    path("gaps/", views_compliance.gaps, name="gaps"),
    path("picture/", views_compliance.committee_picture, name="picture"),
    path("picture/export.xlsx", views_compliance.committee_picture_export, name="picture_export"),
    path("gaps/export.xlsx", views_compliance.gaps_export, name="gaps_export"),
]
