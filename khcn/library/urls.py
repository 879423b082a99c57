from django.urls import path

from khcn.library.views import records

app_name = "library"

urlpatterns = [
    path("", records.record_list, name="record_list"),
    path("records/new/", records.record_create, name="record_create"),
    path("records/<int:pk>/", records.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:pk>/files/", records.file_add, name="file_add"),
    path("records/<int:pk>/files/<int:file_pk>/", records.file_download, name="file_download"),
    path("records/<int:pk>/step/<str:name>/", records.record_step, name="record_step"),
    path("queue/", records.curator_queue, name="curator_queue"),
    path("collections/", records.collection_list, name="collection_list"),
]
