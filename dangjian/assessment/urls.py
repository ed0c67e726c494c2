from django.urls import path

from . import views, views_card, views_import, views_ledger, views_scheme, views_tables

app_name = "assessment"
urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("cards/<int:pk>/", views_card.card, name="card"),
    path("cards/<int:pk>/print/", views_card.card_print, name="card_print"),
    path("tables/", views_tables.division_tables, name="tables"),
    path("tables/export.xlsx", views_tables.division_tables_export, name="tables_export"),
    path("ledger/", views_ledger.ledger, name="ledger"),
    path("ledger/export.xlsx", views_ledger.ledger_xlsx, name="ledger_export"),
    path("tables/export/job/", views_tables.division_tables_export_job, name="tables_export_job"),
    path("schemes/", views_scheme.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views_scheme.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/publish/", views_scheme.scheme_publish_view, name="scheme_publish"),
    path("schemes/<int:pk>/new-version/", views_scheme.scheme_new_version_view, name="scheme_new_version"),
    path("import/", views_import.ledger_import, name="import"),
    path("import/template.xlsx", views_import.ledger_template, name="import_template"),
    path("import/<int:pk>/confirm/", views_import.ledger_confirm, name="import_confirm"),
]
