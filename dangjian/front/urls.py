from django.urls import path

from .views import audit, health, home, member_edit, members, orgs, tree, units

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", home.home, name="home"),
    path("feedback/", home.feedback, name="feedback"),
    path("tree/", tree.org_tree, name="org_tree"),
    path("tree/<int:pk>/children/", tree.org_children, name="org_children"),
    path("zones/", units.zone_list, name="zone_list"),
    path("zones/<int:pk>/", units.zone_detail, name="zone_detail"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("county-committees/", units.county_committee_list, name="county_committee_list"),
    path("orgs/<int:pk>/", orgs.org_detail, name="org_detail"),
    path("branches/", orgs.branch_list, name="branch_list"),
    path("members/", members.member_list, name="member_list"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/reveal/", members.member_reveal, name="member_reveal"),
    path("members/<int:pk>/edit/", member_edit.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", member_edit.member_transfer, name="member_transfer"),
    path("audit/", audit.audit_log, name="audit_log"),
]
