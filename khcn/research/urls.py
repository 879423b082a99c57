from django.urls import path

from khcn.research.views import proposals, tasks

app_name = "research"
urlpatterns = [
    path("calls/", proposals.call_list, name="call_list"),
    path("calls/new/", proposals.call_edit, name="call_create"),
    path("calls/<int:pk>/edit/", proposals.call_edit, name="call_edit"),
    path("calls/<int:call_pk>/propose/", proposals.proposal_create, name="proposal_create"),
    path("calls/<int:call_pk>/order-list/", tasks.order_list, name="order_decision"),
    path("calls/<int:call_pk>/order-list.pdf", tasks.order_list_file, name="order_decision_file"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/export.xlsx", tasks.task_export, name="task_export"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/export.xlsx", proposals.proposal_export, name="proposal_export"),
    path("proposals/to-council/", proposals.proposal_send, name="proposal_send"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/step/<str:name>/", proposals.proposal_step, name="proposal_step"),
]
