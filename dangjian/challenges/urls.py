from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/appoint/", views.appoint, name="appoint"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/file/", views.application_file, name="application_file"),
]
