from django.urls import path

from khcn.research.views import applications, dashboard, drafts, imports, lifecycle, proposals, tasks

app_name = "research"
urlpatterns = [
    path("calls/", proposals.call_list, name="call_list"),
    path("calls/new/", proposals.call_edit, name="call_create"),
    path("calls/<int:pk>/edit/", proposals.call_edit, name="call_edit"),
    path("calls/<int:call_pk>/propose/", proposals.proposal_create, name="proposal_create"),
    path("calls/<int:call_pk>/order-list/", tasks.order_list, name="order_decision"),
    path("calls/<int:call_pk>/order-list.pdf", tasks.order_list_file, name="order_decision_file"),
    path("dashboard/", dashboard.task_dashboard, name="task_dashboard"),
    path("dashboard/export.xlsx", dashboard.task_dashboard_export, name="task_dashboard_export"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/export.xlsx", tasks.task_export, name="task_export"),
    path("tasks/import/", imports.task_import, name="task_import"),
    path("tasks/import/review/", imports.task_import_review, name="task_import_review"),
    path("tasks/import/template.xlsx", imports.task_import_template, name="task_import_template"),
    path("tasks/<int:pk>/", lifecycle.task_detail, name="task_detail"),
    path("tasks/<int:pk>/step/<str:name>/", lifecycle.task_step, name="task_step"),
    path("tasks/<int:pk>/payments/new/", lifecycle.payment_add, name="payment_add"),
    path("tasks/<int:pk>/documents/new/", lifecycle.document_add, name="document_add"),
    path("tasks/<int:pk>/documents/<int:doc_pk>/", lifecycle.document_file, name="document_file"),
    path("tasks/<int:pk>/draft/<slug:kind>.docx", drafts.task_draft, name="task_draft"),
    path("tasks/<int:pk>/acceptance-council/", lifecycle.task_to_acceptance, name="task_to_acceptance"),
    path("tasks/<int:pk>/adjustments/new/", lifecycle.adjustment_request, name="adjustment_request"),
    path("tasks/<int:pk>/registration/", lifecycle.registration_form, name="registration_form"),
    path(
        "tasks/<int:pk>/application-reports/new/",
        lifecycle.application_report_add,
        name="application_report_add",
    ),
    path("tasks/<int:pk>/apply/", applications.application_create, name="application_create"),
    path("adjustments/<int:pk>/decide/", lifecycle.adjustment_decide, name="adjustment_decide"),
    path("reports/<int:pk>/", lifecycle.report_detail, name="report_detail"),
    path("reports/<int:pk>/step/<str:name>/", lifecycle.report_step, name="report_step"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/export.xlsx", applications.application_export, name="application_export"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/files/", applications.application_file_add, name="application_file_add"),
    path(
        "applications/<int:pk>/files/<int:file_pk>/", applications.application_file, name="application_file"
    ),
    path("applications/<int:pk>/step/<str:name>/", applications.application_step, name="application_step"),
    path("public/", lifecycle.public_list, name="public_list"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/export.xlsx", proposals.proposal_export, name="proposal_export"),
    path("proposals/to-council/", proposals.proposal_send, name="proposal_send"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/step/<str:name>/", proposals.proposal_step, name="proposal_step"),
]
