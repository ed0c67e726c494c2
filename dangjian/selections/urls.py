from django.urls import path

from . import views

app_name = "selections"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_new, name="round_new"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/reviewers/", views.reviewer_grant_view, name="reviewer_grant"),
    path("<int:pk>/step/<slug:step>/", views.round_step, name="round_step"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/notice/", views.notice, name="notice"),
    path("<int:pk>/winners/", views.winners, name="winners"),
    path("<int:pk>/notice.docx", views.results_notice, name="results_notice"),
    path("<int:pk>/booklet/", views.booklet_job, name="booklet_job"),
    path("nominations/<int:pk>/object/", views.objection_new, name="objection_new"),
    path("objections/<int:pk>/answer/", views.objection_answer_view, name="objection_answer"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("titles/", views.titles, name="titles"),
    path("titles/recheck/", views.titles_recheck_view, name="titles_recheck"),
    path("titles/<int:pk>/revoke/", views.title_revoke_view, name="title_revoke"),
]
