from django.urls import path

from khcn.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("new/", views.council_create, name="council_create"),
    path("export.xlsx", views.council_export, name="council_export"),
    path("<int:pk>/", views.council_detail, name="council_detail"),
    path("<int:pk>/manage/", views.council_manage, name="council_manage"),
    path("<int:pk>/decision/", views.council_decision, name="council_decision"),
    path("<int:pk>/decision.pdf", views.decision_file, name="decision_file"),
    path("<int:pk>/schedule/", views.council_schedule, name="council_schedule"),
    path("<int:pk>/minutes/", views.council_minutes, name="council_minutes"),
    path("<int:pk>/sheets/<int:sheet_pk>/scan/", views.sheet_scan, name="sheet_scan"),
    path("<int:pk>/step/<str:name>/", views.council_step, name="council_step"),
    path("<int:pk>/attendance/<int:member_pk>/", views.attendance, name="attendance"),
    path("<int:pk>/items/<int:item_pk>/sheets/<int:member_pk>/", views.sheet_fill, name="sheet_fill"),
    path(
        "<int:pk>/declarations/<int:declaration_pk>/override/",
        views.declaration_override,
        name="declaration_override",
    ),
    path("<int:pk>/documents/<str:name>/", views.council_document, name="council_document"),
    path("<int:pk>/documents/items/<int:item_pk>/sheet/", views.sheet_document, name="sheet_document"),
    path(
        "<int:pk>/documents/items/<int:item_pk>/sheets/<int:member_pk>/",
        views.filled_sheet_document,
        name="filled_sheet_document",
    ),
    path(
        "<int:pk>/documents/declarations/<int:declaration_pk>/",
        views.declaration_document,
        name="declaration_document",
    ),
]
