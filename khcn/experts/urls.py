from django.urls import path

from khcn.experts import views

app_name = "experts"
urlpatterns = [
    path("", views.expert_list, name="list"),
    path("export.xlsx", views.expert_export, name="export"),
    path("new/", views.expert_create, name="create"),
    path("suggest/", views.expert_suggest, name="suggest"),
    path("import/", views.import_start, name="import_start"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/columns/", views.import_map, name="import_map"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/affiliations/", views.affiliation_add, name="affiliation_add"),
    path("<int:pk>/sanctions/", views.sanction_add, name="sanction_add"),
    path("<int:pk>/relatives/", views.relative_add, name="relative_add"),
    path("<int:pk>/relatives/<int:relative_pk>/remove/", views.relative_remove, name="relative_remove"),
]
