from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("org/<int:org_id>/", views.org_list, name="org"),
    path("org/<int:org_id>/new/<slug:kind>/", views.item_create, name="create"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/note/", views.note_add, name="note"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("overview/", views.overview, name="overview"),
    path("unit/<int:unit_id>/", views.unit_lists, name="unit"),
]
