from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("security/", views.security_accounts, name="security_accounts"),
    path("security/unlock/", views.security_unlock, name="security_unlock"),
    path("security/changes/<int:change_id>/confirm/", views.security_decide, {"decision": "confirm"},
         name="security_confirm"),
    path("security/changes/<int:change_id>/reject/", views.security_decide, {"decision": "reject"},
         name="security_reject"),
]
