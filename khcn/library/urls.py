from django.urls import path

from khcn.library.views import harvest, imports, public, records, usage

app_name = "library"

urlpatterns = [
    path("", records.record_list, name="record_list"),
    path("records/new/", records.record_create, name="record_create"),
    path("records/<int:pk>/", records.record_detail, name="record_detail"),
    path("records/<int:pk>/cite.<str:fmt>", public.citation, name="citation"),
    path("records/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:pk>/files/", records.file_add, name="file_add"),
    path("records/<int:pk>/files/<int:file_pk>/", records.file_download, name="file_download"),
    path("records/<int:pk>/step/<str:name>/", records.record_step, name="record_step"),
    path("queue/", records.curator_queue, name="curator_queue"),
    path("collections/", records.collection_list, name="collection_list"),
    path("collections/<int:pk>/harvest/", harvest.collection_harvest, name="collection_harvest"),
    path("import/", imports.records_import, name="import"),
    path("import/review/", imports.records_import_review, name="import_review"),
    path("import/template.xlsx", imports.records_import_template, name="import_template"),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("usage/", usage.usage_report, name="usage_report"),
    path("usage.xlsx", usage.usage_export, name="usage_export"),
]
