from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("dangjian.accounts.urls")),
    path("", include("dangjian.front.urls")),
    path("imports/", include("dangjian.imports.urls")),
    path("assessment/", include("dangjian.assessment.urls")),
    path("records/", include("dangjian.records.urls")),
    path("study/", include("dangjian.study.urls")),
    path("selections/", include("dangjian.selections.urls")),
    path("assessment/appeals/", include("dangjian.assessment.urls_appeals")),
]
