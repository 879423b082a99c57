from django.urls import path

from khcn.research import views

app_name = "research"
urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_edit, name="call_create"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:call_pk>/propose/", views.proposal_create, name="proposal_create"),
    path("calls/<int:call_pk>/order-list/", views.order_list, name="order_decision"),
    path("calls/<int:call_pk>/order-list.pdf", views.order_list_file, name="order_decision_file"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/export.xlsx", views.task_export, name="task_export"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/export.xlsx", views.proposal_export, name="proposal_export"),
    path("proposals/to-council/", views.proposal_send, name="proposal_send"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/step/<str:name>/", views.proposal_step, name="proposal_step"),
]
