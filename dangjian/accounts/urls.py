from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("security/", views.security_accounts, name="security_accounts"),
    path("security/<int:user_id>/unlock/", views.security_unlock, name="security_unlock"),
]
