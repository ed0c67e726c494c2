from django.urls import path

from . import views_appeals as views

app_name = "appeals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("entry/<int:entry_pk>/", views.appeal_open_view, name="open"),
    path("snapshots/", views.snapshots, name="snapshots"),
]
