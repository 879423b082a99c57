from django.urls import path

from khcn.plans.views import agencies, annual_report, dashboard, difficulties, editing, plans, reports

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("import/", plans.plan_import, name="plan_import"),
    path("import/<str:token>/", plans.plan_import_progress, name="plan_import_progress"),
    path("import/<str:token>/review/", plans.plan_import_review, name="plan_import_review"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", editing.plan_edit, name="plan_edit"),
    path("<int:pk>/items/<int:item_pk>/edit/", editing.item_edit, name="item_edit"),
    path("<int:pk>/periods/new/", plans.period_create, name="period_create"),
    path("<int:pk>/dashboard/", dashboard.plan_dashboard, name="plan_dashboard"),
    path("periods/<int:period_pk>/annual-report/", annual_report.annual_report, name="annual_report"),
    path(
        "periods/<int:period_pk>/annual-report.<str:fmt>",
        annual_report.annual_report_download,
        name="annual_report_download",
    ),
    path("<int:pk>/agencies/", agencies.plan_agencies, name="plan_agencies"),
    path("<int:pk>/difficulties/", difficulties.difficulty_list, name="difficulty_list"),
    path("<int:pk>/difficulties/new/", difficulties.difficulty_create, name="difficulty_create"),
    path("difficulties/<int:pk>/", difficulties.difficulty_detail, name="difficulty_detail"),
    path("reports/", reports.report_list, name="report_list"),
    path("periods/<int:period_pk>/agencies/<int:org_pk>/report/", reports.report_start, name="report_start"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/attachments/", reports.attachment_add, name="attachment_add"),
    path(
        "reports/<int:pk>/attachments/<int:attachment_pk>/",
        reports.attachment_download,
        name="attachment_download",
    ),
    path(
        "reports/<int:pk>/attachments/<int:attachment_pk>/remove/",
        reports.attachment_remove,
        name="attachment_remove",
    ),
    path("reports/<int:pk>/<str:name>/", reports.report_transition, name="report_transition"),
]
