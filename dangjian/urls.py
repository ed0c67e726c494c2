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
    path("commitments/", include("dangjian.commitments.urls")),
    path("figures/", include("dangjian.figures.urls")),
    path("brands/", include("dangjian.brands.urls")),
    path("challenges/", include("dangjian.challenges.urls")),
    path("selections/", include("dangjian.selections.urls")),
    path("reports/", include("dangjian.reports.urls")),
    path("assessment/appeals/", include("dangjian.assessment.urls_appeals")),
    path("jobs/", include("dangjian.jobs.urls")),
    path("rectifications/", include("dangjian.rectification.urls")),
]
