from django.urls import path

from .views import bases, courses, sitins, youth

app_name = "study"
urlpatterns = [
    # 理论学习中心组列席旁听 (committee)
    path("sit-ins/", sitins.sit_in_plan, name="sit_in_plan"),
    path("sit-ins/coverage/", sitins.sit_in_coverage, name="coverage"),
    path("sit-ins/coverage/export.xlsx", sitins.sit_in_coverage_export, name="coverage_export"),
    path("sit-ins/new/", sitins.sit_in_create, name="sit_in_create"),
    path("sit-ins/fill/<int:year>/", sitins.sit_in_fill, name="sit_in_fill"),
    path("sit-ins/<int:pk>/", sitins.sit_in_detail, name="sit_in_detail"),
    path("sit-ins/<int:pk>/edit/", sitins.sit_in_edit, name="sit_in_edit"),
    path("sit-ins/<int:pk>/complete/", sitins.sit_in_complete, name="sit_in_complete"),
    path("sit-ins/<int:pk>/cancel/", sitins.sit_in_cancel, name="sit_in_cancel"),
    # 培训班
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/enrol/", courses.course_enrol, name="course_enrol"),
    path("courses/<int:pk>/enrolments/<int:enrolment_pk>/withdraw/", courses.enrolment_withdraw,
         name="enrolment_withdraw"),
    path("courses/<int:pk>/sessions/new/", courses.session_create, name="session_create"),
    path("courses/<int:pk>/roster/", courses.course_roster, name="course_roster"),
    # 青年理论学习小组、青蓝结对
    path("youth/", youth.youth, name="youth"),
    path("youth/groups/new/", youth.youth_group_create, name="youth_group_create"),
    path("youth/groups/<int:pk>/members/add/", youth.youth_group_member_add, name="youth_group_member_add"),
    path("youth/pairs/new/", youth.mentoring_pair_create, name="mentoring_pair_create"),
    path("youth/pairs/<int:pk>/end/", youth.mentoring_pair_end, name="mentoring_pair_end"),
    # 党员干部教育基地
    path("bases/", bases.base_list, name="base_list"),
    path("bases/new/", bases.base_create, name="base_create"),
    path("bases/<int:pk>/", bases.base_calendar, name="base_calendar"),
    path("bases/<int:pk>/edit/", bases.base_edit, name="base_edit"),
    path("bases/<int:pk>/book/", bases.booking_create, name="booking_create"),
    path("bookings/", bases.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", bases.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/complete/", bases.booking_complete, name="booking_complete"),
    path("bookings/<int:pk>/cancel/", bases.booking_cancel, name="booking_cancel"),
]
