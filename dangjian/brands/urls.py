from django.urls import path

from . import views

app_name = "brands"
urlpatterns = [
    path("", views.brand_list, name="list"),
    path("<int:pk>/", views.brand_detail, name="detail"),
    path("<int:pk>/edit/", views.brand_edit, name="edit"),
    path("<int:pk>/logo/", views.brand_logo, name="logo"),
    path("<int:pk>/honours/new/", views.honour_add, name="honour_add"),
    path("<int:pk>/cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/file/", views.case_file, name="case_file"),
    path("new/<str:kind>/<int:pk>/", views.brand_register, name="register"),
]
